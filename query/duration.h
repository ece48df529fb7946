/* duration.h - reading times people type: spans ("7d", "12h", "90m") and
 * moments ("2020-11-01", or an age such as "7d" meaning seven days ago).
 *
 * Used by --recent (a half-life) and --since / --until.
 */
#ifndef NSEARCH_DURATION_H
#define NSEARCH_DURATION_H

/* Parses a positive number followed by one unit - s, m (minutes), h, d,
 * w or y (365 days) - into seconds.  Returns 0, or -1 when `text` is not
 * such a span. */
int duration_parse(const char *text, double *seconds);

#include <stdint.h>

/* Parses a moment for --since (end = 0) or --until (end = 1): an ISO 8601
 * date or time (see iso_date.h), or an age before `now` such as "7d".  A
 * bare date means its first second for --since and its last for --until,
 * so "--until 2020-11-30" includes that day.  Returns 0, or -1. */
int moment_parse(const char *text, int64_t now, int end, int64_t *epoch);

#endif
