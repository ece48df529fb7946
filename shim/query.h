/* query.h - from the user's query text to the Xapian query that is run. */
#ifndef NSEARCH_SHIM_QUERY_H
#define NSEARCH_SHIM_QUERY_H

#include <string>

#include <xapian.h>

#include "xapian_shim.h"

namespace ns {

/* A parser with the shared analysis chain and the schema's fields. */
Xapian::QueryParser make_query_parser(const Xapian::Database &db, const Xapian::Stem &stem);

/* Parse `text`.  Syntax the parser rejects is retried once as plain words,
 * so hostile input still searches.  Throws ns::Failure(NS_ERR_QUERY) for an
 * empty query, or one with nothing searchable in it. */
Xapian::Query parse_user_query(Xapian::QueryParser &parser, const std::string &text);

/* text, plus the static quality and heat parts (see ns_rank_options) for
 * documents that match text.  Throws ns::Failure(NS_ERR_INVALID) for
 * negative or non-finite weights. */
Xapian::Query add_static_boost(const Xapian::Query &text, const ns_rank_options &rank);

/* BM25 as ns_rank_options configures it.  Throws ns::Failure(NS_ERR_INVALID). */
Xapian::BM25Weight make_weight(const ns_rank_options &rank);

} // namespace ns

#endif
