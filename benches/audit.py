#!/usr/bin/env python3
"""Benchmark of `points audit` (#14): a history of 10,000 commits adding 1M
rows, plus merges of two clones, then audited.

    benches/audit.py                      # 10,000 commits x 100 rows
    benches/audit.py --commits 1000       # smaller
    benches/audit.py --keep               # keep the repository afterwards
    benches/audit.py --gc                 # `git gc` the history first
    benches/audit.py --weekly             # one ledger file per week instead
    benches/audit.py --fast-import        # build it with `git fast-import`
    benches/audit.py --index-pack         # index the pack with git (slow)
    benches/audit.py --check --commits 200
        # build the same small history both ways and compare them

Every commit adds 100 rows to the ledger file of its year, as `points add`
does: 10,000 commits over two years go into `ledger/2025.csv` and
`ledger/2026.csv`, so each commit appends to a file of up to 26 MB
(`--weekly`: the shape measured first, one file per week over ten years,
about 19 commits each). Every 50th commit is made on a second clone (branch
`side`) from main's head; main appends its own commit to the same file, and
the two are merged as `merge=union` merges them (main's rows, then the
side's), so the audit takes its interleaving path for every merge. Prints
the time and the peak memory (GNU time) of `points audit` on the whole
history, and with --since on the last 100 commits. The repository is built
under $POINTS_BENCH_DIR (default /tmp/points-bench-audit) and removed at the
end unless --keep is given. $POINTS_BIN names the binary to measure (then
nothing is built); the default is this tree's target/release/points, built
first.

How the history is written. `git fast-import` (--fast-import) takes every
version of a file whole: for the year files at full size that is about
130 GB of input, which does not finish in reasonable time. By default the
script writes the pack itself (stdlib only): each new version of a ledger
file is an OFS_DELTA against the previous version of the same file (copies
of the whole base, in git's 64 KiB copy ops, then the new rows: each row's
start inserted, its end copied from the base's first row, as git's deltas
copy what rows share; --inserts-only inserts them whole, a shape the audit
handles 4-5 times slower), with a full blob after 50 deltas in a chain, as
fast-import's default --depth does, so that git and the audit never rebuild
a version from more than 50 deltas; trees and commits are whole objects.
Each blob's SHA-1 is still hashed over its whole content (the trees need
it), then `git index-pack` makes the index. The objects are the same as
fast-import's (the same commit ids: --check compares them, and the audit's
output); only the pack's deltas differ (fast-import deltas a blob against
the blob it stored last, whatever its path).
"""
import argparse, hashlib, os, shutil, subprocess, sys, time, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("POINTS_BIN") or os.path.join(ROOT, "target", "release", "points")

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
DEPTH = 50  # fast-import's default --depth
ROW_END = b",earn,volunteer,1,2,bench,,\n"  # how every row ends


def history(w, commits, rows, weekly):
    """Makes the history through the writer `w`: w.blob(content, base, tail)
    gives a blob (base: the blob `content` appends `tail` to, or None);
    w.commit(ref, when, parent, merge, [(path, blob)]) gives a commit. The
    content passed may be changed after the call returns."""
    people = b"id,name,household,building,role,joined,left\n" + b"".join(
        b"P%03d,p%03d,H%03d,B1,resident,,\n" % (i, i, i // 3) for i in range(400))
    head = w.commit(b"refs/heads/main", START, None, None, [
        (b"points.toml", w.blob(RULES, None, None)), (b"people.csv", w.blob(people, None, None)),
        (b".gitattributes", w.blob(b"ledger/*.csv merge=union\n", None, None))])
    # path -> (content as a bytearray appended to in place, its blob)
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

    def append(path, tail):
        if path not in ledgers:
            content = bytearray(HEADER)
            ledgers[path] = (content, None)
        content, base = ledgers[path]
        if base is None:
            content += tail
            blob = w.blob(content, None, None)
        else:
            content += tail
            blob = w.blob(content, base, tail)
        ledgers[path] = (content, blob)
        return blob

    side = None
    for i in range(commits):
        if weekly:
            when = START + DAY + i * 3640 * DAY // commits
            path = b"ledger/w%04d.csv" % ((when - START) // (7 * DAY))
        else:
            when = START + DAY + i * 728 * DAY // commits
            path = b"ledger/%s.csv" % time.strftime("%Y", time.gmtime(when - DAY)).encode()
        if i % 50 == 1:
            # The second clone: branches from main's head, appends its rows.
            side_rows = batch(when)
            old, old_blob = ledgers.get(path, (bytearray(HEADER), None))
            content = old + side_rows
            blob = w.blob(content, old_blob, side_rows if old_blob else None)
            side = (w.commit(b"refs/heads/side", when, head, None, [(path, blob)]), path, side_rows)
            continue
        head = w.commit(b"refs/heads/main", when, head, None, [(path, append(path, batch(when)))])
        if side:
            c_side, spath, side_rows = side
            head = w.commit(b"refs/heads/main", when + 60, head, c_side,
                            [(spath, append(spath, side_rows))])
            side = None
    return n


class FastImport:
    """Feeds `git fast-import` (every version of a file whole)."""

    def __init__(self, repo):
        self.p = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
        self.out = self.p.stdin
        self.mark = 0

    def data(self, b):
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def blob(self, content, base, tail):
        self.mark += 1
        self.out.write(b"blob\nmark :%d\n" % self.mark)
        self.data(content)
        return self.mark

    def commit(self, ref, when, parent, merge, files):
        self.mark += 1
        m = self.mark
        out = self.out
        out.write(b"commit %s\nmark :%d\n" % (ref, m))
        out.write(b"author Bench <b@example.org> %d +0000\n" % when)
        out.write(b"committer Bench <b@example.org> %d +0000\n" % when)
        self.data(b"bench")
        if parent:
            out.write(b"from :%d\n" % parent)
        if merge:
            out.write(b"merge :%d\n" % merge)
        for path, blob in files:
            out.write(b"M 100644 :%d %s\n" % (blob, path))
        out.write(b"\n")
        return m

    def finish(self, repo):
        self.out.close()
        if self.p.wait() != 0:
            sys.exit("git fast-import failed")


def varint(n):
    """A size in a delta: 7 bits a byte, least significant first."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def copy_op(off, size):
    """A delta's copy of base[off:off + size] (size <= 0x10000)."""
    cmd, args = 0x80, bytearray()
    for i in range(4):
        b = (off >> (8 * i)) & 0xFF
        if b:
            cmd |= 1 << i
            args.append(b)
    if size != 0x10000:  # 0x10000 is written as no size bytes
        for i in range(3):
            b = (size >> (8 * i)) & 0xFF
            if b:
                cmd |= 0x10 << i
                args.append(b)
    return bytes([cmd]) + bytes(args)


# The copies of a whole base, by base size, cached: every 64 KiB chunk's op
# only depends on its offset.
_COPIES = []


def copies(size):
    full = size // 0x10000
    while len(_COPIES) < full:
        _COPIES.append(copy_op(len(_COPIES) * 0x10000, 0x10000))
    ops = b"".join(_COPIES[:full])
    rest = size - full * 0x10000
    if rest:
        ops += copy_op(full * 0x10000, rest)
    return ops


def inserts(data):
    out = bytearray()
    for i in range(0, len(data), 127):
        chunk = data[i:i + 127]
        out.append(len(chunk))
        out += chunk
    return bytes(out)


def ofs(n):
    """An OFS_DELTA's distance back to its base."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        n -= 1
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


OBJ_COMMIT, OBJ_TREE, OBJ_BLOB, OBJ_OFS_DELTA = 1, 2, 3, 6
TYPE_NAMES = {OBJ_COMMIT: b"commit", OBJ_TREE: b"tree", OBJ_BLOB: b"blob"}


class Packed:
    """Writes the objects as one pack: ledger versions as deltas against
    the version before (see the module doc), then `git index-pack`."""

    def __init__(self, repo, index_pack=False, inserts_only=False):
        self.index_pack = index_pack
        self.inserts_only = inserts_only
        self.dir = os.path.join(repo, ".git", "objects", "pack")
        self.tmp = os.path.join(self.dir, "tmp-bench.pack")
        self.f = open(self.tmp, "wb")
        self.f.write(b"PACK" + (2).to_bytes(4, "big") + (0).to_bytes(4, "big"))
        self.off = 12
        self.count = 0
        self.seen = set()
        self.blobs = {}  # blob id -> (id, offset, depth, size)
        self.index = []  # (id, offset, CRC-32 of the packed object)
        self.trees = {}  # commit id -> {path: blob id}, for the last few commits
        self.order = []
        self.refs = {}

    def header(self, typ, size):
        b = (typ << 4) | (size & 0x0F)
        size >>= 4
        out = bytearray()
        while size:
            out.append(b | 0x80)
            b = size & 0x7F
            size >>= 7
        out.append(b)
        return bytes(out)

    def emit(self, oid, h, z):
        """Appends one object (its header, its deflated data) to the pack."""
        off = self.off
        self.f.write(h)
        self.f.write(z)
        self.off += len(h) + len(z)
        self.count += 1
        self.index.append((oid, off, zlib.crc32(z, zlib.crc32(h))))
        return off

    def write(self, oid, typ, payload, size):
        return self.emit(oid, self.header(typ, size), zlib.compress(payload, 1))

    def whole(self, typ, payload):
        oid = hashlib.sha1(TYPE_NAMES[typ] + b" %d\0" % len(payload) + payload).digest()
        if oid not in self.seen:
            self.seen.add(oid)
            self.write(oid, typ, payload, len(payload))
        return oid

    def blob(self, content, base, tail):
        """A blob: (id, offset in the pack, delta depth, size)."""
        h = hashlib.sha1(b"blob %d\0" % len(content))
        h.update(content)
        oid = h.digest()
        if oid in self.blobs:  # a file the side made, merged unchanged
            return self.blobs[oid]
        self.seen.add(oid)
        self.blobs[oid] = handle = self.blob_obj(oid, content, base, tail)
        return handle

    def blob_obj(self, oid, content, base, tail):
        if base is None or base[2] >= DEPTH:
            return (oid, self.write(oid, OBJ_BLOB, content, len(content)), 0, len(content))
        _, boff, bdepth, bsize = base
        assert len(content) == bsize + len(tail)
        delta = varint(bsize) + varint(len(content)) + copies(bsize)
        at = -1 if self.inserts_only else content.find(ROW_END, 0, bsize)
        if at < 0:
            delta += inserts(tail)
        else:
            # As git's deltas do: what the new rows share with the base's
            # rows is copied from it (here each row's end, from the first
            # row's), the rest inserted.
            copy_end = copy_op(at, len(ROW_END))
            parts = []
            for row in tail.split(b"\n")[:-1]:
                row += b"\n"
                if row.endswith(ROW_END):
                    parts.append(inserts(row[:-len(ROW_END)]) + copy_end)
                else:
                    parts.append(inserts(row))
            delta += b"".join(parts)
        h = self.header(OBJ_OFS_DELTA, len(delta)) + ofs(self.off - boff)
        off = self.emit(oid, h, zlib.compress(delta, 1))
        return (oid, off, bdepth + 1, len(content))

    def tree(self, entries):
        """entries: {name: (mode, id)}, in git's order (a tree sorts as name/)."""
        key = lambda name: name + b"/" if entries[name][0] == b"40000" else name
        payload = b"".join(b"%s %s\0%s" % (entries[name][0], name, entries[name][1])
                           for name in sorted(entries, key=key))
        return self.whole(OBJ_TREE, payload)

    def commit(self, ref, when, parent, merge, files):
        paths = dict(self.trees[parent]) if parent else {}
        for path, blob in files:
            paths[path] = blob[0] if isinstance(blob, tuple) else blob
        dirs = {}
        for path, oid in paths.items():
            d, _, name = path.rpartition(b"/")
            dirs.setdefault(d, {})[name] = (b"100644", oid)
        root = dirs.pop(b"", {})
        for d, entries in dirs.items():  # one level of directories
            assert b"/" not in d
            root[d] = (b"40000", self.tree(entries))
        tree = self.tree(root)
        body = b"tree %s\n" % tree.hex().encode()
        for p in (parent, merge):
            if p:
                body += b"parent %s\n" % p.hex().encode()
        body += b"author Bench <b@example.org> %d +0000\n" % when
        body += b"committer Bench <b@example.org> %d +0000\n\nbench" % when
        oid = self.whole(OBJ_COMMIT, body)
        self.trees[oid] = paths
        self.order.append(oid)
        if len(self.order) > 200:
            self.trees.pop(self.order.pop(0), None)
        self.refs[ref] = oid
        return oid

    def write_idx(self, path, pack_sum):
        """The pack's index (version 2), from the ids and offsets written."""
        entries = sorted(self.index)
        fanout = [0] * 256
        for oid, _, _ in entries:
            fanout[oid[0]] += 1
        out = bytearray(b"\377tOc" + (2).to_bytes(4, "big"))
        total = 0
        for c in fanout:
            total += c
            out += total.to_bytes(4, "big")
        for oid, _, _ in entries:
            out += oid
        for _, _, crc in entries:
            out += crc.to_bytes(4, "big")
        large = []
        for _, off, _ in entries:
            if off < 0x80000000:
                out += off.to_bytes(4, "big")
            else:
                out += (0x80000000 | len(large)).to_bytes(4, "big")
                large.append(off)
        for off in large:
            out += off.to_bytes(8, "big")
        out += pack_sum
        out += hashlib.sha1(out).digest()
        with open(path, "wb") as f:
            f.write(out)

    def finish(self, repo):
        self.f.close()
        with open(self.tmp, "r+b") as f:
            f.seek(8)
            f.write(self.count.to_bytes(4, "big"))
            f.seek(0)
            h = hashlib.sha1()
            while True:
                chunk = f.read(1 << 24)
                if not chunk:
                    break
                h.update(chunk)
            f.write(h.digest())
        pack = os.path.join(self.dir, "pack-%s.pack" % h.hexdigest())
        os.rename(self.tmp, pack)
        t = time.time()
        if self.index_pack:
            # git checks every object, rebuilding each version of the ledger
            # files whole (its collision-detecting SHA-1 is slow at that).
            subprocess.run(["git", "index-pack", pack], cwd=repo, check=True,
                           stdout=subprocess.DEVNULL)
        else:
            self.write_idx(pack[:-5] + ".idx", h.digest())
        self.index_s = time.time() - t
        for ref, oid in self.refs.items():
            subprocess.run(["git", "update-ref", ref.decode(), oid.hex()], cwd=repo, check=True)


def build(repo, commits, rows, weekly, gc, packed=True, index_pack=False, inserts_only=False):
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    w = Packed(repo, index_pack, inserts_only) if packed else FastImport(repo)
    n = history(w, commits, rows, weekly)
    w.finish(repo)
    if packed:
        how = "git index-pack" if index_pack else "index written"
        print(f"  pack written, {how} in {w.index_s:.1f} s, "
              f"pack {w.off / 1e6:.0f} MB, {w.count} objects", flush=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    if gc:
        t = time.time()
        subprocess.run(["git", "gc", "-q"], cwd=repo, check=True)
        print(f"  git gc {time.time() - t:.1f} s", flush=True)
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
    return wall, peak, p.returncode, last[0], p.stdout


def check(base, a):
    """Builds the history with fast-import and with the pack writer and
    compares the branches' commit ids, fsck and the audit's output."""
    out = {}
    for name, packed in [("fast-import", False), ("packed", True)]:
        repo = os.path.join(base, name)
        build(repo, a.commits, a.rows, a.weekly, False, packed, False, a.inserts_only)
        heads = subprocess.run(["git", "rev-parse", "main", "side"], cwd=repo, check=True,
                               stdout=subprocess.PIPE).stdout.decode().split()
        subprocess.run(["git", "fsck", "--no-progress", "--strict"], cwd=repo, check=True)
        if packed:
            # The index written here is the one git makes.
            pack = [f for f in os.listdir(os.path.join(repo, ".git", "objects", "pack"))
                    if f.endswith(".pack")]
            assert len(pack) == 1, pack
            pack = os.path.join(repo, ".git", "objects", "pack", pack[0])
            theirs = os.path.join(base, "git.idx")
            subprocess.run(["git", "index-pack", "-o", theirs, pack], cwd=repo, check=True,
                           stdout=subprocess.DEVNULL)
            if open(theirs, "rb").read() != open(pack[:-5] + ".idx", "rb").read():
                sys.exit("the index differs from git index-pack's")
        wall, peak, code, last, stdout = measure(repo, [])
        print(f"{name}: main {heads[0][:12]} side {heads[1][:12]}, audit exit {code}: {last}")
        # The provenance line's argv names the repository.
        out[name] = (heads, code, stdout.replace(repo.encode(), b"REPO"))
    same = out["fast-import"] == out["packed"]
    print("same commits and audit output" if same else "DIFFERENT")
    if not same or out["packed"][1] != 0:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--rows", type=int, default=100, help="rows per commit")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--gc", action="store_true", help="git gc the history before auditing")
    ap.add_argument("--weekly", action="store_true", help="one ledger file per week")
    ap.add_argument("--fast-import", action="store_true",
                    help="build the history with git fast-import (every version whole)")
    ap.add_argument("--index-pack", action="store_true",
                    help="index the pack with git index-pack (slow: it rebuilds every version)")
    ap.add_argument("--inserts-only", action="store_true",
                    help="the new rows only inserted in the deltas, nothing copied from the base")
    ap.add_argument("--check", action="store_true",
                    help="build it both ways and compare (use a small --commits)")
    a = ap.parse_args()
    if not os.environ.get("POINTS_BENCH_NO_BUILD") and not os.environ.get("POINTS_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    base = os.environ.get("POINTS_BENCH_DIR", "/tmp/points-bench-audit")
    repo = os.path.join(base, "repo")
    shutil.rmtree(base, ignore_errors=True)
    try:
        if a.check:
            return check(base, a)
        t = time.time()
        rows = build(repo, a.commits, a.rows, a.weekly, a.gc, not a.fast_import, a.index_pack, a.inserts_only)
        how = "git fast-import" if a.fast_import else "pack writer"
        print(f"built {a.commits} commits, {rows} rows, {a.commits // 50} merges "
              f"({how}) in {time.time() - t:.1f} s", flush=True)
        for label, args in [("audit", []), ("audit --since HEAD~100", ["--since", "HEAD~100"])]:
            if args:
                since = subprocess.run(["git", "rev-parse", "HEAD~100"], cwd=repo, check=True,
                                       stdout=subprocess.PIPE).stdout.decode().strip()
                args = ["--since", since]
            wall, peak, code, last, _ = measure(repo, args)
            print(f"{label}: {wall:.2f} s, peak {peak:.1f} MB, exit {code}: {last}", flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
