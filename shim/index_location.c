/* index_location.c - the one rule for finding the index (see the header). */
#include "index_location.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *dir, const char *tail)
{
    size_t n = strlen(dir) + strlen(tail) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, tail);
    return path;
}

static const char *non_empty_env(const char *name)
{
    const char *value = getenv(name);
    return value && *value ? value : NULL;
}

char *index_location(const char *flag_value)
{
    const char *value;
    if (flag_value && *flag_value)
        return strdup(flag_value);
    if ((value = non_empty_env("NSEARCH_INDEX")))
        return strdup(value);
    if ((value = non_empty_env("XDG_DATA_HOME")))
        return join(value, "nsearch/index");
    if ((value = non_empty_env("HOME")))
        return join(value, ".local/share/nsearch/index");
    return NULL;
}

int index_location_make_parents(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    /* Walk each '/' after the first character, creating as we go; the
     * last component is the index itself, which Xapian creates. */
    char *slash = strrchr(copy, '/');
    if (slash)
        *slash = '\0';
    for (char *p = copy + 1; slash && *copy; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            int saved_errno = errno;
            free(copy);
            errno = saved_errno;
            return -1;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(copy);
    return 0;
}
