#!/usr/bin/env python3
"""Benchmark of `points audit` (#14): a history of 10,000 commits adding 1M
rows, plus merges of two clones, built with `git fast-import`, then audited.

    benches/audit.py                      # 10,000 commits x 100 rows
    benches/audit.py --commits 1000       # smaller
    benches/audit.py --keep               # keep the repository afterwards
    benches/audit.py --gc                 # `git gc` the history first
    benches/audit.py --weekly             # one ledger file per week instead

Every commit adds 100 rows to the ledger file of its year, as `points add`
does: 10,000 commits over two years go into `ledger/2025.csv` and
`ledger/2026.csv`, so each commit appends to a file of up to 25 MB
(`--weekly`: the shape measured first, one file per week over ten years,
about 19 commits each). Every 50th commit is made on a second clone (branch `side`) from main's head; main
appends its own commit to the same file, and the two are merged as
`merge=union` merges them (main's rows, then the side's), so the audit takes
its interleaving path for every merge. Prints the time and the peak memory
(GNU time) of `points audit` on the whole history, and with --since on the
last 100 commits. The repository is built under $POINTS_BENCH_DIR (default
/tmp/points-bench-audit) and removed at the end unless --keep is given.
"""
import argparse, os, shutil, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "points")

RULES = b"""[scheme]
name = "bench"

[[category]]
id = "welfare"
name = "welfare"

[[item]]
id = "volunteer"
name = "volunteer"
category = "welfare"
points = 2
"""
HEADER = b"id,date,person,kind,item,qty,points,by,ref,note\n"
DAY = 86400
START = 1735689600  # 2025-01-01 00:00 UTC


def build(repo, commits, rows, weekly, gc):
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    out = fi.stdin
    mark = [0]

    def data(b):
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def commit(ref, when, parent, merge, files):
        mark[0] += 1
        m = mark[0]
        out.write(b"commit %s\nmark :%d\n" % (ref, m))
        out.write(b"author Bench <b@example.org> %d +0000\n" % when)
        out.write(b"committer Bench <b@example.org> %d +0000\n" % when)
        data(b"bench")
        if parent:
            out.write(b"from :%d\n" % parent)
        if merge:
            out.write(b"merge :%d\n" % merge)
        for path, content in files:
            out.write(b"M 100644 inline %s\n" % path)
            data(content)
        out.write(b"\n")
        return m

    people = b"id,name,household,building,role,joined,left\n" + b"".join(
        b"P%03d,p%03d,H%03d,B1,resident,,\n" % (i, i, i // 3) for i in range(400))
    head = commit(b"refs/heads/main", START, None, None, [
        (b"points.toml", RULES), (b"people.csv", people),
        (b".gitattributes", b"ledger/*.csv merge=union\n")])
    ledgers = {}
    n = 0

    def batch(when):
        nonlocal n
        day = time.strftime("%Y-%m-%d", time.gmtime(when - DAY)).encode()
        out_rows = []
        for _ in range(rows):
            n += 1
            out_rows.append(b"b%07d,%s,P%03d,earn,volunteer,1,2,bench,,\n" % (n, day, n % 400))
        return b"".join(out_rows)

    side = None
    for i in range(commits):
        if weekly:
            when = START + DAY + i * 3640 * DAY // commits
            path = b"ledger/w%04d.csv" % ((when - START) // (7 * DAY))
        else:
            when = START + DAY + i * 728 * DAY // commits
            path = b"ledger/%s.csv" % time.strftime("%Y", time.gmtime(when - DAY)).encode()
        old = ledgers.get(path, HEADER)
        if i % 50 == 1:
            # The second clone: branches from main's head, appends its rows.
            side_rows = batch(when)
            side = (commit(b"refs/heads/side", when, head, None, [(path, old + side_rows)]),
                    path, side_rows)
            continue
        ledgers[path] = old + batch(when)
        head = commit(b"refs/heads/main", when, head, None, [(path, ledgers[path])])
        if side:
            mark_side, spath, side_rows = side
            ledgers[spath] = ledgers.get(spath, HEADER) + side_rows
            head = commit(b"refs/heads/main", when + 60, head, mark_side,
                          [(spath, ledgers[spath])])
            side = None
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    if gc:
        subprocess.run(["git", "gc", "-q"], cwd=repo, check=True)
    return n


def measure(repo, args):
    rss = os.path.join(os.path.dirname(repo), "audit-rss.txt")
    t = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, BIN, "--book", repo, "audit"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, POINTS_LANG="en"))
    wall = time.time() - t
    peak = int(open(rss).read().split()[-1]) / 1024
    # The summary: the last line before the provenance lines.
    last = [l for l in p.stdout.decode().splitlines() if "touching the book" in l][-1:] \
        or [p.stderr.decode()]
    return wall, peak, p.returncode, last[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--rows", type=int, default=100, help="rows per commit")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--gc", action="store_true", help="git gc the history before auditing")
    ap.add_argument("--weekly", action="store_true", help="one ledger file per week")
    a = ap.parse_args()
    if not os.environ.get("POINTS_BENCH_NO_BUILD"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    base = os.environ.get("POINTS_BENCH_DIR", "/tmp/points-bench-audit")
    repo = os.path.join(base, "repo")
    shutil.rmtree(base, ignore_errors=True)
    try:
        t = time.time()
        rows = build(repo, a.commits, a.rows, a.weekly, a.gc)
        print(f"built {a.commits} commits, {rows} rows, {a.commits // 50} merges in {time.time() - t:.1f} s")
        for label, args in [("audit", []), ("audit --since HEAD~100", ["--since", "HEAD~100"])]:
            if args:
                since = subprocess.run(["git", "rev-parse", "HEAD~100"], cwd=repo, check=True,
                                       stdout=subprocess.PIPE).stdout.decode().strip()
                args = ["--since", since]
            wall, peak, code, last = measure(repo, args)
            print(f"{label}: {wall:.2f} s, peak {peak:.1f} MB, exit {code}: {last}")
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
