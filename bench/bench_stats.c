/* bench_stats.c - clock, query logs and percentiles (see bench_stats.h). */
#include "bench_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int bench_read_lines(const char *path, char ***lines, size_t *count)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return -1;
    char **out = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    int rc = 0;
    while ((len = getline(&line, &line_cap, in)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            char **grown = realloc(out, cap * sizeof *out);
            if (!grown) {
                rc = -1;
                break;
            }
            out = grown;
        }
        if (!(out[n] = strdup(line))) {
            rc = -1;
            break;
        }
        n++;
    }
    if (ferror(in))
        rc = -1;
    free(line);
    fclose(in);
    if (rc != 0) {
        bench_free_lines(out, n);
        errno = errno ? errno : ENOMEM;
        return -1;
    }
    *lines = out;
    *count = n;
    return 0;
}

void bench_free_lines(char **lines, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(lines[i]);
    free(lines);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p of the values at or
 * below it. */
static double nearest_rank(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)(p * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

void latency_summarise(const double *us, size_t n, struct latency_stats *out)
{
    memset(out, 0, sizeof *out);
    out->count = n;
    if (n == 0)
        return;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return;
    memcpy(sorted, us, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += sorted[i];
    out->p50 = nearest_rank(sorted, n, 0.50);
    out->p90 = nearest_rank(sorted, n, 0.90);
    out->p99 = nearest_rank(sorted, n, 0.99);
    out->max = sorted[n - 1];
    out->mean = sum / (double)n;
    free(sorted);
}

int latency_write_raw(const char *path, const double *us, size_t n)
{
    FILE *out = fopen(path, "w");
    if (!out)
        return -1;
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%.1f\n", us[i]);
    return fclose(out) == 0 ? 0 : -1;
}

void latency_print(FILE *out, const char *label,
                   const struct latency_stats *s, double qps)
{
    fprintf(out,
            "%s queries=%zu p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f "
            "mean_us=%.1f qps=%.1f\n",
            label, s->count, s->p50, s->p90, s->p99, s->max, s->mean, qps);
}
