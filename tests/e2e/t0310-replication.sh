# t0310 - a replica kept by Xapian's own replication (xapian-replicate-server
# on the master, xapian-replicate on the replica) answers like its master,
# before and after an incremental run on the master; one shard of a split
# index replicates through its shard stub, across incremental runs and a
# --rebuild.
. tests/e2e/lib.sh
if ! command -v xapian-replicate-server > /dev/null; then
    echo "# skip: xapian-replicate (xapian-tools) is not installed"; finish; exit 0
fi
mkdir -p "$SCRATCH/master" "$SCRATCH/replica"
# Changesets are what replication ships; Xapian writes them only when asked.
export XAPIAN_MAX_CHANGESETS=10
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/master/news" "$FIXTURES/news"
port=$((40000 + $$ % 20000))
# setsid: Xapian's servers signal their whole process group when they stop.
setsid xapian-replicate-server -I 127.0.0.1 -p "$port" "$SCRATCH/master" > "$SCRATCH/srv.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$SCRATCH"' EXIT
sleep 0.5
pull() { xapian-replicate -q -h 127.0.0.1 -p "$port" -m news -o -r 0 "$SCRATCH/replica/news"; }
answers() { "$NSEARCH" --index "$1" --queries "$SCRATCH/q.tsv" --format trec -n 10 2> /dev/null; }
printf '1\tlapd\n2\tfacial recognition\n3\tcocoa\n4\tcrane\n5\tdrones OR turnout\n' > "$SCRATCH/q.tsv"

pull
check_eq "the first pull copies the index" "$?" 0
check "the replica answers" test -n "$(answers "$SCRATCH/replica/news")"
check_eq "the replica answers like its master" "$(answers "$SCRATCH/replica/news")" "$(answers "$SCRATCH/master/news")"

"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/master/news" "$FIXTURES/ranking"
check_eq "the master changed" "$("$NSEARCH" --index "$SCRATCH/master/news" --count --all crane)" 3
pull
check_eq "a second pull brings the change" "$("$NSEARCH" --index "$SCRATCH/replica/news" --count --all crane)" 3
check_eq "and the replica still answers like its master" "$(answers "$SCRATCH/replica/news")" "$(answers "$SCRATCH/master/news")"
# One shard of a split index, replicated by the name of its stub
# (split.shard-1), which follows the index through rebuilds.
"$NSEARCH_INDEX_TOOL" -q --shards 2 --index "$SCRATCH/master/split" "$FIXTURES/news"
pull_shard() { xapian-replicate -q -h 127.0.0.1 -p "$port" -m split.shard-1 -o -r 0 "$SCRATCH/replica/shard-1"; }
docs() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
pull_shard
check_eq "a shard is replicated through its stub" "$?" 0
check_eq "... whole" "$(docs "$SCRATCH/replica/shard-1")" "$(docs "$SCRATCH/master/split.shard-1")"
"$NSEARCH_INDEX_TOOL" -q --shards 2 --index "$SCRATCH/master/split" "$FIXTURES/news" "$FIXTURES/ranking"
check "the master's shard grew" test "$(docs "$SCRATCH/master/split.shard-1")" -gt "$(docs "$SCRATCH/replica/shard-1")"
pull_shard
check_eq "... and so does the replica after a pull" "$(docs "$SCRATCH/replica/shard-1")" "$(docs "$SCRATCH/master/split.shard-1")"
"$NSEARCH_INDEX_TOOL" -q --rebuild --shards 2 --index "$SCRATCH/master/split" "$FIXTURES/news"
pull_shard
check_eq "after a --rebuild on the master, the replica gets the new shard whole" \
    "$(xapian-delve "$SCRATCH/replica/shard-1" | grep UUID)" "$(xapian-delve "$SCRATCH/master/split.shard-1" | grep UUID)"
check_eq "... documents and all" "$(docs "$SCRATCH/replica/shard-1")" "$(docs "$SCRATCH/master/split.shard-1")"
finish
