/* reader.h - the ns_reader handle, shared by reader.cc and search.cc.
 *
 * One reader is used by one thread at a time: its stemmer (libstemmer) and
 * query parser keep state between calls.
 */
#ifndef NSEARCH_SHIM_READER_H
#define NSEARCH_SHIM_READER_H

#include <string>

#include <xapian.h>

#include "boost_table.h"
#include "halves.h"
#include "shards.h"
#include "wildcards.h"
#include "xapian_shim.h"

struct ns_reader {
    std::string path;
    ns_reader_options options;
    ns::ShardedIndex index; /* index.db is db's source; shards for messages */
    std::string language; /* as recorded in the index */
    Xapian::Database db;
    Xapian::Stem stem;    /* libstemmer, for the recorded language */
    Xapian::QueryParser parser;
    ns::WildcardExpansion wildcards; /* over db; strictness set per search */
    ns::BoostTables boost_tables; /* local shards' boosts, for ranking */
    ns::SecondHandle second;      /* for a search split in two (halves.h) */
};

namespace ns {

/* Open the index afresh, re-reading its stub files: reopen() alone would
 * keep a generation or shard list the indexer has since replaced. */
void reopen_reader(ns_reader &reader);

} // namespace ns

#endif
