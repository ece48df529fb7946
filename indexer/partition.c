/* partition.c - shards of files and owners of coverage, for parallel
 * builds (see partition.h). */
#include "partition.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article_docs.h"
#include "grow.h"
#include "indexing.h"
#include "shard_set.h"

#define NOBODY SIZE_MAX

/* What indexing one file does, in order: put its article (id), then each
 * coverage entry (url). */
struct event {
    size_t file;
    int is_article;
    char *key;     /* owned until interned */
    size_t name;   /* index into names, once interned */
};

struct events {
    struct event *list;
    size_t count, cap;
};

/* Move `ev` (and its key) to the end of `e`. */
static int push_event(struct events *e, const struct event *ev)
{
    struct event *room = grow_for_one(e->list, &e->cap, e->count, sizeof *room, 4096);
    if (!room)
        return -1;
    e->list = room;
    e->list[e->count++] = *ev;
    return 0;
}

/* Add an event with a copy of `key` to the end of `e`. */
static int push(struct events *e, size_t file, int is_article, const char *key)
{
    char *copy = strdup(key);
    if (!copy)
        return -1;
    if (push_event(e, &(struct event){file, is_article, copy, 0}) == 0)
        return 0;
    free(copy);
    return -1;
}

/* The files a reading thread reads, and what it found. */
struct reading {
    const struct scan *scan;
    const struct article_limits *limits;
    int (*stop)(void);
    struct partition *p; /* shard[i] and id[i] for i in [from, to) */
    size_t from, to;
    struct events e;     /* id[i] indexes these until joined */
    struct bad_file {
        size_t file;
        struct article_error why;
    } *bad;
    size_t n_bad, bad_cap;
    int rc;              /* 0, 1 stopped, -1 out of memory */
};

static int note_bad(struct reading *r, size_t file, const struct article_error *why)
{
    struct bad_file *room = grow_for_one(r->bad, &r->bad_cap, r->n_bad, sizeof *room, 64);
    if (!room)
        return -1;
    r->bad = room;
    r->bad[r->n_bad++] = (struct bad_file){file, *why};
    return 0;
}

/* Read files [from, to): each one's shard, and what indexing it would put. */
static void *read_range(void *arg)
{
    struct reading *r = arg;
    struct partition *p = r->p;
    for (size_t i = r->from; i < r->to; i++) {
        p->shard[i] = PARTITION_NONE;
        p->id[i] = NOBODY;
    }
    for (size_t i = r->from; i < r->to; i++) {
        if (r->stop && r->stop()) {
            r->rc = 1;
            return NULL;
        }
        struct article article;
        struct article_error bad;
        int read = article_read_file_limited(r->scan->files[i].path, r->limits, &article, &bad,
                                             NULL);
        int failed = read == -1 ? note_bad(r, i, &bad) : 0;
        if (read == 0) {
            const char *id = article_docs_id(&article, r->scan->files[i].path);
            p->shard[i] = shard_pick(id, p->n_shards);
            p->id[i] = r->e.count; /* its event, until interned */
            failed = push(&r->e, i, 1, id);
            for (size_t k = 0; !failed && k < article.n_related; k++)
                if (article_docs_is_coverage(&article.related[k], id))
                    failed = push(&r->e, i, 0, article.related[k].url);
        }
        article_free(&article);
        if (failed) {
            r->rc = -1;
            return NULL;
        }
    }
    return NULL;
}

/* Read every file, on up to `threads` threads, each a contiguous run of
 * the files (see partition.h).  The events come out in file order, and
 * bad files are reported in file order. */
static int read_files(struct partition *p, const struct scan *scan, struct events *e,
                      const struct article_limits *limits, int (*stop)(void), unsigned threads)
{
    enum { MAX_READERS = 8, FILES_PER_READER = 256 };
    size_t n = threads < MAX_READERS ? threads : MAX_READERS;
    if (n > scan->count / FILES_PER_READER)
        n = scan->count / FILES_PER_READER;
    if (n < 1)
        n = 1;
    struct reading readers[MAX_READERS];
    pthread_t tids[MAX_READERS];
    size_t started = 0;
    for (size_t k = 0; k < n; k++) {
        readers[k] = (struct reading){.scan = scan, .limits = limits, .stop = stop, .p = p,
                                      .from = scan->count * k / n,
                                      .to = scan->count * (k + 1) / n};
    }
    /* The first run is read on this thread; a thread that cannot start
     * leaves its run to be read here too. */
    for (size_t k = 1; k < n; k++) {
        if (pthread_create(&tids[k], NULL, read_range, &readers[k]) != 0)
            break;
        started = k;
    }
    read_range(&readers[0]);
    for (size_t k = started + 1; k < n; k++)
        read_range(&readers[k]);
    for (size_t k = 1; k <= started; k++)
        pthread_join(tids[k], NULL);

    int rc = 0;
    for (size_t k = 0; k < n; k++) {
        struct reading *r = &readers[k];
        for (size_t b = 0; b < r->n_bad; b++)
            report_bad_article(scan_shown(&scan->files[r->bad[b].file]), &r->bad[b].why);
        p->bad += r->n_bad;
        if (rc == 0 && r->rc != 0)
            rc = r->rc;
        /* Their events after the earlier runs': renumber the ids. */
        for (size_t i = r->from; i < r->to; i++)
            if (p->id[i] != NOBODY)
                p->id[i] += e->count;
        if (rc == 0 && e->count == 0) {
            free(e->list);
            *e = r->e; /* the first run's events, taken whole */
            r->e = (struct events){NULL, 0, 0};
        }
        for (size_t i = 0; i < r->e.count; i++) {
            if (rc == 0 && push_event(e, &r->e.list[i]) != 0)
                rc = -1;
            if (rc != 0)
                free(r->e.list[i].key);
        }
        free(r->e.list);
        free(r->bad);
    }
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Give every distinct key a number: p->names holds each once, sorted;
 * the events' other copies are freed. */
static int intern(struct partition *p, struct events *e)
{
    char **sorted = malloc((e->count ? e->count : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < e->count; i++)
        sorted[i] = e->list[i].key;
    qsort(sorted, e->count, sizeof *sorted, compare_names);
    size_t n = 0;
    for (size_t i = 0; i < e->count; i++) {
        if (n > 0 && strcmp(sorted[n - 1], sorted[i]) == 0)
            continue;
        sorted[n++] = sorted[i];
    }
    p->names = sorted;
    p->n_names = n;
    for (size_t i = 0; i < e->count; i++) {
        char **found = bsearch(&e->list[i].key, sorted, n, sizeof *sorted, compare_names);
        e->list[i].name = (size_t)(found - sorted);
        if (*found != e->list[i].key)
            free(e->list[i].key);
        e->list[i].key = NULL;
    }
    return 0;
}

/* Replay the events as one database would take them (see partition.h). */
static int replay(struct partition *p, const struct events *e)
{
    size_t n = p->n_names ? p->n_names : 1;
    enum { NONE, ARTICLE, COVERAGE } *state = calloc(n, sizeof *state);
    size_t *parent = malloc(n * sizeof *parent);
    /* For each parent name, the coverage it put (a list through next[];
     * entries whose URL another article has taken since are skipped). */
    size_t *put_by = malloc(n * sizeof *put_by);
    size_t *next = malloc((e->count ? e->count : 1) * sizeof *next);
    p->owner = malloc(n * sizeof *p->owner);
    int rc = state && parent && put_by && next && p->owner ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < p->n_names; i++)
        put_by[i] = NOBODY;
    size_t current = NOBODY; /* the name of the article being put */
    for (size_t i = 0; rc == 0 && i < e->count; i++) {
        size_t name = e->list[i].name;
        if (e->list[i].is_article) {
            /* It removes the coverage it put before, then replaces
             * whatever has its id. */
            for (size_t k = put_by[name]; k != NOBODY; k = next[k]) {
                size_t url = e->list[k].name;
                if (state[url] == COVERAGE && parent[url] == name)
                    state[url] = NONE;
            }
            put_by[name] = NOBODY;
            state[name] = ARTICLE;
            current = name;
        } else if (state[name] != ARTICLE) {
            state[name] = COVERAGE;
            parent[name] = current;
            p->owner[name] = e->list[i].file;
            next[i] = put_by[current];
            put_by[current] = i;
        }
    }
    for (size_t i = 0; rc == 0 && i < p->n_names; i++)
        if (state[i] != COVERAGE)
            p->owner[i] = NOBODY;
    free(state);
    free(parent);
    free(put_by);
    free(next);
    return rc;
}

/* Contiguous runs of files of about equal bytes; every file of one id
 * where the first of them is (see partition.h). */
static int by_range(struct partition *p, const struct scan *scan)
{
    int64_t total = 0, before = 0;
    for (size_t i = 0; i < scan->count; i++)
        total += scan->files[i].size > 0 ? scan->files[i].size : 0;
    unsigned *first = malloc((p->n_names ? p->n_names : 1) * sizeof *first);
    if (!first)
        return -1;
    for (size_t i = 0; i < p->n_names; i++)
        first[i] = PARTITION_NONE;
    for (size_t i = 0; i < scan->count; i++) {
        unsigned run = total > 0 ? (unsigned)((double)before / (double)total * p->n_shards) : 0;
        before += scan->files[i].size > 0 ? scan->files[i].size : 0;
        if (p->shard[i] == PARTITION_NONE)
            continue;
        if (first[p->id[i]] == PARTITION_NONE)
            first[p->id[i]] = run < p->n_shards ? run : p->n_shards - 1;
        p->shard[i] = first[p->id[i]];
    }
    free(first);
    return 0;
}

int partition_build(struct partition *p, const struct scan *scan, unsigned n_shards,
                    enum partition_by by, const struct article_limits *limits,
                    int (*stop)(void))
{
    struct events e = {NULL, 0, 0};
    size_t n = scan->count ? scan->count : 1;
    p->n_shards = n_shards;
    p->shard = malloc(n * sizeof *p->shard);
    p->id = malloc(n * sizeof *p->id);
    int rc = p->shard && p->id ? read_files(p, scan, &e, limits, stop, n_shards) : -1;
    if (rc == 0)
        rc = intern(p, &e);
    for (size_t i = 0; rc == 0 && i < scan->count; i++)
        if (p->id[i] != NOBODY)
            p->id[i] = e.list[p->id[i]].name;
    if (rc == 0)
        rc = replay(p, &e);
    if (rc == 0 && by == PARTITION_BY_RANGE)
        rc = by_range(p, scan);
    for (size_t i = 0; i < e.count; i++)
        free(e.list[i].key); /* left when reading or interning stopped */
    free(e.list);
    return rc;
}

unsigned partition_place(const struct partition *p, size_t file, const char *id)
{
    if (p->shard[file] == PARTITION_NONE || strcmp(p->names[p->id[file]], id) != 0)
        return PARTITION_NONE;
    return p->shard[file];
}

int partition_owns(const struct partition *p, size_t file, const char *url)
{
    char **found = p->n_names ? bsearch(&url, p->names, p->n_names, sizeof *p->names,
                                        compare_names)
                              : NULL;
    return !found || p->owner[found - p->names] == file;
}

void partition_free(struct partition *p)
{
    for (size_t i = 0; p->names && i < p->n_names; i++)
        free(p->names[i]);
    free(p->names);
    free(p->owner);
    free(p->shard);
    free(p->id);
    memset(p, 0, sizeof *p);
}
