/* duration.c - "7d" -> 604800, "2020-11-30" -> a moment (see duration.h). */
#include "duration.h"

#include "iso_date.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int duration_parse(const char *text, double *seconds)
{
    static const struct {
        char unit;
        double seconds;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400},
                 {'w', 7 * 86400}, {'y', 365 * 86400}};
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || !isfinite(value) || value <= 0 || strlen(end) != 1)
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (*end == units[i].unit) {
            *seconds = value * units[i].seconds;
            return 0;
        }
    return -1;
}

int moment_parse(const char *text, int64_t now, int end, int64_t *epoch)
{
    double age;
    struct iso_date date;
    if (duration_parse(text, &age) == 0) {
        *epoch = now - (int64_t)age;
        return 0;
    }
    size_t len = strlen(text);
    if (iso_date_parse(text, len, &date) != 0)
        return -1;
    *epoch = date.epoch + (end && len == 10 ? 86399 : 0);
    return 0;
}
