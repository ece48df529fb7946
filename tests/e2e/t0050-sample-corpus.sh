# t0050 - the shipped sample corpus: it all indexes, and the README's demo
# query returns the seed's LAPD article first.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$TOP/corpus/seed" "$TOP/corpus/sample" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "the sample corpus indexes without a skipped file" "$?" 0
files=$(ls "$TOP/corpus/sample" "$TOP/corpus/seed" | grep -c '\.txt$')
check_contains "every sample file is indexed" "$(cat "$SCRATCH/out")" "$files indexed, 0 unchanged, 0 skipped"
first=$("$NSEARCH" --index "$INDEX" --json "facial recognition" | json_get 'd["results"][0]["title"]')
check_eq "facial recognition: LAPD first" "$first" "LAPD Bans Facial Recognition, Citing Privacy Concerns"
check_eq "cocoa finds Reuters cocoa stories" \
    "$("$NSEARCH" --index "$INDEX" --json -n 3 cocoa | json_get 'all("cocoa" in (r["title"]+r["snippet"]).lower() for r in d["results"])')" "True"
finish
