#!/usr/bin/env bash
# Run the project's benchmark (see benches/bench.py for what it measures).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 benches/bench.py "$@"
