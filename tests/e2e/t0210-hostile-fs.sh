# t0210 - filesystem hazards in the corpus (tests/hostile/expected-fs):
# a FIFO and a device (reported, never opened: the run must not block),
# symlink loops of directories and of files, unreadable files and folders,
# files deleted or emptied between the scan and the read, and good files
# whose names hold spaces, a newline and a byte that is not UTF-8.  Each
# hazard is reported as expected-fs says, every good file is indexed and
# found, the exit status is 1.  Names in expected-fs write the newline as
# <NL> and the Latin-1 byte as <E9>.
#
# Permission bits do not stop root, and CI runs as root: there the indexer
# is run as the unprivileged user "nobody" (setpriv), so the unreadable
# cases are still tested.  Only when that is impossible are they skipped,
# with a "# skip" line each.
. tests/e2e/lib.sh
. tests/e2e/lib-lifecycle.sh
INDEX="$SCRATCH/index"
FS="$SCRATCH/fs"
mkdir -p "$FS/loop" "$FS/locked"
article() { printf -- '---\ntitle: %s\n---\nA filesystem test.\n' "$2" > "$FS/$1"; }
NL='
'
E9=$(printf '\351')
article good.txt "Filesystem good zebra"
article "with space.txt" "Filesystem space zebra"
article "new${NL}line.txt" "Filesystem newline zebra"
article "latin1-$E9.txt" "Filesystem latin zebra"
mkfifo "$FS/fifo.txt"
ln -s /dev/zero "$FS/dev-zero.txt"
ln -s .. "$FS/loop/back"
ln -s loop-b.txt "$FS/loop-a.txt"
ln -s loop-a.txt "$FS/loop-b.txt"
ln -s loop-self.txt "$FS/loop-self.txt"
article unreadable.txt "Unreadable"
chmod 000 "$FS/unreadable.txt"
article locked/inside.txt "Locked inside"
chmod 000 "$FS/locked"
article emptied.txt "Emptied"
article cut.txt "Cut"
article deleted.txt "Deleted"

# Permission bits stop reads only when not root: as root, index as nobody.
enforced=yes
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv > /dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
        chmod 755 "$SCRATCH" "$FS" "$FS/loop"
        # The index and its lock file beside it: in a folder nobody owns.
        mkdir "$SCRATCH/nobody" && chown 65534:65534 "$SCRATCH/nobody"
        INDEX="$SCRATCH/nobody/index"
        wrapper="$SCRATCH/index-as-nobody"
        printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups %s "$@"\n' \
            "$NSEARCH_INDEX_TOOL" > "$wrapper"
        chmod 755 "$wrapper"
        NSEARCH_INDEX_TOOL=$wrapper
        echo "# running as root: the indexer runs as nobody"
    else
        enforced=no
    fi
fi

# Paused after the scan: the files change before they are read.  timeout:
# a FIFO opened for reading would block for ever.
PAUSE_ENV= start_paused scanned "$SCRATCH/out" "$SCRATCH/err" --index "$INDEX" "$FS"
check_eq "the indexer reached the pause after the scan" "$?" 0
rm "$FS/deleted.txt"
: > "$FS/emptied.txt"
printf -- '---\ntitle: cut' > "$FS/cut.txt"
release_paused
i=0
while kill -0 "$paused_pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$paused_pid" 2>/dev/null; then
    kill -9 "$paused_pid"
    not_ok "the run ends (did something block?)"
fi
wait "$paused_pid"
check_eq "hazards skipped: exit status 1" "$?" 1
chmod 700 "$FS/locked"

# What was said, with the directory removed and the odd bytes spelled out,
# against what expected-fs says.
sed "s|^$FS/||" "$SCRATCH/err" | sed "s/$E9/<E9>/g" | sort > "$SCRATCH/said"
grep -v '^#' "$TOP/tests/hostile/expected-fs" | grep -v ': indexed$' > "$SCRATCH/all"
if [ "$enforced" = yes ]; then
    sed 's/^unless-root //' "$SCRATCH/all" | sort > "$SCRATCH/wanted"
else
    grep '^unless-root ' "$SCRATCH/all" | sed 's/^unless-root /# skip (running as root: permission bits do not stop reads): /'
    grep -v '^unless-root ' "$SCRATCH/all" | sort > "$SCRATCH/wanted"
fi
if diff "$SCRATCH/wanted" "$SCRATCH/said" > "$SCRATCH/diff"; then
    ok "stderr is exactly tests/hostile/expected-fs ($(wc -l < "$SCRATCH/wanted") messages)"
else
    not_ok "stderr is exactly tests/hostile/expected-fs (< wanted, > said)"
    sed 's/^/#   /' "$SCRATCH/diff"
fi

# Every good file found, by its path (JSON writes the Latin-1 byte as
# U+FFFD and the newline as \n).
"$NSEARCH" --index "$INDEX" --all -n 100 --json zebra |
    json_get '"\n".join(sorted(r["path"].rsplit("/", 1)[1].replace("\n", "<NL>").replace("\ufffd", "<E9>") for r in d["results"]))' \
    > "$SCRATCH/found"
grep ': indexed$' "$TOP/tests/hostile/expected-fs" | sed 's/: indexed$//' | sort > "$SCRATCH/good"
if diff "$SCRATCH/good" "$SCRATCH/found" > "$SCRATCH/diff"; then
    ok "every good file is indexed and found ($(wc -l < "$SCRATCH/good"))"
else
    not_ok "every good file is indexed and found (< wanted, > found)"
    sed 's/^/#   /' "$SCRATCH/diff"
fi
check_eq "the deleted file is not in the index" \
    "$("$NSEARCH" --index "$INDEX" --count Deleted 2>/dev/null)" 0
if [ "$enforced" = no ]; then
    echo "# skip: as root the unreadable file and folder are read and indexed"
fi
finish
