/* scratch_dir.h - the per-test scratch directory unit tests share.
 *
 * A cmocka setup makes /tmp/nsearch-NAME-XXXXXX (with an index path inside
 * it, not yet created) and the teardown removes the whole tree, so every
 * test starts on an empty disk and leaves nothing behind.  Two helpers
 * write and read the small files tests put there.
 */
#ifndef NSEARCH_TEST_SCRATCH_DIR_H
#define NSEARCH_TEST_SCRATCH_DIR_H

typedef struct fixture {
    char dir[64];
    char index[128];   /* dir + "/index" */
} fixture;

/* Store a new fixture in *state; `name` tells whose test made it.
 * Returns 0, or -1 (cmocka then skips the test and says so). */
int scratch_setup(void **state, const char *name);

/* Remove the directory tree and free the fixture.  Returns 0. */
int scratch_teardown(void **state);

/* Write `text` into a new file at `path` (a failing test if it cannot). */
void scratch_write_file(const char *path, const char *text);

/* The file at `path` (its first 4 KiB), or NULL when it cannot be read.
 * The text is in a static buffer, valid until the next call. */
const char *scratch_read_file(const char *path);

#endif
