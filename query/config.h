/* config.h - the ranking settings file, so tuned weights need no flags.
 *
 * Found at $NSEARCH_CONFIG, else $XDG_CONFIG_HOME/nsearch/config, else
 * ~/.config/nsearch/config; a missing file is not an error.  Lines are
 * "key = value"; '#' starts a comment.  Keys (nsearch(1) lists them): k1, b,
 * title_weight, phrase_weight, quality_weight, heat_weight, recent,
 * recency_weight, recency_floor, expand_terms, expand_min_words.
 * Command-line flags override the file.
 */
#ifndef NSEARCH_CONFIG_H
#define NSEARCH_CONFIG_H

#include "xapian_shim.h"

/* Applies one "key = value" setting to *rank.  Returns 0, or -1 with a
 * reason in `why` (static text). */
int config_apply(ns_rank_options *rank, const char *key, const char *value,
                 const char **why);

/* Reads the settings file, if any, into *rank.  Returns 0, or -1 after
 * printing "FILE:LINE: reason" on stderr. */
int config_load(ns_rank_options *rank);

#endif
