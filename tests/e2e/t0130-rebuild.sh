# t0130 - --rebuild builds a new generation beside the live index and swaps
# it in atomically: a plain directory index becomes a stub naming
# INDEX.gen-N, the old index is removed, a rebuild that is killed or fails
# leaves the live index as it was (and its leftovers are cleared by the
# next run), and the index can be moved with the directory holding it.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
DIR="$SCRATCH/data"
INDEX="$DIR/index"
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 10
mkdir -p "$DIR"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check "a first run makes a plain directory index" test -d "$INDEX" -a ! -L "$INDEX"
full=$(fingerprint "$INDEX")
# Some history the rebuild must not keep: a document of another folder.
mkdir -p "$SCRATCH/other"
printf -- '---\ntitle: "Lighthouse keepers return"\nwebUrl: "https://example.org/other"\n---\n' > "$SCRATCH/other/o.txt"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SCRATCH/other"

out=$("$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$NEWS" 2>&1)
check_eq "--rebuild: exit 0" "$?" 0
check_contains "--rebuild adds every file" "$out" "17 indexed, 0 unchanged, 0 skipped, 0 removed"
check "the index is now a stub file" test -f "$INDEX"
check_eq "... naming generation 1 beside it" "$(cat "$INDEX")" "auto index.gen-1"
check "generation 1 is a Xapian database" test -f "$DIR/index.gen-1/iamglass"
check_eq "nothing else is left beside it" "$(ls "$DIR" | tr '\n' ' ')" "index index.gen-1 index.lock "
check_eq "the rebuilt index is the full build of its PATHs" "$(fingerprint "$INDEX")" "$full"
check "... and holds nothing else" lacks_doc "$INDEX" "https://example.org/other"
check_contains "searching the stub works" "$("$NSEARCH" --index "$INDEX" cocoa)" "BAHIA COCOA REVIEW"

out=$("$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" 2>&1)
check_contains "an incremental run writes into the live generation" "$out" "0 indexed, 17 unchanged"
echo "an edit" >> "$NEWS/bahia-cocoa.txt"
out=$("$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" 2>&1)
check_contains "... and updates it" "$out" "1 indexed, 16 unchanged"

out=$("$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$NEWS" 2>&1)
check_eq "a second --rebuild: exit 0" "$?" 0
check_eq "... swaps in generation 2" "$(cat "$INDEX")" "auto index.gen-2"
check_eq "... and removes generation 1" "$(ls "$DIR" | tr '\n' ' ')" "index index.gen-2 index.lock "

# The language: kept by a rebuild, changed with --lang.
"$NSEARCH_INDEX_TOOL" -q --rebuild --lang french --index "$INDEX" "$NEWS"
"$NSEARCH_INDEX_TOOL" --index "$INDEX" --lang english "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "after --rebuild --lang french, an english run is refused" "$?" 2
check_contains "... because the index is french now" "$(cat "$SCRATCH/err")" "built with language 'french'"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check_eq "an incremental run keeps the index's language without --lang" "$?" 0
"$NSEARCH_INDEX_TOOL" -q --rebuild --index "$INDEX" "$NEWS"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" --lang french "$NEWS"
check_eq "--rebuild without --lang keeps it too" "$?" 0
"$NSEARCH_INDEX_TOOL" -q --rebuild --lang english --index "$INDEX" "$NEWS"

# Killed after building, before the swap: the old index is still live and
# searchable; the next run clears the half-finished generation.
live=$(cat "$INDEX")
before=$(fingerprint "$INDEX")
echo "another edit" >> "$NEWS/police-drones.txt"
NSEARCH_TEST_KILL_AT=built "$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$NEWS" > /dev/null 2>&1
check_eq "a rebuild killed before its swap dies by SIGKILL" "$?" 137
check_eq "... the live index is the old one" "$(cat "$INDEX")" "$live"
check_eq "... untouched" "$(fingerprint "$INDEX")" "$before"
check_contains "... and searchable" "$("$NSEARCH" --index "$INDEX" cocoa)" "BAHIA COCOA REVIEW"
check_eq "... with the new generation left beside it" "$(ls -d "$DIR"/index.gen-* | wc -l)" 2
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check_eq "the next run removes what the killed rebuild left" "$(ls "$DIR" | tr '\n' ' ')" \
    "index $(cat "$INDEX" | sed 's/^auto //') index.lock "

# Killed after the swap, before the old generation is removed: the new one
# is live; the next run removes the old one.
NSEARCH_TEST_KILL_AT=swapped "$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$NEWS" > /dev/null 2>&1
check_eq "a rebuild killed after its swap dies by SIGKILL" "$?" 137
check "... the new generation is live" test "$(cat "$INDEX")" != "$live"
check_contains "... and searchable" "$("$NSEARCH" --index "$INDEX" drones)" "Police departments test drones"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check_eq "the next run removes the old generation" "$(ls "$DIR" | tr '\n' ' ')" \
    "index $(cat "$INDEX" | sed 's/^auto //') index.lock "

# A rebuild that fails (here: no new entry can be made beside the index)
# is a fatal error that leaves the live index as it was.
live=$(cat "$INDEX")
before=$(fingerprint "$INDEX")
if chattr +i "$DIR" 2> /dev/null; then
    "$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$NEWS" > /dev/null 2> "$SCRATCH/err"
    rc=$?
    chattr -i "$DIR"
    check_eq "a rebuild that cannot write its generation: exit 4" "$rc" 4
    check_contains "... saying the live index is untouched" "$(cat "$SCRATCH/err")" "the live index is untouched"
    check_eq "... which it is" "$(cat "$INDEX")" "$live"
    check_eq "... document for document" "$(fingerprint "$INDEX")" "$before"
else
    echo "# skip: chattr +i is not available on $DIR's filesystem"
fi

# A symlink to the index: the new generation goes where the index is.
ln -s "$INDEX" "$SCRATCH/link"
"$NSEARCH_INDEX_TOOL" -q --rebuild --index "$SCRATCH/link" "$NEWS"
check "through a symlink: the symlink stays" test -L "$SCRATCH/link"
check_eq "... and the generation is beside the real index" "$(ls "$SCRATCH" | grep -c 'gen-')" 0

# Moving an index: move the directory that holds the stub and its
# generation (the stub names it relative to itself).
mv "$DIR" "$SCRATCH/moved"
check_contains "a moved index still searches" "$("$NSEARCH" --index "$SCRATCH/moved/index" drones)" "Police departments test drones"
out=$("$NSEARCH_INDEX_TOOL" --index "$SCRATCH/moved/index" "$NEWS" 2>&1)
check_contains "... and updates" "$out" "0 indexed, 17 unchanged"

# Something that is not ours at the index path is never replaced.
printf 'remote localhost:1234\n' > "$SCRATCH/foreign"
"$NSEARCH_INDEX_TOOL" --rebuild --index "$SCRATCH/foreign" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "--rebuild over a foreign stub: exit 2" "$?" 2
check_eq "... left as it was" "$(cat "$SCRATCH/foreign")" "remote localhost:1234"
finish
