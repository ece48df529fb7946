# t0300 - one index split over shards answers like one database: a stub
# listing two local shard directories, and a stub listing the same two
# shards served by xapian-tcpsrv on loopback, give the same ids, order and
# scores (1e-9 relative) as a single index of the same articles, for 50
# queries; a shard server that stops is named in the error, exit 3.
. tests/e2e/lib.sh
if ! command -v xapian-tcpsrv > /dev/null; then
    echo "# skip: xapian-tcpsrv (xapian-tools) is not installed"; finish; exit 0
fi
SAMPLE="$TOP/corpus/sample"
mkdir -p "$SCRATCH/half0" "$SCRATCH/half1"
# Two halves of the sample, by file order; the seed (with its related
# coverage) in the first.
ls "$SAMPLE" | awk 'NR % 2 == 0' | while read -r f; do ln -s "$SAMPLE/$f" "$SCRATCH/half0/$f"; done
ls "$SAMPLE" | awk 'NR % 2 == 1' | while read -r f; do ln -s "$SAMPLE/$f" "$SCRATCH/half1/$f"; done
ln -s "$TOP/corpus/seed/000_f3bf2307961d8c28.txt" "$SCRATCH/half0/seed.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/single" "$SCRATCH/half0" "$SCRATCH/half1"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/shard0" "$SCRATCH/half0"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/shard1" "$SCRATCH/half1"
printf 'auto shard0\nauto shard1\n' > "$SCRATCH/local.stub"

# Ports from the pid, so parallel runs on one machine do not collide.
port0=$((20000 + $$ % 20000)); port1=$((port0 + 1))
# setsid: xapian-tcpsrv signals its whole process group when it stops.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port0" "$SCRATCH/shard0" > "$SCRATCH/srv0.log" 2>&1 &
srv0=$!
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port1" "$SCRATCH/shard1" > "$SCRATCH/srv1.log" 2>&1 &
srv1=$!
trap 'kill $srv0 $srv1 2>/dev/null; rm -rf "$SCRATCH"' EXIT
for _ in $(seq 50); do
    grep -q Listening "$SCRATCH/srv0.log" && grep -q Listening "$SCRATCH/srv1.log" && break
    sleep 0.1
done
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port0" "$port1" > "$SCRATCH/remote.stub"

"$TOP/$BUILD/nsearch-gen-corpus" --queries 50 --from "$SAMPLE" --seed 3 2> /dev/null |
    awk '{ print NR "\t" $0 }' > "$SCRATCH/queries.tsv"
check_eq "50 queries to compare" "$(wc -l < "$SCRATCH/queries.tsv")" 50
run() { "$NSEARCH" --index "$1" --queries "$SCRATCH/queries.tsv" --format trec -n 10 2> /dev/null; }
run "$SCRATCH/single" > "$SCRATCH/single.run"
run "$SCRATCH/local.stub" > "$SCRATCH/local.run"
run "$SCRATCH/remote.stub" > "$SCRATCH/remote.run"
check "the single index answers" test -s "$SCRATCH/single.run"
same() { python3 - "$1" "$2" <<'PY'
import sys
a = [l.split() for l in open(sys.argv[1])]
b = [l.split() for l in open(sys.argv[2])]
ok = len(a) == len(b) and all(
    x[0] == y[0] and x[2] == y[2] and x[3] == y[3]
    and abs(float(x[4]) - float(y[4])) <= 1e-9 * max(1.0, abs(float(x[4])))
    for x, y in zip(a, b))
sys.exit(0 if ok else 1)
PY
}
check "two local shards: same ids, order and scores as one index" same "$SCRATCH/single.run" "$SCRATCH/local.run"
check "two remote shards: same ids, order and scores as one index" same "$SCRATCH/single.run" "$SCRATCH/remote.run"
check_eq "collapsing works across remote shards" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --json lapd | json_get 'd["results"][0]["more"]')" 3
check_contains "snippets come back from remote shards" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --json cocoa | json_get 'd["results"][0]["snippet"]')" "ocoa"
"$NSEARCH" --index "$SCRATCH/remote.stub" --facets topic,year cocoa > /dev/null 2> "$SCRATCH/err"
check_eq "the topic facet degrades over remote shards: still results" "$?" 0
check_contains "... with a note" "$(cat "$SCRATCH/err")" "topic facet is not available"

kill "$srv1"; wait "$srv1" 2> /dev/null
"$NSEARCH" --index "$SCRATCH/remote.stub" --remote-timeout 2 cocoa > /dev/null 2> "$SCRATCH/err"
check_eq "a shard that is down: exit 3" "$?" 3
check_contains "a shard that is down is named" "$(cat "$SCRATCH/err")" "remote 127.0.0.1:$port1 does not answer"
finish
