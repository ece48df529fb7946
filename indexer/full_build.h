/* full_build.h - a full build (a sharded index's first run or --rebuild,
 * or a --jobs J build of one database) in parallel worker processes.
 *
 * Indexing is bound by Xapian's writer, and a writer uses one core.  So a
 * full build is split by the hash of article ids (shard_set.h) into
 * shards, each written by a worker process of its own, at most `jobs` at
 * once:
 *   - a sharded index (--shards N): worker K writes shard K of the new
 *     generation, BASE.gen-G/shard-K, which records that it is shard K of
 *     N;
 *   - one database built with --jobs J > 1: J workers write temporary
 *     parts in BASE.parts, which Xapian's compactor then merges into the
 *     new generation (ns_compact) before the parts are removed.
 * The parent first reads every file once (partition.h) to give each file
 * its shard and each coverage URL its one owner, so the shards hold what
 * one database of the same files would.
 *
 * Processes rather than threads: each worker is a plain single-threaded
 * indexer with its own writer, memory and stop signal, and whatever one
 * of them does wrong cannot corrupt another's shard.  A worker reports
 * progress and its result through a pipe.  The build goes into a new
 * generation, so the live index is never touched: a worker that fails,
 * or a stop, abandons the whole build (the caller removes the
 * generation).  Workers die with the parent (PR_SET_PDEATHSIG), and
 * close their copy of the index lock, which stays the parent's alone.
 */
#ifndef NSEARCH_FULL_BUILD_H
#define NSEARCH_FULL_BUILD_H

#include <stdint.h>

#include "article.h"
#include "generation.h"
#include "indexing.h"
#include "scan.h"
#include "test_hooks.h"

struct full_build {
    /* What to build. */
    const struct scan *scan;
    unsigned shards;          /* > 1: a sharded index of this many; else one
                                 database */
    unsigned jobs;            /* workers at once (and the parts of one
                                 database) */
    const char *language;     /* NULL: the default */
    const struct article_limits *limits;
    const struct test_hooks *hooks;
    unsigned long docs_per_commit;
    int verbose;
    int show_progress;
    int lock_fd;              /* closed in the workers; -1: none */
    /* What came of it. */
    struct run_counts counts;
    uint64_t documents;       /* in the new generation */
    ns_status status;         /* when RUN_FATAL: the failure, */
    char message[512];        /* and why */
};

/* Build generation `number` of `layout`, at `generation` (which must not
 * exist; layout_new_generation names it), as `b` says, polling `stop`
 * (may be NULL).  RUN_DONE: the generation is
 * complete and committed, ready for layout_swap with b->shards shards (0
 * when it is one database).  RUN_STOPPED, RUN_FATAL: abandoned; the
 * caller removes the generation (the parts are removed here). */
enum run_result full_build_generation(struct full_build *b, const struct index_layout *layout,
                                      unsigned number, const char *generation,
                                      int (*stop)(void));

#endif
