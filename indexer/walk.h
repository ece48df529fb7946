/* walk.h - finding the article files under the paths given to nsearch-index.
 *
 * Directories are walked depth-first in byte order of their entries, so two
 * runs over the same tree see the files in the same order.  Hidden entries
 * (names starting with '.') are skipped; so are files whose names do not end
 * in .txt, .md, .yaml or .yml, unless the file was named on the command line.
 * Symbolic links are followed, but a directory is never entered twice
 * (symlink loops end there).  FIFOs, sockets and devices are reported, never
 * opened, so a stray FIFO cannot block a run.
 */
#ifndef NSEARCH_WALK_H
#define NSEARCH_WALK_H

#include <sys/stat.h>

/* Called for each article file.  Return 0 to go on, non-zero to stop the
 * whole walk (the value is handed back by walk_paths). */
typedef int (*walk_visit_fn)(const char *path, const struct stat *st,
                             void *context);

/* Called for each path the walk could not use; `reason` is static text.
 * It is walk_loop_reason (compare the pointer) for a directory not entered
 * because it is already being walked: seen, not missed. */
typedef void (*walk_problem_fn)(const char *path, const char *reason,
                                void *context);

/* Called for each directory whose entries were all read, before they are
 * visited: the walk has seen everything in it (incremental indexing may
 * conclude that a file it does not contain was deleted). */
typedef void (*walk_directory_fn)(const char *path, void *context);

struct walk_callbacks {
    walk_visit_fn visit;
    walk_problem_fn problem;
    walk_directory_fn directory; /* may be NULL */
    void *context;
};

/* Walk `root` (a file or a directory).  Returns 0, or the first non-zero
 * value a visit returned, or -1 on out of memory. */
int walk_paths(const char *root, const struct walk_callbacks *callbacks);

extern const char walk_loop_reason[];

/* 1 when `name` ends in one of the article extensions. */
int walk_is_article_name(const char *name);

#endif
