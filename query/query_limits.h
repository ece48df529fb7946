/* query_limits.h - bounds on one query: how long, how many words, how
 * many wildcards.
 *
 * A query may come from a web form or a script, and its cost grows with
 * its size: every word is looked up, phrase and feedback work grows with
 * the word count, and each wildcard expands to up to 200 terms (the
 * shim's own bound).  A query past a bound is refused with a message that
 * says which bound and how to raise it, before anything is searched.
 */
#ifndef NSEARCH_QUERY_LIMITS_H
#define NSEARCH_QUERY_LIMITS_H

#include <stddef.h>
#include <stdio.h>

/* Far above what people type (Cranfield's longest query: 266 bytes, 46
 * words); a pasted paragraph still fits. */
#define QUERY_DEFAULT_MAX_BYTES 4096u
#define QUERY_DEFAULT_MAX_WORDS 256u
#define QUERY_DEFAULT_MAX_WILDCARDS 8u

struct query_limits {
    size_t max_bytes;
    size_t max_words;      /* runs of letters and digits (any non-ASCII
                              byte counts as a letter), as the query
                              parser splits words: "a-b-c" is three */
    size_t max_wildcards;  /* words ending in '*' */
};

void query_limits_init(struct query_limits *limits);

/* 0 when `query` is within `limits`; else -1 with the reason in
 * why[0..len). */
int query_check_limits(const char *query, const struct query_limits *limits,
                       char *why, size_t len);

/* Set the bound the option `name` ("max-query-bytes", "max-query-words",
 * "max-query-wildcards") names from `value`.  0, or -1 with why. */
int query_limit_option(struct query_limits *limits, const char *name,
                       const char *value, char *why, size_t len);

/* --help lines for the options, with their defaults. */
void query_limits_usage(FILE *out);

#endif
