/* shard_set.c - the writers of a run and the rules across shards
 * (see shard_set.h). */
#include "shard_set.h"

#include <stdlib.h>
#include <string.h>

#include "content_hash.h"

unsigned shard_pick(const char *id, unsigned n)
{
    return n > 1 ? (unsigned)(fnv1a64(id, strlen(id)) % n) : 0;
}

int shard_set_init(struct shard_set *set, unsigned n)
{
    memset(set, 0, sizeof *set);
    set->writers = calloc(n ? n : 1, sizeof *set->writers);
    if (!set->writers)
        return -1;
    set->n = n;
    return 0;
}

uint64_t shard_set_doc_count(const struct shard_set *set)
{
    uint64_t documents = 0;
    for (unsigned k = 0; k < set->n; k++)
        documents += ns_writer_doc_count(set->writers[k]);
    return documents;
}

void shard_set_close(struct shard_set *set)
{
    for (unsigned k = 0; set->writers && k < set->n; k++)
        ns_writer_close(set->writers[k]);
    free(set->writers);
    memset(set, 0, sizeof *set);
}

ns_status shard_set_forget_file(struct shard_set *set, int shard, const char *path,
                                unsigned *removed, ns_error *err)
{
    *removed = 0;
    for (unsigned k = 0; k < set->n; k++) {
        if (!set->writers[k] || (shard >= 0 && (unsigned)shard != k))
            continue;
        unsigned n = 0;
        ns_status status = ns_writer_forget_file(set->writers[k], path, &n, err);
        if (status != NS_OK)
            return status;
        *removed += n;
    }
    return NS_OK;
}

/* Remove coverage `id` from every open shard but `keep_in`; *article is
 * set when some shard holds an article of that id instead. */
static ns_status drop_coverage_elsewhere(struct shard_set *set, unsigned keep_in, const char *id,
                                         int *article, unsigned *removed, ns_error *err)
{
    *article = 0;
    for (unsigned k = 0; k < set->n; k++) {
        if (k == keep_in || !set->writers[k])
            continue;
        ns_id_kind found;
        ns_status status = ns_writer_forget_coverage(set->writers[k], id, &found, err);
        if (status != NS_OK)
            return status;
        *article |= found == NS_ID_ARTICLE;
        *removed += found == NS_ID_COVERAGE;
    }
    return NS_OK;
}

ns_status shard_set_admit_coverage(struct shard_set *set, unsigned target, const char *url,
                                   int *keep, unsigned *removed, ns_error *err)
{
    *keep = 1;
    if (!set->cross_shard || set->n < 2)
        return NS_OK; /* one database: ns_writer_put keeps articles itself */
    int article = 0;
    unsigned home = shard_pick(url, set->n);
    if (home != target && set->writers[home]) {
        /* An article with this id can only be in the shard the id hashes
         * to: look there first, and leave everything alone if it is. */
        ns_id_kind found;
        ns_status status = ns_writer_forget_coverage(set->writers[home], url, &found, err);
        if (status != NS_OK)
            return status;
        if (found == NS_ID_ARTICLE) {
            *keep = 0;
            return NS_OK;
        }
        *removed += found == NS_ID_COVERAGE;
    }
    ns_status status = drop_coverage_elsewhere(set, target, url, &article, removed, err);
    *keep = !article;
    return status;
}

ns_status shard_set_claim_id(struct shard_set *set, unsigned target, const char *id,
                             unsigned *removed, ns_error *err)
{
    int article;
    if (!set->cross_shard || set->n < 2)
        return NS_OK; /* one database: the put replaced it */
    return drop_coverage_elsewhere(set, target, id, &article, removed, err);
}
