/* test_hooks.h - let the end-to-end tests interrupt the indexer at exact
 * points instead of guessing with timers.
 *
 * Read once from the environment; with none of these variables set (the
 * normal case) every hook is a no-op:
 *   NSEARCH_TEST_DOCS_PER_COMMIT=N    commit every N changes (default 5000)
 *   NSEARCH_TEST_KILL_AFTER_COMMITS=N SIGKILL itself right after commit N
 *   NSEARCH_TEST_PAUSE_AFTER_COMMITS=N pause after commit N (see below)
 *   NSEARCH_TEST_PAUSE_AFTER_FILES=N  pause once N files are done (their
 *                                     changes maybe not yet committed)
 *   NSEARCH_TEST_KILL_AT=POINT        SIGKILL itself at a named point
 *   NSEARCH_TEST_PAUSE_AT=POINT       pause at a named point
 *   NSEARCH_TEST_PAUSE_FIFO=PATH      pausing opens this FIFO and reads it
 *                                     to end of file: the test knows the
 *                                     indexer is there once its own open
 *                                     for writing returns, and lets it go
 *                                     by closing it
 * Named points: "scanned" (after the scan, before any change), "built" (a
 * rebuild committed, not yet swapped), "swapped" (the new generation live,
 * the old one not yet removed), "shard-committed" (after each shard's
 * commit in a run over a sharded index, before the next shard's).
 */
#ifndef NSEARCH_TEST_HOOKS_H
#define NSEARCH_TEST_HOOKS_H

struct test_hooks {
    unsigned long docs_per_commit;     /* 0: the default */
    unsigned long kill_after_commits;  /* 0: never */
    unsigned long pause_after_commits; /* 0: never */
    unsigned long pause_after_files;   /* 0: never */
    const char *kill_at;
    const char *pause_at;
    const char *pause_fifo;
};

void test_hooks_load(struct test_hooks *hooks);

/* After each successful commit; `commits` counts them from 1. */
void test_hooks_committed(const struct test_hooks *hooks, unsigned long commits);

/* After each file the run handled; `files` counts them from 1. */
void test_hooks_file_done(const struct test_hooks *hooks, unsigned long files);

/* At the named point. */
void test_hooks_point(const struct test_hooks *hooks, const char *point);

#endif
