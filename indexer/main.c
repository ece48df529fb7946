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
 * A sharded index (--shards N) is a stub listing the N shard databases of
 * its generation (generation.h); an incremental run opens a writer on
 * each and puts each article into the shard its id picks (shard_set.h).
 * A full build - a sharded index's first run or --rebuild, or any full
 * build with --jobs J > 1 - is done by worker processes into a new
 * generation, swapped in when complete (full_build.h).
 *
 * Exit status: 0 all indexed, 1 some files skipped, 2 usage error,
 * 4 fatal error (nothing after the last commit was written; the index
 * stays searchable), 75 another indexer holds the index, 128 + signal
 * (130, 143) when interrupted after committing what was done.
 */
#include "article.h"
#include "full_build.h"
#include "generation.h"
#include "index_location.h"
#include "index_lock.h"
#include "indexing.h"
#include "limit_options.h"
#include "plan.h"
#include "scan.h"
#include "shard_set.h"
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

/* Documents put between two commits (--batch): Xapian holds a batch's
 * postings in memory until it commits, so this bounds each writer's
 * memory; each commit is also what an interrupted run keeps. */
#define DOCS_PER_COMMIT 5000
#define MAX_DOCS_PER_COMMIT 1000000

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
    unsigned shards;       /* --shards N; 0: not given */
    unsigned jobs;         /* --jobs J; 0: the default */
    unsigned batch;        /* --batch N: documents between commits */
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
            "  --shards N        split the index into N shard databases by the\n"
            "                    hash of article ids, listed by a stub at DIR;\n"
            "                    every run of a split index needs the same N\n"
            "                    (another N: with --rebuild)\n"
            "  --jobs J          worker processes of a full build (a first run or\n"
            "                    --rebuild): default the number of CPUs, at most\n"
            "                    N, for N shards; 1 for one database, where J > 1\n"
            "                    builds J parts in parallel and merges them\n"
            "  --batch N         documents written between commits (default %d):\n"
            "                    bounds each writer's memory (see nsearch-index(1))\n"
            "  --wait[=SECONDS]  wait for another indexer to finish (default:\n"
            "                    exit 75 at once; no SECONDS: wait for ever)\n"
            "  -n, --dry-run     list what would be added, updated and removed\n"
            "  -q, --quiet       print only errors\n"
            "  -v, --verbose     name each file added, updated or removed\n"
            "  -h, --help        show this help\n"
            "  -V, --version     show the version\n",
            DOCS_PER_COMMIT);
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

/* --shards N, --jobs J, --batch N: a whole number from 1 to `max`. */
static int parse_count(const char *name, const char *text, unsigned long max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(text, &end, 10);
    if (errno || end == text || *end || *text == '-' || n < 1 || n > max) {
        fprintf(stderr, "nsearch-index: --%s %s: expected a whole number from 1 to %lu\n", name,
                text, max);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
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
        {"shards", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"batch", required_argument, NULL, 'b'},
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
        case 's':
        case 'j':
            if (parse_count(long_options[which].name, optarg, LAYOUT_MAX_SHARDS,
                            opt == 's' ? &o->shards : &o->jobs) != 0)
                return EXIT_USAGE;
            break;
        case 'b':
            if (parse_count("batch", optarg, MAX_DOCS_PER_COMMIT, &o->batch) != 0)
                return EXIT_USAGE;
            break;
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
    ns_writer_options options = {.language = lang};
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
        printf("remove %s\n", plan->removals[i]->path);
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
    char *generation;        /* a new generation being built: its path */
    unsigned generation_number;
    struct shard_set writers; /* the writers of a run in this process */
    char **shard_paths;      /* an incremental run of a split index: the
                                live generation's shards */
    unsigned n_shard_paths;
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

/* What a failed or stopped run leaves. */
static const char *outcome_note(const struct session *s)
{
    if (!s->generation)
        return "the index keeps what was committed before and stays searchable";
    return s->layout.kind == INDEX_MISSING ? "no index was made" : "the live index is untouched";
}

static int fatal(struct session *s, const char *what, const char *message)
{
    fprintf(stderr, "nsearch-index: %s: %s; %s\n", what, message, outcome_note(s));
    return EXIT_FATAL;
}

static int out_of_memory(void)
{
    fprintf(stderr, "nsearch-index: out of memory\n");
    return EXIT_FATAL;
}

/* A split index is only ever updated as the split it is: another --shards
 * (or none) would put articles where later runs do not look for them.
 * Returns -1 to go on, else the exit status. */
static int check_split(const struct session *s)
{
    if (s->layout.kind == INDEX_FOREIGN && s->o.shards > 1) {
        fprintf(stderr, "nsearch-index: %s is not an index nsearch-index made; it cannot be "
                        "split into shards\n",
                s->layout.path);
        return EXIT_USAGE;
    }
    if (s->o.rebuild || s->layout.kind == INDEX_MISSING || s->layout.kind == INDEX_FOREIGN)
        return -1;
    unsigned have = s->layout.kind == INDEX_STUB ? s->layout.shards : 0;
    unsigned want = s->o.shards > 1 ? s->o.shards : 0;
    if (have == want)
        return -1;
    if (!s->o.shards)
        fprintf(stderr, "nsearch-index: %s is split into %u shards: give --shards %u to update "
                        "it, or --rebuild (without --shards) to make it one index\n",
                s->layout.path, have, have);
    else if (have)
        fprintf(stderr, "nsearch-index: %s is split into %u shards, not %u: give --shards %u to "
                        "update it, or --rebuild --shards %u to split it anew\n",
                s->layout.path, have, s->o.shards, have, s->o.shards);
    else
        fprintf(stderr, "nsearch-index: %s is one index, not split into shards: use --rebuild "
                        "--shards %u to split it\n",
                s->layout.path, s->o.shards);
    return EXIT_USAGE;
}

/* Walk the PATHs.  Returns -1 to go on, else the exit status. */
static int scan_session(struct session *s)
{
    int scanned = scan_paths(&s->scan, s->o.paths, s->o.n_paths, report_problem, &s->problems,
                             stop_requested);
    if (scanned < 0)
        return out_of_memory();
    if (scanned == 0)
        return -1;
    return 0; /* stopped: the caller looks at stop_requested */
}

static int stopped(struct session *s, const struct run_counts *c)
{
    int signo = stop_signal_received();
    if (s->generation)
        fprintf(stderr, "nsearch-index: stopped by %s; %s\n", signal_name(signo),
                outcome_note(s));
    else
        fprintf(stderr, "nsearch-index: stopped by %s; %lu files indexed and %lu removed "
                        "before it are committed\n",
                signal_name(signo), c->added + c->updated, c->removed);
    return 128 + signo;
}

/* Make the new generation (complete, committed, its writers closed) the
 * live index.  Returns -1 when done, else the exit status. */
static int swap_in(struct session *s, unsigned shards)
{
    char why[512];
    test_hooks_point(&s->hooks, "built");
    char *retired = NULL;
    int swapped = 0;
    if (layout_swap(&s->layout, s->generation_number, shards, &retired, &swapped, why,
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
    return -1;
}

static int summary(const struct session *s, const struct run_counts *c, uint64_t documents,
                   double started)
{
    unsigned long skipped = c->skipped + s->problems.count;
    char split[32] = "";
    if (s->layout.kind == INDEX_STUB && s->layout.shards > 1)
        snprintf(split, sizeof split, ", %u shards", s->layout.shards);
    if (!s->o.quiet)
        printf("nsearch-index: %lu indexed, %lu unchanged, %lu skipped, %lu removed in %.2f s "
               "(%lu documents written, %llu in %s%s)\n",
               c->added + c->updated, c->unchanged, skipped, c->removed, now_seconds() - started,
               c->docs_put, (unsigned long long)documents, s->layout.path, split);
    return skipped ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}

static unsigned online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > LAYOUT_MAX_SHARDS ? LAYOUT_MAX_SHARDS : (unsigned)n;
}

/* A full build by worker processes into a new generation (full_build.h),
 * then the swap.  Returns the exit status. */
/* The test hook overrides --batch, which overrides the default. */
static unsigned docs_per_commit(const struct session *s)
{
    if (s->hooks.docs_per_commit)
        return s->hooks.docs_per_commit;
    return s->o.batch ? s->o.batch : DOCS_PER_COMMIT;
}

static int build_in_workers(struct session *s, const char *lang, unsigned shards, unsigned jobs,
                            double started)
{
    if (!(s->generation = layout_new_generation(&s->layout, &s->generation_number)))
        return out_of_memory();
    int status = scan_session(s);
    if (status > 0)
        return status;
    if (stop_requested())
        return stopped(s, &s->run.counts);
    test_hooks_point(&s->hooks, "scanned");
    struct full_build b;
    memset(&b, 0, sizeof b);
    b.scan = &s->scan;
    b.shards = shards;
    b.jobs = jobs;
    b.language = lang;
    b.limits = &s->o.limits;
    b.hooks = &s->hooks;
    b.docs_per_commit = docs_per_commit(s);
    b.verbose = s->o.verbose;
    b.show_progress = !s->o.quiet && !s->o.verbose && isatty(STDERR_FILENO);
    b.lock_fd = s->locked ? s->lock.fd : -1;
    switch (full_build_generation(&b, &s->layout, s->generation_number, s->generation,
                                  stop_requested)) {
    case RUN_DONE: break;
    case RUN_STOPPED: return stopped(s, &b.counts);
    case RUN_FATAL: return fatal(s, s->layout.path, b.message);
    }
    status = swap_in(s, shards);
    if (status >= 0)
        return status;
    return summary(s, &b.counts, b.documents, started);
}

/* Open the writers of a run in this process: one on `target`, or one on
 * each shard of the live generation of a split index.  Returns -1 when
 * open, else the exit status. */
static int open_writers(struct session *s, const char *target, const char *lang, unsigned shards)
{
    if (shard_set_init(&s->writers, shards ? shards : 1) != 0)
        return out_of_memory();
    s->writers.cross_shard = shards > 1;
    s->run.shards = &s->writers;
    for (unsigned k = 0; k < s->writers.n; k++) {
        const char *path = shards ? s->shard_paths[k] : target;
        int status = open_writer(&s->writers.writers[k], path, lang, &s->o);
        if (status >= 0)
            return status;
        ns_error err;
        ns_status checked = ns_writer_check_shard(s->writers.writers[k], k, shards, &err);
        if (checked != NS_OK) {
            fprintf(stderr, "nsearch-index: %s\n", err.message);
            return checked == NS_ERR_SCHEMA ? EXIT_USAGE : EXIT_FATAL;
        }
    }
    return -1;
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
    int status = check_split(s);
    if (status >= 0)
        return status;

    char old_lang[64];
    const char *lang = writer_language(s, old_lang, sizeof old_lang);
    int full = s->o.rebuild || s->layout.kind == INDEX_MISSING;
    unsigned want = s->o.shards > 1 ? s->o.shards : 0;
    unsigned jobs = s->o.jobs ? s->o.jobs : want ? online_cpus() : 1;
    if (full && !s->o.dry_run && (want || jobs > 1))
        return build_in_workers(s, lang, want, want && jobs > want ? want : jobs, started);

    /* One process: an incremental run, or a full build of one database
     * with one job (written in place, or in a new generation for a
     * --rebuild). */
    const char *target = s->layout.path;
    unsigned shards = full ? 0 : s->layout.shards;
    if (shards) {
        s->shard_paths = calloc(shards, sizeof *s->shard_paths);
        if (!s->shard_paths)
            return out_of_memory();
        s->n_shard_paths = shards;
        for (unsigned k = 0; k < shards; k++)
            if (!(s->shard_paths[k] = layout_shard_path(&s->layout, s->layout.live, k)))
                return out_of_memory();
    }
    if (s->o.rebuild && !s->o.dry_run) {
        s->generation = layout_new_generation(&s->layout, &s->generation_number);
        if (!s->generation)
            return out_of_memory();
        target = s->generation;
    }
    if (!s->o.dry_run && (status = open_writers(s, target, lang, shards)) >= 0)
        return status;

    if ((status = scan_session(s)) > 0)
        return status;
    int scan_stopped = status == 0;
    ns_error err;
    if (!scan_stopped) {
        char *whole[1] = {s->layout.path};
        ns_status planned = plan_build(&s->plan, &s->scan, shards ? s->shard_paths : whole,
                                       full ? 0 : shards ? shards : 1, &err);
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
    s->run.docs_per_commit = docs_per_commit(s);
    s->run.show_progress = !s->o.quiet && !s->o.verbose && isatty(STDERR_FILENO);
    enum run_result result = scan_stopped ? RUN_STOPPED : run_apply(&s->run, &s->scan, &s->plan,
                                                                    stop_requested);
    if (result == RUN_FATAL)
        return fatal(s, s->layout.path, s->run.error.message);
    uint64_t documents = shard_set_doc_count(&s->writers);
    if (result == RUN_STOPPED)
        return stopped(s, &s->run.counts);
    if (s->o.rebuild) {
        /* Closed first: the new generation is complete on disk, and the
         * writer's lock on it is gone before readers are sent there. */
        shard_set_close(&s->writers);
        if ((status = swap_in(s, 0)) >= 0)
            return status;
    }
    return summary(s, &s->run.counts, documents, started);
}

static void end_session(struct session *s)
{
    shard_set_close(&s->writers);
    if (s->generation) /* a rebuild that did not make it: the old one stays */
        layout_remove_tree(s->generation);
    free(s->generation);
    for (unsigned k = 0; k < s->n_shard_paths; k++)
        free(s->shard_paths[k]);
    free(s->shard_paths);
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
