/* limit_options.h - nsearch-index's --max-* options: what one article file
 * may cost (struct article_limits, article.h), set from the command line.
 *
 * Kept apart from main.c so the options, their parsing and their help text
 * live beside the limits they set.  main.c adds LIMIT_OPTIONS(val) to its
 * getopt_long table, hands each option with that val to
 * limit_option_apply by name, prints limit_options_usage in --help, and
 * reads files with article_read_file_limited.
 */
#ifndef NSEARCH_LIMIT_OPTIONS_H
#define NSEARCH_LIMIT_OPTIONS_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"

/* getopt_long entries for every limit option, all returning `val`: tell
 * them apart by name (getopt_long's longindex). */
#define LIMIT_OPTIONS(val)                                      \
    {"max-file-size", required_argument, NULL, (val)},          \
    {"max-field-size", required_argument, NULL, (val)},         \
    {"max-depth", required_argument, NULL, (val)},              \
    {"max-nodes", required_argument, NULL, (val)},              \
    {"max-related", required_argument, NULL, (val)},            \
    {"max-topics", required_argument, NULL, (val)},             \
    {"max-body-words", required_argument, NULL, (val)}

/* Set the limit the option `name` (without "--") names from `value`.
 * Sizes take a K, M or G suffix (powers of 1024).  Returns 0, or -1 with
 * a message for the person typing it in why[0..len) (name, value and the
 * range accepted). */
int limit_option_apply(struct article_limits *limits, const char *name,
                       const char *value, char *why, size_t len);

/* The --help lines for the limit options, with their defaults. */
void limit_options_usage(FILE *out);

#endif
