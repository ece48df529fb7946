# t0150 - readers never notice writers: 1,000 queries run one after the
# other while incremental runs commit every few documents and --rebuild
# swaps whole generations in (the first one turning a plain directory
# into a stub); not one query may fail or print an error.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
INDEX="$SCRATCH/index"
NEWS="$SCRATCH/news"
QUERIES=1000
cp -r "$TOP/corpus/sample" "$NEWS"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check "a plain directory index to start with" test -d "$INDEX"

# The readers: every query must exit 0 with results and say nothing on
# stderr.  They run at least $QUERIES queries and go on until the writers
# have done two rebuilds and incremental runs, so a fast machine cannot
# finish its queries before the writes it is meant to meet (bounded, so a
# stuck writer cannot hang the suite).
(
    i=0
    while [ $i -lt $QUERIES ] || { [ ! -e "$SCRATCH/writers-enough" ] && [ $i -lt $((QUERIES * 20)) ]; }; do
        "$NSEARCH" --index "$INDEX" --json -n 3 oil > "$SCRATCH/q.out" 2> "$SCRATCH/q.err"
        rc=$?
        if [ $rc -ne 0 ] || [ -s "$SCRATCH/q.err" ] || ! grep -q '"rank"' "$SCRATCH/q.out"; then
            echo "query $i: exit $rc: $(head -c 300 "$SCRATCH/q.err")" >> "$SCRATCH/failures"
        fi
        i=$((i + 1))
    done
    echo "$i" > "$SCRATCH/readers-done"
) &
readers=$!

# The writers, until the readers are done: each round edits 40 articles and
# indexes them with a commit every 5 documents; every third round (the
# first included) is a --rebuild.
round=0 rebuilds=0 commits=0 failed_writes=0
ls "$NEWS" | grep reuters | head -n 40 > "$SCRATCH/edited"
while [ ! -e "$SCRATCH/readers-done" ]; do
    round=$((round + 1))
    while read -r f; do echo "Revised in round $round." >> "$NEWS/$f"; done < "$SCRATCH/edited"
    if [ $((round % 3)) -eq 1 ]; then
        "$NSEARCH_INDEX_TOOL" -q --rebuild --index "$INDEX" "$NEWS" || failed_writes=$((failed_writes + 1))
        rebuilds=$((rebuilds + 1))
    else
        NSEARCH_TEST_DOCS_PER_COMMIT=5 "$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS" ||
            failed_writes=$((failed_writes + 1))
        commits=$((commits + 8))
    fi
    [ "$rebuilds" -ge 2 ] && [ "$commits" -ge 8 ] && : > "$SCRATCH/writers-enough"
done
wait "$readers"
echo "# $round writer rounds: $rebuilds rebuilds, about $commits incremental commits"
check "at least $QUERIES queries ran" test "$(cat "$SCRATCH/readers-done")" -ge "$QUERIES"
check "at least two rebuilds happened meanwhile" test "$rebuilds" -ge 2
check "and at least one incremental run" test "$commits" -ge 8
check_eq "every writer run succeeded" "$failed_writes" 0
if [ -s "$SCRATCH/failures" ]; then sed 's/^/#   /' "$SCRATCH/failures" | head -n 20; fi
check_eq "not one query failed" "$(cat "$SCRATCH/failures" 2> /dev/null | wc -l)" 0
check "the index ends as a stub naming a generation" grep -q '^auto index.gen-' "$INDEX"
finish
