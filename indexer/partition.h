/* partition.h - before a full build in parallel workers: which shard each
 * file goes to, and which article puts each coverage URL.
 *
 * Workers of a parallel build (full_build.h) each write one shard and
 * cannot look into each other's.  So the parent reads every file once
 * first, on as many threads as there will be workers (a contiguous run
 * of the files each): parsing is cheap next to indexing, but this pass
 * is the build's one serial part before the merge (300k generated
 * articles, --jobs 2: 10.0 s of 208 s on one thread, 5.2 s on two).
 * It decides:
 *   - the shard of each file.  For a sharded index, that of its article's
 *     id (shard_set.h).  For the parts of one database, which are merged
 *     part after part, contiguous runs of the files in path order, of
 *     about equal bytes: the merged database then numbers the articles in
 *     the order a one-process build does, and Xapian, which breaks ties
 *     between equal scores by document number, lists them in the same
 *     order.  Files holding the same article (the same id) all go where
 *     the first of them goes, as the later ones replace it;
 *   - for each coverage URL, the one file whose article puts it, by
 *     replaying in path order what one database does when the same files
 *     are indexed one after the other: an article replaces any document of
 *     its id and first removes the coverage it had put before; coverage
 *     replaces coverage of the same URL but never an article.
 * Each worker then puts only the coverage its files own, and the shards
 * together hold exactly the documents a one-process build of the same
 * files into one database holds.
 *
 * Bad files are reported here (PATH:LINE:COL: reason) and given no shard,
 * so workers do not read them again.  A file that changes between this
 * pass and its worker's is taken as the worker reads it, unless its id
 * changed: the worker then leaves it for the next run (which finds it new)
 * rather than put it where lookups would not find it, or beside another
 * document of the same id in another part.
 */
#ifndef NSEARCH_PARTITION_H
#define NSEARCH_PARTITION_H

#include <stddef.h>

#include "article.h"
#include "scan.h"

/* partition.shard[i] of a file that goes nowhere (bad, or vanished). */
#define PARTITION_NONE ((unsigned)-1)

enum partition_by {
    PARTITION_BY_ID_HASH,  /* the shards of a sharded index */
    PARTITION_BY_RANGE     /* the parts of one database */
};

struct partition {
    unsigned n_shards;
    unsigned *shard;       /* per scan file */
    size_t *id;            /* per scan file: its article's id in names */
    char **names;          /* every id and coverage URL seen, sorted */
    size_t *owner;         /* per name: the scan file whose article puts it
                              as coverage, or (size_t)-1: none does */
    size_t n_names;
    unsigned long bad;     /* files reported as bad */
};

/* Read the `scan`'s files (with `limits`, may be NULL; on up to
 * `n_shards` threads) and partition them over `n_shards` as `by` says.
 * *p must be zeroed.  Polls `stop` (may be NULL) between files.  Returns
 * 0, 1 when stopped, -1 on out of memory. */
int partition_build(struct partition *p, const struct scan *scan, unsigned n_shards,
                    enum partition_by by, const struct article_limits *limits,
                    int (*stop)(void));

/* The shard of scan file `file`, read again now with identity `id`:
 * PARTITION_NONE when that is not the id it had in the partition. */
unsigned partition_place(const struct partition *p, size_t file, const char *id);

/* 1 when the article of scan file `file` puts the coverage `url`; also
 * when the URL was not seen (the file changed since). */
int partition_owns(const struct partition *p, size_t file, const char *url);

/* Release everything and zero *p. */
void partition_free(struct partition *p);

#endif
