# t0120 - one indexer at a time: a second one exits 75 at once naming the
# holder, or waits with --wait[=SECONDS]; a lock left by a killed indexer
# never blocks; a dry run needs no lock.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
INDEX="$SCRATCH/index"
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 5
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
echo "an edit" >> "$NEWS/bahia-cocoa.txt"

# The first indexer holds the lock while it pauses after its scan.
start_paused scanned "$SCRATCH/out1" "$SCRATCH/err1" --index "$INDEX" "$NEWS"
check_eq "the first indexer is running" "$?" 0
started=$(date +%s)
"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "a second indexer: exit 75" "$?" 75
check "... at once" test $(($(date +%s) - started)) -le 2
err=$(cat "$SCRATCH/err")
check_contains "the message names the holder's pid" "$err" "pid $paused_pid"
check_contains "... and when it started" "$err" "started $(date +%Y-%m-%d)"
check_contains "... and says what to do" "$err" "try again later, or use --wait"
check_eq "nothing on stdout" "$(cat "$SCRATCH/out")" ""
check_eq "the lock file is beside the index" "$(head -c 4 "$INDEX.lock")" "pid "

"$NSEARCH" --index "$INDEX" cocoa > /dev/null
check_eq "searching works while an indexer holds the lock" "$?" 0
out=$("$NSEARCH_INDEX_TOOL" --dry-run --index "$INDEX" "$NEWS" 2>/dev/null)
check_eq "a dry run needs no lock" "$out" "update $NEWS/bahia-cocoa.txt"

started=$(date +%s)
"$NSEARCH_INDEX_TOOL" --wait=1 --index "$INDEX" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "--wait=1 on a held lock: exit 75" "$?" 75
elapsed=$(($(date +%s) - started))
check "... after waiting about a second" test "$elapsed" -ge 1 -a "$elapsed" -le 4
check_contains "... saying it waits" "$(cat "$SCRATCH/err")" "waiting for the nsearch-index updating $INDEX (pid $paused_pid"

# --wait without a limit: done once the holder is.
"$NSEARCH_INDEX_TOOL" --wait --index "$INDEX" "$NEWS" > "$SCRATCH/out2" 2>&1 9>&- &
waiter=$!
sleep 0.5
check "the waiting indexer is still waiting" kill -0 "$waiter"
release_paused
wait "$paused_pid"
check_eq "the first indexer finishes: exit 0" "$?" 0
check_contains "... having done the work" "$(cat "$SCRATCH/out1")" "1 indexed"
wait "$waiter"
check_eq "the waiting indexer then runs: exit 0" "$?" 0
check_contains "... and finds nothing left to do" "$(cat "$SCRATCH/out2")" "0 indexed, 12 unchanged"

# A killed indexer leaves its lock file behind, but not its lock.
echo "another edit" >> "$NEWS/bahia-cocoa.txt"
start_paused scanned "$SCRATCH/out1" "$SCRATCH/err1" --index "$INDEX" "$NEWS"
kill -KILL "$paused_pid"
wait "$paused_pid" 2> /dev/null
release_paused
check "the killed indexer's lock file is still there" test -f "$INDEX.lock"
started=$(date +%s)
out=$("$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" 2>&1)
check_eq "the next run is not blocked: exit 0" "$?" 0
check "... not even for a moment" test $(($(date +%s) - started)) -le 2
check_contains "... and does the killed run's work" "$out" "1 indexed, 11 unchanged"
check_contains "the lock file names the last holder" "$(cat "$INDEX.lock")" "pid "

# Xapian's own writer lock (held by something that is not nsearch-index)
# is reported the same way, and --wait waits for it too.
mkfifo "$SCRATCH/hold"
"$TOP/$BUILD/tests/hold-lock" "$INDEX" < "$SCRATCH/hold" > "$SCRATCH/held" &
holder=$!
exec 3> "$SCRATCH/hold"
for _ in $(seq 50); do grep -q locked "$SCRATCH/held" && break; sleep 0.1; done
"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "a Xapian writer holding the index: exit 75" "$?" 75
started=$(date +%s)
"$NSEARCH_INDEX_TOOL" --wait=1 --index "$INDEX" "$NEWS" > /dev/null 2>&1
check_eq "--wait=1 on Xapian's lock: exit 75" "$?" 75
check "... after waiting" test $(($(date +%s) - started)) -ge 1
"$NSEARCH_INDEX_TOOL" --wait=10 --index "$INDEX" "$NEWS" > /dev/null 2>&1 3>&- &
waiter=$!
sleep 0.3
exec 3>&-
wait "$holder"
wait "$waiter"
check_eq "--wait=10: runs once Xapian's lock is free" "$?" 0

"$NSEARCH_INDEX_TOOL" --wait=0 --index "$INDEX" "$NEWS" > /dev/null 2>&1
check_eq "--wait=0 is a usage error" "$?" 2
"$NSEARCH_INDEX_TOOL" --wait=soon --index "$INDEX" "$NEWS" > /dev/null 2>&1
check_eq "--wait=soon is a usage error" "$?" 2
finish
