#!/bin/sh
# bench/index_lifecycle.sh - what incremental indexing buys: a full build
# vs. a run where nothing changed vs. a run where 1% of the files changed,
# printed as a table.  A benchmark, not a test: nothing is asserted.
#
#   sh bench/index_lifecycle.sh              the shared corpus (reuters +
#                                            agnews, ../shared/corpus) and
#                                            a 300,000-article generated one
#   BENCH_BIG=0 sh bench/index_lifecycle.sh  the shared corpus only
#
# Environment: BUILD (build directory holding the tools, default build),
# BENCH_BIG (generated corpus size, default 300000; 0 skips it),
# BENCH_SHARED (the shared corpus, default ../shared/corpus),
# BENCH_WORK (scratch directory, default a fresh one under $TMPDIR; it
# needs about 5 GB for the 300k corpus and its index).
#
# The corpora are copied (or generated) into the scratch directory so that
# 1% of the files can be edited.  Every file gets an old mtime first: a
# file modified within two seconds of being indexed is re-checked by
# content on the next run (see indexer/indexing.h), which is right but
# not what is being measured here.  The 1% edit appends a line to every
# hundredth file (new size and mtime: read and indexed again).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
TOOL="$BUILD/nsearch-index"
GEN="$BUILD/nsearch-gen-corpus"
SHARED=${BENCH_SHARED:-"$TOP/../shared/corpus"}
BIG=${BENCH_BIG:-300000}
WORK=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/nsearch-lifecycle.XXXXXX")}
mkdir -p "$WORK"

[ -x "$TOOL" ] || { echo "no $TOOL: run make first" >&2; exit 2; }

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

# seconds COMMAND...: run it, print the wall time in seconds.
seconds() {
    _t0=$(now)
    "$@" > /dev/null 2>&1 || [ $? -le 1 ] # 1: some files skipped (bad files)
    _t1=$(now)
    printf '%.2f' "$(elapsed "$_t0" "$_t1")"
}

row() { printf '| %-22s | %8s | %9s | %16s | %16s |\n' "$@"; }

# bench NAME DIR: the three runs over the corpus in DIR.
bench() {
    _name=$1 _dir=$2 _index="$WORK/$1.index"
    rm -rf "$_index" "$_index.lock"
    find "$_dir" -type f -exec touch -d '2020-01-01 12:00' {} +
    _files=$(find "$_dir" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.yml' -o -name '*.yaml' \) | wc -l)
    _full=$(seconds "$TOOL" -q --index "$_index" "$_dir")
    _noop=$(seconds "$TOOL" -q --index "$_index" "$_dir")
    find "$_dir" -type f -name '*.txt' | sort | awk 'NR % 100 == 0' |
        while read -r f; do echo "Corrected on re-read." >> "$f"; done
    find "$_dir" -type f -newermt '2021-01-01' -exec touch -d '2021-06-01 12:00' {} +
    _one=$(seconds "$TOOL" -q --index "$_index" "$_dir")
    _pnoop=$(printf '%.1f%%' "$(echo "100 * $_noop / $_full" | bc -l)")
    _pone=$(printf '%.1f%%' "$(echo "100 * $_one / $_full" | bc -l)")
    row "$_name" "$_files" "$_full s" "$_noop s ($_pnoop)" "$_one s ($_pone)"
    rm -rf "$_index" "$_index".*
}

echo "nsearch-index lifecycle, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
row "corpus" "files" "full" "no-op (of full)" "1% changed"
row "----------------------" "--------" "---------" "----------------" "----------------"
if [ -d "$SHARED/reuters" ] && [ -d "$SHARED/agnews" ]; then
    mkdir -p "$WORK/shared"
    cp -r "$SHARED/reuters" "$SHARED/agnews" "$WORK/shared/"
    bench "reuters+agnews" "$WORK/shared"
    rm -rf "$WORK/shared"
else
    echo "(no $SHARED: shared corpus skipped)"
fi
if [ "$BIG" -gt 0 ]; then
    if [ ! -x "$GEN" ]; then
        echo "(no $GEN: run make corpus; generated corpus skipped)"
    else
        "$GEN" --count "$BIG" --seed 1 --out "$WORK/generated" > /dev/null
        bench "generated $BIG" "$WORK/generated"
        rm -rf "$WORK/generated"
    fi
fi
[ -n "${BENCH_WORK:-}" ] || rmdir "$WORK" 2> /dev/null || true
