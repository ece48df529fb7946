/* render_json.c - the --json view, built with jansson (no hand escaping).
 *
 * Field names are a stable interface for scripts; nsearch(1) documents them.
 * Snippets are plain text; "highlights" lists [start, length] pairs counted
 * in Unicode code points, which is what most JSON consumers index by.
 */
#include "render.h"
#include "utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of `s`.  Jansson refuses text that is not UTF-8, but a
 * query typed in a terminal or a file name (a result's path and id) may be
 * any bytes: each ill-formed byte is written as U+FFFD instead of failing
 * the whole output. */
static json_t *text(const char *s)
{
    json_t *string = json_string(s);
    if (string)
        return string;
    size_t n = strlen(s), out = 0;
    char *fixed = malloc(3 * n + 1);  /* a byte becomes at most 3 */
    if (!fixed)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_sequence_length(s + i, n - i);
        if (len == 0) {
            memcpy(fixed + out, "\xEF\xBF\xBD", 3);
            out += 3;
            i++;
        } else {
            memcpy(fixed + out, s + i, len);
            out += len;
            i += len;
        }
    }
    fixed[out] = '\0';
    string = json_string(fixed);
    free(fixed);
    return string;
}

/* Strips the highlight markers from `marked` into a new JSON object field
 * pair: the plain text and the highlight spans. */
static int add_snippet(json_t *result, const char *marked)
{
    size_t n = strlen(marked);
    char *plain = malloc(n + 1);
    json_t *spans = json_array();
    if (!plain || !spans) {
        free(plain);
        json_decref(spans);
        return -1;
    }
    size_t out = 0, codepoint = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        char c = marked[i];
        if (c == NS_HL_START) {
            start = codepoint;
        } else if (c == NS_HL_END) {
            json_array_append_new(
                spans, json_pack("[I,I]", (json_int_t)start,
                                 (json_int_t)(codepoint - start)));
        } else {
            if (((unsigned char)c & 0xC0) != 0x80)
                codepoint++;
            plain[out++] = c;
        }
    }
    plain[out] = '\0';
    int rc = json_object_set_new(result, "snippet", text(plain)) ||
             json_object_set_new(result, "highlights", spans);
    free(plain);
    return rc ? -1 : 0;
}

static json_t *optional_string(const char *s)
{
    return *s ? text(s) : json_null();
}

static json_t *hit_object(const ns_hit *hit)
{
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:b, s:o,"
        " s:f, s:f, s:f, s:f, s:f, s:b, s:I, s:o}",
        "rank", (json_int_t)hit->rank,
        "id", text(hit->id),
        "path", optional_string(hit->path),
        "title", text(hit->title),
        "url", optional_string(hit->url),
        "provider", optional_string(hit->provider),
        "published", optional_string(hit->date_iso),
        "excerpt", optional_string(hit->excerpt),
        "quality", hit->quality >= 0 ? json_integer(hit->quality) : json_null(),
        "heat", (json_int_t)hit->heat,
        "draft", hit->published < 0 ? json_null() : json_boolean(!hit->published),
        "related", hit->is_related,
        "story", text(hit->story_key),
        "score", hit->score,
        "relevance", hit->relevance,
        "quality_part", hit->quality_part,
        "heat_part", hit->heat_part,
        "recency_part", hit->recency_part,
        "all_words", hit->all_words,
        "more", (json_int_t)hit->more,
        "more_providers", text(hit->more_providers));
}

static json_t *notes_array(const ns_results *results)
{
    json_t *notes = json_array();
    for (size_t i = 0; notes && i < ns_results_note_count(results); i++)
        json_array_append_new(notes, text(ns_results_note(results, i)));
    return notes;
}

/* {"topic": [{"value": "AI", "count": 3}, ...], ...}: only the facets
 * asked for appear. */
static json_t *facets_object(const ns_results *results)
{
    static const char *const names[NS_FACET_COUNT] = {"topic", "provider",
                                                       "category", "year"};
    json_t *facets = json_object();
    for (int f = 0; facets && f < NS_FACET_COUNT; f++) {
        size_t n = ns_results_facet_size(results, (ns_facet)f);
        if (n == 0)
            continue;
        json_t *values = json_array();
        for (size_t i = 0; values && i < n; i++) {
            uint64_t count;
            const char *value = ns_results_facet_value(results, (ns_facet)f, i, &count);
            json_array_append_new(values, json_pack("{s:o, s:I}", "value", text(value),
                                                    "count", (json_int_t)count));
        }
        json_object_set_new(facets, names[f], values);
    }
    return facets;
}

int render_json(FILE *out, const char *query, ns_results *results,
                ns_error *err)
{
    json_t *list = json_array();
    const char *suggestion = ns_results_suggestion(results);
    json_t *root = json_pack(
        "{s:o, s:I, s:b, s:o, s:o, s:o, s:o}", "query", text(query), "total",
        (json_int_t)ns_results_estimated_total(results), "total_exact",
        ns_results_total_is_exact(results), "results", list, "notes",
        notes_array(results), "suggestion",
        suggestion ? text(suggestion) : json_null(), "facets",
        facets_object(results));
    if (!root) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return -1;
    }
    size_t count = ns_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const char *snippet =
            ns_results_snippet(results, i, RENDER_SNIPPET_BYTES, err);
        if (!snippet) {
            json_decref(root);
            return -1;
        }
        json_t *result = hit_object(ns_results_hit(results, i));
        if (!result || add_snippet(result, snippet) != 0 ||
            json_array_append(list, result) != 0) {
            snprintf(err->message, sizeof err->message,
                     "out of memory building JSON");
            json_decref(result);
            json_decref(root);
            return -1;
        }
        json_decref(result);
    }
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    fputc('\n', out);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}
