#!/usr/bin/env python3
"""The project's benchmark: speed and memory of every command at 10k, 100k and 1M rows.

    benches/run.sh                 # 10k, 100k, 1M rows, 5 runs each
    benches/run.sh --sizes 1000000 --runs 9
    benches/run.sh --tiny          # 2,000 rows, 1 run: CI keeps it compiling

Builds the release binary and the examples `gen-book` (a deterministic book
with reference balances) and `lowerbound` (the least work a balance can do:
csv crate, one reused record, sum per person). For each size it generates the
book once under $POINTS_BENCH_DIR (default /tmp/points-bench), checks that
`points balance` equals the reference, then runs each command alternating with
the lower bound and prints the median wall time, the median ratio to the lower
bound measured in the same round, peak RSS, and rows per second.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")


GNU_TIME = "/usr/bin/time"
RSS_FILE = "/tmp/points-bench-rss.txt"


def run(cmd):
    """Wall seconds, peak RSS (MB) and exit code of one run; output discarded.

    Peak RSS is read by GNU time where it exists: a child forked from Python
    would report Python's own memory as its peak."""
    timed = os.path.exists(GNU_TIME)
    full = [GNU_TIME, "-f", "%M %x", "-o", RSS_FILE] + cmd if timed else cmd
    t = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if timed:
        kb, code = open(RSS_FILE).read().split()[-2:]
        return wall, int(kb) / 1024, int(code)
    return wall, float("nan"), p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tiny", action="store_true")
    a = ap.parse_args()
    if a.tiny:
        a.sizes, a.runs = "2000", 1
    sizes = [int(s) for s in a.sizes.split(",")]
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "points", "--example", "gen-book", "--example", "lowerbound"],
                   cwd=ROOT, check=True)
    points = os.path.join(REL, "points")
    base = os.environ.get("POINTS_BENCH_DIR", "/tmp/points-bench")
    env_today = dict(os.environ, POINTS_TODAY="2026-11-27", USER="bench")
    os.environ.update(env_today)
    print(f"points benchmark: {a.runs} runs per command, medians; ratio = time / lower bound in the same round")
    if not os.path.exists(GNU_TIME):
        print("(no /usr/bin/time: peak RSS not measured; apt-get install time)")
    print(f"{'rows':>9} {'command':30} {'median s':>9} {'x lower':>8} {'peak MB':>8} {'rows/s':>12}")
    failures = 0
    for n in sizes:
        book = os.path.join(base, str(n))
        if not os.path.exists(os.path.join(book, "reference.json")):
            shutil.rmtree(book, ignore_errors=True)
            subprocess.run([os.path.join(REL, "examples", "gen-book"), "--rows", str(n), "--out", book], check=True,
                           stderr=subprocess.DEVNULL)
        # Correct at scale: balances equal the generator's reference.
        out = subprocess.run([points, "--book", book, "--format", "json", "balance"], capture_output=True, text=True)
        got = {r["person"]: str(r["balance"]) for r in json.loads(out.stdout)} if out.returncode == 0 else {}
        ref = json.load(open(os.path.join(book, "reference.json")))
        ok = got == {k: str(v) for k, v in ref.items()}
        print(f"{n:>9} {'balances = reference':30} {'yes' if ok else 'NO':>9}")
        failures += not ok
        # A copy for `add`, which appends a row per run.
        add_book = os.path.join(base, f"{n}-add")
        if not os.path.exists(add_book):
            shutil.copytree(book, add_book)
        ledgers = sorted(os.path.join(book, "ledger", f) for f in os.listdir(os.path.join(book, "ledger")))
        lb = [os.path.join(REL, "examples", "lowerbound")] + ledgers
        cmds = {
            "balance": [points, "--book", book, "balance"],
            "report 2026": [points, "--book", book, "report", "2026"],
            "check": [points, "--book", book, "check"],
            "evaluate star 2026": [points, "--book", book, "evaluate", "star", "2026"],
            "exchange 2026H1 (plan)": [points, "--book", book, "exchange", "2026H1", "--requests",
                                       os.path.join(book, "requests.csv")],
            "add i01 (1 row)": [points, "--book", add_book, "add", "i01", "--people", "P0001", "--date", "2026-11-01",
                                "--by", "bench"],
        }
        lbs = []
        for name, cmd in cmds.items():
            walls, ratios, rss, codes = [], [], 0.0, set()
            for _ in range(a.runs):
                w0, _, _ = run(lb)
                w1, r, code = run(cmd)
                lbs.append(w0)
                walls.append(w1)
                ratios.append(w1 / w0)
                rss = max(rss, r)
                codes.add(code)
            med = statistics.median(walls)
            flag = "" if codes <= {0, 1} else f"  exit {sorted(codes)}"
            print(f"{n:>9} {name:30} {med:9.3f} {statistics.median(ratios):8.2f} {rss:8.1f} {n / med:12,.0f}{flag}")
        print(f"{n:>9} {'lower bound':30} {statistics.median(lbs):9.3f} {1:8.2f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
