/* search.cc - ns_search and reading its results.
 *
 * A search is run from scratch on every attempt: if a writer commits while
 * we read, Xapian throws DatabaseModifiedError, and the only safe response
 * is to open the index again and start over (an old MSet refers to revisions that may be
 * gone).  The score is split into its parts by reading back the boost values
 * the posting sources used, so the parts add up to the score exactly.
 */
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <exception>
#include <set>
#include <thread>
#include <vector>

#include "boosted_term.h"
#include "facets.h"
#include "halves.h"
#include "query.h"
#include "reader.h"
#include "results.h"
#include "schema.h"
#include "status.h"
#include "stemmer.h"

namespace {

/* How many times a search is restarted because the index changed under it
 * before giving up. */
constexpr int MAX_ATTEMPTS = 5;

/* Pseudo-relevance feedback: how many top documents are taken as relevant,
 * and the weight of the terms they add relative to the user's own. */
constexpr unsigned FEEDBACK_DOCS = 10;
constexpr double FEEDBACK_WEIGHT = 0.5;

/* Story members read to name the providers under "+N more"; bounds the
 * work one huge story can cause. */
constexpr Xapian::doccount MAX_STORY = 1000;

/* --count is exact up to this many matches, an estimate beyond. */
constexpr Xapian::doccount COUNT_EXACT_UP_TO = 100000;
/* run_floored_pass ranks an alternative alone first when another is this
 * many times commoner. */
constexpr Xapian::doccount FLOOR_RATIO = 32;

/* A ranked document, from whichever pass found it. */
struct Hit {
    Xapian::docid did;
    double weight;
    Xapian::Document doc;
    bool all_words;
    double scale;         /* the static parts' scale in the pass that found it */
    Xapian::Query match;  /* that pass's match query (for "+N more") */
    unsigned more = 0;
    std::string more_providers;
    std::string story; /* its story key, "" for a lone article */
};

/* One pass's ranked documents, best first (one per story unless every
 * article is asked for), from one MSet or from the two halves' merged. */
struct Page {
    Xapian::MSet mset; /* the reader's Enquire's (the lower half's): for snippets */
    std::vector<Xapian::MSetIterator> ranked;
    bool empty() const { return ranked.empty(); }
};

Page whole_page(const Xapian::MSet &mset)
{
    Page page{mset, {}};
    for (auto it = mset.begin(); it != mset.end(); ++it)
        page.ranked.push_back(it);
    return page;
}

/* The top `items` of two halves' pages, each already collapsed: a story's
 * best article is in one half, where it is among the top `items` stories
 * if it is among the whole index's, so the merge keeps each story's first
 * (best) appearance.  Equal weights: the lower docid first, as Xapian
 * orders them. */
Page merged_page(const Xapian::MSet &lower, const Xapian::MSet &upper, Xapian::doccount items,
                 bool collapsed)
{
    Page page{lower, {}};
    std::set<std::string> stories;
    Xapian::MSetIterator a = lower.begin(), b = upper.begin();
    while (page.ranked.size() < items && (a != lower.end() || b != upper.end())) {
        bool from_lower = b == upper.end() || (a != lower.end() && a.get_weight() >= b.get_weight());
        Xapian::MSetIterator it = from_lower ? a : b;
        ++(from_lower ? a : b);
        const std::string &story = it.get_collapse_key();
        if (collapsed && !story.empty() && !stories.insert(story).second)
            continue;
        page.ranked.push_back(it);
    }
    return page;
}

/* How many documents `q` may match, by its words' frequencies: the
 * rarest of an AND, the sum of an OR; the whole index for what has no
 * frequency to go by (a wildcard, a value range alone). */
Xapian::doccount candidates(const Xapian::Database &db, const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return db.get_termfreq(*q.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return 0;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR: {
        Xapian::doccount fewest = db.get_doccount();
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
            fewest = std::min(fewest, candidates(db, q.get_subquery(i)));
        return fewest;
    }
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_XOR: {
        uint64_t sum = 0;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
            sum += candidates(db, q.get_subquery(i));
        return static_cast<Xapian::doccount>(std::min<uint64_t>(sum, db.get_doccount()));
    }
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        return q.get_num_subqueries() ? candidates(db, q.get_subquery(0)) : 0;
    default:
        return db.get_doccount();
    }
}

Xapian::doccount clamp_count(uint64_t n)
{
    return static_cast<Xapian::doccount>(
        std::min<uint64_t>(n, std::numeric_limits<Xapian::doccount>::max()));
}

/* Pseudo-relevance feedback for long (pasted, natural-language) queries:
 * the best terms of the top documents, added with a reduced weight.  Long
 * queries say what they want in many words, and the documents they find
 * first say it in the collection's words. */
Xapian::Query expanded(Xapian::Enquire &enquire, const Page &first, const Xapian::Query &query,
                       const ns_rank_options &rank)
{
    Xapian::RSet top;
    for (std::size_t i = 0; i < first.ranked.size() && i < FEEDBACK_DOCS; ++i)
        top.add_document(*first.ranked[i]);
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

/* The date and draft filters of the request, or an empty query. */
Xapian::Query request_filter(const ns_search_request &request)
{
    using namespace ns::schema;
    Xapian::Query filter;
    bool since = request.since != NS_NO_DATE, until = request.until != NS_NO_DATE;
    std::string lo = Xapian::sortable_serialise(static_cast<double>(request.since));
    std::string hi = Xapian::sortable_serialise(static_cast<double>(request.until));
    if (since && until)
        filter = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, SLOT_DATE, lo, hi);
    else if (since)
        filter = Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_DATE, lo);
    else if (until)
        filter = Xapian::Query(Xapian::Query::OP_VALUE_LE, SLOT_DATE, hi);
    return filter;
}

/* For a query of three or four plain words (an AND of terms): the
 * documents with all of them but one, as an OR of the ANDs that leave one
 * out - each such document matches exactly one of them (it lacks exactly
 * one word), so it scores what the some-words pass would give it.  An
 * empty query otherwise.  Why: when the words together are too rare, the
 * some-words pass is an OR of every word, which for common words visits
 * most of the index; the documents that miss one word are usually enough
 * to fill the page, at the cost of a few ANDs. */
Xapian::Query all_but_one(const Xapian::Query &words_and)
{
    constexpr std::size_t MIN_WORDS = 3, MAX_WORDS = 4;
    if (words_and.get_type() != Xapian::Query::OP_AND)
        return Xapian::Query();
    std::size_t n = words_and.get_num_subqueries();
    if (n < MIN_WORDS || n > MAX_WORDS)
        return Xapian::Query();
    std::vector<Xapian::Query> terms;
    for (std::size_t i = 0; i < n; ++i) {
        terms.push_back(words_and.get_subquery(i));
        if (terms.back().get_type() != Xapian::Query::LEAF_TERM)
            return Xapian::Query();
    }
    std::vector<Xapian::Query> leave_one_out;
    for (std::size_t out = 0; out < n; ++out) {
        std::vector<Xapian::Query> kept;
        for (std::size_t i = 0; i < n; ++i)
            if (i != out)
                kept.push_back(terms[i]);
        leave_one_out.emplace_back(Xapian::Query::OP_AND, kept.begin(), kept.end());
    }
    return Xapian::Query(Xapian::Query::OP_OR, leave_one_out.begin(), leave_one_out.end());
}

/* `q` without the request's filters (restricted() puts it first under
 * OP_AND_NOT and OP_FILTER). */
Xapian::Query unrestricted(Xapian::Query q)
{
    while ((q.get_type() == Xapian::Query::OP_FILTER ||
            q.get_type() == Xapian::Query::OP_AND_NOT) &&
           q.get_num_subqueries() > 0)
        q = q.get_subquery(0);
    return q;
}

/* How many alternatives `q` (an OR under the request's filters) has. */
std::size_t alternatives_of(const Xapian::Query &q)
{
    Xapian::Query alternatives = unrestricted(q);
    return alternatives.get_type() == Xapian::Query::OP_OR ? alternatives.get_num_subqueries() : 1;
}

/* One search attempt against one revision of the index. */
class Search {
  public:
    Search(ns_reader &reader, const ns_search_request &request, ns_results &results)
        : reader_(reader), request_(request), results_(results), enquire_(reader.db)
    {
        now_ = request.now ? request.now : static_cast<int64_t>(std::time(nullptr));
        want_ = static_cast<uint64_t>(request.offset) + request.limit;
        filter_ = request_filter(request);
    }

    std::vector<Hit> run()
    {
        enquire_.set_weighting_scheme(request_.rank.plain_bm25 ? Xapian::BM25Weight()
                                                                : ns::make_weight(request_.rank));
        configure_order();
        unsigned facets = request_.facets;
        if (reader_.index.has_remote && (facets & NS_FACET_BIT(NS_FACET_TOPIC))) {
            /* Our topic spy is custom code, which xapian-tcpsrv cannot run. */
            facets &= ~NS_FACET_BIT(NS_FACET_TOPIC);
            notes_.add("the topic facet is not available with remote shards");
        }
        if (facets)
            spies_.attach(enquire_, facets);
        std::vector<Hit> hits = request_.rank.plain_bm25 ? rank_plain() : rank_tiers();
        if (request_.facets)
            for (int f = 0; f < NS_FACET_COUNT; ++f)
                results_.facets[f] = spies_.counts(static_cast<ns_facet>(f));
        if (!request_.all)
            for (std::size_t i = request_.offset; i < hits.size(); ++i)
                count_story(hits[i]);
        suggest(hits.size());
        /* MSet::snippet highlights the terms of the Enquire's query as it
         * is when asked (with the MSet's own statistics): the query that
         * found the page's MSet, not the last one run (a some-words count,
         * or an expansion's feedback terms). */
        if (!snippet_match_.empty()) {
            enquire_.set_query(snippet_match_);
            results_.snippet_stem =
                ns::query_stems_only(reader_.stem, reader_.language, snippet_match_);
        }
        return hits;
    }

    int64_t now() const { return now_; }

  private:
    void configure_order()
    {
        using namespace ns::schema;
        if (!request_.all)
            enquire_.set_collapse_key(SLOT_STORY_KEY);
        switch (request_.sort) {
        case NS_SORT_DATE: enquire_.set_sort_by_value_then_relevance(SLOT_DATE, true); break;
        case NS_SORT_QUALITY: enquire_.set_sort_by_value_then_relevance(SLOT_QUALITY, true); break;
        case NS_SORT_HEAT: enquire_.set_sort_by_value_then_relevance(SLOT_HEAT, true); break;
        default: break;
        }
    }

    Xapian::Query parse(Xapian::Query::op op)
    {
        return restricted(
            ns::parse_user_query(reader_.parser, reader_.wildcards, request_.query, op, &notes_));
    }

    /* `q` with the request's draft and date filters. */
    Xapian::Query restricted(Xapian::Query q) const
    {
        if (request_.published_only)
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                              Xapian::Query(ns::schema::published_term(false)));
        if (!filter_.empty())
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter_);
        return q;
    }

    /* Facets count every match; otherwise Xapian may stop counting once
     * the page is certain. */
    Xapian::doccount check_at_least(uint64_t count) const
    {
        if (request_.facets)
            return reader_.db.get_doccount();
        /* A count alone (limit 0) is exact up to COUNT_EXACT_UP_TO. */
        return clamp_count(request_.limit == 0 ? COUNT_EXACT_UP_TO : count);
    }

    /* The total is exact when the bounds meet, or when every candidate
     * was examined (with one result per story the bounds stay apart, but
     * the story count is then known).  Not when remote shards collapse
     * stories: Xapian 1.4 merges their counts into bounds that can miss
     * by a few while claiming to meet (t0300 saw 18 stories where one
     * database and local shards count 20), so that total is "about". */
    void note_total(const Xapian::MSet &mset, Xapian::doccount checked)
    {
        results_.estimated_total = mset.get_matches_estimated();
        bool remote_collapsed = reader_.index.has_remote && !request_.all;
        results_.total_exact = !remote_collapsed && counted_exactly(mset, checked);
    }

    static bool counted_exactly(const Xapian::MSet &mset, Xapian::doccount checked)
    {
        return mset.get_matches_lower_bound() == mset.get_matches_upper_bound() ||
               mset.get_matches_upper_bound() <= checked;
    }

    /* note_total for a pass split in two halves. */
    void note_split_total(const Xapian::MSet &lower, const Xapian::MSet &upper,
                          Xapian::doccount checked)
    {
        results_.estimated_total = lower.get_matches_estimated() + upper.get_matches_estimated();
        /* One story can have articles in both halves, counted in each. */
        results_.total_exact =
            request_.all && counted_exactly(lower, checked) && counted_exactly(upper, checked);
    }

    /* The page's snippets come from `page`, which `match` found. */
    void use_for_snippets(const Page &page, const Xapian::Query &match)
    {
        results_.mset = page.mset;
        snippet_match_ = match;
    }

    /* One pass: `match` ranked, the top `count` documents.  `exclusive`:
     * every document this pass can add matches exactly one alternative of
     * `match` (see fold_boosts). */
    Page run_pass(const Xapian::Query &match, uint64_t count, double *scale,
                  bool exclusive = false)
    {
        *scale = ns::text_scale(reader_.db, match, request_.rank);
        return run_scaled_pass(match, count, *scale, exclusive);
    }

    /* run_pass, the static parts' scale given. */
    Page run_scaled_pass(const Xapian::Query &match, uint64_t count, double scale,
                         bool exclusive)
    {
        enquire_.set_cutoff(0, cutoff_);
        if (count > 0 && split_worthwhile(match))
            return run_halves(match, clamp_count(count), check_at_least(count), scale, exclusive);
        enquire_.set_query(ranked(match, scale, exclusive));
        /* Asked for no document, Xapian only estimates: ask for one so a
         * count is really counted (check_at_least), then drop it. */
        Xapian::doccount items = count == 0 ? 1 : clamp_count(count);
        Xapian::MSet mset = enquire_.get_mset(0, items, check_at_least(count));
        note_total(mset, check_at_least(count));
        return whole_page(mset);
    }

    /* Whether to rank `match` in two halves on two threads (halves.h):
     * for many candidates, over one local database, ranked by relevance
     * (the merge compares weights), without facets (the spies count on the
     * reader's Enquire). */
    bool split_worthwhile(const Xapian::Query &match)
    {
        unsigned threads = reader_.options.search_threads;
        if (threads == 1 || request_.facets || request_.sort != NS_SORT_RELEVANCE ||
            reader_.index.has_remote || reader_.index.shards.size() != 1 ||
            reader_.db.get_lastdocid() < 2)
            return false;
        if (threads == 2)
            return true;
        return candidates(reader_.db, match) >= (reader_.options.one_search
                                                     ? NS_SPLIT_MIN_CANDIDATES_ONE_SEARCH
                                                     : NS_SPLIT_MIN_CANDIDATES);
    }

    /* run_scaled_pass in two halves of the docid space: the lower through
     * the reader's Enquire, the upper on a thread of its own through the
     * second handle, each with a query tree of its own (halves.h).  The
     * thread opens the handle itself, while this one ranks (a process
     * that runs one query would otherwise wait for the open first); when
     * it cannot - no descriptor left, or a writer has committed since the
     * reader opened - this thread ranks the upper half too. */
    Page run_halves(const Xapian::Query &match, Xapian::doccount items, Xapian::doccount checked,
                    double scale, bool exclusive)
    {
        Xapian::docid middle = reader_.db.get_lastdocid() / 2;
        ns::DocidSpan lower_half{1, middle}, upper_half{middle + 1, Xapian::docid(-1)};
        ns::SecondHandle &second = reader_.second;
        /* Built here, with the reader's statistics (the second handle must
         * show the same revision): the parser is the reader's. */
        Xapian::Query lower_query =
            ranked_on(match, scale, exclusive, reader_.db, local_boosts(), lower_half);
        Xapian::Query upper_query = ranked_on(ns::unshared_copy(match), scale, exclusive,
                                              reader_.db, &second.tables, upper_half);
        Xapian::rev revision = reader_.db.get_revision();
        const std::string &dir = reader_.index.shards[0].where;
        Xapian::BM25Weight upper_weight = request_.rank.plain_bm25
                                              ? Xapian::BM25Weight()
                                              : ns::make_weight(request_.rank);
        bool collapse = !request_.all;
        double cutoff = cutoff_;

        Xapian::MSet upper;
        bool upper_ranked = false;
        std::exception_ptr upper_failed;
        std::thread worker([&] {
            try {
                if (!ns::second_handle_matches(second, dir, revision))
                    return;
            } catch (const Xapian::Error &) {
                second = ns::SecondHandle(); /* out of file descriptors, say */
                return;
            }
            try {
                Xapian::Enquire enquire(second.db);
                enquire.set_weighting_scheme(upper_weight);
                if (collapse)
                    enquire.set_collapse_key(ns::schema::SLOT_STORY_KEY);
                enquire.set_cutoff(0, cutoff);
                enquire.set_query(upper_query);
                upper = enquire.get_mset(0, items, checked);
                upper_ranked = true;
            } catch (...) {
                upper_failed = std::current_exception();
            }
        });
        Xapian::MSet lower;
        try {
            enquire_.set_query(lower_query);
            lower = enquire_.get_mset(0, items, checked);
        } catch (...) {
            worker.join();
            throw;
        }
        worker.join();
        if (upper_failed)
            std::rethrow_exception(upper_failed);
        if (upper_ranked) {
            results_.threads = 2;
        } else {
            enquire_.set_query(
                ranked_on(match, scale, exclusive, reader_.db, local_boosts(), upper_half));
            upper = enquire_.get_mset(0, items, checked);
        }
        note_split_total(lower, upper, checked);
        return merged_page(lower, upper, items, !request_.all);
    }

    /* How many documents `q` matches, by the statistics alone: asked for
     * no document, Xapian matches none. */
    Xapian::doccount statistics_estimate(const Xapian::Query &q)
    {
        enquire_.set_query(q);
        return enquire_.get_mset(0, 0).get_matches_estimated();
    }

    /* `match` with its ranking parts, the text's weighed by `scale`. */
    Xapian::Query ranked(const Xapian::Query &match, double scale, bool exclusive)
    {
        return ranked_on(match, scale, exclusive, reader_.db, local_boosts());
    }

    /* ranked() for the handle `db` with its boost tables, matching only
     * the documents in `span`.  Folded, the boosted words keep to the span
     * themselves; otherwise a filter does, one more AND around the whole
     * query, costing about as much again as a folded word's list. */
    Xapian::Query ranked_on(const Xapian::Query &match, double scale, bool exclusive,
                            const Xapian::Database &db, ns::BoostTables *tables,
                            ns::DocidSpan span = ns::DocidSpan())
    {
        Xapian::Query folded =
            ns::fold_boosts(match, db, tables, request_.rank, scale, exclusive, span);
        if (!folded.empty())
            return folded;
        /* Not with a phrase weight: its word pairs come from the
         * positions of `match`'s own words. */
        Xapian::Query scored = request_.rank.phrase_weight > 0
                                   ? match
                                   : ns::words_as_sources(match, db, tables, request_.rank, span);
        Xapian::Query whole = ns::ranked_query(scored, reader_.parser, reader_.wildcards,
                                               request_.query, request_.rank, now_, scale, tables);
        if (span.whole())
            return whole;
        return Xapian::Query(
            Xapian::Query::OP_FILTER, whole,
            Xapian::Query((new ns::DocidRangeSource(span.first, span.last))->release()));
    }

    /* ranked(), if the boosts fold into the words' lists; else empty. */
    Xapian::Query folded_ranking(const Xapian::Query &match, double scale, bool exclusive)
    {
        return ns::fold_boosts(match, reader_.db, local_boosts(), request_.rank, scale, exclusive);
    }

    /* xapian-tcpsrv runs only built-in posting sources: over remote shards
     * the boosts come from the value slots (the same numbers). */
    ns::BoostTables *local_boosts()
    {
        return reader_.index.has_remote ? nullptr : &reader_.boost_tables;
    }

    /* A pass over `match` (an OR of alternatives: words, or ANDs of words)
     * for the top `count`, of which `fresh` are wanted - documents no
     * earlier tier has kept - under the weight cutoff floor_of() finds.  A
     * rare word beside a common one ("cts sirgle") was the slowest kind of
     * search: the page filled with the common word's documents until the
     * rare word's, late in docid order, outranked them; under the cutoff
     * the common word's documents below it are passed over unscored.  The
     * page is the same; the total is then the statistics' estimate. */
    Page run_floored_pass(const Xapian::Query &match, uint64_t count, uint64_t fresh,
                          double *scale, bool exclusive)
    {
        *scale = ns::text_scale(reader_.db, match, request_.rank);
        double floor = floor_of(match, count, fresh, *scale);
        if (floor <= 0)
            return run_scaled_pass(match, count, *scale, exclusive);
        /* A hair under: the alternatives' scores are summed in another
         * order there. */
        cutoff_ = floor * (1 - 1e-9);
        Page page = run_scaled_pass(match, count, *scale, exclusive);
        cutoff_ = 0;
        enquire_.set_cutoff(0, 0);
        /* Xapian counts only what passed the cutoff: estimate instead. */
        results_.estimated_total = statistics_estimate(match);
        results_.total_exact = false;
        return page;
    }

    /* A floor under the fresh-th best score of a fresh document in
     * run_floored_pass, or 0: each of its rare alternatives is ranked
     * alone, and a document scores at least its best score there - BM25
     * sums over the words a document has, and it gets the boosts at least
     * once in `match` - so `fresh` fresh stories with such a score of at
     * least F make F a floor.  Only where the alternatives fold
     * (fold_boosts): then a score is just those parts - a phrase weight,
     * say, would reward words next to each other alone that are not in
     * `match` - and Xapian reads no lengths from its length list. */
    double floor_of(const Xapian::Query &match, uint64_t count, uint64_t fresh, double scale)
    {
        std::vector<Xapian::Query> rare = rare_alternatives(match);
        if (rare.empty() || fresh == 0 || request_.sort != NS_SORT_RELEVANCE)
            return 0;
        std::vector<Xapian::Query> folded;
        for (const Xapian::Query &alternative : rare) {
            folded.push_back(folded_ranking(restricted(alternative), scale, false));
            if (folded.back().empty())
                return 0;
        }
        /* Not collapsed: the story keys of the top documents are read, not
         * those of every candidate. */
        enquire_.set_collapse_key(Xapian::BAD_VALUENO);
        std::map<Xapian::docid, double> best;
        for (const Xapian::Query &alternative : folded) {
            enquire_.set_query(alternative);
            Xapian::MSet alone = enquire_.get_mset(0, clamp_count(2 * count));
            for (auto it = alone.begin(); it != alone.end(); ++it) {
                double &score = best[*it];
                score = std::max(score, it.get_weight());
            }
        }
        configure_order();
        std::vector<std::pair<double, Xapian::docid>> ranked_docs;
        for (const auto &doc : best)
            ranked_docs.emplace_back(doc.second, doc.first);
        std::sort(ranked_docs.rbegin(), ranked_docs.rend());
        std::set<std::string> stories;
        uint64_t found = 0;
        for (const auto &doc : ranked_docs) {
            std::string story =
                request_.all ? std::string()
                             : reader_.db.get_document(doc.second).get_value(
                                   ns::schema::SLOT_STORY_KEY);
            if (kept(doc.second, story) || (!story.empty() && !stories.insert(story).second))
                continue;
            if (++found == fresh)
                return doc.first;
        }
        return 0;
    }

    /* The alternatives of `match` (an OR under the request's filters)
     * worth ranking alone first: of those that are a word or an AND of
     * words, the ones whose rarest word is much rarer than another
     * alternative's (of two about as common, neither's best scores rise
     * above the other's, and the extra passes are waste). */
    std::vector<Xapian::Query> rare_alternatives(const Xapian::Query &match) const
    {
        Xapian::Query q = unrestricted(match);
        std::vector<Xapian::Query> rare;
        if (q.get_type() != Xapian::Query::OP_OR)
            return rare;
        std::vector<Xapian::doccount> freqs;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
            freqs.push_back(rarest_word_freq(q.get_subquery(i)));
        Xapian::doccount most = *std::max_element(freqs.begin(), freqs.end());
        for (std::size_t i = 0; i < freqs.size(); ++i)
            if (freqs[i] > 0 && freqs[i] <= most / FLOOR_RATIO)
                rare.push_back(q.get_subquery(i));
        return rare;
    }

    /* How many documents have the rarest word of `q`, a word or an AND of
     * words; 0 for another shape. */
    Xapian::doccount rarest_word_freq(const Xapian::Query &q) const
    {
        std::vector<Xapian::Query> words;
        if (q.get_type() == Xapian::Query::LEAF_TERM)
            words.push_back(q);
        else if (q.get_type() == Xapian::Query::OP_AND)
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                words.push_back(q.get_subquery(i));
        Xapian::doccount rarest = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i].get_type() != Xapian::Query::LEAF_TERM)
                return 0;
            Xapian::doccount freq = reader_.db.get_termfreq(*words[i].get_terms_begin());
            if (i == 0 || freq < rarest)
                rarest = freq;
        }
        return rarest;
    }

    /* Documents with every word first, then - when they are too few to
     * fill the page - documents with all the words but one (for three or
     * four plain words), then documents with some of the words, each tier
     * ranked the same way. */
    std::vector<Hit> rank_tiers()
    {
        const ns_rank_options &rank = request_.rank;
        Xapian::Query words_and =
            ns::parse_user_query(reader_.parser, reader_.wildcards, request_.query,
                                 Xapian::Query::OP_AND, &notes_);
        Xapian::Query all = restricted(words_and);
        double scale;
        Page first = run_pass(all, want_, &scale);
        use_for_snippets(first, all);
        std::vector<Hit> hits;
        for (std::size_t i = 0; i < first.ranked.size() && hits.size() < want_; ++i)
            keep(hits, first.ranked[i], true, scale, all);
        bool page_full = want_ == 0 ? results_.estimated_total > 0 : hits.size() >= want_;
        if (page_full && !request_.facets)
            return hits;

        Xapian::Query any = parse(Xapian::Query::OP_OR);
        Xapian::Query most = all_but_one(words_and);
        bool near_ran = false;
        /* Not for a count alone or facets: both are over every document
         * with some of the words. */
        if (!most.empty() && want_ > 0 && !request_.facets) {
            most = restricted(most);
            /* A document this pass can add lacks exactly one word: the
             * page is short, so those with every word are all kept. */
            Page near = run_floored_pass(most, want_ + hits.size(), want_ - hits.size(), &scale,
                                         true);
            near_ran = true;
            if (first.empty())
                use_for_snippets(near, most);
            for (std::size_t i = 0; i < near.ranked.size() && hits.size() < want_; ++i)
                keep(hits, near.ranked[i], false, scale, most);
            if (hits.size() >= want_) {
                /* The total stays the some-words one, as an estimate. */
                results_.estimated_total =
                    std::max<uint64_t>(statistics_estimate(any), results_.estimated_total);
                results_.total_exact = false;
                return hits;
            }
        }

        std::size_t words = ns::query_words(any).size();
        bool long_query = rank.expand_terms > 0 && words >= rank.expand_min_words;
        if (words < 2 && !long_query)
            return hits; /* one word: "some of the words" is the same query */
        uint64_t total_first = results_.estimated_total;
        bool exact_first = results_.total_exact;
        /* Every document with two of two alternatives, or two or three of
         * three, is kept by now (the earlier passes came up short), so a
         * document this pass can add matches one - unless expansion will
         * look at this pass's ranking of them all. */
        std::size_t alternatives = alternatives_of(any);
        bool exclusive = !long_query && (alternatives == 2 || (alternatives == 3 && near_ran));
        Page second =
            long_query || page_full || request_.facets
                ? run_pass(any, want_ + hits.size(), &scale, exclusive)
                : run_floored_pass(any, want_ + hits.size(), want_ - hits.size(), &scale,
                                   exclusive);
        if (long_query)
            second = run_pass(expanded(enquire_, second, any, rank), want_ + hits.size(), &scale);
        if (page_full) {
            /* Run for the facets only: the page and its count stand. */
            results_.estimated_total = total_first;
            results_.total_exact = exact_first;
            return hits;
        }
        /* Snippets highlight the user's words, not feedback terms: keep the
         * first pass's MSet unless it found nothing to highlight with. */
        if (first.empty())
            use_for_snippets(second, any);
        for (std::size_t i = 0; i < second.ranked.size() && hits.size() < want_; ++i)
            keep(hits, second.ranked[i], false, scale, any);
        return hits;
    }

    /* The baseline: Xapian's defaults over the same parsed words. */
    std::vector<Hit> rank_plain()
    {
        Xapian::Query any = parse(request_.rank.plain_all_words ? Xapian::Query::OP_AND
                                                                : Xapian::Query::OP_OR);
        enquire_.set_query(any);
        results_.mset = enquire_.get_mset(0, want_ == 0 ? 1 : clamp_count(want_),
                                          check_at_least(want_));
        note_total(results_.mset, check_at_least(want_));
        std::vector<Hit> hits;
        for (auto it = results_.mset.begin(); it != results_.mset.end() && hits.size() < want_;
             ++it)
            keep(hits, it, true, 1.0, any);
        return hits;
    }

    /* Whether an earlier tier has the document (or, one per story, its
     * story), as keep() decides. */
    bool kept(Xapian::docid did, const std::string &story) const
    {
        return seen_docs_.count(did) ||
               (!request_.all && !story.empty() && seen_stories_.count(story));
    }

    /* Adds the document unless an earlier tier has it (or, one per story,
     * its story). */
    void keep(std::vector<Hit> &hits, const Xapian::MSetIterator &it, bool all_words,
              double scale, const Xapian::Query &match)
    {
        if (!seen_docs_.insert(*it).second)
            return;
        Xapian::Document doc = it.get_document();
        /* The collapse key is the story key, and the MSet has it already;
         * a lone article has none (SLOT_STORY_KEY) and is its own story. */
        const std::string &story = it.get_collapse_key();
        if (!request_.all && !story.empty() && !seen_stories_.insert(story).second)
            return;
        Hit hit{*it, it.get_weight(), doc, all_words, scale, match, 0, std::string(), story};
        hits.push_back(std::move(hit));
    }

    /* "+N more: provider, provider": the other articles of the hit's story
     * that match the same query.  Asked for every hit with a story key (a
     * lone article has none, and costs nothing): the matcher's collapse
     * count cannot tell, as it counts only the members it scored, and
     * once the page is full it passes over the weaker ones unscored -
     * and remote shards send no counts at all. */
    void count_story(Hit &hit)
    {
        using namespace ns::schema;
        const std::string &story = hit.story;
        if (story.empty())
            return; /* a story of one (SLOT_STORY_KEY) */
        Xapian::Enquire story_enquire(reader_.db);
        story_enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, hit.match,
                                              Xapian::Query(story_term(story))));
        story_enquire.set_weighting_scheme(Xapian::BoolWeight());
        story_enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::MSet members = story_enquire.get_mset(0, NS_MORE_PROVIDERS + 1, MAX_STORY);
        unsigned counted = 0, named = 0;
        for (auto it = members.begin(); it != members.end(); ++it) {
            if (*it == hit.did)
                continue;
            ++counted;
            if (named >= NS_MORE_PROVIDERS)
                continue;
            ns::StoredDoc d = ns::decode_docdata(it.get_document().get_data());
            if (d.provider.empty())
                continue;
            if (hit.more_providers.find(d.provider) != std::string::npos)
                continue;
            if (!hit.more_providers.empty())
                hit.more_providers += ", ";
            hit.more_providers += d.provider;
            ++named;
        }
        uint64_t total = members.get_matches_estimated();
        hit.more = static_cast<unsigned>(total > 0 ? total - 1 : counted);
    }

    /* "Did you mean": when the page is not full, a spelling the index
     * knows better that finds more. */
    void suggest(std::size_t found)
    {
        if (found >= want_ || request_.rank.plain_bm25)
            return;
        if (reader_.index.has_remote) {
            notes_.add("no spelling suggestions with remote shards");
            return;
        }
        std::string corrected = ns::corrected_spelling(reader_.parser, request_.query);
        if (corrected.empty() || corrected == request_.query)
            return;
        try {
            Xapian::Enquire probe(reader_.db);
            probe.set_query(ns::parse_user_query(reader_.parser, reader_.wildcards, corrected,
                                                 Xapian::Query::OP_AND, nullptr));
            Xapian::MSet m = probe.get_mset(0, 0, clamp_count(want_ + 1));
            if (m.get_matches_estimated() > found)
                results_.suggestion = corrected;
        } catch (const Xapian::QueryParserError &) {
            /* A suggestion is a courtesy; never fail the search over it. */
        }
    }

    ns_reader &reader_;
    const ns_search_request &request_;
    ns_results &results_;
    Xapian::Enquire enquire_;
    ns::FacetSpies spies_;
    Xapian::Query filter_;
    Xapian::Query snippet_match_; /* what found results_.mset */
    double cutoff_ = 0; /* the weight cutoff of the pass being run */
    int64_t now_ = 0;
    uint64_t want_ = 0;
    std::set<Xapian::docid> seen_docs_;
    std::set<std::string> seen_stories_;

  public:
    ns::Notes notes_;
};

std::unique_ptr<ns_results> run_search(ns_reader &reader, const ns_search_request &request)
{
    /* Snippets match with the reader's stemmer unless run() narrows it. */
    auto fresh_results = [&reader] {
        auto results = std::make_unique<ns_results>();
        results->snippet_stem = reader.stem;
        return results;
    };
    auto results = fresh_results();
    std::vector<Hit> hits;
    int64_t now;
    ns::Notes notes;
    reader.wildcards.strict = true;
    try {
        Search search(reader, request, *results);
        hits = search.run();
        now = search.now();
        notes = search.notes_;
    } catch (const Xapian::WildcardError &) {
        /* Say so, then search with the most frequent expansions. */
        reader.wildcards.strict = false;
        results = fresh_results();
        Search search(reader, request, *results);
        hits = search.run();
        now = search.now();
        notes = search.notes_;
        notes.add(ns::wildcard_note());
    }
    results->notes = notes.items;

    ns_rank_options none;
    std::memset(&none, 0, sizeof none);
    const ns_rank_options &weights = request.rank.plain_bm25 ? none : request.rank;
    std::vector<ns::StaticParts> parts;
    for (std::size_t i = request.offset; i < hits.size(); ++i) {
        results->docs.push_back(ns::decode_docdata(hits[i].doc.get_data()));
        results->more_providers.push_back(hits[i].more_providers);
        parts.push_back(
            ns::static_parts(results->docs.back(), hits[i].doc, weights, now, hits[i].scale));
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
        h.more = request.all ? 0 : from.more;
        h.more_providers = results->more_providers[i].c_str();
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

extern "C" void ns_search_request_init(ns_search_request *request)
{
    if (!request)
        return;
    std::memset(request, 0, sizeof *request);
    request->limit = 10;
    request->since = NS_NO_DATE;
    request->until = NS_NO_DATE;
    request->sort = NS_SORT_RELEVANCE;
    ns_rank_options_init(&request->rank);
}

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
    options->plain_all_words = 0;
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
        std::string last;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; ++attempt) {
            try {
                /* Inside the retried block: opening again can itself meet
                 * a commit in progress. */
                if (attempt > 0)
                    ns::reopen_reader(*reader);
                *out = run_search(*reader, *request).release();
                return NS_OK;
            } catch (const Xapian::DatabaseVersionError &) {
                throw;
            } catch (const Xapian::DatabaseError &e) {
                /* A writer that commits twice while we read recycles
                 * blocks under us: DatabaseModifiedError, but also "EOF
                 * reading block" or a block of the wrong level
                 * (DatabaseCorruptError).  Start over on a fresh open; a
                 * truly damaged index fails every attempt and is reported
                 * below. */
                last = e.get_description();
            } catch (const ns::Failure &e) {
                /* Reopening met a generation being removed (see
                 * open_checked): start over. */
                if (e.status() != NS_ERR_NO_INDEX)
                    throw;
                last = e.what();
            } catch (const Xapian::NetworkError &e) {
                /* Xapian does not say which shard failed: ask each. */
                std::string down = ns::unreachable_shard(reader->index, reader->options);
                throw ns::Failure(NS_ERR_UNREACHABLE,
                                  down.empty() ? "a remote shard failed: " + e.get_msg() : down);
            }
        }
        throw ns::Failure(NS_ERR_IO, "index at " + reader->path + " could not be read in " +
                                         std::to_string(MAX_ATTEMPTS) + " attempts (" + last +
                                         "); if it is not being rebuilt, it may be damaged");
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

extern "C" int ns_results_total_is_exact(const ns_results *results)
{
    return results && results->total_exact ? 1 : 0;
}

extern "C" unsigned ns_results_threads(const ns_results *results)
{
    return results ? results->threads : 1;
}

extern "C" size_t ns_results_note_count(const ns_results *results)
{
    return results ? results->notes.size() : 0;
}

extern "C" const char *ns_results_note(const ns_results *results, size_t i)
{
    if (!results || i >= results->notes.size())
        return nullptr;
    return results->notes[i].c_str();
}

extern "C" const char *ns_results_suggestion(const ns_results *results)
{
    if (!results || results->suggestion.empty())
        return nullptr;
    return results->suggestion.c_str();
}

extern "C" size_t ns_results_facet_size(const ns_results *results, ns_facet facet)
{
    if (!results || facet < 0 || facet >= NS_FACET_COUNT)
        return 0;
    return results->facets[facet].size();
}

extern "C" const char *ns_results_facet_value(const ns_results *results, ns_facet facet,
                                              size_t i, uint64_t *count)
{
    if (!results || facet < 0 || facet >= NS_FACET_COUNT || i >= results->facets[facet].size())
        return nullptr;
    if (count)
        *count = results->facets[facet][i].second;
    return results->facets[facet][i].first.c_str();
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
