/* fuzz_snippet.cc - libFuzzer target: snippet and highlight generation
 * over any text.
 *
 * Input: a query, a NUL byte, then the text a snippet is cut from.  The
 * query is searched over the fixture index (so the MSet, its stemmer and
 * the background statistics are real); the text then replaces the first
 * hit's stored excerpt inside the results, so the snippet code sees text
 * the fuzzer chose rather than only what the fixtures hold.  The snippet
 * is made at several lengths and rendered by the text and JSON views,
 * which turn the highlight markers into bold and code-point offsets.
 *
 * The text must be what the article reader lets through - valid UTF-8, no
 * NUL - since nothing else reaches an index; the query may be any bytes.
 * C++ only because it reaches into the results handle (shim/results.h).
 */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz_index.h"
#include "results.h"
#include "xapian_shim.h"

extern "C" { /* C headers without their own guards */
#include "render.h"
#include "utf8.h"
}

namespace {

ns_reader *reader;
FILE *sink;

[[noreturn]] void broken(const char *promise, const char *detail)
{
    std::fprintf(stderr, "fuzz_snippet: broken promise: %s: %s\n", promise,
                 detail ? detail : "");
    std::abort();
}

/* Does `s` hold a highlight end with no start before it, or two starts in
 * a row?  The renderers rely on markers coming in pairs. */
bool markers_unbalanced(const char *s)
{
    bool open = false;
    for (; *s; ++s) {
        if (*s == NS_HL_START) {
            if (open)
                return true;
            open = true;
        } else if (*s == NS_HL_END) {
            if (!open)
                return true;
            open = false;
        }
    }
    return open;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    reader = fuzz_open_fixture_index();
    sink = std::fopen("/dev/null", "w");
    if (!sink) {
        std::perror("fuzz_snippet: /dev/null");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = static_cast<const uint8_t *>(std::memchr(data, 0, size));
    if (!nul)
        return 0;
    std::string query(reinterpret_cast<const char *>(data), nul - data);
    std::string text(reinterpret_cast<const char *>(nul + 1), size - (nul - data) - 1);
    if (std::memchr(text.data(), 0, text.size()) ||
        utf8_find_invalid(text.data(), text.size()) != text.size())
        return -1; /* not something an index can hold: not interesting */

    ns_search_request request;
    ns_search_request_init(&request);
    request.query = query.c_str();
    request.all = 1;
    request.now = 1606000000;
    ns_results *results = nullptr;
    ns_error err;
    ns_status status = ns_search(reader, &request, &results, &err);
    if (status != NS_OK) {
        if (status != NS_ERR_QUERY)
            broken(ns_status_str(status), err.message);
        return 0;
    }
    if (ns_results_count(results) > 0) {
        results->docs[0].excerpt = text;
        /* The hit points into the string it came from: follow it. */
        results->hits[0].excerpt = results->docs[0].excerpt.c_str();
        static const size_t lengths[] = {0, 1, 7, 60, RENDER_SNIPPET_BYTES, 5000};
        for (size_t length : lengths) {
            const char *snippet = ns_results_snippet(results, 0, length, &err);
            if (!snippet)
                broken("a snippet can be made", err.message);
            size_t n = std::strlen(snippet);
            if (utf8_find_invalid(snippet, n) != n)
                broken("the snippet is valid UTF-8", snippet);
            if (markers_unbalanced(snippet))
                broken("highlight markers come in pairs", snippet);
        }
        struct render_options view = {1, 40, 0};
        if (render_json(sink, request.query, results, &err) != 0)
            broken("render_json", err.message);
        if (render_text(sink, results, &view, &err) != 0)
            broken("render_text", err.message);
    }
    ns_results_free(results);
    return 0;
}
