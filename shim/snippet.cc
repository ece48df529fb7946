/* snippet.cc - highlighted snippets as plain text.
 *
 * Xapian 1.4's MSet::snippet() writes HTML: it escapes &, < and > in the
 * text and inserts our highlight strings verbatim.  We highlight with the
 * control characters NS_HL_START/NS_HL_END and then undo the escaping, so
 * callers get plain text ("AT&T" stays "AT&T") with unambiguous markers.
 * The snippet matches words through the same stemmer as the query, so
 * "recognitions" highlights "recognition".
 */
#include <string>

#include "results.h"
#include "schema.h"
#include "status.h"

namespace {

const char HL_START[] = {NS_HL_START, '\0'};
const char HL_END[] = {NS_HL_END, '\0'};
const char ELLIPSIS[] = "\xE2\x80\xA6"; /* U+2026 */

/* Stored text could contain the marker bytes itself; they must only ever
 * mean "highlight" in our output. */
std::string without_markers(const std::string &text)
{
    std::string out = text;
    for (char &c : out)
        if (c == NS_HL_START || c == NS_HL_END)
            c = ' ';
    return out;
}

/* One left-to-right pass, so "&amp;lt;" (a literal "&lt;" in the text)
 * becomes "&lt;", not "<". */
std::string unescape_html(const std::string &html)
{
    static const struct {
        const char *entity;
        char ch;
    } entities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
                    {"&#39;", '\''}, {"&apos;", '\''}};
    std::string out;
    out.reserve(html.size());
    for (size_t i = 0; i < html.size();) {
        bool matched = false;
        if (html[i] == '&') {
            for (const auto &e : entities) {
                if (html.compare(i, std::char_traits<char>::length(e.entity), e.entity) == 0) {
                    out += e.ch;
                    i += std::char_traits<char>::length(e.entity);
                    matched = true;
                    break;
                }
            }
        }
        if (!matched)
            out += html[i++];
    }
    return out;
}

/* Without the match data: the start of the text, unhighlighted. */
std::string plain_snippet(const std::string &text, size_t length)
{
    std::string cut = ns::schema::utf8_prefix(text, length);
    if (cut.size() < text.size())
        cut += ELLIPSIS;
    return cut;
}

} // namespace

extern "C" const char *ns_results_snippet(ns_results *results, size_t i, size_t length,
                                          ns_error *err)
{
    if (!results || i >= results->hits.size()) {
        ns::set_error(err, NS_ERR_INVALID, "ns_results_snippet", "no such hit");
        return nullptr;
    }
    try {
        auto key = std::make_pair(i, length);
        auto found = results->snippets.find(key);
        if (found != results->snippets.end())
            return found->second.c_str();

        std::string text = without_markers(results->docs[i].snippet_source());
        std::string snippet;
        try {
            snippet = unescape_html(results->mset.snippet(
                text, length, results->snippet_stem,
                Xapian::MSet::SNIPPET_EXHAUSTIVE,
                HL_START, HL_END, ELLIPSIS));
        } catch (const Xapian::DatabaseError &) {
            /* Making a snippet may read term statistics from an index that
             * a writer has since moved on (DatabaseModifiedError, or a
             * recycled block: "EOF reading block"); the result itself was
             * read whole, and a plain snippet beats failing the line. */
            snippet = plain_snippet(text, length);
        }
        return (results->snippets[key] = std::move(snippet)).c_str();
    } catch (...) {
        ns::status_from_exception(err, "making a snippet");
        return nullptr;
    }
}
