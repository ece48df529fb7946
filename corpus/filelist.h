/* filelist.h - the article files under a path, in a fixed order.
 *
 * The generator and the benchmark tools need the same files in the same
 * order on every machine (a model learned in another order would give
 * other bytes).  This is their own small walk rather than the indexer's
 * walk.h, so the benchmarks do not change when the indexer's walk grows
 * features: names sorted bytewise (strcmp), hidden entries skipped, files
 * ending in .txt, .md, .yaml or .yml, symbolic links followed to at most
 * FILELIST_MAX_DEPTH levels (which also ends any link loop).
 */
#ifndef NSEARCH_CORPUS_FILELIST_H
#define NSEARCH_CORPUS_FILELIST_H

#include <stddef.h>

#define FILELIST_MAX_DEPTH 16

struct filelist {
    char **paths;
    size_t count;
    size_t cap;
};

/* Appends the article files under `root` (a file or a directory) to
 * *list.  Returns 0, or -1 with errno set when root cannot be read. */
int filelist_collect(const char *root, struct filelist *list);

void filelist_free(struct filelist *list);

#endif
