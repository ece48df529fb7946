# tests/e2e/lib-lifecycle.sh - what the index lifecycle tests (t01NN)
# share on top of lib.sh: a small corpus to change, a way to compare two
# indexes document by document, and FIFO-driven pauses of the indexer.
#
# Source it after lib.sh.

# make_corpus DIR N: the fixture articles plus the first N files of the
# shipped sample, copied so a test can edit, delete and rename them.
make_corpus() {
    mkdir -p "$1"
    cp "$FIXTURES"/news/* "$1"/
    ls "$TOP/corpus/sample" | head -n "$2" | while read -r f; do
        cp "$TOP/corpus/sample/$f" "$1/$f"
    done
}

# fingerprint INDEX: every document's terms and values, keyed by its id
# term rather than its docid (docids differ between runs that did the same
# work in another order), sorted; and the document count.  Two indexes
# with the same fingerprint answer every query the same way.
fingerprint() {
    python3 - "$1" <<'PY'
import re, subprocess, sys
index = sys.argv[1]
def delve(*args):
    return subprocess.run(["xapian-delve", *args, index], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
ids = [t for t in delve("-1", "-A", "Q").splitlines()[1:] if t]
docid = {}
if ids:
    args = [a for t in ids for a in ("-t", t)]
    current = None
    for line in delve("-1", *args).splitlines():
        m = re.match(r"Posting List for term '(.*)' \(termfreq", line)
        if m:
            current = m.group(1)
        elif line.strip().isdigit():
            docid[line.strip()] = current
out = []
if docid:
    args = [a for d in docid for a in ("-r", d)]
    for line in delve("-V", *args).splitlines():
        m = re.match(r"(Values|Term List) for record #(\d+): ?(.*)", line)
        if m:
            out.append("%s %s: %s" % (docid[m.group(2)], m.group(1), m.group(3)))
header = delve()
count = re.search(r"number of documents = (\d+)", header).group(1)
print("documents", count)
print("\n".join(sorted(out)))
PY
}

# doc_count INDEX
doc_count() {
    xapian-delve "$1" | sed -n 's/^number of documents = //p'
}

# ids_for INDEX QUERY: the ids nsearch returns for QUERY, sorted, one line.
ids_for() {
    "$NSEARCH" --index "$1" --json -n 100 "$2" 2>/dev/null |
        json_get '" ".join(sorted(r["id"] for r in d["results"]))'
}

# start_paused POINT OUTFILE ERRFILE ARGS...: run the indexer with ARGS
# in the background until it reaches the hook POINT ("scanned", "built",
# "swapped", "commit-N": after the Nth commit, "file-N": after the Nth
# file, its changes perhaps not committed yet) and waits there; returns
# non-zero if it never gets there.  $paused_pid is its pid; release_paused
# lets it go on.  Extra environment for the indexer goes in $PAUSE_ENV.
start_paused() {
    _point=$1 _out=$2 _err=$3
    shift 3
    _pauses=$((${_pauses:-0} + 1))
    _fifo="$SCRATCH/pause.$_pauses.fifo"
    mkfifo "$_fifo"
    _fifo=$(realpath "$_fifo")
    # Read-write: never blocks, and keeps a writer so the indexer's read
    # waits until release_paused closes it.
    exec 9<> "$_fifo"
    case "$_point" in
    commit-*) _hook="NSEARCH_TEST_PAUSE_AFTER_COMMITS=${_point#commit-}" ;;
    file-*) _hook="NSEARCH_TEST_PAUSE_AFTER_FILES=${_point#file-}" ;;
    *) _hook="NSEARCH_TEST_PAUSE_AT=$_point" ;;
    esac
    env ${PAUSE_ENV:-} "$_hook" NSEARCH_TEST_PAUSE_FIFO="$_fifo" \
        "$NSEARCH_INDEX_TOOL" "$@" > "$_out" 2> "$_err" 9>&- &
    paused_pid=$!
    # It is at the pause point once it has the FIFO open for reading.  For
    # reading: before the exec, the forked shell still holds our read-write
    # fd 9 for a moment, which must not count.  (Not "is its exe the
    # indexer": NSEARCH_INDEX_TOOL may be a wrapper script.)
    _i=0
    while [ $_i -lt 300 ]; do
        for _fd in /proc/"$paused_pid"/fd/*; do
            [ "$(readlink "$_fd" 2>/dev/null)" = "$_fifo" ] || continue
            _flags=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$paused_pid/fdinfo/${_fd##*/}" 2>/dev/null)
            [ -n "$_flags" ] && [ $((0$_flags & 3)) -eq 0 ] && return 0
        done
        kill -0 "$paused_pid" 2>/dev/null || return 1
        sleep 0.05
        _i=$((_i + 1))
    done
    return 1
}

# release_paused: the paused indexer carries on.
release_paused() {
    exec 9>&-
    # Should it reach its pause only now, let it through rather than hang
    # the suite (each pause has its own FIFO, so this never releases a
    # later one).
    (sleep 1; timeout 2 sh -c '[ -p "$1" ] && : > "$1"' sh "$_fifo") > /dev/null 2>&1 &
}

# Commands started in the background while an indexer is paused must not
# inherit fd 9 (they would keep it paused): run them with 9>&-.

# has_doc INDEX ID: the index holds a document with that id.
has_doc() {
    xapian-delve -1 -A "Q$2" "$1" 2>/dev/null | sed 1d | grep -qxF "Q$2"
}

# lacks_doc INDEX ID: the index holds no document with that id.
lacks_doc() {
    ! has_doc "$@"
}
