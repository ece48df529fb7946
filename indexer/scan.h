/* scan.h - what the PATHs of one run hold now: every article file (by
 * canonical path, with the mtime and size the walk saw) and where the
 * walk's view is complete enough to conclude that a file was deleted.
 *
 * Scanning everything before indexing anything lets the run compare the
 * whole tree with the index in memory (no per-file index lookups), count
 * the work for the progress bar, and process files in one order that does
 * not depend on how the PATHs were spelled: sorted by canonical path.
 *
 * Deletion is decided conservatively.  A file the index knows and the walk
 * did not see is removed only when a directory above it (or the file
 * itself, when named) was listed completely in this run, and no directory
 * above it failed to be read.  So indexing folder B never removes folder
 * A's documents, and an unreadable or unmounted directory never empties the
 * index of what it held.
 */
#ifndef NSEARCH_SCAN_H
#define NSEARCH_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "path_set.h"

struct scan_file {
    char *path;          /* canonical (realpath) */
    char *shown;         /* as the walk spelled it, for messages; NULL when
                            the same as path */
    int64_t mtime_ns;
    int64_t size;
};

struct scan {
    struct scan_file *files; /* sorted by path, no duplicates */
    size_t count;
    size_t cap;
    struct path_set complete;   /* listed in full, or named and found */
    struct path_set unreadable; /* reported as a problem */
};

/* Reports a path the walk could not use; `reason` is static text. */
typedef void (*scan_problem_fn)(const char *path, const char *reason,
                                void *context);

/* Walk each of the `n` paths into *scan (zeroed by the caller), reporting
 * problems through `problem`.  Returns 0, or -1 on out of memory.  `stop`,
 * when not NULL, is polled between files: the scan ends early (returning 1)
 * once it returns non-zero. */
int scan_paths(struct scan *scan, char *const *paths, int n,
               scan_problem_fn problem, void *context, int (*stop)(void));

/* 1 when a file the index knows at `path` and the scan did not see may be
 * taken as deleted (see the top of this file). */
int scan_may_remove(struct scan *scan, const char *path);

/* The path to show the user for a scanned file. */
const char *scan_shown(const struct scan_file *file);

/* The scanned file at `path`, or NULL. */
const struct scan_file *scan_find(const struct scan *scan, const char *path);

/* Release everything and zero *scan. */
void scan_free(struct scan *scan);

#endif
