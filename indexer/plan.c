/* plan.c - scan vs. index, in memory (see plan.h). */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

struct listing {
    struct known_file *files;
    size_t count;
    size_t cap;
    int shard;      /* the shard being listed */
};

static int collect(const char *path, const ns_file_stamp *stamp, void *context)
{
    struct listing *l = context;
    struct known_file *room = grow_for_one(l->files, &l->cap, l->count, sizeof *room, 1024);
    if (!room)
        return -1;
    l->files = room;
    struct known_file *k = &l->files[l->count];
    memset(k, 0, sizeof *k);
    if (!(k->path = strdup(path)))
        return -1;
    k->shard = l->shard;
    if (stamp) {
        k->stamp = *stamp;
        k->has_stamp = 1;
    }
    l->count++;
    return 0;
}

static int compare_known(const void *a, const void *b)
{
    return strcmp(((const struct known_file *)a)->path,
                  ((const struct known_file *)b)->path);
}

/* Sort by path; a path listed twice (two documents claim one file, or two
 * shards do) keeps one entry, without a stamp so that the file is read
 * again. */
static void sort_unique(struct listing *l)
{
    if (l->count > 1)
        qsort(l->files, l->count, sizeof *l->files, compare_known);
    size_t kept = 0;
    for (size_t i = 0; i < l->count; i++) {
        if (kept > 0 && strcmp(l->files[kept - 1].path, l->files[i].path) == 0) {
            l->files[kept - 1].has_stamp = 0;
            if (l->files[kept - 1].shard != l->files[i].shard)
                l->files[kept - 1].shard = PLAN_SEVERAL_SHARDS;
            free(l->files[i].path);
            continue;
        }
        l->files[kept++] = l->files[i];
    }
    l->count = kept;
}

static int compare_key(const void *key, const void *member)
{
    return strcmp(key, ((const struct known_file *)member)->path);
}

static enum plan_action decide(const struct scan_file *f, const struct known_file *k)
{
    if (!k)
        return PLAN_ADD;
    if (!k->has_stamp || k->stamp.size != f->size)
        return PLAN_UPDATE;
    if (k->stamp.racy || k->stamp.mtime_ns != f->mtime_ns)
        return PLAN_VERIFY;
    return PLAN_UNCHANGED;
}

static ns_status out_of_memory(ns_error *err)
{
    snprintf(err->message, sizeof err->message, "out of memory");
    return NS_ERR_NOMEM;
}

ns_status plan_build(struct plan *plan, struct scan *scan, char *const *shards,
                     unsigned n_shards, ns_error *err)
{
    struct listing l = {NULL, 0, 0, 0};
    for (unsigned k = 0; k < n_shards; k++) {
        l.shard = (int)k;
        ns_status status = ns_index_files(shards[k], collect, &l, err);
        if (status == NS_ERR_INVALID) {
            /* Our visitor stopped it: it could not allocate. */
            plan->known_files = l.files;
            plan->n_known = l.count;
            plan_free(plan);
            return out_of_memory(err);
        }
        if (status != NS_OK && status != NS_ERR_NO_INDEX) {
            plan->known_files = l.files;
            plan->n_known = l.count;
            plan_free(plan);
            return status;
        }
    }
    sort_unique(&l);
    plan->known_files = l.files;
    plan->n_known = l.count;

    size_t n = scan->count ? scan->count : 1;
    plan->actions = malloc(n * sizeof *plan->actions);
    plan->known = malloc(n * sizeof *plan->known);
    plan->removals = malloc((l.count ? l.count : 1) * sizeof *plan->removals);
    if (!plan->actions || !plan->known || !plan->removals) {
        plan_free(plan);
        return out_of_memory(err);
    }
    for (size_t i = 0; i < scan->count; i++) {
        const struct scan_file *f = &scan->files[i];
        struct known_file *k = l.count ? bsearch(f->path, l.files, l.count, sizeof *l.files,
                                                 compare_key)
                                       : NULL;
        if (k)
            k->seen = 1;
        plan->known[i] = k;
        plan->actions[i] = decide(f, k);
        switch (plan->actions[i]) {
        case PLAN_ADD: plan->n_add++; break;
        case PLAN_UPDATE: plan->n_update++; break;
        case PLAN_VERIFY: plan->n_verify++; break;
        case PLAN_UNCHANGED: plan->n_unchanged++; break;
        }
    }
    for (size_t i = 0; i < l.count; i++)
        if (!l.files[i].seen && scan_may_remove(scan, l.files[i].path))
            plan->removals[plan->n_removals++] = &l.files[i];
    return NS_OK;
}

void plan_free(struct plan *plan)
{
    for (size_t i = 0; i < plan->n_known; i++)
        free(plan->known_files[i].path);
    free(plan->known_files);
    free(plan->actions);
    free(plan->known);
    free(plan->removals);
    memset(plan, 0, sizeof *plan);
}
