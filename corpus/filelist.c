/* filelist.c - sorted walk for article files (see filelist.h). */
#include "filelist.h"

#include "sbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_article_name(const char *name)
{
    static const char *const extensions[] = {".txt", ".md", ".yaml", ".yml"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        size_t e = strlen(extensions[i]);
        if (n > e && strcmp(name + n - e, extensions[i]) == 0)
            return 1;
    }
    return 0;
}

static void add(struct filelist *list, const char *path)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 1024;
        list->paths = xrealloc(list->paths, list->cap * sizeof *list->paths);
    }
    list->paths[list->count++] = xstrdup(path);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, int depth, struct filelist *list)
{
    if (depth > FILELIST_MAX_DEPTH)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    size_t dir_len = strlen(dir);
    for (size_t i = 0; i < n; i++) {
        char *path = xmalloc(dir_len + strlen(names[i]) + 2);
        strcpy(path, dir);
        if (dir_len && dir[dir_len - 1] != '/')
            strcat(path, "/");
        strcat(path, names[i]);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(path, depth + 1, list);
            else if (S_ISREG(st.st_mode) && is_article_name(names[i]))
                add(list, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

int filelist_collect(const char *root, struct filelist *list)
{
    struct stat st;
    if (stat(root, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode))
        walk(root, 0, list);
    else
        add(list, root);
    return 0;
}

void filelist_free(struct filelist *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof *list);
}
