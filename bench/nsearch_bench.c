/* nsearch_bench.c - nsearch-bench: query latency of an index, in process.
 *
 * Usage: nsearch-bench --index DIR --queries FILE [--plain] [--cold]
 *                      [--cold-each] [--no-snippets] [-n N] [--raw FILE]
 *
 * Each query takes the path `nsearch QUERY` takes, minus printing: one
 * reader (ns_reader_open once), ns_search with ns_rank_options_init's
 * defaults and limit 10, and ns_results_snippet for every hit as the text
 * view does (query/main.c, query/render_text.c).  --plain asks the shim
 * for plain Xapian instead - what someone writing against Xapian directly
 * would run, and what `quest -o and` runs: QueryParser, Enquire, default
 * BM25, the documents with every word, no static boosts, no collapsing
 * into stories, no second pass, no snippets.  Per-query time is taken with
 * CLOCK_MONOTONIC around search + snippets + free.
 *
 * Warm (default): the log runs once to fill the page cache and Xapian's
 * own caches, then once measured.  --cold: the index's files are dropped
 * from the page cache (posix_fadvise DONTNEED on each; if that leaves
 * pages resident and we are root, /proc/sys/vm/drop_caches, which hits the
 * whole machine and so is only the fallback), the reader is reopened, and
 * the log runs once measured.  --cold-each drops before every query (not
 * timed), so every query reads from disk.  The line printed says which
 * method was used and how much of the index was still resident.
 *
 * Output: one line of key=value pairs (bench_stats.h) for scripts.
 */
#include "bench_stats.h"
#include "render.h"
#include "xapian_shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_LIMIT 10

struct options {
    const char *index;
    const char *queries;
    const char *raw;
    unsigned limit;
    int plain;
    int cold;
    int cold_each;
    int snippets;
    unsigned threads; /* ns_reader_options.search_threads */
};

struct cache_state {
    unsigned long long bytes;      /* size of the index files */
    unsigned long long resident;   /* of which in the page cache */
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch-bench --index DIR --queries FILE [OPTION]...\n"
            "Run a query log through nsearch's search path and print latency\n"
            "percentiles (microseconds) and queries per second.\n"
            "\n"
            "  --plain        plain Xapian: every word, default BM25, nothing\n"
            "                 else (no boosts, stories or snippets)\n"
            "  --cold         drop the index from the page cache, then one pass\n"
            "  --cold-each    drop it before every query\n"
            "  --no-snippets  skip ns_results_snippet (to see what it costs)\n"
            "  --threads N    1: every search on one thread; 2: every search\n"
            "                 in two halves (default: as nsearch decides)\n"
            "  -n, --limit N  results per query (default %d)\n"
            "  --raw FILE     write each query's latency (us), one a line\n",
            DEFAULT_LIMIT);
}

/* Applies `fn` to every regular file of the index: a database folder and
 * one level of sub-folders, or a stub file and the local databases its
 * "auto PATH" lines name (relative to the stub; nested stubs followed a
 * few levels), as nsearch-index --jobs and --shards write them. */
static void for_each_index_file(const char *path, int depth,
                                void (*fn)(const char *, void *), void *ctx)
{
    struct stat st;
    if (depth > 4 || stat(path, &st) != 0)
        return;
    if (S_ISREG(st.st_mode)) {
        fn(path, ctx);
        FILE *stub = fopen(path, "r");
        if (!stub)
            return;
        char line[4096], kind[16], where[4000];
        const char *slash = strrchr(path, '/');
        int dir_len = slash ? (int)(slash - path) : 1;
        const char *dir = slash ? path : ".";
        while (fgets(line, sizeof line, stub))
            if (sscanf(line, "%15s %3999s", kind, where) == 2 &&
                (strcmp(kind, "auto") == 0 || strcmp(kind, "glass") == 0)) {
                char target[4096];
                if (where[0] == '/')
                    snprintf(target, sizeof target, "%s", where);
                else if (snprintf(target, sizeof target, "%.*s/%s", dir_len, dir, where) >=
                         (int)sizeof target)
                    continue;
                for_each_index_file(target, depth + 1, fn, ctx);
            }
        fclose(stub);
        return;
    }
    if (!S_ISDIR(st.st_mode))
        return;
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char file[4096];
        if (snprintf(file, sizeof file, "%s/%s", path, e->d_name) >= (int)sizeof file)
            continue;
        if (stat(file, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode))
            fn(file, ctx);
        else if (S_ISDIR(st.st_mode) && depth < 1)
            for_each_index_file(file, depth + 1, fn, ctx);
    }
    closedir(d);
}

static void fadvise_dontneed(const char *path, void *ctx)
{
    (void)ctx;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    fdatasync(fd); /* dirty pages cannot be dropped */
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
}

static void count_resident(const char *path, void *ctx)
{
    struct cache_state *c = ctx;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        long page = sysconf(_SC_PAGESIZE);
        size_t pages = ((size_t)st.st_size + (size_t)page - 1) / (size_t)page;
        void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
        unsigned char *vec = malloc(pages);
        if (map != MAP_FAILED && vec && mincore(map, (size_t)st.st_size, vec) == 0) {
            for (size_t i = 0; i < pages; i++)
                if (vec[i] & 1)
                    c->resident += (unsigned long long)page;
        }
        free(vec);
        if (map != MAP_FAILED)
            munmap(map, (size_t)st.st_size);
        c->bytes += (unsigned long long)st.st_size;
    }
    close(fd);
}

static double resident_share(const char *index)
{
    struct cache_state c = {0, 0};
    for_each_index_file(index, 0, count_resident, &c);
    if (c.bytes == 0)
        return 0;
    double share = (double)c.resident / (double)c.bytes;
    return share > 1 ? 1 : share;
}

/* Drops the index from the page cache; returns the method's name. */
static const char *drop_cache(const char *index)
{
    for_each_index_file(index, 0, fadvise_dontneed, NULL);
    if (resident_share(index) > 0.05 && geteuid() == 0) {
        sync();
        FILE *f = fopen("/proc/sys/vm/drop_caches", "w");
        if (f && fputs("1\n", f) >= 0 && fclose(f) == 0)
            return "drop_caches";
        if (f)
            fclose(f);
    }
    return "fadvise";
}

static int open_reader(const char *index, unsigned threads, ns_reader **reader)
{
    ns_error err;
    ns_reader_options options = {.search_threads = threads};
    if (ns_reader_open_with(index, &options, reader, &err) != NS_OK) {
        fprintf(stderr, "nsearch-bench: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* One query the way nsearch runs it.  Returns the number of hits, or -1
 * when the shim refused the query (counted, not fatal: a log can hold a
 * query the parser rejects). */
static long run_query(ns_reader *reader, const char *query,
                      const struct options *o, unsigned *threads)
{
    ns_search_request request;
    memset(&request, 0, sizeof request);
    request.query = query;
    request.limit = o->limit;
    ns_rank_options_init(&request.rank);
    request.rank.plain_bm25 = o->plain;
    request.rank.plain_all_words = o->plain;
    request.all = o->plain; /* plain Xapian has no stories */
    ns_results *results = NULL;
    ns_error err;
    if (ns_search(reader, &request, &results, &err) != NS_OK)
        return -1;
    *threads = ns_results_threads(results);
    size_t count = ns_results_count(results);
    if (o->snippets) {
        for (size_t i = 0; i < count; i++)
            if (!ns_results_snippet(results, i, RENDER_SNIPPET_BYTES, &err)) {
                ns_results_free(results);
                return -1;
            }
    }
    ns_results_free(results);
    return (long)count;
}

struct pass {
    double *us;
    size_t zero_hits;
    size_t errors;
    size_t two_threads; /* queries that ranked two halves at once */
    double wall_us;
};

static void run_pass(ns_reader *reader, char **queries, size_t n,
                     const struct options *o, int drop_each, struct pass *p)
{
    p->zero_hits = p->errors = p->two_threads = 0;
    p->wall_us = 0;
    for (size_t i = 0; i < n; i++) {
        if (drop_each)
            drop_cache(o->index);
        double start = bench_now_us();
        unsigned threads = 1;
        long hits = run_query(reader, queries[i], o, &threads);
        double took = bench_now_us() - start;
        if (threads == 2)
            p->two_threads++;
        p->us[i] = took;
        p->wall_us += took;
        if (hits < 0)
            p->errors++;
        else if (hits == 0)
            p->zero_hits++;
    }
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option long_options[] = {
        {"index", required_argument, NULL, 'i'},
        {"queries", required_argument, NULL, 'Q'},
        {"raw", required_argument, NULL, 'r'},
        {"limit", required_argument, NULL, 'n'},
        {"plain", no_argument, NULL, 'p'},
        {"cold", no_argument, NULL, 'c'},
        {"cold-each", no_argument, NULL, 'C'},
        {"no-snippets", no_argument, NULL, 'S'},
        {"threads", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "n:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'i': o->index = optarg; break;
        case 'Q': o->queries = optarg; break;
        case 'r': o->raw = optarg; break;
        case 'n': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 10000) {
                fprintf(stderr, "nsearch-bench: -n takes 1 to 10000\n");
                return 2;
            }
            o->limit = (unsigned)v;
            break;
        }
        case 'p': o->plain = 1; o->snippets = 0; break;
        case 'c': o->cold = 1; break;
        case 'C': o->cold = 1; o->cold_each = 1; break;
        case 'S': o->snippets = 0; break;
        case 'T':
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
                fprintf(stderr, "nsearch-bench: --threads takes 1 or 2\n");
                return 2;
            }
            o->threads = (unsigned)(optarg[0] - '0');
            break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); return 2;
        }
    }
    if (!o->index || !o->queries || optind < argc) {
        usage(stderr);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = {NULL, NULL, NULL, DEFAULT_LIMIT, 0, 0, 0, 1, 0};
    int rc = parse_options(argc, argv, &o);
    if (rc != 0)
        return rc;
    char **queries;
    size_t n;
    if (bench_read_lines(o.queries, &queries, &n) != 0 || n == 0) {
        fprintf(stderr, "nsearch-bench: %s: %s\n", o.queries,
                n == 0 && errno == 0 ? "no queries" : strerror(errno));
        return 2;
    }
    struct pass p;
    p.us = calloc(n, sizeof *p.us);
    ns_reader *reader = NULL;
    if (!p.us || open_reader(o.index, o.threads, &reader) != 0) {
        bench_free_lines(queries, n);
        free(p.us);
        return 3;
    }

    const char *cache = "warm";
    const char *method = "-";
    double resident = 0;
    if (o.cold) {
        method = drop_cache(o.index);
        resident = resident_share(o.index);
        /* A fresh reader: Xapian keeps a few blocks per table in memory. */
        ns_reader_close(reader);
        reader = NULL;
        if (open_reader(o.index, o.threads, &reader) != 0) {
            bench_free_lines(queries, n);
            free(p.us);
            return 3;
        }
        cache = o.cold_each ? "cold-each" : "cold";
    } else {
        run_pass(reader, queries, n, &o, 0, &p); /* warm-up, not measured */
    }
    run_pass(reader, queries, n, &o, o.cold_each, &p);

    struct latency_stats s;
    latency_summarise(p.us, n, &s);
    char label[256];
    snprintf(label, sizeof label,
             "nsearch-bench mode=%s snippets=%s cache=%s drop=%s resident=%.3f "
             "docs=%llu zero_hits=%zu errors=%zu two_threads=%zu",
             o.plain ? "plain" : "ranked", o.snippets ? "yes" : "no", cache,
             method, resident, (unsigned long long)ns_reader_doc_count(reader),
             p.zero_hits, p.errors, p.two_threads);
    latency_print(stdout, label, &s, p.wall_us > 0 ? (double)n * 1e6 / p.wall_us : 0);
    if (o.raw && latency_write_raw(o.raw, p.us, n) != 0) {
        fprintf(stderr, "nsearch-bench: cannot write %s: %s\n", o.raw,
                strerror(errno));
        rc = 2;
    }
    ns_reader_close(reader);
    bench_free_lines(queries, n);
    free(p.us);
    return rc;
}
