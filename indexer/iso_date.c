/* iso_date.c - ISO 8601 parsing and UTC normalisation.
 *
 * The calendar arithmetic is Howard Hinnant's days_from_civil /
 * civil_from_days, done here instead of timegm()/mktime() because mktime
 * follows TZ, timegm is not POSIX, and both can fail on dates outside
 * time_t: an article's date must mean the same instant on every machine.
 */
#include "iso_date.h"

#include <stdio.h>

/* A cursor over the text being parsed. */
struct cursor {
    const char *p;
    const char *end;
};

/* Read exactly n decimal digits into *val. */
static int read_digits(struct cursor *c, int n, int *val)
{
    int v = 0;

    if (c->end - c->p < n)
        return -1;
    for (int i = 0; i < n; i++) {
        char ch = c->p[i];
        if (ch < '0' || ch > '9')
            return -1;
        v = v * 10 + (ch - '0');
    }
    c->p += n;
    *val = v;
    return 0;
}

/* Consume ch if it is next. */
static int accept(struct cursor *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t iso_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                              /* 0..399 */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */
    return era * 146097 + doe - 719468;
}

/* Inverse of iso_days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* YYYY-MM-DD, checked against the calendar; sets *days. */
static int parse_calendar_date(struct cursor *c, int64_t *days)
{
    int y, m, d;

    if (read_digits(c, 4, &y) || !accept(c, '-') || read_digits(c, 2, &m)
        || !accept(c, '-') || read_digits(c, 2, &d))
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *days = iso_days_from_civil(y, m, d);
    return 0;
}

/* HH:MM[:SS[.fff]]; sets *secs to seconds into the day. */
static int parse_clock(struct cursor *c, int64_t *secs)
{
    int h, mi, s = 0;

    if (read_digits(c, 2, &h) || !accept(c, ':') || read_digits(c, 2, &mi))
        return -1;
    if (accept(c, ':')) {
        if (read_digits(c, 2, &s))
            return -1;
        if (accept(c, '.') || accept(c, ',')) {
            const char *start = c->p;
            while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
                c->p++;
            if (c->p == start)
                return -1;
        }
    }
    if (h > 23 || mi > 59 || s > 60)
        return -1;
    *secs = (int64_t)h * 3600 + mi * 60 + s;
    return 0;
}

/* Z, or +HH[[:]MM] / -HH[[:]MM], or nothing (UTC); sets *offset to the
 * zone's seconds east of UTC. */
static int parse_zone(struct cursor *c, int64_t *offset)
{
    int sign, h, m = 0;

    *offset = 0;
    if (c->p == c->end || accept(c, 'Z') || accept(c, 'z'))
        return 0;
    if (accept(c, '+'))
        sign = 1;
    else if (accept(c, '-'))
        sign = -1;
    else
        return -1;
    if (read_digits(c, 2, &h))
        return -1;
    if (accept(c, ':')) {
        if (read_digits(c, 2, &m))
            return -1;
    } else if (c->p < c->end && read_digits(c, 2, &m)) {
        return -1;
    }
    if (h > 23 || m > 59)
        return -1;
    *offset = sign * ((int64_t)h * 3600 + m * 60);
    return 0;
}

/* Fill out->text from out->epoch; -1 if the year has no 4-digit form. */
static int format_utc(struct iso_date *out)
{
    int64_t days = out->epoch / 86400, secs = out->epoch % 86400, y;
    int m, d;

    if (secs < 0) {
        secs += 86400;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return -1;
    snprintf(out->text, sizeof out->text, "%04d-%02d-%02dT%02d:%02d:%02dZ",
             (int)y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60));
    return 0;
}

int iso_date_parse(const char *s, size_t len, struct iso_date *out)
{
    struct cursor c = { s, s + len };
    int64_t days, secs = 0, offset = 0;

    if (parse_calendar_date(&c, &days))
        return -1;
    if (c.p < c.end) {
        if (!accept(&c, 'T') && !accept(&c, 't') && !accept(&c, ' '))
            return -1;
        if (parse_clock(&c, &secs) || parse_zone(&c, &offset))
            return -1;
    }
    if (c.p != c.end)
        return -1;
    out->epoch = days * 86400 + secs - offset;
    return format_utc(out);
}
