#!/bin/sh
# bench/run.sh - `make bench`: nsearch beside its peers on the same
# articles and the same queries, in one run, as one table.
#
# For each corpus in BENCH_SIZES ("shared" = ../shared/corpus reuters +
# agnews when present; a number = that many generated articles):
#   1. the query log: BENCH_QUERIES queries drawn from the corpus
#      (nsearch-gen-corpus --queries), the first BENCH_CLI_QUERIES of them
#      for the one-process-per-query runs;
#   2. indexing: nsearch-index (a full build on BENCH_JOBS cores: parts
#      built in parallel, merged by Xapian's compactor), scriptindex (Xapian omega, fed by
#      nsearch-to-scriptindex; only scriptindex is timed) and SQLite FTS5
#      (nsearch-fts5-bench), each building a new index of the same files;
#   3. in-process query latency: nsearch-bench (nsearch's path: ranking,
#      snippets), nsearch-bench --no-snippets, nsearch-bench --plain (plain
#      Xapian: every word, default BM25, nothing else) and FTS5, warm;
#      nsearch cold too;
#   4. one process per query: nsearch vs quest on nsearch-index's index;
#   (3 and 4 compare engines taken turn about, BENCH_ROUNDS times - A B C
#   A B C ... - and report each figure's median over the rounds: this
#   machine's speed drifts by tens of percent over minutes, and turns keep
#   a drift from landing on one engine);
#   5. shards: the same files split by nsearch-index --shards 2 (build
#      timed), the same log through nsearch-bench over the 2 local shards
#      (the stub) and over the same 2 shards served by xapian-tcpsrv on
#      127.0.0.1 (a stub of "remote" lines), beside the one database.
# Then BENCH_DIR/results.md (the table), raw latencies (lat-*.txt, one
# query per line, microseconds, in log order) and, with gnuplot, latency
# CDFs and indexing throughput bars (PNG, or SVG without cairo).
#
# Timings are measurements, never pass/fail: the script fails only when a
# tool does.  Runs the tools in $BUILD; `make bench` builds them first.
set -eu
BUILD=${BUILD:-build}
BENCH_DIR=${BENCH_DIR:-$BUILD/bench}
BENCH_SIZES=${BENCH_SIZES:-shared 300000}
BENCH_QUERIES=${BENCH_QUERIES:-1000}
BENCH_CLI_QUERIES=${BENCH_CLI_QUERIES:-300}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_JOBS=${BENCH_JOBS:-$(nproc)}
export BENCH_JOBS BENCH_ROUNDS
SHARED=${SHARED:-../shared}
top=$(pwd)
bin="$top/$BUILD"
# Shard servers of the corpus being measured; stopped on the way out, even
# when a tool fails (set -e).
servers=""
stop_servers() {
    for _pid in $servers; do
        kill "$_pid" 2> /dev/null || true
        wait "$_pid" 2> /dev/null || true
    done
    servers=""
}
trap stop_servers EXIT
mkdir -p "$BENCH_DIR"
out=$(cd "$BENCH_DIR" && pwd)
summary="$out/summary.tsv"
: > "$summary"

say() { printf '%s\n' "bench: $*" >&2; }

# field NAME LINE: the value of NAME=... in a key=value line.
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

# median_line FILE: one key=value line whose numbers are the medians of
# FILE's lines (the rounds of one engine); words that are not numbers are
# taken from the first line.
median_line() {
    awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); key[i] = kv[1]; v[i, NR] = kv[2] } n = NF; rows = NR }
         END {
             for (i = 1; i <= n; i++) {
                 if (v[i, 1] !~ /^-?[0-9.]+$/) { printf "%s%s=%s", (i > 1 ? " " : ""), key[i], v[i, 1]; continue }
                 m = 0
                 for (r = 1; r <= rows; r++) x[++m] = v[i, r] + 0
                 for (a = 2; a <= m; a++) for (b = a; b > 1 && x[b - 1] > x[b]; b--) { t = x[b]; x[b] = x[b - 1]; x[b - 1] = t }
                 med = m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
                 printf "%s%s=%.10g", (i > 1 ? " " : ""), key[i], med
             }
             print ""
         }' "$1"
}

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.3f", $2 - $1}'; }
rate() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.0f", $1 / $2; else print "-" }'; }

# timed OUTFILE COMMAND...: runs COMMAND, its stdout+stderr into OUTFILE,
# and prints "seconds peak_rss_kb".
timed() {
    _out=$1; shift
    _start=$(now)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f 'peak_rss_kb=%M' -o "$_out.time" "$@" > "$_out" 2>&1 || _rc=$?
    else
        "$@" > "$_out" 2>&1 || _rc=$?
    fi
    _end=$(now)
    _rss=$(sed -n 's/^peak_rss_kb=//p' "$_out.time" 2>/dev/null | tail -n 1)
    echo "$(elapsed "$_start" "$_end") ${_rss:--}"
    return "${_rc:-0}"
}

run_corpus() { # NAME LABEL PATH...
    name=$1; label=$2; shift 2
    dir="$out/$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    q="$dir/queries.txt"
    "$bin/nsearch-gen-corpus" --queries "$BENCH_QUERIES" --seed "$BENCH_SEED" \
        --from "$1" --out "$q"
    head -n "$BENCH_CLI_QUERIES" "$q" > "$dir/cli-queries.txt"

    say "$label: nsearch-index --jobs $BENCH_JOBS"
    r=$(timed "$dir/nsearch-index.log" "$bin/nsearch-index" -q --jobs "$BENCH_JOBS" \
        --index "$dir/nsearch.db" "$@") || {
        rc=$?; [ "$rc" -le 1 ] || { cat "$dir/nsearch-index.log" >&2; exit 1; }; }
    ns_index_s=${r% *}; ns_rss=${r#* }

    say "$label: scriptindex"
    "$bin/nsearch-to-scriptindex" "$@" > "$dir/scriptindex-input.txt" 2> "$dir/to-scriptindex.log" || true
    # Read once so the timed run is not paying for reading its input.
    cat "$dir/scriptindex-input.txt" > /dev/null
    if command -v scriptindex > /dev/null; then
        r=$(timed "$dir/scriptindex.log" scriptindex --stemmer=english \
            "$dir/scriptindex.db" "$top/bench/scriptindex.script" "$dir/scriptindex-input.txt")
        si_index_s=${r% *}; si_rss=${r#* }
    else
        say "scriptindex not installed (make bench-deps): skipped"
        si_index_s=-; si_rss=-
    fi
    rm -f "$dir/scriptindex-input.txt"

    say "$label: SQLite FTS5"
    r=$(timed "$dir/fts5.log" "$bin/nsearch-fts5-bench" --db "$dir/fts5.db" \
        --queries "$q" --raw "$dir/lat-fts5.txt" "$@")
    fts_rss=${r#* }
    fts_build=$(grep '^fts5-build' "$dir/fts5.log")
    # The build's own pass warms the table; the rounds below time it.
    fts_index_s=$(field seconds "$fts_build")
    # Articles = files that parse (FTS5 read the same files with the same
    # reader): a stray README or PROVENANCE file in a corpus is not one.
    files=$(field files "$fts_build")
    say "$label: $files articles"

    say "$label: nsearch-bench and FTS5, $BENCH_ROUNDS rounds"
    : > "$dir/rounds-nsearch.log"; : > "$dir/rounds-nosnip.log"; : > "$dir/rounds-plain.log"
    : > "$dir/rounds-onethread.log"
    : > "$dir/rounds-fts5.log"
    for _round in $(seq "$BENCH_ROUNDS"); do
        "$bin/nsearch-bench" --index "$dir/nsearch.db" --queries "$q" \
            --raw "$dir/lat-nsearch.txt" >> "$dir/rounds-nsearch.log"
        "$bin/nsearch-bench" --index "$dir/nsearch.db" --queries "$q" --no-snippets \
            --raw "$dir/lat-nsearch-nosnippets.txt" >> "$dir/rounds-nosnip.log"
        "$bin/nsearch-bench" --index "$dir/nsearch.db" --queries "$q" --threads 1 \
            --raw "$dir/lat-nsearch-onethread.txt" >> "$dir/rounds-onethread.log"
        "$bin/nsearch-bench" --index "$dir/nsearch.db" --queries "$q" --plain \
            --raw "$dir/lat-plain.txt" >> "$dir/rounds-plain.log"
        "$bin/nsearch-fts5-bench" --db "$dir/fts5.db" --queries "$q" --query-only \
            --raw "$dir/lat-fts5.txt" >> "$dir/rounds-fts5.log"
    done
    ns_lat=$(median_line "$dir/rounds-nsearch.log")
    nosnip_lat=$(median_line "$dir/rounds-nosnip.log")
    onethread_lat=$(median_line "$dir/rounds-onethread.log")
    plain_lat=$(median_line "$dir/rounds-plain.log")
    fts_lat=$(median_line "$dir/rounds-fts5.log")
    cold_lat=$("$bin/nsearch-bench" --index "$dir/nsearch.db" --queries "$q" --cold --raw "$dir/lat-nsearch-cold.txt")
    printf '%s\n' "$ns_lat" "$nosnip_lat" "$onethread_lat" "$plain_lat" "$cold_lat" "$fts_lat" \
        > "$dir/latency.log"

    say "$label: one process per query (nsearch, quest), $BENCH_ROUNDS rounds"
    : > "$dir/rounds-cli-nsearch.log"; : > "$dir/rounds-cli-quest.log"
    for _round in $(seq "$BENCH_ROUNDS"); do
        # quest: same index, same stemmer, AND like nsearch; Xapian's
        # default STEM_SOME parsing of lower-case words gives the Z terms
        # nsearch indexes.  It prints ids and document data, not snippets.
        # The two take turns query by query (nsearch-cli-wall), so the
        # machine's drift reaches both alike.
        "$bin/nsearch-cli-wall" --queries "$dir/cli-queries.txt" \
            --label nsearch --raw "$dir/cli-nsearch.txt" \
            --label quest --raw "$dir/cli-quest.txt" \
            -- "$bin/nsearch" --index "$dir/nsearch.db" "{}" \
            :: quest -d "$dir/nsearch.db" -s english -o and -m 10 "{}" > "$dir/cli-round.log"
        grep ' label=nsearch ' "$dir/cli-round.log" >> "$dir/rounds-cli-nsearch.log"
        grep ' label=quest ' "$dir/cli-round.log" >> "$dir/rounds-cli-quest.log"
    done
    cli_ns=$(median_line "$dir/rounds-cli-nsearch.log")
    cli_quest=$(median_line "$dir/rounds-cli-quest.log")
    printf '%s\n' "$cli_ns" "$cli_quest" >> "$dir/latency.log"

    say "$label: 2 shards (nsearch-index --shards 2), local and over xapian-tcpsrv"
    r=$(timed "$dir/nsearch-index-shards.log" "$bin/nsearch-index" -q --shards 2 \
        --index "$dir/shards.db" "$@") || {
        rc=$?; [ "$rc" -le 1 ] || { cat "$dir/nsearch-index-shards.log" >&2; exit 1; }; }
    shards_index_s=${r% *}
    local_lat=$("$bin/nsearch-bench" --index "$dir/shards.db" --queries "$q" \
        --raw "$dir/lat-nsearch-shards-local.txt")
    bench_remote "$dir" "$q" # not in $(...): the servers must be this shell's to stop
    remote_lat=$(cat "$dir/remote.log")
    printf '%s\n' "$local_lat" "$remote_lat" >> "$dir/latency.log"

    # A --jobs build is a stub naming its generation: count both.
    du_ns=$(du -skc "$dir/nsearch.db" "$dir"/nsearch.db.gen-* 2> /dev/null | tail -n 1 | cut -f1)
    du_si=$( [ -d "$dir/scriptindex.db" ] && du -sk "$dir/scriptindex.db" | cut -f1 || echo -)
    du_fts=$(du -sk "$dir/fts5.db" | cut -f1)
    # One tab-separated line per corpus for the table and the plots.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$name" "$label" "$files" \
        "$(rate "$files" "$ns_index_s")" "$(rate "$files" "$si_index_s")" "$(rate "$files" "$fts_index_s")" \
        "$(field p50_us "$ns_lat")" "$(field p90_us "$ns_lat")" "$(field p99_us "$ns_lat")" "$(field max_us "$ns_lat")" \
        "$(field p50_us "$nosnip_lat")" "$(field p90_us "$nosnip_lat")" "$(field p99_us "$nosnip_lat")" "$(field max_us "$nosnip_lat")" \
        "$(field p50_us "$plain_lat")" "$(field p90_us "$plain_lat")" "$(field p99_us "$plain_lat")" "$(field max_us "$plain_lat")" \
        "$(field p50_us "$fts_lat")" "$(field p90_us "$fts_lat")" "$(field p99_us "$fts_lat")" "$(field max_us "$fts_lat")" \
        "$(field p50_us "$cli_ns")" "$(field p99_us "$cli_ns")" "$(field p50_us "$cli_quest")" "$(field p99_us "$cli_quest")" \
        "$(field p50_us "$cold_lat")" "$(field p99_us "$cold_lat")" \
        "$ns_index_s" "$si_index_s" "$fts_index_s" "$ns_rss" "$du_ns/$du_si/$du_fts" "$(field drop "$cold_lat")" \
        "$(rate "$files" "$shards_index_s")" \
        "$(field p50_us "$local_lat")" "$(field p90_us "$local_lat")" "$(field p99_us "$local_lat")" "$(field max_us "$local_lat")" \
        "$(field p50_us "$remote_lat")" "$(field p90_us "$remote_lat")" "$(field p99_us "$remote_lat")" "$(field max_us "$remote_lat")" \
        "$shards_index_s" \
        "$(field p50_us "$onethread_lat")" "$(field p90_us "$onethread_lat")" "$(field p99_us "$onethread_lat")" "$(field max_us "$onethread_lat")" \
        "$(field two_threads "$ns_lat")" \
        >> "$summary"
    rm -f "$dir/fts5.db"
    rm -rf "$dir/scriptindex.db" "$dir/shards.db"*
}

# free_port: a TCP port nothing listens on now (from /proc/net/tcp*).
free_port() {
    _p=$((20000 + $$ % 20000))
    while awk -v p="$(printf '%04X' "$_p")" 'NR > 1 { split($2, a, ":"); if (a[2] == p) found = 1 } END { exit !found }' \
            /proc/net/tcp /proc/net/tcp6 2> /dev/null; do
        _p=$((_p + 1))
    done
    echo "$_p"
}

# bench_remote DIR QUERIES: nsearch-bench over DIR/shards.db's two shards
# served by xapian-tcpsrv on 127.0.0.1; its key=value line goes to
# DIR/remote.log.
bench_remote() {
    _stub="$1/remote.stub"
    : > "$_stub"
    for _k in 0 1; do
        _port=$(free_port)
        # setsid: xapian-tcpsrv signals its whole process group when it
        # stops, which must not be this script.  Each serves its shard's
        # stub (shards.db.shard-K).
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$_port" "$1/shards.db.shard-$_k" \
            > "$1/tcpsrv-$_k.log" 2>&1 &
        servers="$servers $!"
        for _ in $(seq 100); do
            grep -q Listening "$1/tcpsrv-$_k.log" && break
            sleep 0.1
        done
        grep -q Listening "$1/tcpsrv-$_k.log" || { cat "$1/tcpsrv-$_k.log" >&2; exit 1; }
        echo "remote 127.0.0.1:$_port" >> "$_stub"
    done
    "$bin/nsearch-bench" --index "$_stub" --queries "$2" --raw "$1/lat-nsearch-shards-remote.txt" \
        > "$1/remote.log"
    stop_servers
}

for size in $BENCH_SIZES; do
    case $size in
    shared)
        if [ -d "$SHARED/corpus/reuters" ] && [ -d "$SHARED/corpus/agnews" ]; then
            run_corpus shared "shared (Reuters + AG News)" \
                "$SHARED/corpus/reuters" "$SHARED/corpus/agnews"
        else
            say "no $SHARED/corpus: shared corpus skipped"
        fi
        ;;
    *[!0-9]* | '')
        say "BENCH_SIZES: '$size' is neither 'shared' nor a number"; exit 2 ;;
    *)
        corpus="$out/corpus-$size-seed$BENCH_SEED"
        if [ ! -f "$corpus/.complete" ]; then
            say "generating $size articles"
            rm -rf "$corpus"
            "$bin/nsearch-gen-corpus" --count "$size" --seed "$BENCH_SEED" --out "$corpus" \
                --sample "$top/corpus/sample"
            touch "$corpus/.complete"
        fi
        run_corpus "gen$size" "generated $size" "$corpus"
        ;;
    esac
done

sh "$top/bench/report.sh" "$out"
