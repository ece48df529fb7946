/* path_set.c - sorted array of paths with ancestor lookups (path_set.h). */
#include "path_set.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

int path_set_add(struct path_set *set, const char *path)
{
    char **room = grow_for_one(set->paths, &set->cap, set->count, sizeof *room, 16);
    if (!room)
        return -1;
    set->paths = room;
    if (!(set->paths[set->count] = strdup(path)))
        return -1;
    set->count++;
    set->sorted = 0;
    return 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first `len` bytes of a path, as a bsearch key. */
struct prefix {
    const char *path;
    size_t len;
};

static int compare_prefix(const void *key, const void *member)
{
    const struct prefix *k = key;
    const char *m = *(char *const *)member;
    int c = strncmp(k->path, m, k->len);
    if (c != 0)
        return c;
    /* Equal over len bytes: the key is shorter unless m ends there too. */
    return m[k->len] == '\0' ? 0 : -1;
}

int path_set_covers(struct path_set *set, const char *path)
{
    if (set->count == 0)
        return 0;
    if (!set->sorted) {
        qsort(set->paths, set->count, sizeof *set->paths, compare_paths);
        set->sorted = 1;
    }
    /* The path itself, then each directory above it, up to "/". */
    struct prefix key = {path, strlen(path)};
    for (;;) {
        if (bsearch(&key, set->paths, set->count, sizeof *set->paths,
                    compare_prefix))
            return 1;
        if (key.len <= 1)
            return 0;
        size_t i = key.len - 1;
        while (i > 0 && path[i] != '/')
            i--;
        if (path[i] != '/')
            return 0;         /* a relative path: no more ancestors */
        key.len = i ? i : 1;  /* "/a" -> "/" */
    }
}

void path_set_free(struct path_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->paths[i]);
    free(set->paths);
    memset(set, 0, sizeof *set);
}
