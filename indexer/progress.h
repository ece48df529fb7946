/* progress.h - a one-line progress bar on stderr: files done of the total,
 * rate, and time left.
 *
 * Only for a person watching: the caller enables it when stderr is a
 * terminal and neither -q nor -v is given, so cron mail and logs never
 * see carriage returns.  Redrawn at most a few times a second.
 */
#ifndef NSEARCH_PROGRESS_H
#define NSEARCH_PROGRESS_H

#include <stddef.h>

struct progress {
    int enabled;
    size_t total;
    double started;
    double drawn_at;
    int drawn;
};

void progress_start(struct progress *p, int enabled, size_t total);

/* `done` of the total finished. */
void progress_update(struct progress *p, size_t done);

/* Erase the bar (before the summary line or an error message). */
void progress_clear(struct progress *p);

#endif
