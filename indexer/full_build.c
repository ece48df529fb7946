/* full_build.c - workers, their pipes, and the merge (see full_build.h). */
#include "full_build.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "partition.h"
#include "plan.h"
#include "progress.h"
#include "shard_set.h"

/* A worker reports every this many files (and once at the end). */
#define PROGRESS_EVERY 64

/* How long the parent waits on the pipes before looking at the stop
 * signal again, in ms. */
#define POLL_MS 200

/* One message from a worker.  Smaller than PIPE_BUF, so each write is
 * atomic and each read of this size gets exactly one. */
struct worker_message {
    int is_result;
    unsigned long files;          /* progress: files done so far */
    enum run_result result;       /* the rest: the result */
    struct run_counts counts;
    uint64_t documents;
    ns_status status;
    char message[sizeof(ns_error)];
};

struct worker {
    pid_t pid;
    int fd;                       /* read end of its pipe; -1 when done */
    unsigned long files;          /* done so far */
    int reported;                 /* its result arrived */
    struct worker_message result;
};

/* ---- In the worker ------------------------------------------------------- */

struct reporter {
    int fd;
};

static void send_message(int fd, const struct worker_message *m)
{
    ssize_t n;
    do
        n = write(fd, m, sizeof *m);
    while (n < 0 && errno == EINTR);
}

static void report_progress(void *context, size_t files)
{
    const struct reporter *r = context;
    if (files % PROGRESS_EVERY != 0)
        return;
    struct worker_message m;
    memset(&m, 0, sizeof m);
    m.files = files;
    send_message(r->fd, &m);
}

static void fail(struct worker_message *m, ns_status status, const char *message)
{
    m->result = RUN_FATAL;
    m->status = status;
    snprintf(m->message, sizeof m->message, "%s", message);
}

/* Write database `k` of `n` at `path` from the files the partition gives
 * it.  Fills *m. */
static void write_shard(const struct full_build *b, const struct partition *p, const char *path,
                        unsigned k, struct worker_message *m, int fd, int (*stop)(void))
{
    const struct scan *scan = b->scan;
    /* The build is used only whole: the writer may hold title words for
     * spelling until its last commit (ns_writer_finish). */
    ns_writer_options options = {.language = b->language, .whole_build = 1};
    ns_error err;
    struct shard_set set;
    struct plan plan;
    memset(&plan, 0, sizeof plan);
    if (shard_set_init(&set, p->n_shards) != 0 ||
        !(plan.actions = malloc((scan->count ? scan->count : 1) * sizeof *plan.actions)) ||
        !(plan.known = calloc(scan->count ? scan->count : 1, sizeof *plan.known))) {
        fail(m, NS_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < scan->count; i++) {
        plan.actions[i] = p->shard[i] == k ? PLAN_ADD : PLAN_UNCHANGED;
        plan.n_add += p->shard[i] == k;
    }
    /* A sharded index's shard says which it is; a part of one database
     * must not, or the merged database would say it too. */
    unsigned record = b->shards > 1 ? b->shards : 0;
    ns_status status = ns_writer_open(path, &options, &set.writers[k], &err);
    if (status == NS_OK)
        status = ns_writer_check_shard(set.writers[k], record ? k : 0, record, &err);
    if (status == NS_OK)
        status = ns_writer_commit(set.writers[k], &err);
    if (status != NS_OK) {
        fail(m, status, err.message);
        return;
    }
    struct reporter reporter = {fd};
    struct run run;
    memset(&run, 0, sizeof run);
    run.shards = &set;
    run.partition = p;
    run.file_done = report_progress;
    run.file_done_context = &reporter;
    run.limits = b->limits;
    run.verbose = b->verbose;
    run.hooks = b->hooks;
    run.docs_per_commit = b->docs_per_commit;
    m->result = run_apply(&run, scan, &plan, stop);
    if (m->result == RUN_DONE && ns_writer_finish(set.writers[k], &run.error) != NS_OK)
        m->result = RUN_FATAL;
    m->counts = run.counts;
    m->documents = shard_set_doc_count(&set);
    if (m->result == RUN_FATAL)
        fail(m, NS_ERR_IO, run.error.message);
    shard_set_close(&set);
}

static void worker_main(const struct full_build *b, const struct partition *p, const char *path,
                        unsigned k, int fd, pid_t parent, int (*stop)(void))
{
    /* Dies with the parent, however the parent dies: nobody else would
     * wait for it, and the build it writes is abandoned. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
    if (b->lock_fd >= 0)
        close(b->lock_fd);
    struct worker_message m;
    memset(&m, 0, sizeof m);
    write_shard(b, p, path, k, &m, fd, stop);
    m.is_result = 1;
    send_message(fd, &m);
    fflush(stdout);
    /* No atexit handlers or destructors: they are the parent's. */
    _exit(0);
}

/* ---- In the parent ------------------------------------------------------- */

static int start_worker(struct full_build *b, const struct partition *p, char *const *paths,
                        struct worker *workers, unsigned k, int (*stop)(void))
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    /* What is buffered now must not be written twice. */
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        for (unsigned j = 0; j < k; j++)
            if (workers[j].fd >= 0)
                close(workers[j].fd);
        worker_main(b, p, paths[k], k, fds[1], parent, stop);
    }
    close(fds[1]);
    workers[k].pid = pid;
    workers[k].fd = fds[0];
    return 0;
}

static void stop_workers(struct worker *workers, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        if (workers[k].fd >= 0)
            kill(workers[k].pid, SIGKILL);
}

static void describe_death(char *out, size_t len, unsigned k, int wstatus)
{
    if (WIFSIGNALED(wstatus))
        snprintf(out, len, "the worker writing shard %u died by signal %d", k,
                 WTERMSIG(wstatus));
    else
        snprintf(out, len, "the worker writing shard %u exited with status %d without a result",
                 k, WEXITSTATUS(wstatus));
}

/* The worker's pipe reached its end: reap it and take its result.  Its
 * failure is described in b only when it is the first (`first`): workers
 * stopped because of it die too. */
static enum run_result finish_worker(struct full_build *b, struct worker *w, unsigned k,
                                     int first)
{
    int wstatus = 0;
    close(w->fd);
    w->fd = -1;
    while (waitpid(w->pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (!w->reported) {
        if (first) {
            b->status = NS_ERR_INTERNAL;
            describe_death(b->message, sizeof b->message, k, wstatus);
        }
        return RUN_FATAL;
    }
    const struct worker_message *r = &w->result;
    b->counts.added += r->counts.added;
    b->counts.skipped += r->counts.skipped;
    b->counts.docs_put += r->counts.docs_put;
    b->documents += r->documents;
    if (r->result == RUN_FATAL && first) {
        b->status = r->status;
        snprintf(b->message, sizeof b->message, "%s", r->message);
    }
    return r->result;
}

/* Read what one worker sent; returns 1 when its pipe ended. */
static int read_worker(struct worker *w)
{
    struct worker_message m;
    ssize_t n = read(w->fd, &m, sizeof m);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : 1;
    if (n != (ssize_t)sizeof m)
        return 1; /* end of file (or a torn message: the worker is gone) */
    if (m.is_result) {
        w->result = m;
        w->reported = 1;
    } else {
        w->files = m.files;
    }
    return 0;
}

/* Run one worker per database, `jobs` at once. */
static enum run_result run_workers(struct full_build *b, const struct partition *p,
                                   char *const *paths, int (*stop)(void))
{
    unsigned n = p->n_shards, next = 0, active = 0;
    struct worker *workers = calloc(n, sizeof *workers);
    struct pollfd *polls = calloc(n, sizeof *polls);
    unsigned *polled = calloc(n, sizeof *polled);
    if (!workers || !polls || !polled) {
        free(workers);
        free(polls);
        free(polled);
        b->status = NS_ERR_NOMEM;
        snprintf(b->message, sizeof b->message, "out of memory");
        return RUN_FATAL;
    }
    size_t total = 0;
    for (size_t i = 0; i < b->scan->count; i++)
        total += p->shard[i] != PARTITION_NONE;
    struct progress progress;
    progress_start(&progress, b->show_progress, total);
    enum run_result result = RUN_DONE;
    for (unsigned k = 0; k < n; k++)
        workers[k].fd = -1;
    for (;;) {
        while (result == RUN_DONE && next < n && active < b->jobs) {
            if (start_worker(b, p, paths, workers, next, stop) != 0) {
                b->status = NS_ERR_INTERNAL;
                snprintf(b->message, sizeof b->message, "cannot start a worker: %s",
                         strerror(errno));
                result = RUN_FATAL;
                stop_workers(workers, n);
                break;
            }
            next++;
            active++;
        }
        if (active == 0)
            break;
        if (result == RUN_DONE && stop && stop()) {
            result = RUN_STOPPED;
            stop_workers(workers, n);
        }
        unsigned n_polls = 0;
        for (unsigned k = 0; k < n; k++)
            if (workers[k].fd >= 0) {
                polls[n_polls] = (struct pollfd){workers[k].fd, POLLIN, 0};
                polled[n_polls++] = k;
            }
        if (poll(polls, n_polls, POLL_MS) < 0)
            continue; /* a signal: look at stop again */
        size_t done = 0;
        for (unsigned i = 0; i < n_polls; i++) {
            struct worker *w = &workers[polled[i]];
            if (polls[i].revents && read_worker(w)) {
                enum run_result r = finish_worker(b, w, polled[i], result == RUN_DONE);
                active--;
                if (result == RUN_DONE && r != RUN_DONE) {
                    /* The first failure or stop ends the build. */
                    result = r;
                    stop_workers(workers, n);
                }
            }
        }
        for (unsigned k = 0; k < n; k++)
            done += workers[k].reported ? workers[k].result.counts.added +
                                              workers[k].result.counts.skipped
                                        : workers[k].files;
        progress_update(&progress, done);
    }
    progress_clear(&progress);
    free(workers);
    free(polls);
    free(polled);
    return result;
}

/* ---- The generation ------------------------------------------------------ */

static void free_paths(char **paths, unsigned n)
{
    for (unsigned k = 0; paths && k < n; k++)
        free(paths[k]);
    free(paths);
}

/* The databases the workers write: the generation's shards, or the parts
 * of one database (in a fresh BASE.parts). */
static char **database_paths(const struct full_build *b, const struct index_layout *layout,
                             unsigned number, const char *parts, unsigned n)
{
    char **paths = calloc(n, sizeof *paths);
    for (unsigned k = 0; paths && k < n; k++) {
        if (b->shards > 1) {
            paths[k] = layout_shard_path(layout, number, k);
        } else {
            size_t len = strlen(parts) + 32;
            if ((paths[k] = malloc(len)))
                snprintf(paths[k], len, "%s/part-%u", parts, k);
        }
        if (!paths[k]) {
            free_paths(paths, n);
            return NULL;
        }
    }
    return paths;
}

static enum run_result fatal_errno(struct full_build *b, const char *what, const char *path)
{
    b->status = NS_ERR_IO;
    snprintf(b->message, sizeof b->message, "%s %s: %s", what, path, strerror(errno));
    return RUN_FATAL;
}

enum run_result full_build_generation(struct full_build *b, const struct index_layout *layout,
                                      unsigned number, const char *generation,
                                      int (*stop)(void))
{
    unsigned n = b->shards > 1 ? b->shards : b->jobs;
    if (b->jobs > n)
        b->jobs = n;
    char *parts = layout_parts_path(layout);
    struct partition partition;
    memset(&partition, 0, sizeof partition);
    char **paths = NULL;
    enum run_result result = RUN_FATAL;
    b->status = NS_ERR_NOMEM;
    snprintf(b->message, sizeof b->message, "out of memory");
    if (!parts)
        goto done;
    /* The workers' databases go in a directory of their own. */
    const char *holder = b->shards > 1 ? generation : parts;
    layout_remove_tree(parts);
    if (mkdir(holder, 0777) != 0) {
        result = fatal_errno(b, "cannot create", holder);
        goto done;
    }
    if (!(paths = database_paths(b, layout, number, parts, n)))
        goto done;
    int read = partition_build(&partition, b->scan, n,
                               b->shards > 1 ? PARTITION_BY_ID_HASH : PARTITION_BY_RANGE,
                               b->limits, stop);
    if (read < 0)
        goto done;
    b->counts.skipped += partition.bad;
    result = read ? RUN_STOPPED : run_workers(b, &partition, paths, stop);
    if (result == RUN_DONE && b->shards <= 1) {
        /* One database: merge the parts into the generation. */
        ns_error err;
        b->status = ns_compact((const char *const *)paths, n, generation, &err);
        if (b->status != NS_OK) {
            snprintf(b->message, sizeof b->message, "%s", err.message);
            result = RUN_FATAL;
        }
    }
done:
    if (b->shards <= 1 && parts)
        layout_remove_tree(parts);
    partition_free(&partition);
    free_paths(paths, n);
    free(parts);
    return result;
}
