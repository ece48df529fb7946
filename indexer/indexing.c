/* indexing.c - apply a plan through the writer (see indexing.h). */
#include "indexing.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "article_docs.h"
#include "partition.h"

/* A file modified less than this long before it was read may be modified
 * again without its mtime moving (coarse timestamps: 2 s on FAT, a clock
 * tick elsewhere): its stamp is marked racy and the next run compares
 * content. */
#define RACY_WINDOW_NS (2LL * 1000000000LL)

static int64_t wall_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void report_bad_article(const char *path, const struct article_error *e)
{
    if (e->line)
        fprintf(stderr, "%s:%u:%u: %s\n", path, e->line, e->column, e->message);
    else
        fprintf(stderr, "%s: %s\n", path, e->message);
}

enum run_result run_commit(struct run *run)
{
    /* Shard by shard, each commit atomic: a run killed between two leaves
     * a moved article in both shards or in neither, which the next run
     * sees (plan.h) and repairs. */
    for (unsigned k = 0; k < run->shards->n; k++) {
        if (!run->shards->writers[k])
            continue;
        if (ns_writer_commit(run->shards->writers[k], &run->error) != NS_OK)
            return RUN_FATAL;
        if (run->shards->n > 1)
            test_hooks_point(run->hooks, "shard-committed");
    }
    run->changes_since_commit = 0;
    run->commits++;
    test_hooks_committed(run->hooks, run->commits);
    return RUN_DONE;
}

/* Count `n` changes; commit when a batch is full. */
static enum run_result changed(struct run *run, unsigned long n)
{
    run->changes_since_commit += n;
    if (run->changes_since_commit >= run->docs_per_commit)
        return run_commit(run);
    return RUN_DONE;
}

/* Remove what the index holds for the file; count it as removed. */
static enum run_result forget(struct run *run, const struct known_file *known, const char *shown)
{
    unsigned n = 0;
    if (shard_set_forget_file(run->shards, known->shard, known->path, &n, &run->error) != NS_OK)
        return RUN_FATAL;
    run->counts.removed++;
    if (run->verbose)
        printf("removed %s\n", shown);
    return changed(run, n ? n : 1);
}

/* The article being put, for deciding about its coverage. */
struct putting {
    struct run *run;
    unsigned target;   /* its shard */
    size_t file;       /* its scan index */
    unsigned removed;  /* coverage copies removed from other shards */
};

static ns_status admit_coverage(void *context, const char *url, int *keep, ns_error *err)
{
    struct putting *p = context;
    if (p->run->partition) {
        *keep = partition_owns(p->run->partition, p->file, url);
        return NS_OK;
    }
    return shard_set_admit_coverage(p->run->shards, p->target, url, keep, &p->removed, err);
}

static enum run_result index_file(struct run *run, const struct scan_file *file, size_t index,
                                  enum plan_action action, const struct known_file *known)
{
    const char *shown = scan_shown(file);
    struct article article;
    struct article_error bad;
    struct article_source source;
    int64_t read_at = wall_clock_ns();
    int read = article_read_file_limited(file->path, run->limits, &article, &bad, &source);
    if (read == -2) {
        /* Deleted since the scan: not an error, and not in the index. */
        article_free(&article);
        return known ? forget(run, known, shown) : RUN_DONE;
    }
    if (read == -1) {
        report_bad_article(shown, &bad);
        run->counts.skipped++;
        article_free(&article);
        /* A full build would not have it either. */
        if (known) {
            unsigned n = 0;
            if (shard_set_forget_file(run->shards, known->shard, file->path, &n, &run->error) !=
                NS_OK)
                return RUN_FATAL;
            return n ? changed(run, n) : RUN_DONE;
        }
        return RUN_DONE;
    }
    ns_file_stamp stamp = {source.mtime_ns, source.size, source.hash,
                           read_at - source.mtime_ns < RACY_WINDOW_NS};
    if (action == PLAN_VERIFY && known && known->has_stamp && known->stamp.hash == source.hash &&
        known->stamp.size == source.size) {
        /* Touched, not changed: remember the new mtime, keep the documents. */
        article_free(&article);
        /* A stamp is only trusted from one shard (plan.h): known->shard. */
        if (ns_writer_restamp(run->shards->writers[known->shard], file->path, &stamp, NULL,
                              &run->error) != NS_OK)
            return RUN_FATAL;
        run->counts.unchanged++;
        return changed(run, 1);
    }
    const char *id = article_docs_id(&article, file->path);
    unsigned target = run->partition ? partition_place(run->partition, index, id)
                                     : shard_pick(id, run->shards->n);
    struct putting putting = {run, target, index, 0};
    ns_writer *writer = target < run->shards->n ? run->shards->writers[target] : NULL;
    if (!writer) {
        /* A worker's file whose id changed since the partition
         * (partition.h): left for the next run. */
        fprintf(stderr, "%s: changed while the index was being built; the next run indexes it\n",
                shown);
        run->counts.skipped++;
        article_free(&article);
        return RUN_DONE;
    }
    unsigned forgotten = 0, put = 0;
    ns_status status = NS_OK;
    if (known)
        status = shard_set_forget_file(run->shards, known->shard, file->path, &forgotten,
                                       &run->error);
    article_coverage_fn admit =
        run->partition || run->shards->cross_shard ? admit_coverage : NULL;
    if (status == NS_OK)
        status = article_docs_put_filtered(writer, &article, file->path, &stamp, admit, &putting,
                                           &put, &run->error);
    if (status == NS_OK)
        status = shard_set_claim_id(run->shards, putting.target, id, &putting.removed,
                                    &run->error);
    article_free(&article);
    if (status != NS_OK)
        return RUN_FATAL;
    if (known)
        run->counts.updated++;
    else
        run->counts.added++;
    run->counts.docs_put += put;
    if (run->verbose)
        printf("%s %s\n", known ? "updated" : "added", shown);
    return changed(run, forgotten + put + putting.removed);
}

enum run_result run_apply(struct run *run, const struct scan *scan, const struct plan *plan,
                          int (*stop)(void))
{
    size_t total = plan->n_add + plan->n_update + plan->n_verify + plan->n_removals, done = 0;
    enum run_result result = RUN_DONE;
    run->counts.unchanged += plan->n_unchanged;
    progress_start(&run->progress, run->show_progress, total);
    for (size_t i = 0; i < scan->count && result == RUN_DONE; i++) {
        if (plan->actions[i] == PLAN_UNCHANGED)
            continue;
        if (stop && stop()) {
            result = RUN_STOPPED;
            break;
        }
        result = index_file(run, &scan->files[i], i, plan->actions[i], plan->known[i]);
        progress_update(&run->progress, ++done);
        test_hooks_file_done(run->hooks, done);
        if (run->file_done)
            run->file_done(run->file_done_context, done);
    }
    for (size_t i = 0; i < plan->n_removals && result == RUN_DONE; i++) {
        if (stop && stop()) {
            result = RUN_STOPPED;
            break;
        }
        result = forget(run, plan->removals[i], plan->removals[i]->path);
        progress_update(&run->progress, ++done);
    }
    progress_clear(&run->progress);
    if (result == RUN_FATAL)
        return RUN_FATAL;
    /* Stopped or done: what was done is kept. */
    if (run->changes_since_commit > 0 && run_commit(run) != RUN_DONE)
        return RUN_FATAL;
    return result;
}
