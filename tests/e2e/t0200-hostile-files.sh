# t0200 - the hostile article corpus (tests/hostile/): every bad file is
# reported exactly as tests/hostile/expected says (PATH:LINE:COL: reason)
# and skipped, every good file beside them is indexed and found, nothing
# else is printed, and the exit status is 1.  The large inputs are made
# here rather than committed: a 50 MiB file, a 70,000-byte title, a front
# matter of 100,001 YAML nodes, a 2 MB line, 150 related entries.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
H="$SCRATCH/hostile"
cp -r "$TOP/tests/hostile/files" "$H"

# huge-50mib.txt: a valid article, but 50 MiB.
{ printf -- '---\ntitle: Huge zebra\n---\n'; head -c 52428800 /dev/zero | tr '\0' 'a'; } \
    > "$H/huge-50mib.txt"
{ printf -- '---\ntitle: '; head -c 70000 /dev/zero | tr '\0' 't'; printf '\n---\n'; } \
    > "$H/long-title.txt"
# 1 root mapping + 2 (title) + 2 (x and its list) = 5 nodes before the
# list items, which start on line 4: item 99,996 (line 99,999) is node
# 100,001.
{ printf -- '---\ntitle: nodes\nx:\n'; awk 'BEGIN { for (i = 0; i < 100000; i++) print "- 1" }'
  printf -- '---\n'; } \
    > "$H/many-nodes.txt"
{ printf -- '---\ntitle: Hostile long line zebra\n---\n'; yes 'word' | head -n 400000 | tr '\n' ' '; \
    printf '\n'; } > "$H/good-long-line.txt"
{ printf -- '---\ntitle: Hostile many related zebra\nrelated:\n'
  i=0; while [ $i -lt 150 ]; do
      printf '  - {title: "Coverage %d", webUrl: "https://example.org/cover/%d"}\n' $i $i
      i=$((i + 1))
  done
  printf -- '---\nBody.\n'; } > "$H/good-many-related.txt"

"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$H" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "bad files skipped: exit status 1" "$?" 1

# What was said, without the directory, against what must be said.
sed "s|^$H/||" "$SCRATCH/err" | sort > "$SCRATCH/said"
grep -v '^#' "$TOP/tests/hostile/expected" | grep -v ': indexed$' | sort > "$SCRATCH/wanted"
if diff "$SCRATCH/wanted" "$SCRATCH/said" > "$SCRATCH/diff"; then
    ok "stderr is exactly tests/hostile/expected ($(wc -l < "$SCRATCH/wanted") messages)"
else
    not_ok "stderr is exactly tests/hostile/expected (< wanted, > said)"
    sed 's/^/#   /' "$SCRATCH/diff"
fi

n_bad=$(wc -l < "$SCRATCH/wanted")
n_good=$(grep -c ': indexed$' "$TOP/tests/hostile/expected")
check_contains "summary counts the good and the bad" "$(cat "$SCRATCH/out")" \
    "$n_good indexed, 0 unchanged, $n_bad skipped"

# Every good file is found, and only those.
"$NSEARCH" --index "$INDEX" --all -n 100 --format paths zebra | sed 's|.*/||' | sort \
    > "$SCRATCH/found"
grep ': indexed$' "$TOP/tests/hostile/expected" | sed 's/: indexed$//' | sort > "$SCRATCH/good"
if diff "$SCRATCH/good" "$SCRATCH/found" > "$SCRATCH/diff"; then
    ok "every good file is indexed and found ($n_good)"
else
    not_ok "every good file is indexed and found (< wanted, > found)"
    sed 's/^/#   /' "$SCRATCH/diff"
fi

# What the odd-but-good files hold.
title=$("$NSEARCH" --index "$INDEX" --json escapes | json_get 'd["results"][0]["title"]')
check_eq "escape sequences in a title are blanked, the text kept" \
    "$title" "Hostile escapes zebra  [31mred [0m   bell"
check_eq "CRLF: no carriage return left in the excerpt" \
    "$("$NSEARCH" --index "$INDEX" --json crlf | json_get 'd["results"][0]["excerpt"]')" \
    "Windows line endings"
check_eq "the BOM is not part of the title" \
    "$("$NSEARCH" --index "$INDEX" --json bom | json_get 'd["results"][0]["title"]')" \
    "Hostile bom zebra"
# 100 coverage documents, and the article, searchable by their words.
check_eq "100 of 150 related entries kept, each its own document" \
    "$("$NSEARCH" --index "$INDEX" --all --count coverage)" 101
finish
