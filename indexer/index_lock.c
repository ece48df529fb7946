/* index_lock.c - flock-based lock file beside the index (index_lock.h). */
#include "index_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What the holder wrote; a holder that has not written yet (it took the
 * lock a moment ago) gets a second look. */
static void read_holder(int fd, char *holder, size_t len)
{
    if (!holder || len == 0)
        return;
    for (int attempt = 0; attempt < 2; attempt++) {
        ssize_t n = pread(fd, holder, len - 1, 0);
        if (n > 0) {
            holder[n] = '\0';
            holder[strcspn(holder, "\n")] = '\0';
            return;
        }
        usleep(50000);
    }
    snprintf(holder, len, "pid unknown");
}

/* "pid N, started YYYY-MM-DD HH:MM:SS +ZZZZ": best effort, the lock
 * itself is the flock. */
static void write_holder(int fd)
{
    char line[128], when[64];
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
        snprintf(when, sizeof when, "%lld", (long long)now);
    int n = snprintf(line, sizeof line, "pid %ld, started %s\n", (long)getpid(), when);
    if (ftruncate(fd, 0) == 0 && n > 0) {
        ssize_t ignored = pwrite(fd, line, (size_t)n, 0);
        (void)ignored; /* a full disk must not stop the run here */
    }
}

static char *lock_path(const char *index)
{
    size_t len = strlen(index);
    while (len > 1 && index[len - 1] == '/')
        len--;
    char *path = malloc(len + sizeof ".lock");
    if (path) {
        memcpy(path, index, len);
        memcpy(path + len, ".lock", sizeof ".lock");
    }
    return path;
}

enum index_lock_result index_lock_take(struct index_lock *lock, const char *index,
                                       double wait_seconds, int (*stop)(void),
                                       void (*waiting)(const char *holder, void *context),
                                       void *context, char *holder, size_t holder_len,
                                       char *why, size_t why_len)
{
    lock->fd = -1;
    lock->path = lock_path(index);
    if (!lock->path) {
        snprintf(why, why_len, "out of memory");
        return INDEX_LOCK_ERROR;
    }
    lock->fd = open(lock->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (lock->fd < 0) {
        snprintf(why, why_len, "cannot open lock file %s: %s", lock->path, strerror(errno));
        index_lock_release(lock);
        return INDEX_LOCK_ERROR;
    }
    double deadline = monotonic_seconds() + wait_seconds;
    int announced = 0;
    for (;;) {
        if (flock(lock->fd, LOCK_EX | LOCK_NB) == 0) {
            write_holder(lock->fd);
            return INDEX_LOCK_TAKEN;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            snprintf(why, why_len, "cannot lock %s: %s", lock->path, strerror(errno));
            index_lock_release(lock);
            return INDEX_LOCK_ERROR;
        }
        read_holder(lock->fd, holder, holder_len);
        if (wait_seconds < 0 || (wait_seconds > 0 && monotonic_seconds() >= deadline)) {
            index_lock_release(lock);
            return INDEX_LOCK_BUSY;
        }
        if (!announced && waiting)
            waiting(holder, context);
        announced = 1;
        if (stop && stop()) {
            index_lock_release(lock);
            return INDEX_LOCK_INTERRUPTED;
        }
        usleep(100000);
    }
}

void index_lock_release(struct index_lock *lock)
{
    if (lock->fd >= 0)
        close(lock->fd); /* releases the flock */
    lock->fd = -1;
    free(lock->path);
    lock->path = NULL;
}
