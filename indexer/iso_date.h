/* iso_date.h - ISO 8601 timestamps normalised to UTC.
 *
 * Articles date themselves in several ISO 8601 shapes and zones; the index
 * wants one sortable form.  This module turns the accepted shapes into
 * epoch seconds and "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef NSEARCH_ISO_DATE_H
#define NSEARCH_ISO_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Length of the normalised form "YYYY-MM-DDTHH:MM:SSZ". */
#define ISO_DATE_LEN 20

struct iso_date {
    int64_t epoch;                  /* seconds since 1970-01-01T00:00:00Z */
    char text[ISO_DATE_LEN + 1];    /* "YYYY-MM-DDTHH:MM:SSZ", UTC */
};

/* Parse s[0..len) (no surrounding whitespace) as one of
 *   YYYY-MM-DD                         (midnight UTC)
 *   YYYY-MM-DD{T|t| }HH:MM[:SS[{.|,}fraction]][zone]
 * where zone is Z, z, +HH, +HH:MM or +HHMM (or '-'), and no zone means
 * UTC.  Fractions are truncated; second 60 (a leap second) rolls into the
 * next minute.  Returns 0 and fills *out, or -1 if s is not such a date,
 * names a day that does not exist (2021-02-29, month 13, hour 24), or
 * falls outside years 0000..9999 once converted to UTC. */
int iso_date_parse(const char *s, size_t len, struct iso_date *out);

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (m 1..12,
 * d 1..31); negative before 1970.  Pure arithmetic: no TZ, no locale. */
int64_t iso_days_from_civil(int64_t y, int m, int d);

#endif
