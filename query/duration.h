/* duration.h - reading spans of time people type: "7d", "12h", "90m".
 *
 * Used by --recent (a half-life) and wherever a flag takes an age.
 */
#ifndef NSEARCH_DURATION_H
#define NSEARCH_DURATION_H

/* Parses a positive number followed by one unit - s, m (minutes), h, d,
 * w or y (365 days) - into seconds.  Returns 0, or -1 when `text` is not
 * such a span. */
int duration_parse(const char *text, double *seconds);

#endif
