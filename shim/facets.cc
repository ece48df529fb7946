/* facets.cc - match spies for facet counts (see facets.h). */
#include "facets.h"

#include <algorithm>
#include <map>

#include "schema.h"

namespace ns {

namespace {

using namespace schema;

/* Counts every topic of every matching document (a custom spy: see the
 * note on remote shards in facets.h). */
class TopicSpy : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document &doc, double) override
    {
        std::string packed = doc.get_value(SLOT_TOPICS);
        if (packed.empty())
            return;
        std::size_t start = 0;
        while (start <= packed.size()) {
            std::size_t end = packed.find(TOPIC_SEPARATOR, start);
            if (end == std::string::npos)
                end = packed.size();
            ++counts_[packed.substr(start, end - start)];
            start = end + 1;
        }
    }
    std::string name() const override { return "nsearch.TopicSpy"; }
    const std::map<std::string, uint64_t> &counts() const { return counts_; }

  private:
    std::map<std::string, uint64_t> counts_;
};

Xapian::valueno facet_slot(ns_facet facet)
{
    switch (facet) {
    case NS_FACET_PROVIDER: return SLOT_PROVIDER;
    case NS_FACET_CATEGORY: return SLOT_CATEGORY;
    case NS_FACET_YEAR: return SLOT_YEAR;
    default: return SLOT_TOPICS;
    }
}

} // namespace

void FacetSpies::attach(Xapian::Enquire &enquire, unsigned mask)
{
    enquire.clear_matchspies();
    for (int f = 0; f < NS_FACET_COUNT; ++f) {
        spies_[f] = nullptr;
        if (!(mask & NS_FACET_BIT(f)))
            continue;
        if (f == NS_FACET_TOPIC)
            spies_[f] = new TopicSpy;
        else
            spies_[f] = new Xapian::ValueCountMatchSpy(facet_slot(static_cast<ns_facet>(f)));
        /* The enquire owns it from here; we keep a pointer to read it. */
        enquire.add_matchspy(spies_[f]->release());
    }
}

std::vector<std::pair<std::string, uint64_t>> FacetSpies::counts(ns_facet facet) const
{
    std::vector<std::pair<std::string, uint64_t>> out;
    const Xapian::MatchSpy *spy = spies_[facet];
    if (!spy)
        return out;
    if (facet == NS_FACET_TOPIC) {
        for (const auto &c : static_cast<const TopicSpy *>(spy)->counts())
            out.emplace_back(c.first, c.second);
    } else {
        auto *values = static_cast<const Xapian::ValueCountMatchSpy *>(spy);
        for (auto it = values->values_begin(); it != values->values_end(); ++it)
            out.emplace_back(*it, it.get_termfreq());
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

} // namespace ns
