# t0160 - a full or read-only disk: a clear error, exit status 4, and the
# index as it was at the last commit, searchable; once there is room again
# a re-run completes the work.  Runs on a small tmpfs (needs root, as in CI;
# skipped with a visible "# skip" when the mount is refused).
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
FS="$SCRATCH/fs"
mkdir -p "$FS"
if ! mount -t tmpfs -o size=24m tmpfs "$FS" 2> /dev/null; then
    echo "# skip: cannot mount a tmpfs here (not root?); disk-full behaviour untested"
    finish
    exit 0
fi
trap 'umount "$FS" 2> /dev/null; rm -rf "$SCRATCH"' EXIT
trap 'exit 1' HUP INT TERM PIPE
INDEX="$FS/index"
NEWS="$SCRATCH/news"
cp -r "$TOP/corpus/sample" "$NEWS"
touch -d '2020-01-01 12:00' "$NEWS"/*
SMALL="$SCRATCH/small"
make_corpus "$SMALL" 0
touch -d '2020-01-01 12:00' "$SMALL"/*

"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$SMALL"
before=$(fingerprint "$INDEX")
# Fill the disk to the last block.
dd if=/dev/zero of="$FS/filler" bs=4k > /dev/null 2>&1

"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" > "$SCRATCH/out" 2> "$SCRATCH/err"
check_eq "disk full: exit 4" "$?" 4
err=$(cat "$SCRATCH/err")
check_contains "... saying so" "$err" "No space left on device"
check_contains "... and what it means for the index" "$err" "the index keeps what was committed before and stays searchable"
check_eq "... no summary line" "$(cat "$SCRATCH/out")" ""
check_eq "the index is as it was" "$(fingerprint "$INDEX")" "$before"
check_contains "... and searchable" "$("$NSEARCH" --index "$INDEX" cocoa 2>&1)" "BAHIA COCOA REVIEW"

# A --rebuild on a full disk: the live index stays, nothing is left behind.
"$NSEARCH_INDEX_TOOL" --rebuild --index "$INDEX" "$SMALL" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "a rebuild on a full disk: exit 4" "$?" 4
check_contains "... the live index is untouched" "$(cat "$SCRATCH/err")" "the live index is untouched"
check_eq "... which it is" "$(fingerprint "$INDEX")" "$before"
check_eq "... and the half-built generation is gone" "$(ls "$FS" | tr '\n' ' ')" "filler index index.lock "

# Room for some commits but not all: what was committed stays, searchable.
rm "$FS/filler"
free_kb=$(df -k "$FS" | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of="$FS/filler" bs=1k count=$((free_kb - 2048)) > /dev/null 2>&1
NSEARCH_TEST_DOCS_PER_COMMIT=50 "$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "the disk fills up part way: exit 4" "$?" 4
partial=$(doc_count "$INDEX")
echo "# $partial documents committed before the disk filled up"
check "... some batches were committed" test "$partial" -gt 10
check_contains "... the index is searchable" "$("$NSEARCH" --index "$INDEX" cocoa 2>&1)" "BAHIA COCOA REVIEW"

# With room again, a re-run completes the work: the same index as a full
# build made elsewhere.
rm "$FS/filler"
"$NSEARCH_INDEX_TOOL" -q --index "$INDEX" "$NEWS"
check_eq "with room again, a re-run succeeds" "$?" 0
"$NSEARCH_INDEX_TOOL" -q --index "$SCRATCH/elsewhere" "$SMALL" "$NEWS"
check_eq "... and the index is what a full build gives" "$(fingerprint "$INDEX")" "$(fingerprint "$SCRATCH/elsewhere")"

# A read-only disk.
before=$(fingerprint "$INDEX")
echo "an edit" >> "$NEWS/$(ls "$NEWS" | head -n 1)"
mount -o remount,ro "$FS"
"$NSEARCH_INDEX_TOOL" --index "$INDEX" "$NEWS" > /dev/null 2> "$SCRATCH/err"
check_eq "a read-only disk: exit 4" "$?" 4
check_contains "... saying so" "$(cat "$SCRATCH/err")" "Read-only file system"
check_contains "... and the index is searchable" "$("$NSEARCH" --index "$INDEX" cocoa 2>&1)" "BAHIA COCOA REVIEW"
mount -o remount,rw "$FS"
check_eq "... and as it was" "$(fingerprint "$INDEX")" "$before"
finish
