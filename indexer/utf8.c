/* utf8.c - strict UTF-8 validation (RFC 3629, Unicode table 3-7).
 *
 * Written out by hand rather than via iconv/mbrtowc because those depend
 * on the process locale, and the indexer must judge a file the same way
 * whatever LANG says.
 */
#include "utf8.h"

/* Length of the continuation tail after lead byte c and the allowed range
 * of the first continuation byte (the ranges exclude overlong forms,
 * surrogates and values above U+10FFFF).  Returns -1 for a byte that
 * cannot start a sequence. */
static int utf8_lead(unsigned c, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c == 0xE0)
        *lo = 0xA0;
    else if (c == 0xED)
        *hi = 0x9F;
    if (c >= 0xE0 && c <= 0xEF)
        return 2;
    if (c == 0xF0)
        *lo = 0x90;
    else if (c == 0xF4)
        *hi = 0x8F;
    if (c >= 0xF0 && c <= 0xF4)
        return 3;
    return -1;
}

/* Bytes in the well-formed multi-byte sequence at p[0..avail), or 0 if
 * ill-formed. */
static size_t utf8_sequence_len(const unsigned char *p, size_t avail)
{
    unsigned lo, hi;
    int tail = utf8_lead(p[0], &lo, &hi);

    if (tail < 0 || avail <= (size_t)tail)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (int k = 2; k <= tail; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return (size_t)tail + 1;
}

size_t utf8_sequence_length(const char *s, size_t avail)
{
    const unsigned char *p = (const unsigned char *)s;
    if (avail == 0)
        return 0;
    return p[0] < 0x80 ? 1 : utf8_sequence_len(p, avail);
}

size_t utf8_find_invalid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_sequence_len(p + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t utf8_skip_chars(const char *s, size_t len, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (n > 0 && i < len) {
        i++;
        while (i < len && (p[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    return i;
}
