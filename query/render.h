/* render.h - writing search results for people (text) and for scripts (JSON).
 *
 * Snippets arrive from the shim with NS_HL_START / NS_HL_END around the
 * matched words; each renderer decides what those become: bold on a
 * terminal, nothing in plain text, character offsets in JSON.
 */
#ifndef NSEARCH_RENDER_H
#define NSEARCH_RENDER_H

#include <stdio.h>

#include "xapian_shim.h"

/* Bytes of excerpt a snippet shows. */
#define RENDER_SNIPPET_BYTES 240

struct render_options {
    int color;         /* emit ANSI bold for highlights and titles */
    int width;         /* terminal columns to wrap snippets at */
    int explain;       /* print the parts each score is made of */
};

/* Decide colour and width for `out` the way people expect: colour only on
 * a terminal and when NO_COLOR is unset or empty; width from the terminal,
 * else $COLUMNS, else 80. */
void render_options_detect(struct render_options *options, FILE *out);

/* The human view: rank, title, provider, date, url, highlighted snippet.
 * Returns 0, or -1 with err filled when a snippet could not be made. */
int render_text(FILE *out, ns_results *results,
                const struct render_options *options, ns_error *err);

/* One JSON object: query, total, results[] (field names documented in
 * nsearch(1)).  Returns 0, or -1 with err filled. */
int render_json(FILE *out, const char *query, ns_results *results,
                ns_error *err);

/* TREC run lines, "QID Q0 DOCID RANK SCORE RUN", for relevance
 * evaluation; DOCID is the result's id. */
void render_trec(FILE *out, const char *query_id, const char *run_id,
                 const ns_results *results);

/* One line per result: rank, score, date, provider, title, url, id -
 * tab-separated, tabs and newlines inside fields written as spaces. */
void render_tsv(FILE *out, const ns_results *results);

/* The file path of each result read from a file, one per line (related
 * coverage, which has no file, is skipped). */
void render_paths(FILE *out, const ns_results *results);

/* Facet counts as "name: value (count), value (count)" lines. */
void render_facets_text(FILE *out, const ns_results *results);

#endif
