#!/bin/sh
# bench/report.sh - turns bench/run.sh's summary.tsv into results.md (one
# table, nsearch beside its peers, with ratios) and, when gnuplot is
# installed, latency CDFs (log time axis) and indexing throughput bars.
#
# Usage: bench/report.sh BENCH_DIR      (bench/run.sh calls it)
set -eu
out=$1
summary="$out/summary.tsv"
md="$out/results.md"

# ratio A B: A/B to two decimals, "-" when either is missing.
ratio() { echo "$1 $2" | awk '{ if ($1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ && $2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }
# num X: thousands-grouped integer, or "-".
num() { echo "$1" | awk '{ if ($1 ~ /^[0-9.]+$/) { s = sprintf("%.0f", $1); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r } else print "-" }'; }
ms() { echo "$1" | awk '{ if ($1 ~ /^[0-9.]+$/) printf "%.2f", $1 / 1000; else print "-" }'; }

{
    echo "# nsearch benchmarks"
    echo
    echo "Machine: $(nproc) cores, $(LC_ALL=C lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo); $(date -u +%Y-%m-%d)."
    echo
    echo "Build rates are article files per second (each related[] entry is one more"
    echo "document for every engine); nsearch's is a full build with"
    echo "\`nsearch-index --jobs ${BENCH_JOBS:-1}\` (parts built in parallel, merged by Xapian's compactor).  Query latencies are in-process, warm, top 10,"
    echo "microseconds; CLI is one process per query, wall milliseconds.  nsearch, plain"
    echo "Xapian and quest ran in turn, ${BENCH_ROUNDS:-3} rounds; each figure is the median of its"
    echo "rounds (FTS5 and the shards: one run).  Plain Xapian"
    echo "is what one would write against Xapian directly (QueryParser, Enquire, default"
    echo "BM25, documents with every word, as \`quest -o and\`); nsearch adds quality and"
    echo "heat, one line per story, a some-words pass when the all-words page is short,"
    echo "and (in the first row) a snippet per result; a search with many candidates"
    echo "ranks the two halves of the index on two threads (\`nsearch --threads\`), and"
    echo "the one-thread row is the same search on one core, as the peers run.  Ratios are"
    echo "nsearch / peer: above 1 is faster for build rates, slower for latencies;"
    echo "the shard rows are the same ranking + snippets over the same articles split"
    echo "in two, and their ratios are to the one database."
    echo
    echo "| corpus | articles | engine | build articles/s | p50 µs | p90 µs | p99 µs | max µs | CLI median ms | CLI p99 ms |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    while IFS="$(printf '\t')" read -r name label files ns_rate si_rate fts_rate \
        n50 n90 n99 nmax s50 s90 s99 smax p50 p90 p99 pmax f50 f90 f99 fmax \
        cn50 cn99 cq50 cq99 cold50 cold99 ns_s si_s fts_s ns_rss sizes drop \
        sh_rate l50 l90 l99 lmax r50 r90 r99 rmax sh_s o50 o90 o99 omax two; do
        echo "| $label | $(num "$files") | nsearch (ranking + snippets) | $(num "$ns_rate") | $(num "$n50") | $(num "$n90") | $(num "$n99") | $(num "$nmax") | $(ms "$cn50") | $(ms "$cn99") |"
        echo "| | | nsearch, no snippets | | $(num "$s50") | $(num "$s90") | $(num "$s99") | $(num "$smax") | | |"
        echo "| | | nsearch, one thread (--threads 1; the first row used two for $(num "$two") queries) | | $(num "$o50") | $(num "$o90") | $(num "$o99") | $(num "$omax") | | |"
        echo "| | | plain Xapian, every word (scriptindex; --plain; quest -o and) | $(num "$si_rate") | $(num "$p50") | $(num "$p90") | $(num "$p99") | $(num "$pmax") | $(ms "$cq50") | $(ms "$cq99") |"
        echo "| | | SQLite FTS5 | $(num "$fts_rate") | $(num "$f50") | $(num "$f90") | $(num "$f99") | $(num "$fmax") | | |"
        echo "| | | **nsearch / plain Xapian** | $(ratio "$ns_rate" "$si_rate") | $(ratio "$n50" "$p50") | $(ratio "$n90" "$p90") | $(ratio "$n99" "$p99") | $(ratio "$nmax" "$pmax") | $(ratio "$cn50" "$cq50") | $(ratio "$cn99" "$cq99") |"
        echo "| | | **nsearch, no snippets / plain Xapian** | | $(ratio "$s50" "$p50") | $(ratio "$s90" "$p90") | $(ratio "$s99" "$p99") | $(ratio "$smax" "$pmax") | | |"
        echo "| | | **nsearch, one thread / plain Xapian** | | $(ratio "$o50" "$p50") | $(ratio "$o90" "$p90") | $(ratio "$o99" "$p99") | $(ratio "$omax" "$pmax") | | |"
        echo "| | | **nsearch / FTS5** | $(ratio "$ns_rate" "$fts_rate") | $(ratio "$n50" "$f50") | $(ratio "$n90" "$f90") | $(ratio "$n99" "$f99") | $(ratio "$nmax" "$fmax") | | |"
        echo "| | | nsearch, 2 local shards (--shards 2; build in 2 workers) | $(num "$sh_rate") | $(num "$l50") | $(num "$l90") | $(num "$l99") | $(num "$lmax") | | |"
        echo "| | | nsearch, 2 remote shards (xapian-tcpsrv, 127.0.0.1) | | $(num "$r50") | $(num "$r90") | $(num "$r99") | $(num "$rmax") | | |"
        echo "| | | **2 local shards / one database** | $(ratio "$sh_rate" "$ns_rate") | $(ratio "$l50" "$n50") | $(ratio "$l90" "$n90") | $(ratio "$l99" "$n99") | $(ratio "$lmax" "$nmax") | | |"
        echo "| | | **2 remote shards / one database** | | $(ratio "$r50" "$n50") | $(ratio "$r90" "$n90") | $(ratio "$r99" "$n99") | $(ratio "$rmax" "$nmax") | | |"
    done < "$summary"
    echo
    echo "| corpus | build s (nsearch / nsearch --shards 2 / scriptindex / FTS5) | nsearch-index peak RSS MiB (largest process) | index KiB (nsearch / scriptindex / FTS5) | nsearch cold p50 / p99 µs (page cache dropped by $(cut -f34 "$summary" | head -n 1)) |"
    echo "|---|---|---:|---|---|"
    while IFS="$(printf '\t')" read -r name label files ns_rate si_rate fts_rate \
        n50 n90 n99 nmax s50 s90 s99 smax p50 p90 p99 pmax f50 f90 f99 fmax \
        cn50 cn99 cq50 cq99 cold50 cold99 ns_s si_s fts_s ns_rss sizes drop \
        sh_rate l50 l90 l99 lmax r50 r90 r99 rmax sh_s o50 o90 o99 omax two; do
        rss=$(echo "$ns_rss" | awk '{ if ($1 ~ /^[0-9]+$/) printf "%.0f", $1 / 1024; else print "-" }')
        echo "| $label | $ns_s / $sh_s / $si_s / $fts_s | $rss | $sizes | $(num "$cold50") / $(num "$cold99") |"
    done < "$summary"
    echo
    echo "Raw latencies (µs, one query a line, in log order; the last round's):"
    echo "\`<corpus>/lat-*.txt\`, \`<corpus>/cli-*.txt\`; every round's figures:"
    echo "\`<corpus>/rounds-*.log\`; queries: \`<corpus>/queries.txt\`."
} > "$md"
cat "$md"

if ! command -v gnuplot > /dev/null; then
    echo "bench: gnuplot not installed (make bench-deps): no plots" >&2
    exit 0
fi

# PNG through cairo when this gnuplot has it (viewable anywhere), else SVG.
if gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo; then
    ext=png; terminal="pngcairo size 1000,600 enhanced font 'sans,11'"
else
    ext=svg; terminal="svg size 1000,600 dynamic enhanced font 'sans,11'"
fi

# Latency CDF per corpus: sorted latencies against the fraction of queries.
cdf() { sort -n "$1" | awk -v n="$(wc -l < "$1")" '{ print $1, NR / n }' > "$2"; }
cut -f1,2 "$summary" | while IFS="$(printf '\t')" read -r name label; do
    d="$out/$name"
    plot=""
    for series in "nsearch:nsearch (ranking + snippets)" \
                  "nsearch-nosnippets:nsearch, no snippets" \
                  "nsearch-onethread:nsearch, one thread" \
                  "plain:plain Xapian BM25, every word" "fts5:SQLite FTS5" \
                  "nsearch-cold:nsearch, cold cache" \
                  "nsearch-shards-local:nsearch, 2 local shards" \
                  "nsearch-shards-remote:nsearch, 2 remote shards"; do
        file=${series%%:*}; title=${series#*:}
        [ -s "$d/lat-$file.txt" ] || continue
        cdf "$d/lat-$file.txt" "$d/cdf-$file.dat"
        plot="$plot${plot:+, }'$d/cdf-$file.dat' using 1:2 with lines lw 2 title '$title'"
    done
    gnuplot <<GP
set terminal $terminal
set output '$out/latency-$name.$ext'
set title 'Query latency CDF, $label: top 10, in process, warm cache unless marked'
set logscale x 10
set format x '10^{%L}'
set xlabel 'latency per query (µs, log scale)'
set ylabel 'fraction of queries at or below'
set yrange [0:1]
set grid
set key bottom right
plot $plot
GP
    echo "bench: wrote $out/latency-$name.$ext" >&2
done

# Indexing throughput, one cluster per corpus.
awk -F'\t' '{ label = ($1 == "shared" ? "shared" : "generated"); print "\"" label "\\n" $3 " articles\"", ($4 == "-" ? "NaN" : $4), ($5 == "-" ? "NaN" : $5), ($6 == "-" ? "NaN" : $6) }' "$summary" > "$out/indexing.dat"
gnuplot <<GP
set terminal $terminal
set output '$out/indexing.$ext'
set title 'Full index build (article files per second, log scale)'
set bmargin 5
set style data histograms
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set logscale y 10
set yrange [100:*]
set grid ytics
set key top left
plot '$out/indexing.dat' using 2:xtic(1) title 'nsearch-index', '' using 3 title 'scriptindex (Xapian)', '' using 4 title 'SQLite FTS5'
GP
echo "bench: wrote $out/indexing.$ext" >&2
