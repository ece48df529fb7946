/* main.c - nsearch-index: options, the order of a run, exit statuses.
 *
 * A run: take the index lock (lock), look at the index on disk and clear
 * what a killed run left (generation), open the writer (which checks the
 * schema and language), walk the PATHs (scan), compare them with the index
 * (plan), then read, index and remove (indexing).  With --rebuild the
 * writer opens a fresh generation beside the live index instead, every
 * file is added, and the new generation is swapped in only once it is
 * complete and committed.
 *
 * Exit status: 0 all indexed, 1 some files skipped, 2 usage error,
 * 4 fatal error (nothing after the last commit was written; the index
 * stays searchable), 75 another indexer holds the index, 128 + signal
 * (130, 143) when interrupted after committing what was done.
 */
#include "article.h"
#include "generation.h"
#include "index_location.h"
#include "index_lock.h"
#include "indexing.h"
#include "limit_options.h"
#include "plan.h"
#include "scan.h"
#include "stop_signal.h"
#include "test_hooks.h"
#include "xapian_shim.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    EXIT_ALL_INDEXED = 0,
    EXIT_SOME_SKIPPED = 1,
    EXIT_USAGE = 2,
    EXIT_FATAL = 4,
    EXIT_LOCKED = 75
};

/* Changes put between two commits: bounds the writer's memory.  Larger
 * batches build faster; each commit is what a crash falls back to. */
#define DOCS_PER_COMMIT 5000

/* How long a replaced generation stays after a --rebuild swap, for readers
 * that read the old stub just before it (see generation.h). */
#define RETIRE_GRACE_SECONDS 1.0

struct options {
    const char *index_flag;
    const char *lang;
    int quiet;
    int verbose;
    int dry_run;
    int rebuild;
    double wait_seconds;   /* < 0: do not wait; 0: forever */
    struct article_limits limits; /* what one article file may cost */
    char *const *paths;
    int n_paths;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch-index [OPTION]... PATH...\n"
            "Index the article files under each PATH (files or directories):\n"
            "new and changed files are read, unchanged ones skipped, and the\n"
            "documents of files deleted under PATH removed.\n"
            "\n"
            "  --index DIR       index to write (default: $NSEARCH_INDEX, else\n"
            "                    $XDG_DATA_HOME/nsearch/index, else\n"
            "                    ~/.local/share/nsearch/index)\n"
            "  --lang LANG       stemming language (default english; --lang list\n"
            "                    shows them); an existing index keeps its own\n"
            "  --rebuild         build a new index from PATH... beside the live\n"
            "                    one and swap it in atomically when complete\n"
            "  --wait[=SECONDS]  wait for another indexer to finish (default:\n"
            "                    exit 75 at once; no SECONDS: wait for ever)\n"
            "  -n, --dry-run     list what would be added, updated and removed\n"
            "  -q, --quiet       print only errors\n"
            "  -v, --verbose     name each file added, updated or removed\n"
            "  -h, --help        show this help\n"
            "  -V, --version     show the version\n");
    limit_options_usage(out);
    fprintf(out,
            "\n"
            "A limit applies to the files a run reads: after changing one, use\n"
            "--rebuild to apply it to every file.\n"
            "\n"
            "Exit status: 0 all indexed, 1 some files skipped, 2 usage error,\n"
            "4 fatal error (index left searchable), 75 index locked by another\n"
            "indexer, 130/143 interrupted (work done so far is committed).\n");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static const char *signal_name(int signo)
{
    return signo == 2 ? "SIGINT" : signo == 15 ? "SIGTERM" : "a signal";
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option long_options[] = {
        {"index", required_argument, NULL, 'i'},
        {"lang", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"dry-run", no_argument, NULL, 'n'},
        {"rebuild", no_argument, NULL, 'r'},
        {"wait", optional_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        LIMIT_OPTIONS('L'),
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->wait_seconds = -1;
    article_limits_init(&o->limits);
    int opt, which = 0;
    char why[256];
    while ((opt = getopt_long(argc, argv, "qvnhV", long_options, &which)) != -1) {
        switch (opt) {
        case 'L':
            if (limit_option_apply(&o->limits, long_options[which].name, optarg, why,
                                   sizeof why) != 0) {
                fprintf(stderr, "nsearch-index: %s\n", why);
                return EXIT_USAGE;
            }
            break;
        case 'i': o->index_flag = optarg; break;
        case 'l': o->lang = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case 'n': o->dry_run = 1; break;
        case 'r': o->rebuild = 1; break;
        case 'w':
            o->wait_seconds = 0;
            if (optarg) {
                char *end;
                errno = 0;
                o->wait_seconds = strtod(optarg, &end);
                if (errno || end == optarg || *end || o->wait_seconds <= 0) {
                    fprintf(stderr, "nsearch-index: --wait=%s: expected a number of "
                                    "seconds above 0\n", optarg);
                    return EXIT_USAGE;
                }
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("nsearch-index %s\n", NSEARCH_VERSION); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (o->lang && strcmp(o->lang, "list") == 0) {
        list_languages(stdout);
        return 0;
    }
    if (o->lang && check_language(o->lang) != 0) {
        fprintf(stderr, "nsearch-index: unknown language '%s'; one of:\n", o->lang);
        list_languages(stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "nsearch-index: no PATH to index\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    o->paths = argv + optind;
    o->n_paths = argc - optind;
    return -1;
}

/* ---- Problems found by the walk ------------------------------------- */

struct problems {
    unsigned long count;
};

static void report_problem(const char *path, const char *reason, void *context)
{
    struct problems *p = context;
    p->count++;
    fprintf(stderr, "%s: %s\n", path, reason);
}

/* ---- Locking ---------------------------------------------------------- */

struct waiting_note {
    const char *index;
    int quiet;
};

static void announce_wait(const char *holder, void *context)
{
    const struct waiting_note *note = context;
    if (!note->quiet)
        fprintf(stderr, "nsearch-index: waiting for the nsearch-index updating %s (%s)\n",
                note->index, holder);
}

/* Returns -1 when locked, else the exit status. */
static int take_lock(struct index_lock *lock, const struct index_layout *layout,
                     const struct options *o)
{
    char holder[256] = "", why[512] = "";
    struct waiting_note note = {layout->path, o->quiet};
    switch (index_lock_take(lock, layout->path, o->wait_seconds, stop_requested, announce_wait,
                            &note, holder, sizeof holder, why, sizeof why)) {
    case INDEX_LOCK_TAKEN:
        return -1;
    case INDEX_LOCK_BUSY:
        fprintf(stderr, "nsearch-index: %s is being updated by another nsearch-index (%s); "
                        "try again later, or use --wait\n",
                layout->path, holder);
        return EXIT_LOCKED;
    case INDEX_LOCK_INTERRUPTED:
        return 128 + stop_signal_received();
    case INDEX_LOCK_ERROR:
        break;
    }
    fprintf(stderr, "nsearch-index: %s\n", why);
    return EXIT_FATAL;
}

/* Open the writer, waiting for Xapian's own lock (held by a writer that is
 * not an nsearch-index) as long as --wait allows.  Returns -1 when open,
 * else the exit status. */
static int open_writer(ns_writer **writer, const char *target, const char *lang,
                       const struct options *o)
{
    ns_writer_options options = {lang};
    ns_error err;
    double deadline = now_seconds() + o->wait_seconds;
    for (;;) {
        ns_status status = ns_writer_open(target, &options, writer, &err);
        if (status == NS_OK)
            return -1;
        int waiting = status == NS_ERR_LOCKED && o->wait_seconds >= 0 &&
                      (o->wait_seconds == 0 || now_seconds() < deadline) && !stop_requested();
        if (!waiting) {
            if (stop_requested())
                return 128 + stop_signal_received();
            fprintf(stderr, "nsearch-index: %s%s\n", err.message,
                    o->rebuild ? "; the live index is untouched" : "");
            if (status == NS_ERR_LOCKED)
                return EXIT_LOCKED;
            return status == NS_ERR_SCHEMA ? EXIT_USAGE : EXIT_FATAL;
        }
        usleep(100000);
    }
}

/* ---- Dry run ------------------------------------------------------------ */

/* What a run would do with a file whose mtime moved: "update" if its
 * content changed, "remove" if it is gone, NULL if it is the same. */
static const char *verify_verb(const struct scan_file *file, const struct known_file *known,
                               const struct article_limits *limits)
{
    struct article article;
    struct article_source source;
    int read = article_read_file_limited(file->path, limits, &article, NULL, &source);
    article_free(&article);
    if (read == -2)
        return "remove";
    if (known->has_stamp && source.hash == known->stamp.hash && source.size == known->stamp.size)
        return NULL;
    return "update";
}

static int dry_run(const struct options *o, const struct scan *scan, const struct plan *plan,
                   unsigned long problems)
{
    unsigned long add = 0, update = 0, unchanged = plan->n_unchanged, removals = plan->n_removals;
    for (size_t i = 0; i < scan->count; i++) {
        const char *verb = NULL;
        switch (plan->actions[i]) {
        case PLAN_ADD: verb = "add"; add++; break;
        case PLAN_UPDATE: verb = "update"; update++; break;
        case PLAN_VERIFY:
            verb = verify_verb(&scan->files[i], plan->known[i], &o->limits);
            if (!verb)
                unchanged++;
            else if (*verb == 'u')
                update++;
            else
                removals++;
            break;
        case PLAN_UNCHANGED: break;
        }
        if (verb)
            printf("%s %s\n", verb, scan_shown(&scan->files[i]));
    }
    for (size_t i = 0; i < plan->n_removals; i++)
        printf("remove %s\n", plan->removals[i]);
    if (!o->quiet)
        fprintf(stderr, "nsearch-index: dry run: %lu to add, %lu to update, %lu unchanged, "
                        "%lu to remove; nothing written\n",
                add, update, unchanged, removals);
    return problems ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}

/* ---- The run ------------------------------------------------------------ */

struct session {
    struct options o;
    struct test_hooks hooks;
    struct index_layout layout;
    struct index_lock lock;
    int locked;
    char *generation;        /* --rebuild: the new generation's path */
    unsigned generation_number;
    struct scan scan;
    struct plan plan;
    struct problems problems;
    struct run run;
};

/* The language to open the writer with: --lang, else the existing
 * index's (an index keeps its language without being told again; a
 * --rebuild keeps it too), else the default. */
static const char *writer_language(struct session *s, char *buf, size_t len)
{
    if (s->o.lang)
        return s->o.lang;
    ns_error err;
    if (s->layout.kind != INDEX_MISSING &&
        ns_index_language(s->layout.path, buf, len, &err) == NS_OK && check_language(buf) == 0)
        return buf;
    return NULL;
}

static int fatal(struct session *s, const char *what, const char *message)
{
    fprintf(stderr, "nsearch-index: %s: %s; %s\n", what, message,
            s->o.rebuild ? "the live index is untouched"
                         : "the index keeps what was committed before and stays searchable");
    return EXIT_FATAL;
}

/* Everything after the lock.  Returns the exit status. */
static int run_session(struct session *s, double started)
{
    char why[512];
    if (layout_inspect(&s->layout, why, sizeof why) != 0) {
        fprintf(stderr, "nsearch-index: %s\n", why);
        return EXIT_FATAL;
    }
    if (s->locked)
        layout_clean(&s->layout);
    if (s->o.rebuild && s->layout.kind == INDEX_FOREIGN) {
        fprintf(stderr, "nsearch-index: %s is neither an index directory nor a stub made by "
                        "nsearch-index; not replacing it\n",
                s->layout.path);
        return EXIT_USAGE;
    }

    const char *target = s->layout.path;
    char old_lang[64];
    const char *lang = writer_language(s, old_lang, sizeof old_lang);
    if (s->o.rebuild && !s->o.dry_run) {
        s->generation = layout_new_generation(&s->layout, &s->generation_number);
        if (!s->generation) {
            fprintf(stderr, "nsearch-index: out of memory\n");
            return EXIT_FATAL;
        }
        target = s->generation;
    }
    if (!s->o.dry_run) {
        int status = open_writer(&s->run.writer, target, lang, &s->o);
        if (status >= 0)
            return status;
    }

    int scanned = scan_paths(&s->scan, s->o.paths, s->o.n_paths, report_problem, &s->problems,
                             stop_requested);
    if (scanned < 0) {
        fprintf(stderr, "nsearch-index: out of memory\n");
        return EXIT_FATAL;
    }
    ns_error err;
    if (scanned == 0) {
        ns_status planned = plan_build(&s->plan, &s->scan,
                                       s->o.rebuild || s->layout.kind == INDEX_MISSING
                                           ? NULL
                                           : s->layout.path,
                                       &err);
        if (planned != NS_OK)
            return fatal(s, s->layout.path, err.message);
    }
    if (s->o.dry_run)
        return stop_requested() ? 128 + stop_signal_received()
                                : dry_run(&s->o, &s->scan, &s->plan, s->problems.count);
    test_hooks_point(&s->hooks, "scanned");

    s->run.limits = &s->o.limits;
    s->run.verbose = s->o.verbose;
    s->run.hooks = &s->hooks;
    s->run.docs_per_commit = s->hooks.docs_per_commit ? s->hooks.docs_per_commit : DOCS_PER_COMMIT;
    s->run.show_progress = !s->o.quiet && !s->o.verbose && isatty(STDERR_FILENO);
    enum run_result result = scanned ? RUN_STOPPED : run_apply(&s->run, &s->scan, &s->plan,
                                                               stop_requested);
    if (result == RUN_FATAL)
        return fatal(s, s->layout.path, s->run.error.message);
    uint64_t documents = ns_writer_doc_count(s->run.writer);
    if (result == RUN_STOPPED) {
        int signo = stop_signal_received();
        if (s->o.rebuild)
            fprintf(stderr, "nsearch-index: stopped by %s; the live index is untouched\n",
                    signal_name(signo));
        else
            fprintf(stderr, "nsearch-index: stopped by %s; %lu files indexed and %lu removed "
                            "before it are committed\n",
                    signal_name(signo), s->run.counts.added + s->run.counts.updated,
                    s->run.counts.removed);
        return 128 + signo;
    }
    if (s->o.rebuild) {
        /* Closed first: the new generation is complete on disk, and the
         * writer's lock on it is gone before readers are sent there. */
        ns_writer_close(s->run.writer);
        s->run.writer = NULL;
        test_hooks_point(&s->hooks, "built");
        char *retired = NULL;
        int swapped = 0;
        if (layout_swap(&s->layout, s->generation_number, &retired, &swapped, why,
                        sizeof why) != 0) {
            if (swapped) {
                /* Live, but the rename may not survive a power cut. */
                free(s->generation);
                s->generation = NULL;
            }
            return fatal(s, s->layout.path, why);
        }
        free(s->generation);
        s->generation = NULL; /* live now: not ours to remove */
        test_hooks_point(&s->hooks, "swapped");
        layout_retire(retired, RETIRE_GRACE_SECONDS);
    }
    const struct run_counts *c = &s->run.counts;
    unsigned long skipped = c->skipped + s->problems.count;
    if (!s->o.quiet)
        printf("nsearch-index: %lu indexed, %lu unchanged, %lu skipped, %lu removed in %.2f s "
               "(%lu documents written, %llu in %s)\n",
               c->added + c->updated, c->unchanged, skipped, c->removed, now_seconds() - started,
               c->docs_put, (unsigned long long)documents, s->layout.path);
    return skipped ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}

static void end_session(struct session *s)
{
    ns_writer_close(s->run.writer);
    if (s->generation) /* a rebuild that did not make it: the old one stays */
        layout_remove_tree(s->generation);
    free(s->generation);
    plan_free(&s->plan);
    scan_free(&s->scan);
    if (s->locked)
        index_lock_release(&s->lock);
    layout_free(&s->layout);
}

int main(int argc, char **argv)
{
    struct session s;
    memset(&s, 0, sizeof s);
    int status = parse_options(argc, argv, &s.o);
    if (status >= 0)
        return status;
    if (stop_signal_install() != 0) {
        fprintf(stderr, "nsearch-index: cannot install signal handlers: %s\n", strerror(errno));
        return EXIT_FATAL;
    }
    test_hooks_load(&s.hooks);
    double started = now_seconds();

    char *index = index_location(s.o.index_flag);
    if (!index) {
        fprintf(stderr, "nsearch-index: no index location: give --index DIR "
                        "or set NSEARCH_INDEX\n");
        return EXIT_USAGE;
    }
    if (!s.o.dry_run && index_location_make_parents(index) != 0) {
        fprintf(stderr, "nsearch-index: cannot create the parent of %s: %s\n", index,
                strerror(errno));
        free(index);
        return EXIT_FATAL;
    }
    char why[512];
    if (layout_resolve(&s.layout, index, why, sizeof why) != 0) {
        fprintf(stderr, "nsearch-index: %s\n", why);
        free(index);
        return EXIT_FATAL;
    }
    free(index);
    /* A dry run writes nothing, so it neither needs nor blocks the lock. */
    if (!s.o.dry_run) {
        status = take_lock(&s.lock, &s.layout, &s.o);
        if (status >= 0) {
            layout_free(&s.layout);
            return status;
        }
        s.locked = 1;
    }
    status = run_session(&s, started);
    end_session(&s);
    return status;
}
