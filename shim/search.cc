/* search.cc - ns_search and reading its results.
 *
 * A search is run from scratch on every attempt: if a writer commits while
 * we read, Xapian throws DatabaseModifiedError, and the only safe response
 * is reopen() and start again (an old MSet refers to revisions that may be
 * gone).  The score is split into its parts by reading back the boost values
 * the posting sources used, so the parts add up to the score exactly.
 */
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <set>
#include <vector>

#include "query.h"
#include "reader.h"
#include "results.h"
#include "schema.h"
#include "status.h"

namespace {

/* How many times a search is restarted because the index changed under it
 * before giving up. */
constexpr int MAX_ATTEMPTS = 5;

/* Pseudo-relevance feedback: how many top documents are taken as relevant,
 * and the weight of the terms they add relative to the user's own. */
constexpr unsigned FEEDBACK_DOCS = 10;
constexpr double FEEDBACK_WEIGHT = 0.5;

/* A ranked document, from whichever pass found it. */
struct Hit {
    Xapian::docid did;
    double weight;
    Xapian::Document doc;
    bool all_words;
    double scale; /* the static parts' scale in the pass that found it */
};

Xapian::doccount clamp_count(uint64_t n)
{
    return static_cast<Xapian::doccount>(
        std::min<uint64_t>(n, std::numeric_limits<Xapian::doccount>::max()));
}

/* Pseudo-relevance feedback for long (pasted, natural-language) queries:
 * the best terms of the top documents, added with a reduced weight.  Long
 * queries say what they want in many words, and the documents they find
 * first say it in the collection's words. */
Xapian::Query expanded(Xapian::Enquire &enquire, const Xapian::MSet &first,
                       const Xapian::Query &query, const ns_rank_options &rank)
{
    Xapian::RSet top;
    unsigned n = 0;
    for (auto it = first.begin(); it != first.end() && n < FEEDBACK_DOCS; ++it, ++n)
        top.add_document(*it);
    if (top.empty())
        return query;

    struct FreeTextOnly : Xapian::ExpandDecider {
        std::vector<std::string> words;
        bool operator()(const std::string &term) const override
        {
            return term.size() > 1 && term[0] == 'Z' &&
                   !std::isupper(static_cast<unsigned char>(term[1])) &&
                   std::find(words.begin(), words.end(), term) == words.end();
        }
    } decider;
    decider.words = ns::query_words(query);
    Xapian::ESet eset = enquire.get_eset(rank.expand_terms, top, &decider);
    if (eset.empty())
        return query;
    std::vector<Xapian::Query> terms;
    for (auto t = eset.begin(); t != eset.end(); ++t)
        terms.emplace_back(*t);
    Xapian::Query more(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_OR, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, more, FEEDBACK_WEIGHT));
}

/* The highest score `match` alone can give (from term statistics only, no
 * document is matched); 1 for a query of filters alone, which scores 0. */
double text_scale(Xapian::Enquire &enquire, const Xapian::Query &match)
{
    enquire.set_query(match);
    double best = enquire.get_mset(0, 0).get_max_possible();
    return best > 0 ? best : 1.0;
}

/* One pass: `match` ranked, the top `count` documents. */
Xapian::MSet run_pass(Xapian::Enquire &enquire, ns_reader &reader, const Xapian::Query &match,
                      const ns_search_request &request, int64_t now, uint64_t count,
                      double *scale)
{
    *scale = text_scale(enquire, match);
    enquire.set_query(
        ns::ranked_query(match, reader.parser, request.query, request.rank, now, *scale));
    return enquire.get_mset(0, clamp_count(count), clamp_count(count));
}

/* Documents with every word first, then - when they are too few to fill
 * the page - documents with some of the words, each group by score. */
std::vector<Hit> rank_documents(Xapian::Enquire &enquire, ns_reader &reader,
                                const ns_search_request &request, int64_t now, uint64_t want,
                                ns_results &results)
{
    const ns_rank_options &rank = request.rank;
    Xapian::Query all = ns::parse_user_query(reader.parser, request.query, Xapian::Query::OP_AND);
    double scale;
    Xapian::MSet first = run_pass(enquire, reader, all, request, now, want, &scale);
    results.mset = first;
    results.estimated_total = first.get_matches_estimated();

    std::vector<Hit> hits;
    std::set<Xapian::docid> seen;
    for (auto it = first.begin(); it != first.end(); ++it) {
        hits.push_back({*it, it.get_weight(), it.get_document(), true, scale});
        seen.insert(*it);
    }
    if (hits.size() >= want)
        return hits;

    Xapian::Query any = ns::parse_user_query(reader.parser, request.query, Xapian::Query::OP_OR);
    std::size_t words = ns::query_words(any).size();
    if (words < 2 && rank.expand_terms == 0)
        return hits; /* one word: "some of the words" is the same query */
    Xapian::MSet second = run_pass(enquire, reader, any, request, now, want + hits.size(), &scale);
    if (rank.expand_terms > 0 && words >= rank.expand_min_words) {
        Xapian::Query more = expanded(enquire, second, any, rank);
        second = run_pass(enquire, reader, more, request, now, want + hits.size(), &scale);
    }
    /* Snippets highlight the user's words, not feedback terms: keep the
     * first pass's MSet unless it found nothing to highlight with. */
    if (first.empty())
        results.mset = second;
    results.estimated_total =
        std::max<uint64_t>(results.estimated_total, second.get_matches_estimated());
    for (auto it = second.begin(); it != second.end() && hits.size() < want; ++it)
        if (seen.insert(*it).second)
            hits.push_back({*it, it.get_weight(), it.get_document(), false, scale});
    return hits;
}

/* The baseline: Xapian's defaults over the same parsed words (any of them). */
std::vector<Hit> rank_plain(Xapian::Enquire &enquire, ns_reader &reader,
                            const ns_search_request &request, uint64_t want, ns_results &results)
{
    enquire.set_query(ns::parse_user_query(reader.parser, request.query, Xapian::Query::OP_OR));
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    results.mset = enquire.get_mset(0, clamp_count(want), clamp_count(want));
    results.estimated_total = results.mset.get_matches_estimated();
    std::vector<Hit> hits;
    for (auto it = results.mset.begin(); it != results.mset.end(); ++it)
        hits.push_back({*it, it.get_weight(), it.get_document(), true, 1.0});
    return hits;
}

std::unique_ptr<ns_results> run_search(ns_reader &reader, const ns_search_request &request)
{
    int64_t now = request.now ? request.now : static_cast<int64_t>(std::time(nullptr));
    uint64_t want = static_cast<uint64_t>(request.offset) + request.limit;
    auto results = std::make_unique<ns_results>();
    results->stem = reader.stem;

    Xapian::Enquire enquire(reader.db);
    enquire.set_weighting_scheme(ns::make_weight(request.rank));
    std::vector<Hit> hits = request.rank.plain_bm25
                                ? rank_plain(enquire, reader, request, want, *results)
                                : rank_documents(enquire, reader, request, now, want, *results);

    ns_rank_options none;
    std::memset(&none, 0, sizeof none);
    const ns_rank_options &weights = request.rank.plain_bm25 ? none : request.rank;
    std::vector<ns::StaticParts> parts;
    for (std::size_t i = request.offset; i < hits.size(); ++i) {
        results->docs.push_back(ns::decode_docdata(hits[i].doc.get_data()));
        parts.push_back(ns::static_parts(hits[i].doc, weights, now, hits[i].scale));
    }

    /* Pointers into docs only once docs no longer moves. */
    results->hits.resize(results->docs.size());
    for (size_t i = 0; i < results->docs.size(); ++i) {
        const ns::StoredDoc &d = results->docs[i];
        const Hit &from = hits[request.offset + i];
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
        h.all_words = from.all_words ? 1 : 0;
        h.score = from.weight;
        h.quality_part = parts[i].quality;
        h.heat_part = parts[i].heat;
        h.recency_part = parts[i].recency;
        /* Rounding can leave a hair below zero. */
        h.relevance = std::max(0.0, from.weight - parts[i].quality - parts[i].heat -
                                        parts[i].recency);
    }
    return results;
}

} // namespace

extern "C" void ns_rank_options_init(ns_rank_options *options)
{
    if (!options)
        return;
    options->bm25_k1 = NS_DEFAULT_BM25_K1;
    options->bm25_b = NS_DEFAULT_BM25_B;
    options->title_weight = NS_DEFAULT_TITLE_WEIGHT;
    options->phrase_weight = NS_DEFAULT_PHRASE_WEIGHT;
    options->quality_weight = NS_DEFAULT_QUALITY_WEIGHT;
    options->heat_weight = NS_DEFAULT_HEAT_WEIGHT;
    options->recency_half_life = 0;
    options->recency_weight = NS_DEFAULT_RECENCY_WEIGHT;
    options->recency_floor = NS_DEFAULT_RECENCY_FLOOR;
    options->expand_terms = NS_DEFAULT_EXPAND_TERMS;
    options->expand_min_words = NS_DEFAULT_EXPAND_MIN_WORDS;
    options->plain_bm25 = 0;
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
