# t0250 - what the tools do to the filesystem: nsearch-index creates the
# index with the user's umask (never wider: no chmod of its own), and
# nsearch opens it read-only - it changes nothing, creates nothing (no
# lock file), and works on an index it cannot write.
. tests/e2e/lib.sh
for mask in 027 077 022; do
    dir="$SCRATCH/umask-$mask"
    mkdir "$dir"
    (umask $mask && "$NSEARCH_INDEX_TOOL" -q --index "$dir/index" "$FIXTURES/news")
    # Modes wider than the umask allows: bits the umask clears, set anyway.
    wide=$(find "$dir" -mindepth 1 -perm /"$mask" -printf '%M %p\n')
    check_eq "umask $mask: nothing created with bits the umask clears" "$wide" ""
    check "umask $mask: the index was created" [ -d "$dir/index" ]
done

INDEX="$SCRATCH/umask-022/index"
snapshot() { find "$SCRATCH/umask-022" -printf '%p %M %s %T@ %C@\n' | sort; }
before=$(snapshot)
sleep 0.05
"$NSEARCH" --index "$INDEX" facial > /dev/null
"$NSEARCH" --index "$INDEX" --json --facets topic,year recogn* > /dev/null
"$NSEARCH" --index "$INDEX" --count police > /dev/null
check_eq "searching changes and creates nothing in or beside the index" "$(snapshot)" "$before"

# An index its reader cannot write: as root permission bits stop nothing,
# so search as nobody there; otherwise remove our own write bits.
chmod -R a-w "$SCRATCH/umask-022"
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv > /dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null; then
        chmod 755 "$SCRATCH"
        out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
            "$NSEARCH" --index "$INDEX" --format paths facial 2>&1)
        check_eq "nobody searches a read-only index it does not own: exit 0" "$?" 0
        check_contains "and finds the articles" "$out" "fixtures/news/facial-expressions.txt"
    else
        echo "# skip: as root, and cannot drop to nobody: the read-only search is not tested"
    fi
else
    out=$("$NSEARCH" --index "$INDEX" --format paths facial 2>&1)
    check_eq "searching an index without write permission: exit 0" "$?" 0
    check_contains "and finds the articles" "$out" "fixtures/news/facial-expressions.txt"
fi
chmod -R u+w "$SCRATCH/umask-022"
finish
