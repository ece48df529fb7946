/* shard_set.h - the writers of one run, and where each document goes.
 *
 * A whole index has one writer.  An index split by --shards N has one per
 * shard, and an article goes to shard fnv1a64(id) mod N (content_hash.h),
 * where id is its identity: webUrl, else originalUrl, else canonical path
 * (article_docs_id).  The hash is of the id's bytes, so the same article
 * goes to the same shard on every machine and every run; a file whose id
 * changes moves shard.  An article's related coverage goes into its shard,
 * so re-indexing or removing the article touches that shard alone, and
 * collapsing a story, which Xapian does over all shards at once, still
 * sees every document of it.
 *
 * One database holds one document per identity; shards must not hold two.
 * A coverage URL can be listed by articles of two shards, or be another
 * article's own id.  One database keeps whichever document was put last,
 * except that coverage never replaces an article; with cross_shard set
 * (incremental runs of a sharded index) the set does the same across
 * shards: before coverage is put, an article with that id (only ever in
 * the shard the id hashes to) keeps it out, and coverage copies in other
 * shards are removed; after an article is put, coverage copies of its id
 * in other shards are removed.  A parallel full build gets the same result
 * without lookups (partition.h).
 */
#ifndef NSEARCH_SHARD_SET_H
#define NSEARCH_SHARD_SET_H

#include "xapian_shim.h"

struct shard_set {
    ns_writer **writers; /* n of them; NULL where this process writes no
                            shard (a worker of a parallel build) */
    unsigned n;          /* 1: a whole index */
    int cross_shard;     /* apply the one-document-per-id rules above */
};

/* The shard of `id` among `n` (0 when n is 0 or 1). */
unsigned shard_pick(const char *id, unsigned n);

/* Make room for `n` writers, all NULL.  Returns 0, or -1 on out of
 * memory. */
int shard_set_init(struct shard_set *set, unsigned n);

/* Documents in all open writers. */
uint64_t shard_set_doc_count(const struct shard_set *set);

/* Close every writer (discarding what was not committed) and free. */
void shard_set_close(struct shard_set *set);

/* Remove the documents of the file at `path` from shard `shard`, or from
 * every shard when it is negative.  *removed gets how many went. */
ns_status shard_set_forget_file(struct shard_set *set, int shard, const char *path,
                                unsigned *removed, ns_error *err);

/* Coverage `url` is about to be put into shard `target`: *keep says
 * whether it may be (no article has that id), after removing coverage
 * copies of it from the other shards (their count added to *removed). */
ns_status shard_set_admit_coverage(struct shard_set *set, unsigned target, const char *url,
                                   int *keep, unsigned *removed, ns_error *err);

/* The article `id` was put into shard `target`: remove coverage copies of
 * that id from the other shards (their count added to *removed). */
ns_status shard_set_claim_id(struct shard_set *set, unsigned target, const char *id,
                             unsigned *removed, ns_error *err);

#endif
