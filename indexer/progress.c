/* progress.c - files done, rate, ETA on one stderr line (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, int enabled, size_t total)
{
    p->enabled = enabled && total > 0;
    p->total = total;
    p->started = now();
    p->drawn_at = 0;
    p->drawn = 0;
}

static void format_duration(char *out, size_t len, double seconds)
{
    long s = (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(out, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, len, "%ld:%02ld", s / 60, s % 60);
}

void progress_update(struct progress *p, size_t done)
{
    if (!p->enabled)
        return;
    double t = now();
    /* The first file and the last always show; between them, 5 per second. */
    if (p->drawn && done < p->total && t - p->drawn_at < 0.2)
        return;
    double elapsed = t - p->started;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char eta[32] = "?";
    if (rate > 0)
        format_duration(eta, sizeof eta, (double)(p->total - done) / rate);
    const int width = 24;
    int filled = p->total ? (int)((double)width * (double)done / (double)p->total) : width;
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu files  %.0f files/s  ETA %s\033[K", bar, done, p->total,
            rate, eta);
    fflush(stderr);
    p->drawn = 1;
    p->drawn_at = t;
}

void progress_clear(struct progress *p)
{
    if (p->enabled && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = 0;
}
