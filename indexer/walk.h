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

/* Called for each path the walk could not use; `reason` is static text. */
typedef void (*walk_problem_fn)(const char *path, const char *reason,
                                void *context);

/* Walk `root` (a file or a directory).  Returns 0, or the first non-zero
 * value a visit returned, or -1 on out of memory. */
int walk_paths(const char *root, walk_visit_fn visit, walk_problem_fn problem,
               void *context);

/* 1 when `name` ends in one of the article extensions. */
int walk_is_article_name(const char *name);

#endif
