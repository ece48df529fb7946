# t0360 - nsearch-cli-wall, the benchmark's one-process-per-query timer:
# several commands take turns query by query, the first to run rotating,
# each query reaches its command as one argument, and each command gets its
# own summary line, error count and raw file.  Timings are never checked.
. tests/e2e/lib.sh
WALL="$TOP/$BUILD/nsearch-cli-wall"
LOG="$SCRATCH/calls"

printf '%s\n' 'oil prices' 'rates' 'grain exports' > "$SCRATCH/queries"
# A logs its call and succeeds; B logs its call and fails with status 3.
out=$("$WALL" --queries "$SCRATCH/queries" --label a --raw "$SCRATCH/raw-a" \
    --label b --raw "$SCRATCH/raw-b" \
    -- sh -c 'echo "A:$1" >> "$0"' "$LOG" "{}" \
    :: sh -c 'echo "B:$1" >> "$0"; exit 3' "$LOG" "{}")
check_eq "exits 0" "$?" 0
# The warm-up runs each command once per query first (in order), then the
# measured runs take turns, starting with A, then B, then A.
check_eq "warm-up, then turns that rotate" "$(tail -n 6 "$LOG" | tr '\n' ' ')" \
    "A:oil prices B:oil prices B:rates A:rates A:grain exports B:grain exports "
check_eq "every command ran every query twice" "$(wc -l < "$LOG" | tr -d ' ')" 12
check_eq "one summary line per command, in order" \
    "$(printf '%s\n' "$out" | sed -n 's/^cli-wall label=\([a-z]*\) .*/\1/p' | tr '\n' ' ')" "a b "
check_contains "the successful command has no errors" "$(printf '%s\n' "$out" | grep 'label=a ')" \
    "errors=0 queries=3 "
check_contains "a status above 1 is an error, each time" "$(printf '%s\n' "$out" | grep 'label=b ')" \
    "errors=3 queries=3 "
check_eq "a raw time per query for each command" \
    "$(wc -l < "$SCRATCH/raw-a" | tr -d ' ') $(wc -l < "$SCRATCH/raw-b" | tr -d ' ')" "3 3"

: > "$LOG"
out=$("$WALL" --queries "$SCRATCH/queries" -- sh -c 'echo "$1" >> "$0"' "$LOG" "{}")
check_eq "one command alone still works" "$(sort -u "$LOG" | wc -l | tr -d ' ')" 3
check_contains "... labelled cli by default" "$out" "cli-wall label=cli errors=0 queries=3 "

"$WALL" --queries "$SCRATCH/queries" -- true :: > /dev/null 2> "$SCRATCH/err"
check_eq "an empty command is a usage error (exit 2)" "$?" 2
check_contains "... that says so" "$(cat "$SCRATCH/err")" "an empty command"
"$WALL" --queries "$SCRATCH/queries" --label a --label b -- true > /dev/null 2> "$SCRATCH/err"
check_eq "more labels than commands is a usage error (exit 2)" "$?" 2
finish
