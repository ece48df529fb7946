/* test_hooks.c - environment-driven kill and pause points (test_hooks.h). */
#include "test_hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long number(const char *name)
{
    const char *value = getenv(name);
    return value ? strtoul(value, NULL, 10) : 0;
}

void test_hooks_load(struct test_hooks *hooks)
{
    hooks->docs_per_commit = number("NSEARCH_TEST_DOCS_PER_COMMIT");
    hooks->kill_after_commits = number("NSEARCH_TEST_KILL_AFTER_COMMITS");
    hooks->pause_after_commits = number("NSEARCH_TEST_PAUSE_AFTER_COMMITS");
    hooks->pause_after_files = number("NSEARCH_TEST_PAUSE_AFTER_FILES");
    hooks->kill_at = getenv("NSEARCH_TEST_KILL_AT");
    hooks->pause_at = getenv("NSEARCH_TEST_PAUSE_AT");
    hooks->pause_fifo = getenv("NSEARCH_TEST_PAUSE_FIFO");
}

static void die_now(void)
{
    /* As a power cut would: no handler, no atexit, no destructor. */
    raise(SIGKILL);
}

static void pause_here(const struct test_hooks *hooks)
{
    if (!hooks->pause_fifo)
        return;
    int fd;
    do
        fd = open(hooks->pause_fifo, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return;
    char buf[64];
    ssize_t n;
    /* A signal interrupts the read; keep waiting for the test to let go. */
    while ((n = read(fd, buf, sizeof buf)) != 0)
        if (n < 0 && errno != EINTR)
            break;
    close(fd);
}

void test_hooks_committed(const struct test_hooks *hooks, unsigned long commits)
{
    if (hooks->kill_after_commits && commits == hooks->kill_after_commits)
        die_now();
    if (hooks->pause_after_commits && commits == hooks->pause_after_commits)
        pause_here(hooks);
}

void test_hooks_file_done(const struct test_hooks *hooks, unsigned long files)
{
    if (hooks->pause_after_files && files == hooks->pause_after_files)
        pause_here(hooks);
}

void test_hooks_point(const struct test_hooks *hooks, const char *point)
{
    if (hooks->kill_at && strcmp(hooks->kill_at, point) == 0)
        die_now();
    if (hooks->pause_at && strcmp(hooks->pause_at, point) == 0)
        pause_here(hooks);
}
