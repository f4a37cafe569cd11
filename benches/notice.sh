#!/bin/sh
# Times `points notice` on a district (issue 15): a book of 100,000 people
# in 25,000 households (the demo's rules, names drawn from a fixed list of
# surnames and given names), with three rows a person in 2026 (卫生整治 2,
# 政策宣传 2, and every 20th person 乱丢垃圾 −5), is generated
# deterministically; then `points notice report 2026` (100,000 rows) and
# `points notice evaluate 文明户 2026` (25,000 households) are written to
# files. Prints the seconds, the peak memory (GNU time) and the page's size
# for each, and the same for the demo book. Not a test: run it by hand.
#
#   benches/notice.sh            # 100,000 people
#   benches/notice.sh 20000      # another size
set -eu
people=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/points"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/book/ledger"
cp "$root/ledgers/demo/points.toml" "$work/book/"
awk -v n="$people" 'BEGIN {
  split("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 欧阳 司马", sur, " ");
  split("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 桂英 志强", giv, " ");
  print "id,name,household,building,role,joined,left" > "people.csv";
  print "id,date,person,kind,item,qty,points,by,ref,note" > "ledger.csv";
  srand(15);
  r = 0;
  for (i = 1; i <= n; i++) {
    id = sprintf("P%06d", i);
    h = int((i - 1) / 4);
    b = sprintf("B%d", int(h / 100) + 1);
    hh = sprintf("%s-%03d", b, h % 100 + 1);
    name = sur[1 + int(rand() * 22)] giv[1 + int(rand() * 20)];
    role = (i % 7 == 0) ? "party" : "resident";
    printf "%s,%s,%s,%s,%s,,\n", id, name, hh, b, role > "people.csv";
    m = 1 + int(rand() * 10); d = 1 + int(rand() * 28);
    printf "n%07d,2026-%02d-%02d,%s,earn,cleanup,1,2,bench,,\n", ++r, m, d, id > "ledger.csv";
    printf "n%07d,2026-%02d-%02d,%s,earn,promotion,1,2,bench,,\n", ++r, m, d, id > "ledger.csv";
    if (i % 20 == 0)
      printf "n%07d,2026-%02d-%02d,%s,earn,littering,1,-5,bench,,\n", ++r, m, d, id > "ledger.csv";
  }
}'
mv people.csv "$work/book/people.csv"
mv ledger.csv "$work/book/ledger/2026.csv"
export POINTS_TODAY=2026-11-27 POINTS_LANG=zh
run() {
  label=$1; book=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --book "$book" "$@" --output "$work/notice.html"
  set -- $(cat "$work/time")
  size=$(wc -c < "$work/notice.html")
  echo "$label: $1 s, peak $(($2 / 1024)) MiB, page $((size / 1024)) KiB"
}
run "demo (360 people), notice report 2026" "$root/ledgers/demo" notice report 2026
run "demo (89 households), notice evaluate 文明户 2026" "$root/ledgers/demo" notice evaluate 文明户 2026
run "$people people, notice report 2026" "$work/book" notice report 2026
run "$people people, notice evaluate 文明户 2026" "$work/book" notice evaluate 文明户 2026
run "$people people, report 2026 (the same table as text)" "$work/book" report 2026
