# t0280 - --batch N: the documents written between two commits, which
# bounds the writer's memory.  Each commit is a new revision of the
# database, so the revision count shows how often a run committed.
. tests/e2e/lib.sh
revision() { xapian-delve "$1" | sed -n 's/^revision = //p'; }
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/default" "$FIXTURES/ranking"
check_eq "a default run indexes the fixtures" "$?" 0
"$NSEARCH_INDEX_TOOL" -q --batch 4 --index "$SCRATCH/small" "$FIXTURES/ranking"
check_eq "a --batch 4 run indexes the fixtures" "$?" 0
files=$(ls "$FIXTURES/ranking" | wc -l)
check "--batch 4 commits once per 4 documents" python3 -c '
import sys
files, small, default = map(int, sys.argv[1:])
sys.exit(not (small >= files // 4 and small > default))' "$files" "$(revision "$SCRATCH/small")" "$(revision "$SCRATCH/default")"
check_eq "and holds the same documents" \
    "$(xapian-delve "$SCRATCH/small" | sed -n 's/^number of documents = //p')" \
    "$(xapian-delve "$SCRATCH/default" | sed -n 's/^number of documents = //p')"
check_eq "and ranks the same" \
    "$("$NSEARCH" --index "$SCRATCH/small" --json crane | json_get '[(r["id"], round(r["score"], 9)) for r in d["results"]]')" \
    "$("$NSEARCH" --index "$SCRATCH/default" --json crane | json_get '[(r["id"], round(r["score"], 9)) for r in d["results"]]')"
for bad in 0 -3 12x 1000001; do
    "$NSEARCH_INDEX_TOOL" -q --batch "$bad" --index "$SCRATCH/bad" "$FIXTURES/ranking" 2> "$SCRATCH/err"
    check_eq "--batch $bad is a usage error" "$?" 2
done
check "which the message says" grep -q -- "--batch 1000001: expected a whole number from 1 to 1000000" "$SCRATCH/err"
finish
