# t0230 - every fuzz seed and every past fuzz finding (tests/fuzz/) goes
# through its target's entry point again, with a plain driver: no clang
# needed, and under make sanitize / make valgrind the checkers watch.  The
# article target also reads every fixture and the hostile corpus.
. tests/e2e/lib.sh
# Leaks inside libxapian, not ours (tests/fuzz/lsan.supp says which).
export LSAN_OPTIONS="suppressions=$TOP/tests/fuzz/lsan.supp:print_suppressions=0"
extra_article="$FIXTURES/articles $FIXTURES/news $FIXTURES/bad $TOP/tests/hostile/files"
for target in article query snippet; do
    replay="$TOP/$BUILD/tests/fuzz-replay-$target"
    extra=""
    [ "$target" = article ] && extra=$extra_article
    # shellcheck disable=SC2086 # $extra is a list of directories
    out=$("$replay" "$TOP/tests/fuzz/seeds/$target" "$TOP/tests/fuzz/regressions/$target" \
        $extra 2>&1)
    rc=$?
    printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
    check_eq "$target: seeds and regressions replay cleanly" "$rc" 0
    n=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) inputs replayed$/\1/p')
    check "$target: inputs were replayed ($n)" [ "${n:-0}" -gt 0 ]
done
finish
