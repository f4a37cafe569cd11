#!/bin/sh
# Times `points import ledger` on a 100,000-row paper tally (issue 13): a
# tally is generated deterministically for the demo book (its 360 people,
# its items, dates in 2026 before "today"), imported into a fresh copy of the
# book, then imported again (every row is then already in the book and
# skipped). Prints the seconds each run took. Not a test: run it by hand.
#
#   benches/import.sh            # 100,000 rows
#   benches/import.sh 20000      # another size
set -eu
rows=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/points"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/ledgers/demo" "$work/book"
# People who lived here all year, and items every role may earn (patrol and
# volunteer by the hour, the others by the time).
awk -F, 'NR > 1 && $6 == "" && $7 == "" { print $1 }' "$work/book/people.csv" > "$work/ids"
awk -v rows="$rows" 'NR == FNR { ids[n++] = $1; next } END {
  print "编号,项目,数量,日期,备注";
  split("patrol volunteer study cleanup promotion performance mediation", items, " ");
  srand(13);
  for (i = 0; i < rows; i++) {
    p = ids[int(rand() * n)];
    it = items[1 + int(rand() * 7)];
    q = (it == "patrol" || it == "volunteer") ? 1 + int(rand() * 4) : 1;
    m = 1 + int(rand() * 10); d = 1 + int(rand() * 28);
    printf "%s,%s,%d,2026-%02d-%02d,纸质台账第%d行\n", p, it, q, m, d, i + 2;
  }
}' "$work/ids" /dev/null > "$work/tally.csv"
export POINTS_TODAY=2026-11-27 POINTS_LANG=en
for run in first again; do
  start=$(date +%s.%N)
  "$bin" --book "$work/book" --format json import ledger "$work/tally.csv" --kind earn --yes --by bench > "$work/out.json"
  end=$(date +%s.%N)
  added=$(grep -c '"status":"added"' "$work/out.json" || true)
  skipped=$(grep -c '"status":"skipped"' "$work/out.json" || true)
  echo "import ledger, $rows rows ($run): $(echo "$end - $start" | bc) s; added $added, skipped $skipped"
done
"$bin" --book "$work/book" check | tail -1
