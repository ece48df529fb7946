# t0090 - make install honours PREFIX and DESTDIR, installs the tools (the
# two of every day and the two for benchmarks), their man pages (which man
# can render) and the bash completion, which completes; make uninstall
# removes them all.
. tests/e2e/lib.sh
DEST="$SCRATCH/dest"
make -s BUILD="$BUILD" DESTDIR="$DEST" PREFIX=/opt/ns install > "$SCRATCH/out" 2>&1
check_eq "make install succeeds" "$?" 0
for f in bin/nsearch bin/nsearch-index bin/nsearch-bench bin/nsearch-gen-corpus \
         share/man/man1/nsearch.1 share/man/man1/nsearch-index.1 \
         share/man/man1/nsearch-bench.1 share/man/man1/nsearch-gen-corpus.1 \
         share/bash-completion/completions/nsearch share/bash-completion/completions/nsearch-index; do
    check "installed: /opt/ns/$f" test -s "$DEST/opt/ns/$f"
done
check_eq "the installed nsearch runs" "$("$DEST/opt/ns/bin/nsearch" --version | cut -d' ' -f1)" "nsearch"
if command -v man > /dev/null; then
    check_contains "nsearch(1) renders" "$(MANWIDTH=80 man -l "$DEST/opt/ns/share/man/man1/nsearch.1" 2>/dev/null)" "--facets"
    check_contains "nsearch-index(1) renders" "$(MANWIDTH=80 man -l "$DEST/opt/ns/share/man/man1/nsearch-index.1" 2>/dev/null)" "EXIT STATUS"
    check_contains "nsearch-bench(1) renders" "$(MANWIDTH=80 man -l "$DEST/opt/ns/share/man/man1/nsearch-bench.1" 2>/dev/null)" "--cold-each"
    check_contains "nsearch-gen-corpus(1) renders" "$(MANWIDTH=80 man -l "$DEST/opt/ns/share/man/man1/nsearch-gen-corpus.1" 2>/dev/null)" "--tail-exponent"
fi
words=$(bash -c '. "$1"; COMP_WORDS=(nsearch --so); COMP_CWORD=1; _nsearch; echo "${COMPREPLY[*]}"' _ "$DEST/opt/ns/share/bash-completion/completions/nsearch")
check_eq "bash completion completes options" "$words" "--sort"
words=$(bash -c '. "$1"; COMP_WORDS=(nsearch --sort d); COMP_CWORD=2; _nsearch; echo "${COMPREPLY[*]}"' _ "$DEST/opt/ns/share/bash-completion/completions/nsearch")
check_eq "bash completion completes values" "$words" "date"
make -s BUILD="$BUILD" DESTDIR="$DEST" PREFIX=/opt/ns uninstall > "$SCRATCH/out" 2>&1
check_eq "make uninstall leaves no file behind" "$(find "$DEST" -type f | wc -l)" 0
finish
