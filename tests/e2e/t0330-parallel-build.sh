# t0330 - full builds by worker processes: a one-database build with
# --jobs 2 (two parts built in parallel, merged with Xapian's compactor)
# holds what --jobs 1 builds, document for document, and answers 50
# queries with the same ids, order and scores, ties included; so does a
# --rebuild --jobs 2, and a build of files the parent reads on two
# threads.  A worker that dies, or a stop, abandons the build
# and leaves the live index as it was; workers die with their parent.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
. tests/e2e/lib-shards.sh
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 300
# Shared coverage, and two files of one article, across the corpus.
x=https://example.net/harbour-coverage
write_article "$NEWS/0-first.txt" "Harbour strike" https://example.org/strike "$x"
write_article "$NEWS/zz-last.txt" "Harbour strike spreads" https://example.org/strike-spreads "$x"
write_article "$NEWS/zz-again.txt" "Harbour strike, again" https://example.org/strike
touch -d '-1 hour' "$NEWS"/*
mkdir -p "$SCRATCH/one" "$SCRATCH/two"
ONE="$SCRATCH/one/index"
TWO="$SCRATCH/two/index"
docs() { fingerprint "$1" | sed 's/ 16:.*//'; }

"$NSEARCH_INDEX_TOOL" -q --jobs 1 --index "$ONE" "$NEWS"
out=$("$NSEARCH_INDEX_TOOL" --jobs 2 --index "$TWO" "$NEWS" 2>&1)
check_eq "--jobs 2: exit 0" "$?" 0
check_contains "... every file indexed" "$out" "310 indexed, 0 unchanged, 0 skipped"
check_eq "... into a generation named by a stub" "$(cat "$TWO")" "auto index.gen-1"
check_eq "... with no temporary parts left" "$(ls "$SCRATCH/two" | tr '\n' ' ')" "index index.gen-1 index.lock "
check_eq "... holding what --jobs 1 holds, document for document" "$(docs "$TWO")" "$(docs "$ONE")"
check_eq "... stamps included" "$(fingerprint "$TWO")" "$(fingerprint "$ONE")"

"$TOP/$BUILD/nsearch-gen-corpus" --queries 50 --from "$NEWS" --seed 7 2> /dev/null |
    awk '{ print NR "\t" $0 }' > "$SCRATCH/queries.tsv"
run() { "$NSEARCH" --index "$1" --queries "$SCRATCH/queries.tsv" --format trec -n 10 2> /dev/null; }
run "$ONE" > "$SCRATCH/one.run"
run "$TWO" > "$SCRATCH/two.run"
check "the queries find something" test "$(wc -l < "$SCRATCH/one.run")" -gt 100
check "50 queries: the same ids, order and scores, ties included" cmp -s "$SCRATCH/one.run" "$SCRATCH/two.run"

# (Of two files of one article, the index remembers one: each run reads
# the other again, as after any build - README.)
out=$("$NSEARCH_INDEX_TOOL" --index "$TWO" "$NEWS" 2>&1)
check_contains "an incremental run after it finds every other file unchanged" "$out" "1 indexed, 309 unchanged"

out=$("$NSEARCH_INDEX_TOOL" --rebuild --jobs 2 --index "$TWO" "$NEWS" 2>&1)
check_eq "--rebuild --jobs 2: exit 0" "$?" 0
check_eq "... swaps in generation 2" "$(ls "$SCRATCH/two" | tr '\n' ' ')" "index index.gen-2 index.lock "
check_eq "... holding what --jobs 1 holds" "$(docs "$TWO")" "$(docs "$ONE")"

# A split index built one worker at a time holds the same documents.
"$NSEARCH_INDEX_TOOL" -q --shards 3 --jobs 1 --index "$SCRATCH/three" "$NEWS"
check_eq "--shards 3 --jobs 1: the three shards hold what one database holds" \
    "$(docs "$SCRATCH/three")" "$(docs "$ONE")"

# Enough files that the parent reads them on two threads (256 or more
# each): an article's two files and shared coverage across the two
# halves, and a bad file in each, reported in path order as --jobs 1 does.
MANY="$SCRATCH/many"
make_corpus "$MANY" 600
write_article "$MANY/0-first.txt" "Harbour strike" https://example.org/strike "$x"
write_article "$MANY/zz-last.txt" "Harbour strike spreads" https://example.org/strike-spreads "$x"
write_article "$MANY/zz-again.txt" "Harbour strike, again" https://example.org/strike
printf -- '---\ntitle: [unclosed\n---\n' > "$MANY/0-broken.txt"
printf -- '---\ntitle: "No end\n---\n' > "$MANY/zz-broken.txt"
"$NSEARCH_INDEX_TOOL" -q --jobs 1 --index "$SCRATCH/many-one" "$MANY" 2> "$SCRATCH/many-one.err"
"$NSEARCH_INDEX_TOOL" -q --jobs 2 --index "$SCRATCH/many-two" "$MANY" 2> "$SCRATCH/many-two.err"
check_eq "612 files read on two threads: the documents --jobs 1 holds" \
    "$(docs "$SCRATCH/many-two")" "$(docs "$SCRATCH/many-one")"
check_eq "... the two bad files reported, in path order" \
    "$(sed 's/:.*//' "$SCRATCH/many-two.err" | tr '\n' ' ')" "$MANY/0-broken.txt $MANY/zz-broken.txt "
check_eq "... as --jobs 1 reports them" "$(cat "$SCRATCH/many-two.err")" "$(cat "$SCRATCH/many-one.err")"

# A worker that dies (here: it kills itself after its second commit) ends
# the build: exit 4, the live index as it was, nothing left beside it.
before=$(fingerprint "$TWO")
NSEARCH_TEST_DOCS_PER_COMMIT=20 NSEARCH_TEST_KILL_AFTER_COMMITS=2 \
    "$NSEARCH_INDEX_TOOL" --rebuild --jobs 2 --index "$TWO" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "a worker that dies: exit 4" "$?" 4
check_contains "... naming it" "$(cat "$SCRATCH/err")" "died by signal 9"
check_contains "... saying the live index is untouched" "$(cat "$SCRATCH/err")" "the live index is untouched"
check_eq "... which it is" "$(fingerprint "$TWO")" "$before"
check_eq "... with nothing left beside it" "$(ls "$SCRATCH/two" | tr '\n' ' ')" "index index.gen-2 index.lock "

# pause_worker POINT ARGS...: run the indexer in the background until one
# of its workers waits at POINT (file-N); $paused_pid is the indexer's.
fifo="$SCRATCH/worker.fifo"
mkfifo "$fifo"
pause_worker() {
    _point=$1
    shift
    exec 8<> "$fifo"
    NSEARCH_TEST_PAUSE_AFTER_FILES=${_point#file-} NSEARCH_TEST_PAUSE_FIFO="$fifo" \
        "$NSEARCH_INDEX_TOOL" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err" 8>&- &
    paused_pid=$!
    for _ in $(seq 300); do
        workers=$(pgrep -P "$paused_pid" | tr '\n' ' ')
        for w in $workers; do
            for fd in /proc/"$w"/fd/*; do
                [ "$(readlink "$fd" 2>/dev/null)" = "$fifo" ] && return 0
            done
        done
        sleep 0.05
    done
    return 1
}

# Stopped (SIGTERM to the indexer alone): the workers are stopped too,
# exit 143, the live index as it was.
check "a worker pauses mid-build" pause_worker file-5 --rebuild --jobs 2 --index "$TWO" "$NEWS"
kill -TERM "$paused_pid"
wait "$paused_pid"
check_eq "SIGTERM to the indexer during a parallel build: exit 143" "$?" 143
exec 8>&-
check_contains "... saying the live index is untouched" "$(cat "$SCRATCH/err")" "stopped by SIGTERM; the live index is untouched"
check_eq "... no worker left" "$(pgrep -P "$paused_pid" | wc -l)" 0
check_eq "... the live index as it was" "$(fingerprint "$TWO")" "$before"
check_eq "... with nothing left beside it" "$(ls "$SCRATCH/two" | tr '\n' ' ')" "index index.gen-2 index.lock "

# The indexer killed outright: its workers die with it, the lock is free
# at once, and the next run clears the abandoned generation.
check "a worker pauses mid-build again" pause_worker file-5 --rebuild --jobs 2 --index "$TWO" "$NEWS"
workers=$(pgrep -P "$paused_pid" | tr '\n' ' ')
kill -KILL "$paused_pid"
wait "$paused_pid" 2> /dev/null
exec 8>&-
gone() { for w in $workers; do kill -0 "$w" 2> /dev/null && return 1; done; return 0; }
for _ in $(seq 50); do gone && break; sleep 0.1; done
check "SIGKILL to the indexer: its workers die with it" gone
out=$("$NSEARCH_INDEX_TOOL" --index "$TWO" "$NEWS" 2>&1)
check_contains "... the next run takes the lock at once and finds the index as it was" "$out" \
    "1 indexed, 309 unchanged"
check_eq "... and clears the abandoned generation" "$(ls "$SCRATCH/two" | tr '\n' ' ')" \
    "index index.gen-2 index.lock "
finish
