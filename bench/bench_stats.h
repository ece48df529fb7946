/* bench_stats.h - what every benchmark tool shares: a monotonic clock,
 * reading a query log, latency percentiles, and raw latency files.
 *
 * Percentiles are nearest-rank over the measured pass (p99 of 1,000
 * queries is the 990th fastest), so a reported value is always a latency
 * that was really observed.
 */
#ifndef NSEARCH_BENCH_STATS_H
#define NSEARCH_BENCH_STATS_H

#include <stddef.h>
#include <stdio.h>

/* Microseconds on CLOCK_MONOTONIC (never jumps with the wall clock). */
double bench_now_us(void);

/* Reads the non-empty lines of `path` (newline stripped).  Returns 0, or
 * -1 with errno set.  Free with bench_free_lines. */
int bench_read_lines(const char *path, char ***lines, size_t *count);
void bench_free_lines(char **lines, size_t count);

struct latency_stats {
    size_t count;
    double p50, p90, p99, max, mean;   /* microseconds */
};

/* Summarise n latencies (not modified). */
void latency_summarise(const double *us, size_t n, struct latency_stats *out);

/* One latency in microseconds per line, in query order.  Returns 0 or -1. */
int latency_write_raw(const char *path, const double *us, size_t n);

/* The machine-readable result line every tool prints:
 * "<label> queries=N p50_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=.. qps=.." */
void latency_print(FILE *out, const char *label,
                   const struct latency_stats *s, double qps);

#endif
