/* indexing.h - carrying out a plan: read, index, remove, commit.
 *
 * Changes are committed every `docs_per_commit` changes and at the end.
 * Every commit is atomic, and every change is keyed (documents by id, files
 * by path, stamps stored with their documents), so a run killed at any
 * moment leaves the index as of its last commit, searchable, and the next
 * run picks up exactly what is missing: files whose new stamp was not
 * committed look changed again, removals not committed are planned again.
 *
 * For each file to index: read it (a file deleted since the scan is not an
 * error: its documents go), compare content hashes when only the mtime
 * moved (same content: store the new stamp, nothing else), otherwise forget
 * what the index holds for that path and put the article again.  A file
 * that no longer parses loses its documents too, so the index always
 * converges on what a full build of the same files would hold.  Removals
 * come last, so a renamed article is replaced in place before its old path
 * is forgotten, and never missing in between.
 *
 * On a sharded index (shard_set.h) a file's documents are updated where
 * the index holds them, and its article is put into the shard its id
 * picks: when the id changed shard, the old shard forgets the file and
 * the new one gets it.
 */
#ifndef NSEARCH_INDEXING_H
#define NSEARCH_INDEXING_H

#include <stddef.h>

#include "article.h"
#include "plan.h"
#include "progress.h"
#include "scan.h"
#include "shard_set.h"
#include "test_hooks.h"
#include "xapian_shim.h"

struct partition;

struct run_counts {
    unsigned long added;      /* new files indexed */
    unsigned long updated;    /* changed files indexed again */
    unsigned long unchanged;  /* incl. touched files whose content matched */
    unsigned long skipped;    /* bad files (reported) */
    unsigned long removed;    /* files whose documents were removed */
    unsigned long docs_put;   /* documents written */
};

struct run {
    struct shard_set *shards; /* where documents go (one writer, or one
                                 per shard) */
    /* A worker of a parallel build (full_build.h): the partition that
     * decided which file it writes and which coverage each file puts;
     * NULL otherwise. */
    const struct partition *partition;
    /* Called after each file (may be NULL): a worker's progress report. */
    void (*file_done)(void *context, size_t files);
    void *file_done_context;
    const struct article_limits *limits; /* NULL: the defaults */
    int verbose;
    unsigned long docs_per_commit;
    const struct test_hooks *hooks;
    int show_progress;        /* draw the progress bar on stderr */
    struct progress progress;
    struct run_counts counts;
    unsigned long changes_since_commit;
    unsigned long commits;
    ns_error error;           /* the fatal error, when run_apply returns -1 */
};

enum run_result {
    RUN_DONE = 0,
    RUN_STOPPED = 1, /* a stop was asked for; what was done is committed */
    RUN_FATAL = -1   /* run->error says why; nothing after the last commit */
};

/* Apply `plan` (made from `scan`) through run->writer, polling `stop`
 * (may be NULL) between files, and commit.  Bad files are reported on
 * stderr as PATH:LINE:COL: reason. */
enum run_result run_apply(struct run *run, const struct scan *scan, const struct plan *plan,
                          int (*stop)(void));

/* Commit now (also counts commits for the test hooks). */
enum run_result run_commit(struct run *run);

/* Report a file that could not be read as an article on stderr, as
 * PATH:LINE:COL: reason (PATH: reason when there is no position). */
void report_bad_article(const char *shown, const struct article_error *e);

#endif
