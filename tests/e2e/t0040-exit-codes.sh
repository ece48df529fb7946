# t0040 - exit statuses and messages of both tools, the index location
# rule, a held lock, and hostile queries that must never crash.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$FIXTURES/news"

"$NSEARCH" --index "$INDEX" zzyzzx > /dev/null 2> "$SCRATCH/err"
check_eq "no results: exit 1" "$?" 1
check_contains "no results: a message on stderr" "$(cat "$SCRATCH/err")" "no results"

"$NSEARCH" --index "$SCRATCH/missing" lapd > /dev/null 2> "$SCRATCH/err"
check_eq "missing index: exit 3" "$?" 3
check_contains "missing index: says how to build one" "$(cat "$SCRATCH/err")" "nsearch-index --index $SCRATCH/missing"

"$NSEARCH" --index "$INDEX" > /dev/null 2>&1
check_eq "no query: exit 2" "$?" 2
"$NSEARCH" --index "$INDEX" "" > /dev/null 2>&1
check_eq "empty query: exit 2" "$?" 2
"$NSEARCH" --index "$INDEX" -n 0 lapd > /dev/null 2>&1
check_eq "-n 0: exit 2" "$?" 2
"$NSEARCH" --bogus lapd > /dev/null 2>&1
check_eq "unknown option: exit 2" "$?" 2
"$NSEARCH_INDEX_TOOL" --index "$INDEX" > /dev/null 2>&1
check_eq "indexer without PATH: exit 2" "$?" 2
"$NSEARCH_INDEX_TOOL" --index "$INDEX" --lang klingon "$FIXTURES/news" > /dev/null 2>&1
check_eq "indexer with an unknown language: exit 2" "$?" 2
"$NSEARCH_INDEX_TOOL" --index "$INDEX" --lang french "$FIXTURES/news" > /dev/null 2> "$SCRATCH/err"
check_eq "another language than the index's: exit 2" "$?" 2
check_contains "another language: says to rebuild" "$(cat "$SCRATCH/err")" "english"

# The default location: $NSEARCH_INDEX, else $XDG_DATA_HOME/nsearch/index.
NSEARCH_INDEX="$INDEX" "$NSEARCH" lapd > /dev/null
check_eq "NSEARCH_INDEX names the index" "$?" 0
"$NSEARCH_INDEX_TOOL" -q "$FIXTURES/news/police-drones.txt"
check "XDG_DATA_HOME/nsearch/index is the default" test -d "$XDG_DATA_HOME/nsearch/index"
check_eq "the query tool finds the default index too" \
    "$("$NSEARCH" --json drones | json_get 'd["results"][0]["url"]')" "https://example.org/news/police-drones"

# A second writer: exit 75 at once, index untouched.
mkfifo "$SCRATCH/hold"
"$TOP/$BUILD/tests/hold-lock" "$INDEX" < "$SCRATCH/hold" > "$SCRATCH/held" &
holder=$!
exec 3> "$SCRATCH/hold"
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q locked "$SCRATCH/held" && break; sleep 0.2; done
"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$FIXTURES/news" > /dev/null 2> "$SCRATCH/err"
check_eq "index locked by another writer: exit 75" "$?" 75
check_contains "locked: a message says so" "$(cat "$SCRATCH/err")" "lock"
"$NSEARCH" --index "$INDEX" lapd > /dev/null
check_eq "searching works while a writer holds the lock" "$?" 0
exec 3>&-
wait "$holder"

# Hostile queries: any of 0, 1, 2 - never a crash or another status.
long=$(head -c 10000 /dev/zero | tr '\0' 'x')
for q in 'AND sheffield' '"unbalanced' '(((' ')))' 'title:' 'NOT' 'OR OR' \
         "o'brien" 'well-known' '***' 'a*' '-' '""' "$long" 'title:"' 'site:' '\\'; do
    "$NSEARCH" --index "$INDEX" "$q" > /dev/null 2>&1
    rc=$?
    check "hostile query '$(printf %.20s "$q")' exits 0, 1 or 2 (got $rc)" test "$rc" -le 2
done
"$NSEARCH" --index "$INDEX" --json 'AND lapd' > "$SCRATCH/out" 2>&1
check_contains "a query with stray syntax still searches its words" "$(cat "$SCRATCH/out")" "LAPD"
finish
