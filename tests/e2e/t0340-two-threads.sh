# t0340 - a search split between two threads (shim/halves.h) answers as
# one thread does: over the sample corpus, `--threads 2` (every pass in two
# halves of the docid space) gives the same pages - ids, order, scores and
# their parts, "+N more", snippets and highlights - as `--threads 1`, for
# generated queries and for each kind of query syntax, one result per
# story and every article; nsearch-bench counts the searches that used two
# threads, which shows the split really ran (and that the default leaves a
# small index on one thread).
. tests/e2e/lib.sh
SAMPLE="$TOP/corpus/sample"
SEED="$TOP/corpus/seed"
BENCH="$TOP/$BUILD/nsearch-bench"
INDEX="$SCRATCH/index"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SAMPLE" "$SEED"
check_eq "the sample corpus indexes" "$?" 0

"$TOP/$BUILD/nsearch-gen-corpus" --queries 60 --from "$SAMPLE" --seed 5 2> /dev/null > "$SCRATCH/generated"
cat "$SCRATCH/generated" - > "$SCRATCH/queries" <<'EOF'
oil prices
"interest rates"
oil -opec
title:bank
topic:markets
provider:reuters
bank OR banks
(gold OR silver) AND NOT price
prof*
trade deficit japan exports
coffee cocoa sugar prices rise
a the of
EOF
awk '{ print NR "\t" $0 }' "$SCRATCH/queries" > "$SCRATCH/numbered"

# The JSON of every query but the totals: a story with articles in both
# halves is counted in each, so a split search's total is an estimate.
pages() {
    "$NSEARCH" --index "$INDEX" --queries "$SCRATCH/numbered" --format json -n 20 "$@" |
        json_pages total total_exact
}
one=$(pages --threads 1)
two=$(pages --threads 2)
check_eq "one JSON page per query" "$(printf '%s\n' "$one" | wc -l | tr -d ' ')" \
    "$(wc -l < "$SCRATCH/queries" | tr -d ' ')"
printf '%s\n' "$one" > "$SCRATCH/one"
check "most queries fill a page (the comparison is not of empty pages)" python3 -c '
import json, sys
pages = [json.loads(l) for l in open(sys.argv[1])]
full = sum(1 for p in pages if len(p["results"]) >= 5)
snippets = sum(1 for p in pages for r in p["results"] if r.get("snippet"))
sys.exit(not (full >= len(pages) * 2 // 3 and snippets > 0))' "$SCRATCH/one"
check_eq "two threads give the same pages as one, one result per story" "$two" "$one"
check_eq "... and with every article (--all)" "$(pages --threads 2 --all)" "$(pages --threads 1 --all)"
check_eq "... and under a date filter" "$(pages --threads 2 --since 2020-01-01)" \
    "$(pages --threads 1 --since 2020-01-01)"
check_eq "... and from an offset" "$(pages --threads 2 --offset 7)" "$(pages --threads 1 --offset 7)"

# A story with articles in both halves: the LAPD article and its three
# outlets' coverage are docids 1-4, a weaker match comes after, so the
# middle falls inside the story, and each half's best match is the story's.
# The merge must list the story once and still fill the page with the
# next story.
mkdir -p "$SCRATCH/faces"
cp "$FIXTURES/news/lapd-facial-recognition.txt" "$SCRATCH/faces/"
FACES="$SCRATCH/faces-index"
"$NSEARCH_INDEX_TOOL" -q --index "$FACES" "$SCRATCH/faces"
cat > "$SCRATCH/faces/weak.txt" <<'EOF'
---
title: "Council minutes, 12 November"
excerpt: "The council met on Thursday to discuss parking, street lighting, the library's opening hours, the budget for the spring fair, a request for a new bus shelter and, briefly, recognition of volunteers."
publishedDateTime: 2020-11-13T09:00:00Z
webUrl: "https://example.org/council-minutes-12-november"
quality: 0
heat: -1
---
EOF
"$NSEARCH_INDEX_TOOL" -q --index "$FACES" "$SCRATCH/faces"
check_eq "the weaker match is docid 5" \
    "$(xapian-delve "$FACES" | sed -n 's/^highest document id ever used = //p')" 5
# Slot 5 holds the story key.
check "the LAPD story has articles on both sides of the middle docid (2)" \
    sh -c "xapian-delve -1 -V5 '$FACES' | python3 -c '
import sys
stories = {}
for line in sys.stdin.read().splitlines()[1:]:
    did, key = line.split(\":\", 1)
    stories.setdefault(key, []).append(int(did))
sys.exit(not any(min(ds) <= 2 < max(ds) for ds in stories.values()))'"
story() { "$NSEARCH" --index "$FACES" --format json "$@" | json_get '"\n".join("%s +%d %.12g" % (r["id"], r["more"], r["score"]) for r in d["results"])'; }
check_contains "the story leads, then the weaker match" "$(story --threads 1 -n 2 recognition)" \
    "lapd-facial-recognition-ban +3 "
for n in 1 2 3; do
    check_eq "a story in both halves is listed once, the page filled as by one thread (-n $n)" \
        "$(story --threads 2 -n $n recognition)" "$(story --threads 1 -n $n recognition)"
done
check_eq "... two stories for -n 2" "$(story --threads 2 -n 2 recognition | wc -l | tr -d ' ')" 2

# nsearch-bench's two_threads=N: how many searches ranked two halves.
twos() { "$BENCH" --index "$INDEX" --queries "$SCRATCH/queries" "$@" | tr ' ' '\n' | sed -n 's/^two_threads=//p'; }
queries=$(wc -l < "$SCRATCH/queries" | tr -d ' ')
check_eq "--threads 2 splits every search" "$(twos --threads 2)" "$queries"
check_eq "--threads 1 splits none" "$(twos --threads 1)" 0
check_eq "by default a small index stays on one thread" "$(twos)" 0

# Shards keep one thread (the range filter is one database's docids) and
# still answer.
"$NSEARCH_INDEX_TOOL" -q --shards 2 --index "$SCRATCH/split" "$SAMPLE" "$SEED"
check_eq "over two shards --threads 2 stays on one thread" \
    "$("$BENCH" --index "$SCRATCH/split" --queries "$SCRATCH/queries" --threads 2 | tr ' ' '\n' | sed -n 's/^two_threads=//p')" 0
check_eq "... and finds the same first article as one database" \
    "$("$NSEARCH" --index "$SCRATCH/split" --threads 2 --format paths -n 1 oil prices)" \
    "$("$NSEARCH" --index "$INDEX" --threads 1 --format paths -n 1 oil prices)"

# The second handle needs file descriptors of its own.  Under every limit
# that lets one thread search, two threads search as well, with the same
# page: where the second handle cannot be opened, the search stays on one
# thread (and at some limit it cannot).
fd_limits() {
    for n in $(seq 8 40); do
        one=$(ulimit -n "$n" 2> /dev/null && "$NSEARCH" --index "$INDEX" --threads 1 --format tsv oil prices 2> /dev/null) || continue
        two=$(ulimit -n "$n" && "$NSEARCH" --index "$INDEX" --threads 2 --format tsv oil prices 2>&1) || {
            echo "limit $n: one thread searches, two fail: $two"; return 1; }
        [ "$one" = "$two" ] || { echo "limit $n: pages differ"; return 1; }
        used=$(ulimit -n "$n" && echo "oil prices" | "$BENCH" --index "$INDEX" --queries /dev/stdin --threads 2 |
            tr ' ' '\n' | sed -n 's/^two_threads=//p')
        [ "$used" = 0 ] && fell_back=yes
    done
    [ "${fell_back:-}" = yes ] || { echo "no limit left the second handle unopened"; return 1; }
}
# Not under the sanitizers: UBSan checks a virtual call's object by
# writing it to a pipe, and with no descriptor left for the pipe it reports
# a bad vptr that is not there (the plain build runs this check).
if ldd "$NSEARCH" | grep -q libubsan; then
    echo "# skip: the fd-limit check under the sanitizers (their own checks need descriptors)"
else
    check "short of file descriptors for a second handle, a search stays on one thread" fd_limits
fi

"$NSEARCH" --index "$INDEX" --threads 3 oil > /dev/null 2> "$SCRATCH/err"
check_eq "--threads 3 is a usage error (exit 2)" "$?" 2
check_contains "... that says what it takes" "$(cat "$SCRATCH/err")" "--threads takes 1 or 2"
finish
