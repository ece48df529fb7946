/* cli_wall.c - nsearch-cli-wall: end-to-end wall time of one process per
 * query, for `nsearch QUERY` against `quest QUERY`.
 *
 * Usage: nsearch-cli-wall --queries FILE [--label L]... [--raw FILE]...
 *                         -- COMMAND [ARG]... [:: COMMAND [ARG]...]...
 *
 * For each line of the log, runs each COMMAND with every argument "{}"
 * replaced by the query (one argument, unsplit), output to /dev/null,
 * and times spawn to exit with CLOCK_MONOTONIC: process start, dynamic
 * linking, opening the index, searching and printing - what a person at
 * a shell waits for.  Several commands take turns query by query, the
 * first to run rotating, so that the machine's drift (tens of percent
 * from one minute to the next on a shared virtual machine) reaches them
 * alike instead of landing on whichever ran its whole log later.  The
 * first 20 queries run once first, unmeasured, so the binaries, their
 * libraries and the index are in the page cache.  Exit statuses other
 * than 0 and 1 (1 = no results for both tools' kind) are counted as
 * errors.  One summary line per command, in the order given.
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

/* One command of the run: where its words start in argv, what it is
 * called, and its times. */
struct command {
    char **argv;
    int n_args;
    const char *label;
    const char *raw;
    double *us;
    size_t errors;
    double wall;
};

#define MAX_COMMANDS 4
#define SEPARATOR "::"

static int usage(FILE *out, int status)
{
    fprintf(out, "Usage: nsearch-cli-wall --queries FILE [--label L]... [--raw FILE]... "
                 "-- COMMAND [ARG]... [" SEPARATOR " COMMAND [ARG]...]...\n"
                 "Time one process per query for each COMMAND, the commands taking "
                 "turns;\n\"{}\" in the arguments becomes the query.  The n-th --label "
                 "and --raw\nname the n-th command.\n");
    return status;
}

/* Splits argv[first..argc) at SEPARATOR into commands; -1 if one is empty
 * or there are more than MAX_COMMANDS. */
static int split_commands(char **argv, int first, int argc, struct command *commands)
{
    int n = 0, start = first;
    for (int i = first; i <= argc; i++) {
        if (i < argc && strcmp(argv[i], SEPARATOR) != 0)
            continue;
        if (i == start || n == MAX_COMMANDS)
            return -1;
        commands[n].argv = argv + start;
        commands[n].n_args = i - start;
        n++;
        start = i + 1;
    }
    return n;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"queries", required_argument, NULL, 'Q'},
        {"raw", required_argument, NULL, 'r'},
        {"label", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *queries_path = NULL;
    const char *labels[MAX_COMMANDS] = {0}, *raws[MAX_COMMANDS] = {0};
    int n_labels = 0, n_raws = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "+h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'Q': queries_path = optarg; break;
        case 'r':
            if (n_raws == MAX_COMMANDS)
                return usage(stderr, 2);
            raws[n_raws++] = optarg;
            break;
        case 'l':
            if (n_labels == MAX_COMMANDS)
                return usage(stderr, 2);
            labels[n_labels++] = optarg;
            break;
        case 'h': return usage(stdout, 0);
        default: return usage(stderr, 2);
        }
    }
    if (!queries_path || optind >= argc) {
        fprintf(stderr, "nsearch-cli-wall: need --queries FILE and a COMMAND\n");
        return 2;
    }
    struct command commands[MAX_COMMANDS] = {{0}};
    int n_commands = split_commands(argv, optind, argc, commands);
    if (n_commands < 0) {
        fprintf(stderr, "nsearch-cli-wall: an empty command, or more than %d\n", MAX_COMMANDS);
        return 2;
    }
    if (n_labels > n_commands || n_raws > n_commands) {
        fprintf(stderr, "nsearch-cli-wall: more --label or --raw than commands\n");
        return 2;
    }
    char **queries;
    size_t n;
    if (bench_read_lines(queries_path, &queries, &n) != 0 || n == 0) {
        fprintf(stderr, "nsearch-cli-wall: %s: no queries\n", queries_path);
        return 2;
    }
    int rc = 0;
    for (int c = 0; c < n_commands; c++) {
        commands[c].label = labels[c] ? labels[c] : "cli";
        commands[c].raw = raws[c];
        commands[c].us = calloc(n, sizeof *commands[c].us);
        if (!commands[c].us)
            rc = 2;
    }
    posix_spawn_file_actions_t io;
    posix_spawn_file_actions_init(&io);
    posix_spawn_file_actions_addopen(&io, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&io, 2, "/dev/null", O_WRONLY, 0);

    for (size_t i = 0; rc == 0 && i < n && i < WARM_UP; i++)
        for (int c = 0; c < n_commands; c++)
            run_once(commands[c].argv, commands[c].n_args, queries[i], &io);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        for (int turn = 0; turn < n_commands; turn++) {
            struct command *cmd = &commands[(i + (size_t)turn) % (size_t)n_commands];
            double start = bench_now_us();
            int status = run_once(cmd->argv, cmd->n_args, queries[i], &io);
            cmd->us[i] = bench_now_us() - start;
            cmd->wall += cmd->us[i];
            if (status < 0 || status > 1)
                cmd->errors++;
        }
    }
    if (rc != 0)
        fprintf(stderr, "nsearch-cli-wall: out of memory\n");
    for (int c = 0; rc == 0 && c < n_commands; c++) {
        struct command *cmd = &commands[c];
        struct latency_stats s;
        latency_summarise(cmd->us, n, &s);
        char line[256];
        snprintf(line, sizeof line, "cli-wall label=%s errors=%zu", cmd->label, cmd->errors);
        latency_print(stdout, line, &s, cmd->wall > 0 ? (double)n * 1e6 / cmd->wall : 0);
        if (cmd->raw && latency_write_raw(cmd->raw, cmd->us, n) != 0) {
            fprintf(stderr, "nsearch-cli-wall: cannot write %s\n", cmd->raw);
            rc = 2;
        }
    }
    posix_spawn_file_actions_destroy(&io);
    for (int c = 0; c < n_commands; c++)
        free(commands[c].us);
    bench_free_lines(queries, n);
    return rc;
}
