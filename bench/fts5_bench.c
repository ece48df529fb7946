/* fts5_bench.c - nsearch-fts5-bench: SQLite FTS5 on the same articles and
 * queries, the embedded engine people reach for first.
 *
 * Usage: nsearch-fts5-bench --db FILE --queries FILE [--raw FILE] PATH...
 *        nsearch-fts5-bench --db FILE --queries FILE [--raw FILE] --query-only
 *
 * Build: a new database with one FTS5 table over title, excerpt and body
 * (tokenize='porter unicode61': case folding plus the Porter stemmer,
 * closest to nsearch's English Snowball chain), filled in one transaction
 * from the article files under PATH, read with nsearch's own article
 * reader so both engines see the same text.  The build time covers
 * reading, parsing, inserting and the commit, as nsearch-index's does.
 * Each related[] entry becomes a row of its own (title + excerpt), as
 * nsearch-index and the scriptindex feed make it a document of its own, so
 * all three engines index the same documents.
 *
 * Query: each line of the log becomes an FTS5 MATCH of its words, each
 * quoted ("word", with '"' doubled) so no word is read as an operator;
 * adjacent quoted strings are ANDed, like nsearch's default.  Ranked by
 * bm25() (ORDER BY rank), top 10, reading each row's title and url.  The
 * log runs once to warm up, then once measured.  --query-only times the
 * log against the table a build left (make bench runs it in turn with the
 * other engines, so drift of the machine hits them alike).
 *
 * Output: "fts5-build files=.. skipped=.. seconds=.. rate=.." and the
 * latency line of bench_stats.h.
 */
#include "article.h"
#include "bench_stats.h"
#include "filelist.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LIMIT 10

struct build {
    sqlite3_stmt *insert;
    unsigned long files;
    unsigned long skipped;
    unsigned long rows;
    int failed;
};

/* Runs the bound insert. */
static void insert_row(struct build *b, const char *path)
{
    if (sqlite3_step(b->insert) != SQLITE_DONE) {
        fprintf(stderr, "nsearch-fts5-bench: insert %s: %s\n", path,
                sqlite3_errmsg(sqlite3_db_handle(b->insert)));
        b->failed = 1;
    }
    sqlite3_reset(b->insert);
    sqlite3_clear_bindings(b->insert);
    b->rows++;
}

static void insert_file(struct build *b, const char *path)
{
    struct article a;
    struct article_error e;
    int rc = article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &a, &e);
    if (rc != 0) {
        if (rc == -1) {
            fprintf(stderr, "%s:%u:%u: %s\n", path, e.line, e.column, e.message);
            b->skipped++;
        }
        article_free(&a);
        return;
    }
    const char *url = a.web_url ? a.web_url : a.original_url ? a.original_url : path;
    sqlite3_bind_text(b->insert, 1, a.title, -1, SQLITE_STATIC);
    sqlite3_bind_text(b->insert, 2, a.excerpt, -1, SQLITE_STATIC);
    sqlite3_bind_text(b->insert, 3, a.body, -1, SQLITE_STATIC);
    sqlite3_bind_text(b->insert, 4, url, -1, SQLITE_STATIC);
    insert_row(b, path);
    for (size_t i = 0; i < a.n_related && !b->failed; i++) {
        const struct article_related *r = &a.related[i];
        if (!r->title)
            continue;
        sqlite3_bind_text(b->insert, 1, r->title, -1, SQLITE_STATIC);
        sqlite3_bind_text(b->insert, 2, r->excerpt, -1, SQLITE_STATIC);
        sqlite3_bind_null(b->insert, 3);
        sqlite3_bind_text(b->insert, 4, r->url ? r->url : url, -1, SQLITE_STATIC);
        insert_row(b, path);
    }
    article_free(&a);
    b->files++;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "nsearch-fts5-bench: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int build_index(sqlite3 *db, char **paths, int n_paths)
{
    if (exec(db, "CREATE VIRTUAL TABLE docs USING fts5(title, excerpt, body, "
                 "url UNINDEXED, tokenize='porter unicode61')") != 0)
        return -1;
    struct build b = {NULL, 0, 0, 0, 0};
    double start = bench_now_us();
    if (exec(db, "BEGIN") != 0 ||
        sqlite3_prepare_v2(db, "INSERT INTO docs(title, excerpt, body, url) "
                               "VALUES (?1, ?2, ?3, ?4)", -1, &b.insert,
                           NULL) != SQLITE_OK)
        return -1;
    for (int i = 0; i < n_paths && !b.failed; i++) {
        struct filelist files = {0};
        if (filelist_collect(paths[i], &files) != 0) {
            fprintf(stderr, "nsearch-fts5-bench: %s: %s\n", paths[i], strerror(errno));
            b.failed = 1;
        }
        for (size_t f = 0; f < files.count && !b.failed; f++)
            insert_file(&b, files.paths[f]);
        filelist_free(&files);
    }
    sqlite3_finalize(b.insert);
    if (b.failed || exec(db, "COMMIT") != 0)
        return -1;
    double seconds = (bench_now_us() - start) / 1e6;
    printf("fts5-build files=%lu rows=%lu skipped=%lu seconds=%.3f rate=%.1f\n",
           b.files, b.rows, b.skipped, seconds, seconds > 0 ? (double)b.files / seconds : 0);
    return 0;
}

/* "w1" "w2" ... from a line of words; NULL if it has none. */
static char *match_expression(const char *line)
{
    size_t n = strlen(line);
    char *out = malloc(3 * n + 4);
    if (!out)
        return NULL;
    size_t o = 0;
    const char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (o)
            out[o++] = ' ';
        out[o++] = '"';
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '"')
                out[o++] = '"';
            out[o++] = *p++;
        }
        out[o++] = '"';
    }
    out[o] = '\0';
    if (o == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Returns rows read, or -1 on an SQL error (a query FTS5 refuses). */
static long run_query(sqlite3_stmt *select, const char *expression)
{
    long rows = 0;
    sqlite3_bind_text(select, 1, expression, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
        /* Read what a result list prints, as nsearch reads its hits. */
        (void)sqlite3_column_text(select, 0);
        (void)sqlite3_column_text(select, 1);
        (void)sqlite3_column_double(select, 2);
        rows++;
    }
    sqlite3_reset(select);
    sqlite3_clear_bindings(select);
    return rc == SQLITE_DONE ? rows : -1;
}

static int run_queries(sqlite3 *db, char **queries, size_t n, const char *raw)
{
    sqlite3_stmt *select;
    if (sqlite3_prepare_v2(db, "SELECT title, url, bm25(docs) FROM docs "
                               "WHERE docs MATCH ?1 ORDER BY rank LIMIT "
                               "10", -1, &select, NULL) != SQLITE_OK) {
        fprintf(stderr, "nsearch-fts5-bench: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    char **expressions = calloc(n, sizeof *expressions);
    double *us = calloc(n, sizeof *us);
    if (!expressions || !us) {
        free(expressions);
        free(us);
        sqlite3_finalize(select);
        return -1;
    }
    /* Converting the query is the caller's job in any embedding: not
     * timed, like nsearch-bench's reading of the log. */
    for (size_t i = 0; i < n; i++)
        expressions[i] = match_expression(queries[i]);
    size_t zero = 0, errors = 0;
    double wall = 0;
    for (int pass = 0; pass < 2; pass++) {
        zero = errors = 0;
        wall = 0;
        for (size_t i = 0; i < n; i++) {
            double start = bench_now_us();
            long rows = expressions[i] ? run_query(select, expressions[i]) : -1;
            us[i] = bench_now_us() - start;
            wall += us[i];
            if (rows < 0)
                errors++;
            else if (rows == 0)
                zero++;
        }
    }
    struct latency_stats s;
    latency_summarise(us, n, &s);
    char label[128];
    snprintf(label, sizeof label, "fts5-bench cache=warm zero_hits=%zu errors=%zu",
             zero, errors);
    latency_print(stdout, label, &s, wall > 0 ? (double)n * 1e6 / wall : 0);
    int rc = 0;
    if (raw && latency_write_raw(raw, us, n) != 0) {
        fprintf(stderr, "nsearch-fts5-bench: cannot write %s\n", raw);
        rc = -1;
    }
    for (size_t i = 0; i < n; i++)
        free(expressions[i]);
    free(expressions);
    free(us);
    sqlite3_finalize(select);
    return rc;
}

static void usage(FILE *out)
{
    fprintf(out, "Usage: nsearch-fts5-bench --db FILE --queries FILE "
                 "[--raw FILE] PATH...\n"
                 "       nsearch-fts5-bench --db FILE --queries FILE "
                 "[--raw FILE] --query-only\n"
                 "Build a new SQLite FTS5 table from the articles under PATH "
                 "(FILE is replaced),\nthen time the query log against it; "
                 "--query-only times it against FILE as it is.\n");
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"db", required_argument, NULL, 'd'},
        {"queries", required_argument, NULL, 'Q'},
        {"raw", required_argument, NULL, 'r'},
        {"query-only", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_path = NULL, *queries_path = NULL, *raw = NULL;
    int query_only = 0, opt;
    while ((opt = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'd': db_path = optarg; break;
        case 'Q': queries_path = optarg; break;
        case 'r': raw = optarg; break;
        case 'q': query_only = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!db_path || !queries_path || (query_only ? optind < argc : optind >= argc)) {
        usage(stderr);
        return 2;
    }
    char **queries;
    size_t n;
    if (bench_read_lines(queries_path, &queries, &n) != 0 || n == 0) {
        fprintf(stderr, "nsearch-fts5-bench: %s: no queries\n", queries_path);
        return 2;
    }
    if (!query_only && unlink(db_path) != 0 && errno != ENOENT) {
        fprintf(stderr, "nsearch-fts5-bench: %s: %s\n", db_path, strerror(errno));
        bench_free_lines(queries, n);
        return 2;
    }
    sqlite3 *db;
    int rc = 0;
    int flags = query_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(db_path, &db, flags, NULL) != SQLITE_OK) {
        fprintf(stderr, "nsearch-fts5-bench: %s: %s\n", db_path, sqlite3_errmsg(db));
        rc = 3;
    } else if ((!query_only && build_index(db, argv + optind, argc - optind) != 0) ||
               run_queries(db, queries, n, raw) != 0) {
        rc = 1;
    }
    sqlite3_close(db);
    bench_free_lines(queries, n);
    return rc;
}
