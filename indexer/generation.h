/* generation.h - the index on disk, and swapping in a rebuilt one.
 *
 * The index path the user names (say ~/.local/share/nsearch/index) is one
 * of:
 *   - missing: the first run creates a plain Xapian directory there;
 *   - a plain Xapian directory (made by a first run, or by nsearch 0.1);
 *   - a Xapian stub file, one line "auto index.gen-N", naming a generation
 *     directory beside it (made by --rebuild);
 *   - a Xapian stub file listing the S shards of a generation, one line
 *     each, "auto index.gen-N/shard-K" for K = 0 .. S-1 (made by --shards
 *     S): the generation directory holds one Xapian database per shard.
 *     Beside it, one more stub per shard, index.shard-K, names that shard
 *     alone ("auto index.gen-N/shard-K"): a stable path for serving or
 *     replicating one shard that follows every rebuild.
 *
 * --rebuild (and the first run of a sharded index, or of one built by
 * several workers) writes generation N+1 beside the live index, then
 * points the index path at it with one rename() of a new stub over the old
 * path (over
 * a plain directory: renameat2 RENAME_EXCHANGE, so the first rebuild is
 * atomic too), fsyncs the directory, and removes what was live.  A reader
 * opens the stub and then the generation it names, so it sees the old
 * index or the new one, never a half-built one.  A stub and not a symlink:
 * Xapian opens a database's files one by one by path, and a symlink
 * flipped between two of those opens would hand a reader files of two
 * different indexes; a stub is read once and names a directory that does
 * not change under the reader.  The stub names its generation relative to
 * itself, so moving the directory that holds both keeps the index whole.
 *
 * The old generation is removed after a short grace period, so that a
 * reader that read the old stub a moment before the swap still finds the
 * files it is about to open; a reader that has them open keeps them (POSIX
 * unlink semantics).
 */
#ifndef NSEARCH_GENERATION_H
#define NSEARCH_GENERATION_H

#include <stddef.h>

enum index_kind {
    INDEX_MISSING,
    INDEX_DIRECTORY,   /* a plain Xapian database directory */
    INDEX_STUB,        /* our stub naming BASE.gen-N */
    INDEX_FOREIGN      /* some other file (a hand-written stub...) */
};

struct index_layout {
    char *path;        /* the index path, symlinks resolved */
    char *dir;         /* the directory holding it */
    char *base;        /* its name in dir */
    enum index_kind kind;
    unsigned live;     /* INDEX_STUB: the N of the generation it names */
    unsigned shards;   /* INDEX_STUB: how many shards that generation holds
                          (0: it is one database) */
};

/* Most shards one index may be split into: each incremental run keeps a
 * writer open on every shard. */
#define LAYOUT_MAX_SHARDS 64

/* Resolve the index path (a symlink to the index is followed, so the new
 * generation goes where the index really is).  Returns 0, or -1 with why. */
int layout_resolve(struct index_layout *layout, const char *index, char *why, size_t why_len);

/* Look at what is at layout->path now (call again after changes).
 * Returns 0, or -1 with why. */
int layout_inspect(struct index_layout *layout, char *why, size_t why_len);

/* Remove what an interrupted or killed rebuild left beside the index:
 * generations the index does not use, a half-done swap, temporary shards,
 * and stubs of single shards the live index does not have (only when they
 * are exactly such stubs).  Call only while holding the index lock.
 * Nothing is removed beside a foreign index. */
void layout_clean(const struct index_layout *layout);

/* The path of a fresh generation directory (not created), numbered past
 * every generation present.  Returns NULL on out of memory. */
char *layout_new_generation(const struct index_layout *layout, unsigned *number);

/* The path of shard `shard` in generation `number`: DIR/BASE.gen-N/shard-K
 * (as a stub names it, relative: BASE.gen-N/shard-K).  NULL on out of
 * memory. */
char *layout_shard_path(const struct index_layout *layout, unsigned number, unsigned shard);

/* Where a single-database build by several workers puts their temporary
 * shards (DIR/BASE.parts, removed by layout_clean when a run leaves it).
 * NULL on out of memory. */
char *layout_parts_path(const struct index_layout *layout);

/* Make generation `number` (already built and committed; `shards` 0 when
 * it is one database, else how many shard directories it holds) the live
 * index, atomically.  On success returns 0 and *retired names what was
 * live before (NULL if nothing; give it to layout_retire).  On failure
 * returns -1 with why; *swapped says whether the new generation is live
 * anyway (the rename happened; making it durable, or writing the stubs of
 * single shards, did not). */
int layout_swap(struct index_layout *layout, unsigned number, unsigned shards, char **retired,
                int *swapped, char *why, size_t why_len);

/* Remove what layout_swap retired, after `grace_seconds` (see above), and
 * free the name.  What fails to go is removed by the next run. */
void layout_retire(char *retired, double grace_seconds);

/* Remove a directory tree (a generation).  Returns 0 or -1 (errno set). */
int layout_remove_tree(const char *path);

void layout_free(struct index_layout *layout);

#endif
