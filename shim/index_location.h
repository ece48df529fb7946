/* index_location.h - where the index lives, decided the same way by every tool.
 *
 * Order: the --index flag, else $NSEARCH_INDEX, else
 * $XDG_DATA_HOME/nsearch/index, else ~/.local/share/nsearch/index.
 * Plain C, no Xapian: it only decides a path.
 */
#ifndef NSEARCH_INDEX_LOCATION_H
#define NSEARCH_INDEX_LOCATION_H

/* Returns a malloc'ed path (caller frees), or NULL when no rule gives one
 * (no flag, no variables and no $HOME) or on out of memory. */
char *index_location(const char *flag_value);

/* Create the parent directories of `path` (like mkdir -p of its dirname),
 * mode 0777 minus umask.  Returns 0, or -1 with errno set. */
int index_location_make_parents(const char *path);

#endif
