# t0170 - SIGINT and SIGTERM: the indexer stops at the next article
# boundary, commits what it has done (also the part of a batch not yet
# committed), releases the lock and exits 130 or 143; a re-run finishes
# the work.  A --rebuild that is stopped leaves the
# live index as it was; an indexer waiting for the lock stops waiting.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
INDEX="$SCRATCH/index"
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 33
touch -d '2020-01-01 12:00' "$NEWS"/*
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/full" "$NEWS"
FULL=$(fingerprint "$SCRATCH/full")

for sig in TERM INT; do
    rm -rf "$INDEX" "$INDEX.lock"
    PAUSE_ENV="NSEARCH_TEST_DOCS_PER_COMMIT=1" \
        start_paused commit-3 "$SCRATCH/out" "$SCRATCH/err" --index "$INDEX" "$NEWS"
    check_eq "SIG$sig: the indexer is paused after its third commit" "$?" 0
    kill -"$sig" "$paused_pid"
    sleep 0.2
    release_paused
    wait "$paused_pid"
    rc=$?
    expected=$([ "$sig" = TERM ] && echo 143 || echo 130)
    check_eq "SIG$sig: exit $expected" "$rc" "$expected"
    check_contains "SIG$sig: says it stopped, and what is kept" "$(cat "$SCRATCH/err")" \
        "stopped by SIG$sig; 3 files indexed and 0 removed before it are committed"
    check_eq "SIG$sig: no summary line" "$(cat "$SCRATCH/out")" ""
    check_eq "SIG$sig: those 3 files are in the index" "$(xapian-delve -1 -A XF "$INDEX" | sed 1d | wc -l)" 3
    check_contains "SIG$sig: the index is searchable" "$("$NSEARCH" --index "$INDEX" --json pension)" '"rank"'
    started=$(date +%s)
    out=$("$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" 2>&1)
    check_eq "SIG$sig: the lock is released: the next run goes at once" "$?" 0
    check "SIG$sig: ... without waiting" test $(($(date +%s) - started)) -le 3
    check_contains "SIG$sig: ... and does the rest" "$out" "37 indexed, 3 unchanged"
    check_eq "SIG$sig: ... ending with a full build's index" "$(fingerprint "$INDEX")" "$FULL"
done

# Stopped in the middle of a batch: the work not yet committed is
# committed on the way out.
rm -rf "$INDEX" "$INDEX.lock"
PAUSE_ENV="NSEARCH_TEST_DOCS_PER_COMMIT=1000" \
    start_paused file-5 "$SCRATCH/out" "$SCRATCH/err" --index "$INDEX" "$NEWS"
check_eq "an indexer paused after 5 files, none committed yet" "$(doc_count "$INDEX")" 0
kill -TERM "$paused_pid"
release_paused
wait "$paused_pid"
check_eq "stopped mid-batch: exit 143" "$?" 143
check_eq "... the 5 files done are committed" "$(xapian-delve -1 -A XF "$INDEX" | sed 1d | wc -l)" 5
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check_eq "... and a re-run ends with a full build's index" "$(fingerprint "$INDEX")" "$FULL"

# A --rebuild that is stopped: the live index stays, the new generation
# goes.
echo "an edit" >> "$NEWS/bahia-cocoa.txt"
live=$(fingerprint "$INDEX")
PAUSE_ENV="NSEARCH_TEST_DOCS_PER_COMMIT=1" \
    start_paused commit-2 "$SCRATCH/out" "$SCRATCH/err" --rebuild --index "$INDEX" "$NEWS"
kill -INT "$paused_pid"
release_paused
wait "$paused_pid"
check_eq "a stopped --rebuild: exit 130" "$?" 130
check_contains "... saying the live index is untouched" "$(cat "$SCRATCH/err")" "stopped by SIGINT; the live index is untouched"
check_eq "... which it is" "$(fingerprint "$INDEX")" "$live"
check_eq "... and no generation is left" "$(ls "$SCRATCH" | grep -c 'index.gen-')" 0

# An indexer waiting for the lock stops waiting.
start_paused scanned "$SCRATCH/out" "$SCRATCH/err" --index "$INDEX" "$NEWS"
"$NSEARCH_INDEX_TOOL" --wait --index "$INDEX" "$NEWS" > /dev/null 2>&1 9>&- &
waiter=$!
sleep 0.5
started=$(date +%s)
kill -TERM "$waiter"
wait "$waiter"
check_eq "SIGTERM while waiting for the lock: exit 143" "$?" 143
check "... at once" test $(($(date +%s) - started)) -le 2
release_paused
wait "$paused_pid"
check_eq "the indexer that held the lock finishes normally" "$?" 0
finish
