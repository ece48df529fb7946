/* search.cc - ns_search and reading its results.
 *
 * A search is run from scratch on every attempt: if a writer commits while
 * we read, Xapian throws DatabaseModifiedError, and the only safe response
 * is reopen() and start again (an old MSet refers to revisions that may be
 * gone).  The score is split into its parts by reading back the boost values
 * the posting sources used, so the parts add up to the score exactly.
 */
#include <algorithm>
#include <limits>
#include <memory>

#include "query.h"
#include "reader.h"
#include "results.h"
#include "schema.h"
#include "status.h"

namespace {

/* How many times a search is restarted because the index changed under it
 * before giving up. */
constexpr int MAX_ATTEMPTS = 5;

double boost_value(const Xapian::Document &doc, Xapian::valueno slot)
{
    std::string v = doc.get_value(slot);
    return v.empty() ? 0.0 : Xapian::sortable_unserialise(v);
}

std::unique_ptr<ns_results> run_search(ns_reader &reader, const ns_search_request &request)
{
    Xapian::Query text = ns::parse_user_query(reader.parser, request.query);
    Xapian::Query query = ns::add_static_boost(text, request.rank);

    Xapian::Enquire enquire(reader.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(ns::make_weight(request.rank));
    /* Counts are estimates below checkatleast: make sure the page asked for
     * is counted exactly. */
    uint64_t want = static_cast<uint64_t>(request.offset) + request.limit;
    Xapian::doccount check_at_least = static_cast<Xapian::doccount>(
        std::min<uint64_t>(want, std::numeric_limits<Xapian::doccount>::max()));

    auto results = std::make_unique<ns_results>();
    results->mset = enquire.get_mset(request.offset, request.limit, check_at_least);
    results->stem = reader.stem;
    results->estimated_total = results->mset.get_matches_estimated();

    std::vector<double> scores, quality_parts, heat_parts;
    results->docs.reserve(results->mset.size());
    for (Xapian::MSetIterator it = results->mset.begin(); it != results->mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        results->docs.push_back(ns::decode_docdata(doc.get_data()));
        scores.push_back(it.get_weight());
        quality_parts.push_back(request.rank.quality_weight *
                                boost_value(doc, ns::schema::SLOT_QUALITY_BOOST));
        heat_parts.push_back(request.rank.heat_weight *
                             boost_value(doc, ns::schema::SLOT_HEAT_BOOST));
    }

    /* Pointers into docs only once docs no longer moves. */
    results->hits.resize(results->docs.size());
    for (size_t i = 0; i < results->docs.size(); ++i) {
        const ns::StoredDoc &d = results->docs[i];
        ns_hit &h = results->hits[i];
        h.rank = request.offset + static_cast<unsigned>(i) + 1;
        h.id = d.id.c_str();
        h.path = d.path.c_str();
        h.title = d.title.c_str();
        h.excerpt = d.excerpt.c_str();
        h.url = d.url.c_str();
        h.provider = d.provider.c_str();
        h.date_iso = d.date_iso.c_str();
        h.story_key = d.story_key.c_str();
        h.quality = d.quality;
        h.heat = d.heat;
        h.published = d.published;
        h.is_related = d.is_related ? 1 : 0;
        h.score = scores[i];
        h.quality_part = quality_parts[i];
        h.heat_part = heat_parts[i];
        /* Rounding can leave a hair below zero for a boost-only match. */
        h.relevance = std::max(0.0, scores[i] - quality_parts[i] - heat_parts[i]);
    }
    return results;
}

} // namespace

extern "C" void ns_rank_options_init(ns_rank_options *options)
{
    if (!options)
        return;
    options->bm25_k1 = 1.2;
    options->bm25_b = 0.75;
    options->quality_weight = NS_DEFAULT_QUALITY_WEIGHT;
    options->heat_weight = NS_DEFAULT_HEAT_WEIGHT;
}

extern "C" ns_status ns_search(ns_reader *reader, const ns_search_request *request,
                               ns_results **out, ns_error *err)
{
    if (out)
        *out = nullptr;
    if (!reader || !request || !out)
        return ns::set_error(err, NS_ERR_INVALID, "ns_search", "reader, request and out are required");
    if (!request->query)
        return ns::set_error(err, NS_ERR_QUERY, "", "empty query");
    try {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; ++attempt) {
            try {
                *out = run_search(*reader, *request).release();
                return NS_OK;
            } catch (const Xapian::DatabaseModifiedError &) {
                reader->db.reopen();
            }
        }
        throw ns::Failure(NS_ERR_IO, "index at " + reader->path + " changed " +
                                         std::to_string(MAX_ATTEMPTS) +
                                         " times during one search; try again");
    } catch (...) {
        return ns::status_from_exception(err, "searching index at " + reader->path);
    }
}

extern "C" size_t ns_results_count(const ns_results *results)
{
    return results ? results->hits.size() : 0;
}

extern "C" uint64_t ns_results_estimated_total(const ns_results *results)
{
    return results ? results->estimated_total : 0;
}

extern "C" const ns_hit *ns_results_hit(const ns_results *results, size_t i)
{
    if (!results || i >= results->hits.size())
        return nullptr;
    return &results->hits[i];
}

extern "C" void ns_results_free(ns_results *results)
{
    delete results;
}
