/* facets.h - counting topics, providers, categories and years over all
 * matches of a search (Xapian match spies).
 *
 * Provider, category and year are single values: Xapian's built-in
 * ValueCountMatchSpy counts them, and works on remote shards.  Topics are
 * many per article, stored as one StringListSerialiser value; our own
 * TopicSpy counts each.  A custom spy cannot run inside xapian-tcpsrv, so
 * the topic facet is local-only.
 */
#ifndef NSEARCH_SHIM_FACETS_H
#define NSEARCH_SHIM_FACETS_H

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "xapian_shim.h"

namespace ns {

class FacetSpies {
  public:
    /* Attach spies for the NS_FACET_BIT()s in `mask` to `enquire`,
     * replacing any attached before. */
    void attach(Xapian::Enquire &enquire, unsigned mask);

    /* The counts of the last get_mset, largest first, for one facet. */
    std::vector<std::pair<std::string, uint64_t>> counts(ns_facet facet) const;

  private:
    Xapian::MatchSpy *spies_[NS_FACET_COUNT] = {};
};

} // namespace ns

#endif
