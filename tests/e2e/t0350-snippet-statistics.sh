# t0350 - a document's snippet does not depend on the ranking that found
# it.  MSet::snippet picks and highlights words by the search's word
# statistics, and the words read through nsearch's own posting sources
# (shim/boosted_term.h: folded with the boosts by default, without them
# under recency) leave Xapian's statistics unless the query keeps them as
# leaves; a search that lost them would choose other passages.  So over
# the sample corpus, every document that the default ranking and
# `--recent` (or `--recent --all`) both list gets the same snippet and
# highlights from each.
. tests/e2e/lib.sh
SAMPLE="$TOP/corpus/sample"
INDEX="$SCRATCH/index"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SAMPLE"
check_eq "the sample corpus indexes" "$?" 0

"$TOP/$BUILD/nsearch-gen-corpus" --queries 80 --from "$SAMPLE" --seed 11 2> /dev/null |
    awk '{ print NR "\t" $0 }' > "$SCRATCH/queries"
check "the query log has 80 queries" test "$(wc -l < "$SCRATCH/queries")" -eq 80

# A fixed clock for --recent (2020-11-01), so that runs agree.
export NSEARCH_NOW=1604188800
pages() {
    "$NSEARCH" --index "$INDEX" --queries "$SCRATCH/queries" --format json -n 20 "$@" | json_pages
}
pages > "$SCRATCH/default.json"
pages --recent 30d > "$SCRATCH/recent.json"
pages --recent 30d --all > "$SCRATCH/recent-all.json"

# same_snippets A B: prints "shared differing" - documents both list, and
# of those, how many got another snippet or other highlights.
same_snippets() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
def pages(path):
    return [json.loads(line) for line in open(path)]
shared = differing = 0
for a, b in zip(pages(sys.argv[1]), pages(sys.argv[2])):
    seen = {r["id"]: (r["snippet"], r["highlights"]) for r in a["results"]}
    for r in b["results"]:
        if r["id"] in seen:
            shared += 1
            differing += seen[r["id"]] != (r["snippet"], r["highlights"])
print(shared, differing)
EOF
}
set -- $(same_snippets "$SCRATCH/default.json" "$SCRATCH/recent.json")
check "the default and --recent pages share documents with snippets" test "$1" -ge 200
check_eq "... and give each the same snippet and highlights" "$2" 0
set -- $(same_snippets "$SCRATCH/default.json" "$SCRATCH/recent-all.json")
check "the default and --recent --all pages share documents" test "$1" -ge 200
check_eq "... and give each the same snippet and highlights" "$2" 0
check "at least 200 of the default's results have highlighted words" python3 -c '
import json, sys
pages = [json.loads(line) for line in open(sys.argv[1])]
sys.exit(sum(1 for p in pages for r in p["results"] if r["highlights"]) < 200)' \
    "$SCRATCH/default.json"
finish
