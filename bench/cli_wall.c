/* cli_wall.c - nsearch-cli-wall: end-to-end wall time of one process per
 * query, for `nsearch QUERY` against `quest QUERY`.
 *
 * Usage: nsearch-cli-wall --queries FILE [--raw FILE] [--label L]
 *                         -- COMMAND [ARG]... 
 *
 * For each line of the log, runs COMMAND with every argument "{}"
 * replaced by the query (one argument, unsplit), output to /dev/null,
 * and times spawn to exit with CLOCK_MONOTONIC: process start, dynamic
 * linking, opening the index, searching and printing - what a person at
 * a shell waits for.  The first 20 queries run once first, unmeasured,
 * so the binary, its libraries and the index are in the page cache.
 * Exit statuses other than 0 and 1 (1 = no results for both tools' kind)
 * are counted as errors.
 */
#include "bench_stats.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define WARM_UP 20

/* Runs argv with "{}" replaced; returns the exit status, -1 if it could
 * not be run. */
static int run_once(char **command, int n_args, const char *query,
                    posix_spawn_file_actions_t *io)
{
    char *argv[n_args + 1];
    for (int i = 0; i < n_args; i++)
        argv[i] = strcmp(command[i], "{}") == 0 ? (char *)query : command[i];
    argv[n_args] = NULL;
    pid_t pid;
    if (posix_spawnp(&pid, argv[0], io, NULL, argv, environ) != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"queries", required_argument, NULL, 'Q'},
        {"raw", required_argument, NULL, 'r'},
        {"label", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *queries_path = NULL, *raw = NULL, *label = "cli";
    int opt;
    while ((opt = getopt_long(argc, argv, "+h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'Q': queries_path = optarg; break;
        case 'r': raw = optarg; break;
        case 'l': label = optarg; break;
        case 'h':
        default:
            fprintf(opt == 'h' ? stdout : stderr,
                    "Usage: nsearch-cli-wall --queries FILE [--raw FILE] "
                    "[--label L] -- COMMAND [ARG]...\n"
                    "Time one COMMAND process per query; \"{}\" in the "
                    "arguments becomes the query.\n");
            return opt == 'h' ? 0 : 2;
        }
    }
    if (!queries_path || optind >= argc) {
        fprintf(stderr, "nsearch-cli-wall: need --queries FILE and a COMMAND\n");
        return 2;
    }
    char **queries;
    size_t n;
    if (bench_read_lines(queries_path, &queries, &n) != 0 || n == 0) {
        fprintf(stderr, "nsearch-cli-wall: %s: no queries\n", queries_path);
        return 2;
    }
    posix_spawn_file_actions_t io;
    posix_spawn_file_actions_init(&io);
    posix_spawn_file_actions_addopen(&io, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&io, 2, "/dev/null", O_WRONLY, 0);
    char **command = argv + optind;
    int n_args = argc - optind;

    for (size_t i = 0; i < n && i < WARM_UP; i++)
        run_once(command, n_args, queries[i], &io);
    double *us = calloc(n, sizeof *us);
    size_t errors = 0;
    double wall = 0;
    for (size_t i = 0; us && i < n; i++) {
        double start = bench_now_us();
        int status = run_once(command, n_args, queries[i], &io);
        us[i] = bench_now_us() - start;
        wall += us[i];
        if (status < 0 || status > 1)
            errors++;
    }
    int rc = 0;
    if (!us) {
        fprintf(stderr, "nsearch-cli-wall: out of memory\n");
        rc = 2;
    } else {
        struct latency_stats s;
        latency_summarise(us, n, &s);
        char line[256];
        snprintf(line, sizeof line, "cli-wall label=%s errors=%zu", label, errors);
        latency_print(stdout, line, &s, wall > 0 ? (double)n * 1e6 / wall : 0);
        if (raw && latency_write_raw(raw, us, n) != 0) {
            fprintf(stderr, "nsearch-cli-wall: cannot write %s\n", raw);
            rc = 2;
        }
    }
    posix_spawn_file_actions_destroy(&io);
    free(us);
    bench_free_lines(queries, n);
    return rc;
}
