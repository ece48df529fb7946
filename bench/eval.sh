#!/bin/sh
# bench/eval.sh - relevance evaluation: for every collection it finds (a
# folder with docs/, queries.tsv and qrels.txt; by default those under
# ../shared/eval), index the documents with nsearch-index, run the queries
# through nsearch itself (--queries, --format trec: the same code path as a
# search from the command line), and score nsearch beside plain BM25 on the
# same index with bench/trec_score.py.
#
# Usage: bench/eval.sh [COLLECTION_DIR...]     (make eval runs it)
# Extra nsearch flags for the nsearch run: NSEARCH_EVAL_FLAGS="--k1 1.5".
set -eu
BUILD=${BUILD:-build}
top=$(pwd)
out="$top/$BUILD/eval"
mkdir -p "$out"
[ $# -gt 0 ] || set -- "$top"/../shared/eval/*/
found=0
for collection in "$@"; do
    collection=${collection%/}
    [ -d "$collection/docs" ] && [ -f "$collection/queries.tsv" ] && [ -f "$collection/qrels.txt" ] || continue
    found=1
    name=$(basename "$collection")
    index="$out/$name.index"
    rm -rf "$index"
    "$top/$BUILD/nsearch-index" -q --index "$index" "$collection/docs"
    docs=$(ls "$collection/docs" | wc -l)
    queries=$(grep -c . "$collection/queries.tsv")
    # Run ids are the file's document ids: file names without extension.
    to_docids() { sed -E 's#^([^ ]+) Q0 ([^ ]*/)?([^ /]+)\.(txt|md|yaml|yml) #\1 Q0 \3 #'; }
    # shellcheck disable=SC2086
    "$top/$BUILD/nsearch" --index "$index" --queries "$collection/queries.tsv" \
        --format trec -n 100 ${NSEARCH_EVAL_FLAGS:-} | to_docids > "$out/$name.nsearch.run"
    "$top/$BUILD/nsearch" --index "$index" --queries "$collection/queries.tsv" \
        --format trec -n 100 --plain-bm25 --run-id bm25 | to_docids > "$out/$name.plain-bm25.run"
    echo "== $name: $docs documents, $queries queries"
    python3 "$top/bench/trec_score.py" "$collection/qrels.txt" \
        "$out/$name.nsearch.run" "$out/$name.plain-bm25.run"
done
[ "$found" -eq 1 ] || { echo "eval: no collection found (looked in: $*)" >&2; exit 1; }
