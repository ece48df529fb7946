/* scan.c - walk the PATHs into a sorted list of canonical article files
 * (see scan.h for why, and for when a file counts as deleted). */
#include "scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grow.h"
#include "walk.h"

struct scanning {
    struct scan *scan;
    scan_problem_fn problem;
    void *context;
    int (*stop)(void);
    int out_of_memory;
};

static int add_file(struct scan *scan, char *canonical, const char *walked,
                    const struct stat *st)
{
    char *shown = NULL;
    if (strcmp(canonical, walked) != 0 && !(shown = strdup(walked)))
        return -1;
    struct scan_file *room = grow_for_one(scan->files, &scan->cap, scan->count, sizeof *room, 1024);
    if (!room) {
        free(shown);
        return -1;
    }
    scan->files = room;
    struct scan_file *f = &scan->files[scan->count++];
    f->path = canonical;
    f->shown = shown;
    f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    f->size = (int64_t)st->st_size;
    return 0;
}

static int visit_file(const char *path, const struct stat *st, void *context)
{
    struct scanning *s = context;
    if (s->stop && s->stop())
        return 1;
    /* The canonical path is the file's identity in the index: the same
     * file reached through two spellings or a symlink is one file. */
    char *canonical = realpath(path, NULL);
    if (!canonical) {
        if (errno == ENOMEM)
            return -1;
        if (errno != ENOENT) /* ENOENT: deleted since the walk saw it */
            s->problem(path, strerror(errno), s->context);
        return 0;
    }
    if (add_file(s->scan, canonical, path, st) != 0) {
        free(canonical);
        return -1;
    }
    return 0;
}

/* Remember `path` (canonicalised) in `set`; a path that cannot be
 * canonicalised is not remembered, which is the cautious outcome for both
 * sets (not complete: nothing removed under it). */
static void remember(struct scanning *s, struct path_set *set, const char *path)
{
    char *canonical = realpath(path, NULL);
    if (!canonical) {
        if (errno == ENOMEM)
            s->out_of_memory = 1;
        return;
    }
    if (path_set_add(set, canonical) != 0)
        s->out_of_memory = 1;
    free(canonical);
}

static void listed_directory(const char *path, void *context)
{
    struct scanning *s = context;
    remember(s, &s->scan->complete, path);
}

static void report_problem(const char *path, const char *reason, void *context)
{
    struct scanning *s = context;
    /* A loop is a directory already being walked, not one missed. */
    if (reason != walk_loop_reason)
        remember(s, &s->scan->unreadable, path);
    s->problem(path, reason, s->context);
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const struct scan_file *)a)->path,
                  ((const struct scan_file *)b)->path);
}

/* Sort by path and drop repeats (a file named twice, or reached again
 * through a symlink). */
static void sort_unique(struct scan *scan)
{
    if (scan->count > 1)
        qsort(scan->files, scan->count, sizeof *scan->files, compare_files);
    size_t kept = 0;
    for (size_t i = 0; i < scan->count; i++) {
        if (kept > 0 && strcmp(scan->files[kept - 1].path, scan->files[i].path) == 0) {
            free(scan->files[i].path);
            free(scan->files[i].shown);
            continue;
        }
        scan->files[kept++] = scan->files[i];
    }
    scan->count = kept;
}

int scan_paths(struct scan *scan, char *const *paths, int n,
               scan_problem_fn problem, void *context, int (*stop)(void))
{
    struct scanning s = {scan, problem, context, stop, 0};
    struct walk_callbacks callbacks = {visit_file, report_problem,
                                       listed_directory, &s};
    int result = 0;
    for (int i = 0; i < n && result == 0 && !s.out_of_memory; i++) {
        struct stat st;
        result = walk_paths(paths[i], &callbacks);
        /* A file named on the command line is complete by itself. */
        if (result == 0 && stat(paths[i], &st) == 0 && !S_ISDIR(st.st_mode))
            remember(&s, &scan->complete, paths[i]);
    }
    sort_unique(scan);
    if (result < 0 || s.out_of_memory)
        return -1;
    return result ? 1 : 0;
}

int scan_may_remove(struct scan *scan, const char *path)
{
    return path_set_covers(&scan->complete, path) &&
           !path_set_covers(&scan->unreadable, path);
}

const char *scan_shown(const struct scan_file *file)
{
    return file->shown ? file->shown : file->path;
}

static int compare_key(const void *key, const void *member)
{
    return strcmp(key, ((const struct scan_file *)member)->path);
}

const struct scan_file *scan_find(const struct scan *scan, const char *path)
{
    if (scan->count == 0)
        return NULL;
    return bsearch(path, scan->files, scan->count, sizeof *scan->files,
                   compare_key);
}

void scan_free(struct scan *scan)
{
    for (size_t i = 0; i < scan->count; i++) {
        free(scan->files[i].path);
        free(scan->files[i].shown);
    }
    free(scan->files);
    path_set_free(&scan->complete);
    path_set_free(&scan->unreadable);
    memset(scan, 0, sizeof *scan);
}
