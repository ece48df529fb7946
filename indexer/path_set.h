/* path_set.h - a set of canonical paths, asked "is this path, or a
 * directory above it, in the set?".
 *
 * Incremental indexing removes a file's documents only when the walk saw
 * everything in some directory above the file and did not see the file;
 * and never when a directory above it could not be read.  Both questions
 * are ancestor lookups in a set like this one.
 */
#ifndef NSEARCH_PATH_SET_H
#define NSEARCH_PATH_SET_H

#include <stddef.h>

struct path_set {
    char **paths;
    size_t count;
    size_t cap;
    int sorted;
};

/* Add a copy of `path`.  Returns 0, or -1 on out of memory. */
int path_set_add(struct path_set *set, const char *path);

/* 1 when `path` or one of its ancestor directories is in the set.
 * Sorts the set on first use after an add. */
int path_set_covers(struct path_set *set, const char *path);

/* Release the set and zero it.  Safe on a zeroed set. */
void path_set_free(struct path_set *set);

#endif
