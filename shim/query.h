/* query.h - from the user's query text to the Xapian query that is run. */
#ifndef NSEARCH_SHIM_QUERY_H
#define NSEARCH_SHIM_QUERY_H

#include <string>
#include <vector>

#include <xapian.h>

#include "boost_table.h"
#include "docdata.h"
#include "wildcards.h"
#include "xapian_shim.h"

namespace ns {

/* A parser with the shared analysis chain, the schema's fields and the
 * stopwords of `language`. */
Xapian::QueryParser make_query_parser(const Xapian::Database &db, const Xapian::Stem &stem,
                                      const std::string &language);

/* What a search wants the person to know (see ns_results_note). */
struct Notes {
    std::vector<std::string> items;
    void add(const std::string &note)
    {
        for (const std::string &n : items)
            if (n == note)
                return;
        items.push_back(note);
    }
};

/* Parse `text`, words joined by `default_op` (OP_AND: all words must
 * match; OP_OR: any).  Syntax the parser rejects is retried as plain words
 * (with a note), so hostile input still searches.  Throws
 * ns::Failure(NS_ERR_QUERY) for an empty query, or one with nothing
 * searchable in it.  Wildcards are expanded as `wildcards` says
 * (wildcards.h).  `notes` may be NULL. */
Xapian::Query parse_user_query(Xapian::QueryParser &parser, const WildcardExpansion &wildcards,
                               const std::string &text, Xapian::Query::op default_op,
                               Notes *notes);

/* What to tell the person when a wildcard matched too many words (a
 * strict expansion threw Xapian::WildcardError). */
std::string wildcard_note();

/* The query with its words respelt as the index's spelling data suggests,
 * or "" when nothing would change.  Separate from parse_user_query
 * because it reads the spelling table: only worth it when a query finds
 * little. */
std::string corrected_spelling(Xapian::QueryParser &parser, const std::string &text);

/* The stemmed free-text terms of `query` ("Z..." without a field prefix),
 * in the order the words were typed, repeats kept. */
std::vector<std::string> query_words(const Xapian::Query &query);

/* Throws ns::Failure(NS_ERR_INVALID) for ranking weights that are
 * negative or not finite, or a recency setting out of range. */
void check_rank_weights(const ns_rank_options &rank);

/* `match`, ranked: the text and static parts of ns_rank_options added
 * with OP_AND_MAYBE, so they reorder what `match` finds and never add to
 * it.  `text` is the user's query (for the title part); `now` is epoch
 * seconds (for recency).  The static weights are multiplied by `scale`,
 * the highest text score the query could reach (text_scale), so "quality
 * may add up to 10% of the best text score" means the same on ten
 * documents and on ten million, for one word or twenty.  Throws
 * ns::Failure(NS_ERR_INVALID) for weights that are negative or not finite.
 * Quality and heat come from `boosts` (local shards only), or from the
 * value slots when it is null - the same numbers either way. */
Xapian::Query ranked_query(const Xapian::Query &match, Xapian::QueryParser &parser,
                           const WildcardExpansion &wildcards, const std::string &text,
                           const ns_rank_options &rank, int64_t now, double scale,
                           BoostTables *boosts);

/* The scale of the static parts for `match`: the highest score BM25 could
 * give its free-text terms - each term's idf (as Xapian's BM25 computes
 * it) times (k1 + 1), summed.  From global term statistics only, so every
 * arrangement of shards gets the same number; 1 for a query of filters
 * alone, which scores 0. */
double text_scale(const Xapian::Database &db, const Xapian::Query &match,
                  const ns_rank_options &rank);

/* Xapian's default floor on a document's length relative to the average
 * in BM25 (so very short documents are not over-rewarded). */
inline constexpr double BM25_MIN_NORMLEN = 0.5;

/* BM25 as ns_rank_options configures it.  Throws ns::Failure(NS_ERR_INVALID). */
Xapian::BM25Weight make_weight(const ns_rank_options &rank);

/* The quality, heat and recency parts of a document's score, recomputed
 * from its values exactly as the posting sources computed them. */
struct StaticParts {
    double quality = 0, heat = 0, recency = 0;
};
StaticParts static_parts(const StoredDoc &stored, const Xapian::Document &doc,
                         const ns_rank_options &rank, int64_t now, double scale);

} // namespace ns

#endif
