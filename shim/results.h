/* results.h - the ns_results handle, shared by search.cc and snippet.cc.
 *
 * Everything a caller reads from a hit is copied out of the index while the
 * results are built, so reading a hit later can never throw or see another
 * version of the index.  The MSet is kept only to make snippets.
 */
#ifndef NSEARCH_SHIM_RESULTS_H
#define NSEARCH_SHIM_RESULTS_H

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "docdata.h"
#include "xapian_shim.h"

struct ns_results {
    Xapian::MSet mset;
    Xapian::Stem snippet_stem;       /* for snippet matching: the reader's, or
                                        query_stems_only() of it */
    uint64_t estimated_total = 0;
    bool total_exact = false;
    unsigned threads = 1; /* 2 when a pass was split in halves */
    std::vector<ns::StoredDoc> docs; /* the strings the hits point into */
    std::vector<std::string> more_providers; /* parallel to docs */
    std::vector<ns_hit> hits;
    std::vector<std::string> notes;
    std::string suggestion;          /* "" = none */
    /* Per facet kind: (value, count), largest count first. */
    std::vector<std::pair<std::string, uint64_t>> facets[NS_FACET_COUNT];
    /* Snippets handed out, by (hit, length): each stays valid until
     * ns_results_free, even if asked for again with another length. */
    std::map<std::pair<size_t, size_t>, std::string> snippets;
};

#endif
