/* fuzz_query.c - libFuzzer target: a query, as typed, with the options a
 * command line can set, over a small index built at start-up.
 *
 * The first two bytes choose options (story folding, drafts, sort order,
 * ranking parts, facets, page size and offset); the rest, up to a NUL, is
 * the query.  Every search must either succeed or fail with a query error
 * (NS_ERR_QUERY): anything else - a crash, a leak, another status, an
 * output view that fails - is a finding.  Results are rendered by every
 * view nsearch has, into /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_index.h"
#include "render.h"
#include "xapian_shim.h"

static ns_reader *reader;
static FILE *sink;

static void broken(const char *promise, const char *detail)
{
    fprintf(stderr, "fuzz_query: broken promise: %s: %s\n", promise,
            detail ? detail : "");
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    reader = fuzz_open_fixture_index();
    sink = fopen("/dev/null", "w");
    if (!sink) {
        perror("fuzz_query: /dev/null");
        exit(2);
    }
    return 0;
}

static void options_from(const uint8_t *data, ns_search_request *request)
{
    static const unsigned limits[4] = {0, 1, 10, 50};
    static const unsigned offsets[4] = {0, 1, 5, 100};
    uint8_t a = data[0], b = data[1];

    request->all = a & 1;
    request->published_only = (a >> 1) & 1;
    request->sort = (ns_sort)((a >> 2) & 3);
    request->rank.plain_bm25 = (a >> 4) & 1;
    if (a & 0x20)
        request->rank.title_weight = 0.3;
    if (a & 0x40)
        request->rank.phrase_weight = 0.1;
    if (a & 0x80)
        request->rank.recency_half_life = 7 * 86400.0;
    request->facets = b & 0x0F;
    request->limit = limits[(b >> 4) & 3];
    request->offset = offsets[(b >> 6) & 3];
    /* A fixed "now" keeps a finding reproducible. */
    request->now = 1606000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ns_search_request request;
    ns_results *results = NULL;
    ns_error err;
    struct render_options view = {1, 40, 1};

    if (size < 2)
        return 0;
    ns_search_request_init(&request);
    options_from(data, &request);
    char *query = fuzz_strndup(data + 2, size - 2);
    request.query = query;
    ns_status status = ns_search(reader, &request, &results, &err);
    if (status != NS_OK) {
        if (status != NS_ERR_QUERY)
            broken(ns_status_str(status), err.message);
        free(query);
        return 0;
    }
    for (size_t i = 0; i < ns_results_count(results); i++)
        if (!ns_results_snippet(results, i, RENDER_SNIPPET_BYTES, &err))
            broken("a snippet can be made", err.message);
    if (render_json(sink, query, results, &err) != 0)
        broken("render_json", err.message);
    if (render_text(sink, results, &view, &err) != 0)
        broken("render_text", err.message);
    render_tsv(sink, results);
    render_paths(sink, results);
    render_trec(sink, "1", "fuzz", results);
    render_facets_text(sink, results);
    ns_results_free(results);
    free(query);
    return 0;
}
