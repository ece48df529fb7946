/* main.c - nsearch-index: read article files and write them into the index.
 *
 * Usage: nsearch-index [--index DIR] [--lang LANG] [-q] [-v] PATH...
 *
 * Every bad file is reported as PATH:LINE:COL: reason and skipped; the
 * good ones are still indexed.  Changes are committed in batches so memory
 * stays bounded; each commit is atomic, and because documents are keyed by
 * their id a re-run after any failure converges to the same index.
 *
 * Exit status: 0 all indexed, 1 some files skipped, 2 usage error,
 * 75 another indexer holds the index, 4 fatal error (nothing after the last
 * commit was written; the index stays searchable).
 */
#include "article.h"
#include "article_docs.h"
#include "index_location.h"
#include "walk.h"
#include "xapian_shim.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    EXIT_ALL_INDEXED = 0,
    EXIT_SOME_SKIPPED = 1,
    EXIT_USAGE = 2,
    EXIT_FATAL = 4,
    EXIT_LOCKED = 75
};

/* Documents put between two commits: bounds the writer's memory. */
#define DOCS_PER_COMMIT 5000

struct run {
    ns_writer *writer;
    size_t max_bytes;
    int quiet;
    int verbose;
    unsigned long files_indexed;
    unsigned long files_unchanged;
    unsigned long files_skipped;
    unsigned long docs_put;
    unsigned long docs_since_commit;
    ns_status fatal;
    ns_error error;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch-index [OPTION]... PATH...\n"
            "Index the article files under each PATH (files or directories).\n"
            "\n"
            "  --index DIR     index to write (default: $NSEARCH_INDEX, else\n"
            "                  $XDG_DATA_HOME/nsearch/index, else\n"
            "                  ~/.local/share/nsearch/index)\n"
            "  --lang LANG     stemming language (default english; --lang list\n"
            "                  shows them); an existing index keeps its own\n"
            "  -q, --quiet     print only errors\n"
            "  -v, --verbose   name each file as it is indexed\n"
            "  -h, --help      show this help\n"
            "  -V, --version   show the version\n"
            "\n"
            "Exit status: 0 all indexed, 1 some files skipped, 2 usage error,\n"
            "4 fatal error (index left searchable), 75 index locked by another "
            "indexer.\n");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report_problem(const char *path, const char *reason, void *context)
{
    struct run *run = context;
    run->files_skipped++;
    fprintf(stderr, "%s: %s\n", path, reason);
}

static void report_bad_article(const char *path, const struct article_error *e)
{
    if (e->line)
        fprintf(stderr, "%s:%u:%u: %s\n", path, e->line, e->column,
                e->message);
    else
        fprintf(stderr, "%s: %s\n", path, e->message);
}

static int commit(struct run *run)
{
    ns_status status = ns_writer_commit(run->writer, &run->error);
    if (status != NS_OK) {
        run->fatal = status;
        return -1;
    }
    run->docs_since_commit = 0;
    return 0;
}

static int index_file(const char *path, const struct stat *st, void *context)
{
    struct run *run = context;
    (void)st;
    /* The canonical path is the file's identity when it has no URL, so the
     * same file reached from another directory stays one document. */
    char *canonical = realpath(path, NULL);
    if (!canonical)
        return errno == ENOMEM ? -1 : 0; /* vanished since the scan */

    struct article article;
    struct article_error bad;
    int read = article_read_file(canonical, run->max_bytes, &article, &bad);
    if (read == -1) {
        report_bad_article(path, &bad);
        run->files_skipped++;
    } else if (read == 0) {
        unsigned n = 0;
        ns_status status =
            article_docs_put(run->writer, &article, canonical, &n, &run->error);
        if (status != NS_OK) {
            run->fatal = status;
        } else {
            run->files_indexed++;
            run->docs_put += n;
            run->docs_since_commit += n;
            if (run->verbose)
                printf("indexed %s\n", path);
        }
    }
    article_free(&article);
    free(canonical);
    if (run->fatal != NS_OK)
        return -1;
    if (run->docs_since_commit >= DOCS_PER_COMMIT)
        return commit(run);
    return 0;
}

static int check_language(const char *lang)
{
    for (const char **l = ns_languages(); *l; l++)
        if (strcmp(*l, lang) == 0)
            return 0;
    return -1;
}

static void list_languages(FILE *out)
{
    for (const char **l = ns_languages(); *l; l++)
        fprintf(out, "%s\n", *l);
}

static int open_writer(struct run *run, const char *index, const char *lang)
{
    if (index_location_make_parents(index) != 0) {
        fprintf(stderr, "nsearch-index: cannot create the parent of %s: %s\n",
                index, strerror(errno));
        return EXIT_FATAL;
    }
    ns_writer_options options = {lang};
    ns_status status = ns_writer_open(index, &options, &run->writer,
                                      &run->error);
    if (status == NS_OK)
        return 0;
    fprintf(stderr, "nsearch-index: %s\n", run->error.message);
    if (status == NS_ERR_LOCKED)
        return EXIT_LOCKED;
    return status == NS_ERR_SCHEMA ? EXIT_USAGE : EXIT_FATAL;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"index", required_argument, NULL, 'i'},
        {"lang", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *index_flag = NULL, *lang = NULL;
    struct run run;
    memset(&run, 0, sizeof run);
    run.max_bytes = ARTICLE_DEFAULT_MAX_BYTES;

    int opt;
    while ((opt = getopt_long(argc, argv, "qvhV", long_options, NULL)) != -1) {
        switch (opt) {
        case 'i': index_flag = optarg; break;
        case 'l': lang = optarg; break;
        case 'q': run.quiet = 1; break;
        case 'v': run.verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("nsearch-index %s\n", NSEARCH_VERSION); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (lang && strcmp(lang, "list") == 0) {
        list_languages(stdout);
        return 0;
    }
    if (lang && check_language(lang) != 0) {
        fprintf(stderr, "nsearch-index: unknown language '%s'; one of:\n", lang);
        list_languages(stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "nsearch-index: no PATH to index\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    char *index = index_location(index_flag);
    if (!index) {
        fprintf(stderr, "nsearch-index: no index location: give --index DIR "
                        "or set NSEARCH_INDEX\n");
        return EXIT_USAGE;
    }

    double started = now_seconds();
    int status = open_writer(&run, index, lang);
    if (status != 0) {
        free(index);
        return status;
    }
    int walked = 0;
    for (int i = optind; i < argc && walked == 0; i++)
        walked = walk_paths(argv[i], index_file, report_problem, &run);
    if (walked == 0)
        commit(&run);

    if (walked != 0 || run.fatal != NS_OK) {
        if (run.fatal == NS_OK)
            fprintf(stderr, "nsearch-index: out of memory\n");
        else
            fprintf(stderr, "nsearch-index: %s: %s; the index keeps what was "
                            "committed before\n",
                    index, run.error.message);
        ns_writer_close(run.writer);
        free(index);
        return EXIT_FATAL;
    }
    if (!run.quiet)
        printf("nsearch-index: %lu indexed, %lu unchanged, %lu skipped in "
               "%.2f s (%lu documents written, %llu in %s)\n",
               run.files_indexed, run.files_unchanged, run.files_skipped,
               now_seconds() - started, run.docs_put,
               (unsigned long long)ns_writer_doc_count(run.writer), index);
    ns_writer_close(run.writer);
    free(index);
    return run.files_skipped ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}
