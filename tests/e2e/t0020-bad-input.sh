# t0020 - bad article files are reported as PATH:LINE:COL: reason and
# skipped; every good file beside them is still indexed; exit status 1.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
BAD="$SCRATCH/bad"
cp -r "$FIXTURES/bad" "$BAD"
# Over the 4 MiB default size limit; made here rather than shipped.
{ printf -- '---\ntitle: "Huge"\n---\n'; head -c 5000000 /dev/zero | tr '\0' 'a'; } > "$BAD/huge.txt"

"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$BAD" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "some files skipped: exit status 1" "$?" 1
err=$(cat "$SCRATCH/err")
out=$(cat "$SCRATCH/out")
cat "$SCRATCH/err" | sed 's/^/#   stderr: /'
check_contains "broken YAML: where the open quote starts" "$err" "$BAD/broken-yaml.txt:2:8: YAML: found unexpected end of stream while scanning a quoted scalar that starts here"
check_contains "missing title named" "$err" "$BAD/no-title.txt:"
check_contains "missing title reason" "$err" "title: missing"
check_contains "invalid UTF-8: line and byte column" "$err" "$BAD/invalid-utf8.txt:3:14: invalid UTF-8"
check_contains "wrong type: line and column of the value" "$err" "$BAD/wrong-type.txt:3:10: quality"
check_contains "no closing front matter line" "$err" "$BAD/no-closing.txt:"
check_contains "huge file reported with the limit" "$err" "$BAD/huge.txt: file is larger than 4194304 bytes"
check_contains "summary: one indexed, six skipped" "$out" "1 indexed, 0 unchanged, 6 skipped"

found=$("$NSEARCH" --index "$INDEX" --json sheffield | json_get 'd["results"][0]["url"]')
check_eq "the good file beside the bad ones is indexed" "$found" "https://example.org/good-tram"

# A bad file must cost no good data: the documents already there stay.
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$FIXTURES/news" > "$SCRATCH/out" 2>&1
check_eq "-q prints nothing when all is well" "$(cat "$SCRATCH/out")" ""
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$BAD/broken-yaml.txt" 2> /dev/null
check_eq "a bad file alone: exit 1" "$?" 1
check_eq "the old documents still serve" \
    "$("$NSEARCH" --index "$INDEX" --json tram | json_get 'd["results"][0]["url"]')" "https://example.org/good-tram"
finish
