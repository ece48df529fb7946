# t0110 - incremental indexing: unchanged files are not read again,
# changed ones are, deleted files (and the coverage they brought) leave the
# index, a renamed article stays one document, a run only removes under its
# own PATHs, a vanished file is not an error; --dry-run, -q, --verbose and
# the progress bar; and after all that the index is exactly what a full
# build of the same files gives.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
INDEX="$SCRATCH/index"
NEWS="$SCRATCH/news"
make_corpus "$NEWS" 30
# Files last modified long ago: their stamps are not racy (see below).
touch -d '2020-01-01 12:00' "$NEWS"/*
SEED_URL="https://threatpost.com/lapd-facial-recognition-privacy-concerns/161364/"
index() { "$NSEARCH_INDEX_TOOL" --index "$INDEX" "$@"; }

out=$(index "$NEWS" 2>&1)
check_eq "first run: exit 0" "$?" 0
check_contains "first run indexes every file" "$out" "37 indexed, 0 unchanged, 0 skipped, 0 removed"
docs=$(doc_count "$INDEX")

out=$(index "$NEWS" 2>&1)
check_contains "second run: nothing to do" "$out" "0 indexed, 37 unchanged, 0 skipped, 0 removed"
check_contains "second run: no document written" "$out" "(0 documents written, $docs in"

# Same size and mtime: taken as unchanged without reading it (that is the
# contract that makes a no-op run cheap).
f="$NEWS/bahia-cocoa.txt"
cp -p "$f" "$SCRATCH/saved"
sed 's/BAHIA COCOA REVIEW/BAHIA CACAO REVIEW/' "$SCRATCH/saved" > "$f"
touch -r "$SCRATCH/saved" "$f"
out=$(index "$NEWS" 2>&1)
check_contains "same size and mtime: not read again" "$out" "0 indexed, 37 unchanged"
check_eq "... so its old words still match" "$(ids_for "$INDEX" 'title:cacao')" ""

# Unless the file was modified within a moment of being read: then a
# change that keeps size and mtime is caught by the content hash.
f2="$NEWS/ohio-election.yaml"
sed 's/Ohio election/OHIO election/' "$f2" > "$SCRATCH/racy" && mv "$SCRATCH/racy" "$f2"
index -q "$NEWS"
cp -p "$f2" "$SCRATCH/saved2"
sed 's/OHIO election/Ohio ELECTION/' "$SCRATCH/saved2" > "$f2"
touch -r "$SCRATCH/saved2" "$f2"
out=$(index "$NEWS" 2>&1)
check_contains "a racy stamp: the same size and mtime are not trusted" "$out" "1 indexed, 36 unchanged"

# A real change (new mtime) is read and indexed again.
sed 's/BAHIA COCOA REVIEW/BAHIA CACAO CROP REVIEW/' "$SCRATCH/saved" > "$f"
out=$(index -v "$NEWS" 2>&1)
check_contains "a changed file is indexed again" "$out" "1 indexed, 36 unchanged"
check_contains "--verbose names it" "$out" "updated $f"
check_eq "its new words match" "$(ids_for "$INDEX" 'title:cacao')" "$f"
check_eq "its old words no longer do" "$(ids_for "$INDEX" 'title:cocoa')" ""

# Touched without a change: read, same content hash, not indexed again.
touch "$NEWS/police-drones.txt"
out=$(index -v "$NEWS" 2>&1)
check_contains "a touched file whose content is the same is unchanged" "$out" "0 indexed, 37 unchanged"
check_lacks "... and --verbose does not name it" "$out" "police-drones"

# Deleting a file removes its document.
rm "$NEWS/voice-recognition.md"
out=$(index -v "$NEWS" 2>&1)
check_contains "a deleted file is removed" "$out" "0 indexed, 36 unchanged, 0 skipped, 1 removed"
check_contains "--verbose names the removed file" "$out" "removed $NEWS/voice-recognition.md"
check_eq "its document is gone" "$(ids_for "$INDEX" 'topic:speech')" ""
check_eq "one document fewer" "$(doc_count "$INDEX")" "$((docs - 1))"

# An article that drops one of its related entries loses that document.
seed="$NEWS/lapd-facial-recognition.txt"
check_contains "the seed's coverage is indexed" "$(ids_for "$INDEX" hothardware)" "https://hothardware.com/news/lapd-facial-recognition-ban"
python3 - "$seed" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
# Drop the related entry (a "  - " item) whose webUrl is hothardware's.
start = next(i for i, l in enumerate(lines)
             if l.startswith("  - ") and any("hothardware.com/news" in x for x in lines[i:i + 5]))
end = next(i for i in range(start + 1, len(lines))
           if lines[i].startswith("  - ") or not lines[i].startswith("  "))
del lines[start:end]
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
out=$(index "$NEWS" 2>&1)
check_contains "the edited seed is indexed again" "$out" "1 indexed, 35 unchanged"
check_eq "the dropped coverage is gone" "$(ids_for "$INDEX" hothardware)" ""

# Deleting an article removes the coverage it brought too.
cov=$(xapian-delve -1 -t "XPARENT$SEED_URL" "$INDEX" | sed 1d | wc -l)
check "the seed still brings coverage documents" test "$cov" -ge 1
before=$(doc_count "$INDEX")
mv "$seed" "$SCRATCH/seed.txt"
out=$(index "$NEWS" 2>&1)
check_contains "the deleted seed is removed" "$out" "1 removed"
check_eq "... with its coverage" "$(doc_count "$INDEX")" "$((before - 1 - cov))"
mv "$SCRATCH/seed.txt" "$seed"
index -q "$NEWS"

# Renaming an article with a URL keeps one document with that id, at the
# new path.
mv "$NEWS/police-drones.txt" "$NEWS/drones-renamed.txt"
before=$(doc_count "$INDEX")
out=$(index "$NEWS" 2>&1)
check_contains "a rename is one add and one removal" "$out" "1 indexed, 35 unchanged, 0 skipped, 1 removed"
check_eq "still one document" "$(doc_count "$INDEX")" "$before"
check_eq "found at its new path" \
    "$("$NSEARCH" --index "$INDEX" --json title:drones | json_get '[r["path"] for r in d["results"]]')" \
    "[\"$NEWS/drones-renamed.txt\"]"
# Renaming an article identified by its path is a delete and an add.
mv "$NEWS/no-url-draft.yml" "$NEWS/crane-draft.yml"
index -q "$NEWS"
check_eq "a path-identity rename: the new path is the id" "$(ids_for "$INDEX" crane)" "$NEWS/crane-draft.yml"
check_eq "... and the same number of documents" "$(doc_count "$INDEX")" "$before"

# A run only removes under its own PATHs.
OTHER="$SCRATCH/other"
mkdir -p "$OTHER"
printf -- '---\ntitle: "Lighthouse keepers return to the island"\nwebUrl: "https://example.org/other"\n---\n' > "$OTHER/other.txt"
index -q "$OTHER"
rm "$NEWS/bahia-cocoa.txt"
out=$(index "$OTHER" 2>&1)
check_contains "indexing folder B leaves folder A alone" "$out" "0 indexed, 1 unchanged, 0 skipped, 0 removed"
check "folder A's deleted file is still indexed" has_doc "$INDEX" "$NEWS/bahia-cocoa.txt"
out=$(index "$NEWS" 2>&1)
check_contains "indexing folder A removes it" "$out" "1 removed"
check "folder B is untouched by that" has_doc "$INDEX" "https://example.org/other"

# A PATH that is gone (an unmounted share) is an error that removes nothing.
before=$(doc_count "$INDEX")
mv "$OTHER" "$SCRATCH/other-away"
out=$(index "$OTHER" 2>&1)
check_eq "a missing PATH: exit 1" "$?" 1
check_contains "a missing PATH is reported" "$out" "$OTHER: No such file or directory"
check_eq "a missing PATH removes nothing" "$(doc_count "$INDEX")" "$before"
mv "$SCRATCH/other-away" "$OTHER"

# A file that vanishes between the scan and its reading is not an error.
echo "more news" >> "$NEWS/ohio-election.yaml"
cp "$NEWS/facial-expressions.txt" "$NEWS/new-article.txt"
sed -i 's|^webUrl:.*|webUrl: "https://example.org/new-article"|' "$NEWS/new-article.txt"
start_paused scanned "$SCRATCH/out" "$SCRATCH/err" --index "$INDEX" "$NEWS"
check_eq "the indexer pauses after its scan" "$?" 0
rm "$NEWS/ohio-election.yaml" "$NEWS/new-article.txt"
release_paused
wait "$paused_pid"
check_eq "files vanished after the scan: exit 0" "$?" 0
check_eq "... and nothing on stderr" "$(cat "$SCRATCH/err")" ""
check "the vanished known file's document is gone" lacks_doc "$INDEX" "https://example.org/politics/ohio-turnout"
check "the vanished new file was never indexed" lacks_doc "$INDEX" "https://example.org/new-article"

# --dry-run lists the work and does none of it.
echo "late edit" >> "$NEWS/facial-expressions.txt"
rm "$NEWS/drones-renamed.txt"
cp "$TOP/corpus/sample/$(ls "$TOP/corpus/sample" | sed -n 40p)" "$NEWS/added.txt"
before=$(fingerprint "$INDEX")
out=$(index --dry-run "$NEWS" 2>"$SCRATCH/err")
check_eq "--dry-run: exit 0" "$?" 0
check_eq "--dry-run lists additions, updates and removals" "$out" \
"add $NEWS/added.txt
update $NEWS/facial-expressions.txt
remove $NEWS/drones-renamed.txt"
check_contains "--dry-run: a summary on stderr" "$(cat "$SCRATCH/err")" "1 to add, 1 to update, 32 unchanged, 1 to remove; nothing written"
check_eq "--dry-run writes nothing" "$(fingerprint "$INDEX")" "$before"

# -q: nothing at all when all is well; the work is still done.
out=$(index -q "$NEWS" 2>&1)
check_eq "-q prints nothing" "$out" ""
check_eq "-q still did the work" "$(index --dry-run "$NEWS" 2>/dev/null)" ""

# The progress bar: on a terminal only.
touch -d '2001-01-01' "$NEWS"/*.txt
if command -v script > /dev/null; then
    tty=$(script -qec "$NSEARCH_INDEX_TOOL --index $INDEX $NEWS" /dev/null)
    check_contains "on a terminal: a progress bar with the rate and ETA" "$tty" "files/s  ETA"
    check_contains "... counting files done of the total" "$tty" "files "
fi
touch -d '2002-01-01' "$NEWS"/*.txt
index "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "not on a terminal: no progress bar" "$(cat "$SCRATCH/err")" ""

# After all of that, the index holds what a full build of the same files
# holds, document for document.
index -q "$NEWS" "$OTHER"
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/fresh" "$NEWS" "$OTHER"
check_eq "incremental runs converge on a full build" "$(fingerprint "$INDEX")" "$(fingerprint "$SCRATCH/fresh")"
finish
