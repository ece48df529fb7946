/* wildcards.cc - expands wildcards through the word list (see wildcards.h). */
#include "wildcards.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "status.h"

namespace ns {

namespace {

bool has_wildcard(const Xapian::Query &q)
{
    if (q.get_type() == Xapian::Query::OP_WILDCARD)
        return true;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (has_wildcard(q.get_subquery(i)))
            return true;
    return false;
}

/* Xapian 1.4 keeps a wildcard's pattern private; its description,
 * "Query(WILDCARD SYNONYM prof)", is the one place that shows it. */
std::string pattern_of(const Xapian::Query &wildcard)
{
    const std::string head = "Query(WILDCARD ";
    std::string d = wildcard.get_description();
    std::size_t space = d.find(' ', head.size());
    if (d.compare(0, head.size(), head) != 0 || space == std::string::npos || d.back() != ')')
        throw Failure(NS_ERR_INTERNAL, "unexpected wildcard from the query parser: " + d);
    return d.substr(space + 1, d.size() - space - 2);
}

/* An expansion's terms carry this query position, which no typed word
 * has: it marks a lone term (a synonym of one is the term itself) as an
 * expansion, and sorts the terms after every typed word in
 * Query::get_terms_begin(). */
constexpr Xapian::termpos EXPANSION_POS = std::numeric_limits<Xapian::termpos>::max();

Xapian::Query synonym_of(const std::vector<std::pair<Xapian::doccount, std::string>> &terms)
{
    if (terms.empty())
        return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> leaves;
    for (const auto &t : terms)
        leaves.emplace_back(t.second, 1, EXPANSION_POS);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, leaves.begin(), leaves.end());
}

Xapian::Query expand_leaf(const std::string &pattern, const WildcardExpansion &how)
{
    if (how.remote)
        return Xapian::Query(Xapian::Query::OP_WILDCARD, "Z" + pattern, MAX_WILDCARD_EXPANSION,
                             how.strict ? Xapian::Query::WILDCARD_LIMIT_ERROR
                                        : Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::Query::OP_SYNONYM);
    if (how.lists.empty()) {
        if (how.shard_dirs.empty())
            how.lists.push_back(how.db);
        for (const std::string &dir : how.shard_dirs)
            how.lists.emplace_back(dir);
    }
    const std::string from = WORD_LIST_KEY + pattern;
    std::set<std::string> seen;
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (const Xapian::Database &list : how.lists) {
        for (auto key = list.metadata_keys_begin(from); key != list.metadata_keys_end(from);
             ++key) {
            std::string term = list.get_metadata(*key);
            if (!seen.insert(term).second)
                continue;
            /* A word whose documents have all gone stays listed. */
            Xapian::doccount freq = how.db.get_termfreq(term);
            if (freq == 0)
                continue;
            if (terms.size() == MAX_WILDCARD_EXPANSION && how.strict)
                throw Xapian::WildcardError("wildcard " + pattern + "* expands to more than " +
                                            std::to_string(MAX_WILDCARD_EXPANSION) + " terms");
            terms.emplace_back(freq, term);
        }
    }
    if (terms.size() > MAX_WILDCARD_EXPANSION) {
        /* The most frequent, ties in term order, as Xapian's own limit. */
        std::stable_sort(terms.begin(), terms.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        terms.resize(MAX_WILDCARD_EXPANSION);
        std::sort(terms.begin(), terms.end(),
                  [](const auto &a, const auto &b) { return a.second < b.second; });
    }
    return synonym_of(terms);
}

} // namespace

bool is_expansion(const Xapian::Query &q)
{
    if (q.get_type() == Xapian::Query::OP_SYNONYM)
        return true; /* the parser makes none of its own (no FLAG_SYNONYM) */
    if (q.get_type() != Xapian::Query::LEAF_TERM)
        return false;
    /* Query 1.4 shows a term's position only in its description. */
    static const std::string mark = "@" + std::to_string(EXPANSION_POS) + ")";
    std::string d = q.get_description();
    return d.size() >= mark.size() && d.compare(d.size() - mark.size(), mark.size(), mark) == 0;
}

Xapian::Query expand_wildcards(const Xapian::Query &query, const WildcardExpansion &how)
{
    if (!has_wildcard(query))
        return query;
    auto type = query.get_type();
    if (type == Xapian::Query::OP_WILDCARD)
        return expand_leaf(pattern_of(query), how);
    switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        break;
    default:
        /* The parser puts wildcards under nothing else (not in phrases,
         * NEAR or ADJ); an operator with parameters could not be rebuilt. */
        throw Failure(NS_ERR_INTERNAL, "a wildcard under an unexpected operator: " +
                                           query.get_description());
    }
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        subs.push_back(expand_wildcards(query.get_subquery(i), how));
    return Xapian::Query(type, subs.begin(), subs.end());
}

} // namespace ns
