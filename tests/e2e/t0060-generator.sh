# t0060 - the corpus generator (nsearch-gen-corpus) and nsearch-bench: the
# same seed gives the same bytes, another seed other bytes, every generated
# article indexes, and the benchmark prints its percentile line.  Timings
# are never checked: only that the fields are there and are numbers.
. tests/e2e/lib.sh
GEN="$TOP/$BUILD/nsearch-gen-corpus"
BENCH="$TOP/$BUILD/nsearch-bench"
SAMPLE="$TOP/corpus/sample"

checksum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs cat | cksum); }

"$GEN" -q --count 200 --seed 7 --sample "$SAMPLE" --out "$SCRATCH/a"
check_eq "generator exits 0" "$?" 0
"$GEN" -q --count 200 --seed 7 --sample "$SAMPLE" --out "$SCRATCH/b"
"$GEN" -q --count 200 --seed 8 --sample "$SAMPLE" --out "$SCRATCH/c"
check_eq "200 files written" "$(find "$SCRATCH/a" -type f -name '*.txt' | wc -l | tr -d ' ')" 200
check_eq "same seed, same bytes" "$(checksum "$SCRATCH/a")" "$(checksum "$SCRATCH/b")"
if [ "$(checksum "$SCRATCH/a")" != "$(checksum "$SCRATCH/c")" ]; then
    ok "another seed, other bytes"
else
    not_ok "another seed, other bytes"
fi
check "some articles have related coverage" grep -rqs '^related:' "$SCRATCH/a"
check "some articles have unknown heat" grep -rqs '^heat: -1$' "$SCRATCH/a"

"$NSEARCH_INDEX_TOOL" --index "$SCRATCH/index" "$SCRATCH/a" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "every generated article indexes (exit 0)" "$?" 0
check_contains "no file skipped" "$(cat "$SCRATCH/out")" "200 indexed, 0 unchanged, 0 skipped"

"$GEN" --queries 30 --seed 3 --from "$SCRATCH/a" --out "$SCRATCH/queries"
check_eq "query log exits 0" "$?" 0
check_eq "30 queries" "$(wc -l < "$SCRATCH/queries" | tr -d ' ')" 30
check_eq "queries are 1-4 lower-case words" \
    "$(grep -cvE '^[a-z]+( [a-z]+){0,3}$' "$SCRATCH/queries")" 0

line=$("$BENCH" --index "$SCRATCH/index" --queries "$SCRATCH/queries")
check_eq "nsearch-bench exits 0" "$?" 0
for key in queries p50_us p90_us p99_us max_us qps; do
    value=$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$key=//p")
    case $value in
    '' | *[!0-9.]* | .*) not_ok "nsearch-bench prints a number for $key"
        printf '#   line: %s\n' "$line" ;;
    *) ok "nsearch-bench prints a number for $key" ;;
    esac
done
check_contains "all 30 queries ran" "$line" "queries=30 "
line=$("$BENCH" --index "$SCRATCH/index" --queries "$SCRATCH/queries" --plain --cold)
check_contains "--plain --cold runs" "$line" "mode=plain"
finish
