# t0240 - nsearch --json never fails on bytes that are not UTF-8: a query
# typed in a terminal and a file name (a result's path, and its id when it
# has no URL) may be any bytes, which JSON cannot hold; they are written
# with U+FFFD in place of each ill-formed byte.  (Before: "out of memory",
# exit 3, no output at all.)
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
mkdir "$SCRATCH/articles"
latin1="$SCRATCH/articles/caf$(printf '\351').txt"
printf -- '---\ntitle: Latin tram\n---\nA tram named in Latin-1.\n' > "$latin1"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/articles" "$FIXTURES/news"

out=$("$NSEARCH" --index "$INDEX" --json tram)
check_eq "a non-UTF-8 path: --json exits 0" "$?" 0
check_eq "the path is written with U+FFFD" \
    "$(printf '%s' "$out" | json_get 'd["results"][0]["path"].endswith("caf\ufffd.txt")')" True
check_eq "so is the id (the path: no URL)" \
    "$(printf '%s' "$out" | json_get 'd["results"][0]["id"].endswith("caf\ufffd.txt")')" True

out=$("$NSEARCH" --index "$INDEX" --json "$(printf 'facial\377')")
check_eq "a non-UTF-8 query: --json exits 0 or 1, not 3" "$([ $? -le 1 ] && echo yes)" yes
check_eq "the query is echoed with U+FFFD" \
    "$(printf '%s' "$out" | json_get 'd["query"] == "facial\ufffd"')" True
finish
