# t0300 - one index split over shards answers like one database: the two
# shards nsearch-index --shards 2 makes of the sample corpus, searched
# through the stub it writes and through a stub listing the same two
# shards served by xapian-tcpsrv on loopback, give the same ids, order and
# scores (1e-9 relative) as a single index of the same articles, for 50
# queries; wildcards read the word lists of both shards; a shard server
# that stops is named in the error, exit 3.
. tests/e2e/lib.sh
if ! command -v xapian-tcpsrv > /dev/null; then
    echo "# skip: xapian-tcpsrv (xapian-tools) is not installed"; finish; exit 0
fi
SAMPLE="$TOP/corpus/sample"
SEED="$TOP/corpus/seed"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/single" "$SAMPLE" "$SEED"
"$NSEARCH_INDEX_TOOL" -q --shards 2 --index "$SCRATCH/split" "$SAMPLE" "$SEED"
check_eq "--shards 2 writes a stub listing two shards" "$(cat "$SCRATCH/split")" \
    "$(printf 'auto split.gen-1/shard-0\nauto split.gen-1/shard-1')"
count() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
c0=$(count "$SCRATCH/split.shard-0") c1=$(count "$SCRATCH/split.shard-1")
check "... both holding articles" test "$c0" -gt 500 -a "$c1" -gt 500
check_eq "... as many as the single index together" "$((c0 + c1))" "$(count "$SCRATCH/single")"
check "Xapian's own tools open the stub (quest)" sh -c \
    "quest -d '$SCRATCH/split' cocoa | grep -q 'MSet:'"

# Ports from the pid, so parallel runs on one machine do not collide.
port0=$((20000 + $$ % 20000)); port1=$((port0 + 1))
# setsid: xapian-tcpsrv signals its whole process group when it stops.
# Each server is given its shard's own stub (split.shard-K), the path that
# follows the index through rebuilds.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port0" "$SCRATCH/split.shard-0" > "$SCRATCH/srv0.log" 2>&1 &
srv0=$!
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port1" "$SCRATCH/split.shard-1" > "$SCRATCH/srv1.log" 2>&1 &
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
run "$SCRATCH/split" > "$SCRATCH/local.run"
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
# Beyond ids and scores: the whole JSON answer - every field of every
# result ("+N more", snippets, score parts), facets counted over every
# shard, and the total when it is exact - is the same from the split
# index, locally and through the servers.  An estimated total ("about N")
# may differ over remote shards, which collapse stories on their side and
# estimate from what they saw (spelling aside too: remote shards have
# none, and say so in a note).
# Numbers to 12 significant digits: local databases add quality and heat
# inside a word's posting list (boosted_term.h), the servers from value
# slots - the same terms summed in another order, which moves the last
# bit or two of a double.
round_numbers() {
    python3 -c 'import json, sys
def rounded(x):
    if isinstance(x, float): return float("%.12g" % x)
    if isinstance(x, list): return [rounded(v) for v in x]
    if isinstance(x, dict): return {k: rounded(v) for k, v in x.items()}
    return x
print(json.dumps(rounded(json.load(sys.stdin)), sort_keys=True))'
}
answer() {
    "$NSEARCH" --index "$1" --json -n 10 --facets year,provider,category "$2" 2> /dev/null |
        json_get 'json.dumps({"results": d["results"], "facets": d["facets"], "total": d["total"] if d["total_exact"] else "about"}, sort_keys=True)' |
        round_numbers
}
# The same, but an exact total is also just "about" (for the remote
# comparison: the servers' totals are estimates whenever stories collapse).
answer_estimated() {
    answer "$@" | sed 's/"total": [0-9]*}$/"total": "about"}/'
}
for q in cocoa "oil prices" "lapd" "trade deficit"; do
    check_eq "the same answer from two local shards: $q" "$(answer "$SCRATCH/split" "$q")" "$(answer "$SCRATCH/single" "$q")"
    check_eq "the same answer from two remote shards: $q" "$(answer_estimated "$SCRATCH/remote.stub" "$q")" "$(answer_estimated "$SCRATCH/single" "$q")"
done
# A wildcard's words come from every shard's word list (Xapian merges the
# synonym tables of a database's shards); the servers have no word list
# to read, and expand over the stems there, the same words when stemming
# kept what was typed (wildcards.h).  The documents matched, not scores:
# Xapian estimates a synonym's frequency per database, which moves its
# weight a little between one index and two.
matches() {
    "$NSEARCH" --index "$1" --all -n 10000 --format paths "$2" 2> /dev/null | sort
}
for q in "recog*" "coco* prod*" "title:oil pri*"; do
    check_eq "the same documents from two local shards: $q" "$(matches "$SCRATCH/split" "$q")" "$(matches "$SCRATCH/single" "$q")"
done
check "... and some: title:oil pri*" test "$(matches "$SCRATCH/split" "title:oil pri*" | wc -l)" -gt 10
check_eq "over remote shards a wildcard matches the stems it begins: coco*" \
    "$(matches "$SCRATCH/remote.stub" "coco*")" "$(matches "$SCRATCH/single" "coco*")"
check_eq "over remote shards a collapsed total is not claimed exact" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --json --facets year "trade deficit" | json_get 'd["total_exact"]')" False
check_eq "collapsing works across remote shards" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --json lapd | json_get 'd["results"][0]["more"]')" 3
check_contains "snippets come back from remote shards" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --json cocoa | json_get 'd["results"][0]["snippet"]')" "ocoa"
"$NSEARCH" --index "$SCRATCH/remote.stub" --facets topic,year cocoa > /dev/null 2> "$SCRATCH/err"
check_eq "the topic facet degrades over remote shards: still results" "$?" 0
check_contains "... with a note" "$(cat "$SCRATCH/err")" "topic facet is not available"

# A --rebuild (here without the seed, the only LAPD article) makes new
# shard directories; the servers, which open their stub on each
# connection, serve the new generation without a restart.
"$NSEARCH_INDEX_TOOL" -q --rebuild --shards 2 --index "$SCRATCH/split" "$SAMPLE"
check_eq "the shards' stubs follow a --rebuild" "$(cat "$SCRATCH/split.shard-1")" "auto split.gen-2/shard-1"
"$NSEARCH" --index "$SCRATCH/remote.stub" lapd > /dev/null 2>&1
check_eq "... and so do the servers: the rebuilt shards no longer hold the LAPD article" "$?" 1
check_eq "... while the others are still there" \
    "$("$NSEARCH" --index "$SCRATCH/remote.stub" --format trec cocoa 2> /dev/null | head -3)" \
    "$("$NSEARCH" --index "$SCRATCH/split" --format trec cocoa 2> /dev/null | head -3)"

kill "$srv1"; wait "$srv1" 2> /dev/null
"$NSEARCH" --index "$SCRATCH/remote.stub" --remote-timeout 2 cocoa > /dev/null 2> "$SCRATCH/err"
check_eq "a shard that is down: exit 3" "$?" 3
check_contains "a shard that is down is named" "$(cat "$SCRATCH/err")" "remote 127.0.0.1:$port1 does not answer"
finish
