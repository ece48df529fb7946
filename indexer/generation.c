/* generation.c - index layout on disk and the atomic swap (generation.h).
 *
 * Names used beside the index BASE, in its directory:
 *   BASE.gen-N   a generation (a Xapian database directory)
 *   BASE.swap    the new stub before it is renamed over BASE; after an
 *                exchange with a plain directory, that old directory
 *   BASE.retired a plain directory moved aside when the filesystem cannot
 *                exchange (the one non-atomic moment, see layout_swap)
 */
#define _GNU_SOURCE /* renameat2 */
#include "generation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s%s", dir, name, suffix);
    return path;
}

int layout_resolve(struct index_layout *layout, const char *index, char *why, size_t why_len)
{
    memset(layout, 0, sizeof *layout);
    size_t len = strlen(index);
    while (len > 1 && index[len - 1] == '/')
        len--;
    char *path = strndup(index, len);
    if (!path)
        goto nomem;
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        if (!real) {
            snprintf(why, why_len, "%s is a symbolic link that cannot be followed: %s", path,
                     strerror(errno));
            free(path);
            return -1;
        }
        free(path);
        path = real;
    }
    layout->path = path;
    char *slash = strrchr(path, '/');
    if (!slash) {
        layout->dir = strdup(".");
        layout->base = strdup(path);
    } else {
        layout->dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
        layout->base = strdup(slash + 1);
    }
    if (!layout->dir || !layout->base)
        goto nomem;
    return 0;
nomem:
    layout_free(layout);
    snprintf(why, why_len, "out of memory");
    return -1;
}

/* N when `name` is BASE.gen-N, else 0 (generations start at 1). */
static unsigned generation_number(const char *base, const char *name)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || strncmp(name + n, ".gen-", 5) != 0)
        return 0;
    const char *digits = name + n + 5;
    if (*digits < '1' || *digits > '9' || strlen(digits) > 9)
        return 0;
    for (const char *p = digits; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return (unsigned)strtoul(digits, NULL, 10);
}

/* Our stub is exactly "auto BASE.gen-N\n". */
static unsigned stub_generation(const struct index_layout *layout)
{
    char text[PATH_MAX + 16];
    FILE *f = fopen(layout->path, "r");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    if (n < 6 || strncmp(text, "auto ", 5) != 0 || text[n - 1] != '\n')
        return 0;
    text[n - 1] = '\0';
    return generation_number(layout->base, text + 5);
}

int layout_inspect(struct index_layout *layout, char *why, size_t why_len)
{
    struct stat st;
    layout->live = 0;
    if (lstat(layout->path, &st) != 0) {
        if (errno != ENOENT) {
            snprintf(why, why_len, "%s: %s", layout->path, strerror(errno));
            return -1;
        }
        layout->kind = INDEX_MISSING;
    } else if (S_ISDIR(st.st_mode)) {
        layout->kind = INDEX_DIRECTORY;
    } else if (S_ISREG(st.st_mode) && (layout->live = stub_generation(layout)) != 0) {
        layout->kind = INDEX_STUB;
    } else {
        layout->kind = INDEX_FOREIGN;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

int layout_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int is_aside_name(const struct index_layout *layout, const char *name)
{
    size_t n = strlen(layout->base);
    return strncmp(name, layout->base, n) == 0 &&
           (strcmp(name + n, ".swap") == 0 || strcmp(name + n, ".retired") == 0);
}

void layout_clean(const struct index_layout *layout)
{
    if (layout->kind == INDEX_FOREIGN)
        return;
    DIR *dir = opendir(layout->dir);
    if (!dir)
        return;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        unsigned gen = generation_number(layout->base, entry->d_name);
        int stale = gen ? !(layout->kind == INDEX_STUB && gen == layout->live)
                        : is_aside_name(layout, entry->d_name);
        if (!stale)
            continue;
        char *path = join(layout->dir, entry->d_name, "");
        if (path)
            layout_remove_tree(path);
        free(path);
    }
    closedir(dir);
}

char *layout_new_generation(const struct index_layout *layout, unsigned *number)
{
    unsigned highest = layout->kind == INDEX_STUB ? layout->live : 0;
    DIR *dir = opendir(layout->dir);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            unsigned gen = generation_number(layout->base, entry->d_name);
            if (gen > highest)
                highest = gen;
        }
        closedir(dir);
    }
    *number = highest + 1;
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".gen-%u", *number);
    return join(layout->dir, layout->base, suffix);
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Write the stub naming generation `number` at `path`, durably. */
static int write_stub(const struct index_layout *layout, const char *path, unsigned number)
{
    char text[PATH_MAX + 32];
    int n = snprintf(text, sizeof text, "auto %s.gen-%u\n", layout->base, number);
    if (n < 0 || (size_t)n >= sizeof text) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    ssize_t written = write(fd, text, (size_t)n);
    int rc = (written == n && fsync(fd) == 0) ? 0 : -1;
    int saved = written >= 0 && written != n ? ENOSPC : errno;
    close(fd);
    if (rc != 0) {
        unlink(path);
        errno = saved;
    }
    return rc;
}

static void sleep_seconds(double seconds)
{
    struct timespec left = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
}

int layout_swap(struct index_layout *layout, unsigned number, char **retired_out, int *swapped,
                char *why, size_t why_len)
{
    *swapped = 0;
    *retired_out = NULL;
    char *swap = join(layout->dir, layout->base, ".swap");
    char *retired = join(layout->dir, layout->base, ".retired");
    char old_gen_suffix[32];
    snprintf(old_gen_suffix, sizeof old_gen_suffix, ".gen-%u", layout->live);
    char *old_gen = join(layout->dir, layout->base, old_gen_suffix);
    const char *old = NULL;
    int rc = -1;
    if (!swap || !retired || !old_gen) {
        snprintf(why, why_len, "out of memory");
        goto done;
    }
    layout_remove_tree(swap);
    if (write_stub(layout, swap, number) != 0) {
        snprintf(why, why_len, "cannot write %s: %s", swap, strerror(errno));
        goto done;
    }
    if (layout->kind == INDEX_DIRECTORY) {
        if (renameat2(AT_FDCWD, swap, AT_FDCWD, layout->path, RENAME_EXCHANGE) == 0) {
            old = swap;
        } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
            /* No atomic exchange on this filesystem: move the directory
             * aside first.  Readers opening in between find no index and
             * say so; it happens once, on the first rebuild. */
            layout_remove_tree(retired);
            if (rename(layout->path, retired) != 0 || rename(swap, layout->path) != 0) {
                snprintf(why, why_len, "cannot replace %s: %s", layout->path, strerror(errno));
                rename(retired, layout->path); /* put it back if it moved */
                unlink(swap);
                goto done;
            }
            old = retired;
        } else {
            snprintf(why, why_len, "cannot replace %s: %s", layout->path, strerror(errno));
            unlink(swap);
            goto done;
        }
    } else {
        if (rename(swap, layout->path) != 0) {
            snprintf(why, why_len, "cannot replace %s: %s", layout->path, strerror(errno));
            unlink(swap);
            goto done;
        }
        if (layout->kind == INDEX_STUB)
            old = old_gen;
    }
    *swapped = 1;
    layout->kind = INDEX_STUB;
    layout->live = number;
    /* The rename is durable only once the directory is. */
    if (fsync_path(layout->dir, O_RDONLY | O_DIRECTORY) != 0) {
        snprintf(why, why_len, "cannot sync %s: %s", layout->dir, strerror(errno));
        goto done;
    }
    rc = 0;
    if (old && !(*retired_out = strdup(old))) {
        snprintf(why, why_len, "out of memory");
        rc = -1;
    }
done:
    free(swap);
    free(retired);
    free(old_gen);
    return rc;
}

void layout_free(struct index_layout *layout)
{
    free(layout->path);
    free(layout->dir);
    free(layout->base);
    memset(layout, 0, sizeof *layout);
}

void layout_retire(char *retired, double grace_seconds)
{
    if (!retired)
        return;
    sleep_seconds(grace_seconds);
    layout_remove_tree(retired);
    free(retired);
}
