/* query_limits.c - bounds on one query (see query_limits.h). */
#include "query_limits.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void query_limits_init(struct query_limits *limits)
{
    limits->max_bytes = QUERY_DEFAULT_MAX_BYTES;
    limits->max_words = QUERY_DEFAULT_MAX_WORDS;
    limits->max_wildcards = QUERY_DEFAULT_MAX_WILDCARDS;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

int query_check_limits(const char *query, const struct query_limits *limits,
                       char *why, size_t len)
{
    size_t bytes = strlen(query), words = 0, wildcards = 0;
    if (bytes > limits->max_bytes) {
        snprintf(why, len, "query too long: %zu bytes, at most %zu "
                           "(--max-query-bytes)", bytes, limits->max_bytes);
        return -1;
    }
    for (size_t i = 0; i < bytes; i++) {
        int word = is_word_byte((unsigned char)query[i]);
        if (word && (i == 0 || !is_word_byte((unsigned char)query[i - 1])))
            words++;
        if (query[i] == '*' && i > 0 && is_word_byte((unsigned char)query[i - 1]))
            wildcards++;
    }
    if (words > limits->max_words) {
        snprintf(why, len, "query has too many words: %zu, at most %zu "
                           "(--max-query-words)", words, limits->max_words);
        return -1;
    }
    if (wildcards > limits->max_wildcards) {
        snprintf(why, len, "query has too many wildcards: %zu, at most %zu "
                           "(--max-query-wildcards)", wildcards, limits->max_wildcards);
        return -1;
    }
    return 0;
}

int query_limit_option(struct query_limits *limits, const char *name,
                       const char *value, char *why, size_t len)
{
    static const char *const names[] = {"max-query-bytes", "max-query-words",
                                        "max-query-wildcards"};
    size_t *fields[] = {&limits->max_bytes, &limits->max_words, &limits->max_wildcards};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) != 0)
            continue;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        /* Up to 1 MiB / a million: a bound, not a way to switch it off. */
        if (*value < '0' || *value > '9' || errno || *end || v > 1048576) {
            snprintf(why, len, "--%s %s: expected a whole number from 0 to 1048576",
                     name, value);
            return -1;
        }
        *fields[i] = (size_t)v;
        return 0;
    }
    snprintf(why, len, "--%s: not a query limit", name);
    return -1;
}

void query_limits_usage(FILE *out)
{
    fprintf(out,
            "\nLimits on one query (a query past one is refused, exit 2):\n"
            "      --max-query-bytes N      its length (default %u)\n"
            "      --max-query-words N      its words (default %u)\n"
            "      --max-query-wildcards N  its prefix* wildcards (default %u;\n"
            "                               each matches at most 200 words)\n",
            QUERY_DEFAULT_MAX_BYTES, QUERY_DEFAULT_MAX_WORDS, QUERY_DEFAULT_MAX_WILDCARDS);
}
