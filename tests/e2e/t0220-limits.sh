# t0220 - the limits (README "Security"), each at its bound through the
# tools: what one article may hold (body words, topics: the rest is
# dropped, the article kept), the nsearch-index --max-* options that move
# each article limit, and what one query may hold (bytes, words,
# wildcards) with nsearch's --max-query-* options.  The refusals of files
# past the default file-size, depth, node, field and alias limits are in
# t0200 (tests/hostile/expected); the reader's limits one by one in
# tests/unit/test_limits.c.
. tests/e2e/lib.sh
INDEX="$SCRATCH/index"
A="$SCRATCH/articles"
mkdir "$A"

# 100,000 body words are indexed, the 100,001st is not.
{ printf -- '---\ntitle: Many words\n---\n'
  awk 'BEGIN { for (i = 1; i < 100000; i++) printf "filler%d ", i % 50
               print "wordlimitlast wordlimitpast" }'; } > "$A/words.txt"
# 1,000 topics are kept, the 1,001st is dropped.
{ printf -- '---\ntitle: Many topics\ntopics:\n'
  awk 'BEGIN { for (i = 1; i <= 1001; i++) printf "  - topic%d\n", i }'
  printf -- '---\n'; } > "$A/topics.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$A"
check_eq "long articles are indexed, not refused" "$?" 0
check_eq "body word 100,000 is indexed" "$("$NSEARCH" --index "$INDEX" --count wordlimitlast)" 1
check_eq "body word 100,001 is not" "$("$NSEARCH" --index "$INDEX" --count wordlimitpast 2>/dev/null)" 0
check_eq "topic 1,000 is kept" "$("$NSEARCH" --index "$INDEX" --count topic:topic1000)" 1
check_eq "topic 1,001 is not" "$("$NSEARCH" --index "$INDEX" --count topic:topic1001 2>/dev/null)" 0

# nsearch-index --max-*: each article limit moved from the command line.
B="$SCRATCH/small"
mkdir "$B"
printf -- '---\ntitle: Twelve bytes\n---\none two three four\n' > "$B/a.txt"
printf -- '---\ntitle: t\nx: [[1]]\n---\n' > "$B/deep.txt"
printf -- '---\ntitle: t\ntopics: [a, b, c]\nrelated: [{title: r1, webUrl: u1}, {title: r2, webUrl: u2}]\n---\n' > "$B/lists.txt"
run() { "$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/i-$1" "$@" "$B" 2>&1; }
check_contains "--max-file-size" "$(run --max-file-size 40)" "a.txt: file is larger than 40 bytes"
check_contains "--max-field-size" "$(run --max-field-size 5)" "a.txt:2:8: title: longer than 5 bytes"
check_contains "--max-depth" "$(run --max-depth 2)" "deep.txt:3:5: YAML nesting deeper than 2 levels"
check_contains "--max-nodes" "$(run --max-nodes 6)" "front matter has more than 6 YAML nodes"
run --max-related 1 > /dev/null
check_eq "--max-related" "$("$NSEARCH" --index "$SCRATCH/i---max-related" --all --count r2 2>/dev/null)" 0
run --max-topics 2 > /dev/null
check_eq "--max-topics" "$("$NSEARCH" --index "$SCRATCH/i---max-topics" --count topic:c 2>/dev/null)" 0
run --max-body-words 3 > /dev/null
check_eq "--max-body-words" "$("$NSEARCH" --index "$SCRATCH/i---max-body-words" --count four 2>/dev/null)" 0
check_contains "a bad limit is a usage error" \
    "$("$NSEARCH_INDEX_TOOL" --index "$SCRATCH/x" --max-file-size 0 "$B" 2>&1; echo "exit $?")" "exit 2"

# Queries: refused past each bound (exit 2, the message names the option),
# accepted at it, and each bound can be moved.
words() { awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "w%d ", i }'; }
# (exit 1: nothing matches w1..w256 - searched, not refused)
out=$("$NSEARCH" --index "$INDEX" --count "$(words 256)" 2>&1)
check_eq "256 words: searched" "$?" 1
out=$("$NSEARCH" --index "$INDEX" --count "$(words 257)" 2>&1)
check_eq "257 words: refused, exit 2" "$?" 2
check_contains "257 words: says why" "$out" "query has too many words: 257, at most 256 (--max-query-words)"
check_eq "hyphens do not hide words" \
    "$("$NSEARCH" --index "$INDEX" --count "$(words 300 | tr ' ' '-')" > /dev/null 2>&1; echo $?)" 2
check_eq "--max-query-words raises it" \
    "$("$NSEARCH" --index "$INDEX" --max-query-words 300 --count "$(words 257)" 2>/dev/null)" 0
long=$(head -c 4097 /dev/zero | tr '\0' 'a')
out=$("$NSEARCH" --index "$INDEX" --count "$long" 2>&1)
check_eq "4097 bytes: refused, exit 2" "$?" 2
check_contains "4097 bytes: says why" "$out" "query too long: 4097 bytes, at most 4096 (--max-query-bytes)"
check_eq "--max-query-bytes lowers it" \
    "$("$NSEARCH" --index "$INDEX" --max-query-bytes 5 --count filler1 > /dev/null 2>&1; echo $?)" 2
out=$("$NSEARCH" --index "$INDEX" --count "a* b* c* d* e* f* g* h*" 2>&1)
check_eq "8 wildcards: searched" "$?" 1
out=$("$NSEARCH" --index "$INDEX" --count "a* b* c* d* e* f* g* h* i*" 2>&1)
check_eq "9 wildcards: refused, exit 2" "$?" 2
check_contains "9 wildcards: says why" "$out" "query has too many wildcards: 9, at most 8 (--max-query-wildcards)"
check_eq "--max-query-wildcards 0 refuses any" \
    "$("$NSEARCH" --index "$INDEX" --max-query-wildcards 0 --count "fill*" > /dev/null 2>&1; echo $?)" 2
# Each wildcard expands to at most 200 words (fixed in the shim): 50
# distinct filler words do not reach it, so no note; t0080 checks the note.
check_eq "a wildcard within its expansion bound: no note" \
    "$("$NSEARCH" --index "$INDEX" --format paths "filler*" 2>&1)" "$A/words.txt"
check_contains "--queries: a line past a bound is reported, the rest run" \
    "$(printf '1\t%s\n2\tfiller1\n' "$long" | "$NSEARCH" --index "$INDEX" --queries - --format trec 2>&1)" \
    "query too long"
finish
