/* plan.h - what a run has to do: compare the scan with the files the index
 * was built from, all in memory.
 *
 * The index is read once, as one list of (path, stamp) pairs, sorted here;
 * each scanned file is then a binary search away from its stored stamp.
 * That keeps a run where nothing changed down to a walk, a stat per file
 * and one pass over the index, with no per-file index lookups.
 *
 * A sharded index is listed shard by shard, so each file the index knows
 * carries the shard that holds it: that is where its documents are
 * updated or removed, whatever shard its article would go to now.
 *
 * A file is unchanged when its size and mtime match the stamp and the stamp
 * is not racy.  When only the mtime differs (touched, copied without -p,
 * restored from a backup) or the stamp is racy, the file is read and its
 * content hash decides whether it is indexed again.
 */
#ifndef NSEARCH_PLAN_H
#define NSEARCH_PLAN_H

#include <stddef.h>

#include "scan.h"
#include "xapian_shim.h"

enum plan_action {
    PLAN_ADD,       /* the index does not know the file */
    PLAN_UPDATE,    /* its size changed, or its stamp is unknown */
    PLAN_VERIFY,    /* same size, but its mtime changed or was racy */
    PLAN_UNCHANGED
};

struct known_file {
    char *path;
    ns_file_stamp stamp;
    int has_stamp;
    int seen;              /* the scan has it */
    int shard;             /* the shard holding its documents, or
                              PLAN_SEVERAL_SHARDS: a run killed while
                              moving it left them in two (it is then read
                              again, and removed from every shard) */
};

#define PLAN_SEVERAL_SHARDS (-1)

struct plan {
    enum plan_action *actions;          /* one per scan file, same order */
    const struct known_file **known;    /* one per scan file, NULL if new */
    struct known_file *known_files;     /* what the index holds, by path */
    size_t n_known;
    const struct known_file **removals; /* known, not seen, may be removed */
    size_t n_removals;
    size_t n_add, n_update, n_verify, n_unchanged;
};

/* Plan the run over `scan` for the index made of the `n_shards`
 * databases at shards[] (one for a whole index; none: a new, empty index,
 * so every file is added).  *plan must be zeroed.  Returns NS_OK, or the
 * failure reading the index (err filled; NS_ERR_NOMEM too). */
ns_status plan_build(struct plan *plan, struct scan *scan, char *const *shards,
                     unsigned n_shards, ns_error *err);

/* Release everything and zero *plan. */
void plan_free(struct plan *plan);

#endif
