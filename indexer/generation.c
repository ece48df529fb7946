/* generation.c - index layout on disk and the atomic swap (generation.h).
 *
 * Names used beside the index BASE, in its directory:
 *   BASE.gen-N   a generation: a Xapian database directory, or for a
 *                sharded index a directory of them (shard-0, shard-1, ...)
 *   BASE.shard-K the stub naming shard K of the live generation alone
 *   BASE.swap    the new stub before it is renamed over BASE; after an
 *                exchange with a plain directory, that old directory
 *   BASE.stub-new a shard's stub before it is renamed over BASE.shard-K
 *   BASE.retired a plain directory moved aside when the filesystem cannot
 *                exchange (the one non-atomic moment, see layout_swap)
 *   BASE.parts   temporary shards of a single database built by several
 *                workers, merged into the new generation
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

/* The longest line of a stub we write, and the largest stub. */
#define STUB_LINE_MAX (NAME_MAX + 32)
#define STUB_MAX (LAYOUT_MAX_SHARDS * STUB_LINE_MAX)

/* Reads the file at `path` whole into text (NUL-terminated); -1 when it
 * cannot be read or is bigger than any stub of ours. */
static int read_small_file(const char *path, char *text, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(text, 1, size - 1, f);
    int too_big = n == size - 1 && fgetc(f) != EOF;
    fclose(f);
    text[n] = '\0';
    return too_big ? -1 : 0;
}

/* 1 when `name` is exactly "shard-K". */
static int is_shard_name(const char *name, unsigned k)
{
    char expected[32];
    snprintf(expected, sizeof expected, "shard-%u", k);
    return strcmp(name, expected) == 0;
}

/* Our stubs are exactly "auto BASE.gen-N\n", or one line
 * "auto BASE.gen-N/shard-K\n" for each K from 0, all of one N.  Returns N
 * (0: not ours) and the number of shard lines in *shards. */
static unsigned parse_stub(const char *base, const char *text, unsigned *shards)
{
    unsigned gen = 0, k = 0;
    *shards = 0;
    for (const char *line = text; *line; k++) {
        const char *end = strchr(line, '\n');
        char name[STUB_LINE_MAX];
        size_t len = end ? (size_t)(end - line) : 0;
        if (!end || len < 6 || len - 5 >= sizeof name || strncmp(line, "auto ", 5) != 0)
            return 0;
        memcpy(name, line + 5, len - 5);
        name[len - 5] = '\0';
        char *slash = strchr(name, '/');
        if (slash)
            *slash = '\0';
        unsigned g = generation_number(base, name);
        if (!g || (gen && g != gen))
            return 0;
        if (!slash) /* one database: the only line */
            return line == text && end[1] == '\0' ? g : 0;
        if (!is_shard_name(slash + 1, k) || k >= LAYOUT_MAX_SHARDS)
            return 0;
        gen = g;
        line = end + 1;
    }
    *shards = k;
    return gen;
}

static unsigned stub_generation(const struct index_layout *layout, unsigned *shards)
{
    char text[STUB_MAX + 1];
    *shards = 0;
    if (read_small_file(layout->path, text, sizeof text) != 0)
        return 0;
    return parse_stub(layout->base, text, shards);
}

int layout_inspect(struct index_layout *layout, char *why, size_t why_len)
{
    struct stat st;
    layout->live = 0;
    layout->shards = 0;
    if (lstat(layout->path, &st) != 0) {
        if (errno != ENOENT) {
            snprintf(why, why_len, "%s: %s", layout->path, strerror(errno));
            return -1;
        }
        layout->kind = INDEX_MISSING;
    } else if (S_ISDIR(st.st_mode)) {
        layout->kind = INDEX_DIRECTORY;
    } else if (S_ISREG(st.st_mode) &&
               (layout->live = stub_generation(layout, &layout->shards)) != 0) {
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
    static const char *const suffixes[] = {".swap", ".retired", ".parts", ".stub-new"};
    size_t n = strlen(layout->base);
    if (strncmp(name, layout->base, n) != 0)
        return 0;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strcmp(name + n, suffixes[i]) == 0)
            return 1;
    return 0;
}

/* The stub of shard `k` alone: "auto BASE.gen-N/shard-K\n". */
static int shard_stub_text(const struct index_layout *layout, unsigned number, unsigned k,
                           char *text, size_t size)
{
    int n = snprintf(text, size, "auto %s.gen-%u/shard-%u\n", layout->base, number, k);
    return n < 0 || (size_t)n >= size ? -1 : n;
}

/* K when `name` is BASE.shard-K and the file there is a shard stub we
 * wrote (for any generation), else -1: a file of that name with other
 * content is someone else's and never touched. */
static long our_shard_stub(const struct index_layout *layout, const char *name)
{
    size_t n = strlen(layout->base);
    if (strncmp(name, layout->base, n) != 0 || strncmp(name + n, ".shard-", 7) != 0)
        return -1;
    const char *digits = name + n + 7;
    if (*digits < '0' || *digits > '9' || strlen(digits) > 4 || (digits[0] == '0' && digits[1]))
        return -1;
    for (const char *p = digits; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    unsigned k = (unsigned)strtoul(digits, NULL, 10);
    char *path = join(layout->dir, name, "");
    char text[STUB_LINE_MAX + 1], expected[STUB_LINE_MAX + 1];
    int readable = path && read_small_file(path, text, sizeof text) == 0;
    free(path);
    char *slash = readable && strncmp(text, "auto ", 5) == 0 ? strchr(text, '/') : NULL;
    if (!slash)
        return -1;
    *slash = '\0';
    unsigned gen = generation_number(layout->base, text + 5);
    *slash = '/';
    if (!gen || shard_stub_text(layout, gen, k, expected, sizeof expected) < 0)
        return -1;
    return strcmp(text, expected) == 0 ? (long)k : -1;
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

/* Write `text` into a new file at `path`, durably. */
static int write_stub(const char *path, const char *text)
{
    size_t n = strlen(text);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    ssize_t written = write(fd, text, n);
    int rc = (written >= 0 && (size_t)written == n && fsync(fd) == 0) ? 0 : -1;
    int saved = written >= 0 && (size_t)written != n ? ENOSPC : errno;
    close(fd);
    if (rc != 0) {
        unlink(path);
        errno = saved;
    }
    return rc;
}

/* The stub naming generation `number`: the database itself, or each of
 * its `shards`.  Returns -1 (errno set) when it does not fit. */
static int stub_text(const struct index_layout *layout, unsigned number, unsigned shards,
                     char *text, size_t size)
{
    int n = shards ? 0 : snprintf(text, size, "auto %s.gen-%u\n", layout->base, number);
    for (unsigned k = 0; k < shards && n >= 0 && (size_t)n < size; k++) {
        int line = shard_stub_text(layout, number, k, text + n, size - (size_t)n);
        n = line < 0 ? -1 : n + line;
    }
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* Make BASE.shard-K, for each K below `shards`, the stub of shard K of
 * generation `number`, and remove our stubs of shards past them.  Each
 * stub is replaced with one rename, so a server opening it finds one
 * generation's shard or the other's.  Returns 0, or -1 (errno set). */
static int sync_shard_stubs(const struct index_layout *layout, unsigned number,
                            unsigned shards)
{
    int changed = 0, rc = 0;
    DIR *dir = opendir(layout->dir);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            long k = our_shard_stub(layout, entry->d_name);
            char *path = k >= 0 && (unsigned long)k >= shards ? join(layout->dir, entry->d_name, "")
                                                                : NULL;
            if (path && unlink(path) == 0)
                changed = 1;
            free(path);
        }
        closedir(dir);
    }
    char *tmp = join(layout->dir, layout->base, ".stub-new");
    for (unsigned k = 0; tmp && rc == 0 && k < shards; k++) {
        char name[NAME_MAX + 1], text[STUB_LINE_MAX + 1], now[STUB_LINE_MAX + 1];
        snprintf(name, sizeof name, "%s.shard-%u", layout->base, k);
        char *path = join(layout->dir, name, "");
        struct stat st;
        if (!path || shard_stub_text(layout, number, k, text, sizeof text) < 0) {
            rc = -1;
        } else if (lstat(path, &st) != 0 ||
                   (our_shard_stub(layout, name) >= 0 &&
                    !(read_small_file(path, now, sizeof now) == 0 && strcmp(now, text) == 0))) {
            /* Missing, or ours naming another generation; anything else
             * there is someone else's and kept. */
            unlink(tmp);
            rc = write_stub(tmp, text) == 0 && rename(tmp, path) == 0 ? 0 : -1;
            changed = 1;
        }
        free(path);
    }
    if (!tmp)
        rc = -1;
    free(tmp);
    if (rc == 0 && changed && fsync_path(layout->dir, O_RDONLY | O_DIRECTORY) != 0)
        rc = -1;
    return rc;
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
    /* A run killed between the swap and the shards' own stubs left them
     * naming the generation just removed. */
    sync_shard_stubs(layout, layout->live, layout->kind == INDEX_STUB ? layout->shards : 0);
}

char *layout_shard_path(const struct index_layout *layout, unsigned number, unsigned shard)
{
    char suffix[48];
    snprintf(suffix, sizeof suffix, ".gen-%u/shard-%u", number, shard);
    return join(layout->dir, layout->base, suffix);
}

char *layout_parts_path(const struct index_layout *layout)
{
    return join(layout->dir, layout->base, ".parts");
}

static void sleep_seconds(double seconds)
{
    struct timespec left = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
}

int layout_swap(struct index_layout *layout, unsigned number, unsigned shards, char **retired_out,
                int *swapped, char *why, size_t why_len)
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
    char text[STUB_MAX + 1];
    if (stub_text(layout, number, shards, text, sizeof text) != 0 || write_stub(swap, text) != 0) {
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
    layout->shards = shards;
    /* The rename is durable only once the directory is. */
    if (fsync_path(layout->dir, O_RDONLY | O_DIRECTORY) != 0) {
        snprintf(why, why_len, "cannot sync %s: %s", layout->dir, strerror(errno));
        goto done;
    }
    if (sync_shard_stubs(layout, number, shards) != 0) {
        snprintf(why, why_len, "cannot write the stubs of single shards beside %s: %s",
                 layout->path, strerror(errno));
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
