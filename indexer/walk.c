/* walk.c - depth-first, sorted, loop-safe directory walk (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* The directories on the current descent, to stop symlink loops. */
struct visited {
    dev_t dev;
    ino_t ino;
    const struct visited *parent;
};

const char walk_loop_reason[] = "directory loop (symbolic link), not entered";

int walk_is_article_name(const char *name)
{
    static const char *const extensions[] = {".txt", ".md", ".yaml", ".yml"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        size_t ext = strlen(extensions[i]);
        if (len > ext && strcmp(name + len - ext, extensions[i]) == 0)
            return 1;
    }
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_one(const struct walk_callbacks *w, const char *path, int named,
                    const struct visited *above);

/* Reads a directory's entry names, sorted.  Returns the count, or -1.
 * *read_error gets the errno of a failed readdir (0 when the listing is
 * complete); the names read before it are still returned. */
static long read_sorted_names(DIR *dir, char ***out, int *read_error)
{
    size_t count = 0, cap = 0;
    char **names = NULL;
    struct dirent *entry;
    for (;;) {
        errno = 0;
        if ((entry = readdir(dir)) == NULL) {
            *read_error = errno;
            break;
        }
        if (entry->d_name[0] == '.')
            continue;
        char **room = grow_for_one(names, &cap, count, sizeof *room, 64);
        if (!room)
            goto nomem;
        names = room;
        if (!(names[count] = strdup(entry->d_name)))
            goto nomem;
        count++;
    }
    if (count > 1)
        qsort(names, count, sizeof *names, compare_names);
    *out = names;
    return (long)count;
nomem:
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return -1;
}

static int walk_directory(const struct walk_callbacks *w, const char *path,
                          const struct stat *st, const struct visited *above)
{
    for (const struct visited *v = above; v; v = v->parent)
        if (v->dev == st->st_dev && v->ino == st->st_ino) {
            w->problem(path, walk_loop_reason, w->context);
            return 0;
        }
    DIR *dir = opendir(path);
    if (!dir) {
        w->problem(path, strerror(errno), w->context);
        return 0;
    }
    char **names = NULL;
    int read_error = 0;
    long count = read_sorted_names(dir, &names, &read_error);
    closedir(dir);
    if (count < 0)
        return -1;
    if (read_error)
        w->problem(path, strerror(read_error), w->context);
    else if (w->directory)
        w->directory(path, w->context);

    struct visited here = {st->st_dev, st->st_ino, above};
    size_t base = strlen(path);
    while (base > 1 && path[base - 1] == '/')
        base--;
    int result = 0;
    for (long i = 0; i < count; i++) {
        if (result == 0) {
            size_t n = base + strlen(names[i]) + 2;
            char *child = malloc(n);
            if (!child) {
                result = -1;
            } else {
                memcpy(child, path, base);
                child[base] = '/';
                strcpy(child + base + 1, names[i]);
                result = walk_one(w, child, 0, &here);
                free(child);
            }
        }
        free(names[i]);
    }
    free(names);
    return result;
}

static int walk_one(const struct walk_callbacks *w, const char *path, int named,
                    const struct visited *above)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        /* Deleted between readdir and stat: not a problem worth a line. */
        if (errno != ENOENT || named)
            w->problem(path, strerror(errno), w->context);
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_directory(w, path, &st, above);
    if (!named) {
        const char *name = strrchr(path, '/');
        if (!walk_is_article_name(name ? name + 1 : path))
            return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        w->problem(path, "not a regular file", w->context);
        return 0;
    }
    return w->visit(path, &st, w->context);
}

int walk_paths(const char *root, const struct walk_callbacks *callbacks)
{
    return walk_one(callbacks, root, 1, NULL);
}
