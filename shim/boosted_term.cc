/* boosted_term.cc - BoostedTermSource and fold_boosts (see boosted_term.h). */
#include "boosted_term.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "query.h"

namespace ns {

TermWeighting::TermWeighting(const Xapian::Database &db, Xapian::doccount tf, double k1_,
                             double b_, double min_normlen_, unsigned copies_)
    : k1(k1_), b(b_), min_normlen(min_normlen_), copies(copies_ ? copies_ : 1)
{
    /* Xapian 1.4's BM25Weight::init step for step, so the numbers are the
     * matcher's to the last bit: no relevance set, a query frequency of 1
     * (whose k3 factor is exactly 1), scale factor 1, k2 = 0. */
    Xapian::doccount documents = db.get_doccount();
    double tw = (documents - tf + 0.5) / (tf + 0.5);
    if (tw < 2)
        tw = tw * 0.5 + 1;
    termweight = std::log(tw) * (k1 + 1);
    if (b == 0 || k1 == 0) {
        len_factor = 0;
    } else {
        len_factor = documents ? double(db.get_total_length()) / documents : 0;
        if (len_factor != 0)
            len_factor = 1 / len_factor;
    }
}

BoostedTermSource::BoostedTermSource(const std::string &term, const TermWeighting &weighting,
                                     BoostTables *tables, double quality_weight,
                                     double heat_weight, DocidSpan span)
    : term_(term), weighting_(weighting), tables_(tables), quality_weight_(quality_weight),
      heat_weight_(heat_weight), boosted_(quality_weight > 0 || heat_weight > 0),
      boosts_(tables, quality_weight, heat_weight), span_(span)
{
}

void BoostedTermSource::init(const Xapian::Database &shard)
{
    boosts_.init(shard);
    table_ = boosts_.table();
    postings_ = shard.postlist_begin(term_);
    end_ = shard.postlist_end(term_);
    started_ = false;
    termfreq_ = termfreq_est_ = shard.get_termfreq(term_);
    /* Xapian estimates an AND from each word's share of the whole
     * database: the span's share goes on one word of each (the boosted),
     * or a half's estimate would be halved once per word. */
    if (!span_.whole() && boosted_ && shard.get_lastdocid() > 0) {
        /* Assume the term's documents are spread evenly over the docids. */
        double last = std::min<double>(span_.last, shard.get_lastdocid());
        double share = std::max(0.0, last - span_.first + 1) / shard.get_lastdocid();
        termfreq_est_ = static_cast<Xapian::doccount>(termfreq_ * std::min(1.0, share));
    }
    doclen_lower_bound_ = shard.get_doclength_lower_bound();
    /* A longer document scores less, and none is shorter than its own
     * occurrences of the term. */
    Xapian::termcount wdf_max = shard.get_wdf_upper_bound(term_);
    set_maxweight(weighting_.weight(wdf_max, std::max(wdf_max, doclen_lower_bound_)) +
                  boosts_.get_maxweight());
}

Xapian::termcount BoostedTermSource::length_of(Xapian::docid did) const
{
    if (table_) {
        Xapian::termcount length = table_->length(did);
        if (length != BoostTable::LONG_DOCUMENT)
            return length;
    }
    return postings_.get_doclength();
}

double BoostedTermSource::get_weight() const
{
    return weighting_.weight(postings_.get_wdf(), length_of(*postings_)) + boost();
}

void BoostedTermSource::pass_weak(double min_wt)
{
    /* With the table a length is a lookup, so the exact score decides;
     * without it, a bound - the term's wdf at the shortest length a
     * document with it can have - spares the length read for those that
     * fall short, which for a common word once the page is full is most. */
    if (min_wt <= 0)
        return;
    if (!table_) {
        while (postings_ != end_) {
            Xapian::termcount wdf = postings_.get_wdf();
            Xapian::termcount length = std::max(wdf, doclen_lower_bound_);
            if (weighting_.weight(wdf, length) + boost() >= min_wt)
                return;
            ++postings_;
            keep_to_span();
        }
        return;
    }
    /* The boost is one read; BM25 is at most the term weight.  A common
     * word's documents mostly fall short on that alone, sparing the wdf
     * and length reads and the division. */
    while (postings_ != end_) {
        /* One docid read a posting (a call through Xapian's iterator):
         * for the span's end, the boost and the length. */
        Xapian::docid did = *postings_;
        if (did > span_.last) {
            postings_ = end_;
            return;
        }
        /* The table's read with zero weights is 0 for a word without the
         * boosts: no test for it in this loop. */
        double boost = boosts_.boost_of(did);
        if (boost + weighting_.bound() >= min_wt &&
            weighting_.weight(postings_.get_wdf(), length_of(did)) + boost >= min_wt)
            return;
        ++postings_;
    }
}

void BoostedTermSource::keep_to_span()
{
    /* The whole index, as every search on one thread asks: no docid to
     * read per posting. */
    if (span_.last != Xapian::docid(-1) && postings_ != end_ && *postings_ > span_.last)
        postings_ = end_;
}

void BoostedTermSource::next(double min_wt)
{
    if (started_)
        ++postings_;
    else if (span_.first > 1)
        postings_.skip_to(span_.first);
    started_ = true;
    keep_to_span();
    pass_weak(min_wt);
}

void BoostedTermSource::skip_to(Xapian::docid did, double min_wt)
{
    started_ = true;
    postings_.skip_to(std::max(did, span_.first));
    keep_to_span();
    pass_weak(min_wt);
}

bool BoostedTermSource::check(Xapian::docid did, double min_wt)
{
    skip_to(did, min_wt);
    return true;
}

BoostedTermSource *BoostedTermSource::clone() const
{
    return new BoostedTermSource(term_, weighting_, tables_, quality_weight_, heat_weight_, span_);
}

std::string BoostedTermSource::get_description() const
{
    return "ns::BoostedTermSource(" + term_ + ")";
}

namespace {

/* A term no document has: TermGenerator's terms never start with a
 * control character, nor do the schema's prefixed ones. */
const char NO_SUCH_TERM[] = "\x01nsearch: matches nothing";

struct Folding {
    const Xapian::Database &db;
    BoostTables *tables;
    const ns_rank_options &rank;
    double scale;
    DocidSpan span;
    std::vector<Xapian::Query> hidden; /* the terms now inside sources */

    /* One term, `termfreq` documents have it, with the boosts if
     * `boosted`, weighed `copies` times. */
    Xapian::Query source(const std::string &term, Xapian::doccount termfreq, bool boosted = true,
                         unsigned copies = 1)
    {
        for (unsigned i = 0; i < copies; ++i)
            hidden.emplace_back(term);
        TermWeighting weighting(db, termfreq, rank.bm25_k1, rank.bm25_b, BM25_MIN_NORMLEN,
                                copies);
        double quality = boosted ? rank.quality_weight * scale : 0;
        double heat = boosted ? rank.heat_weight * scale : 0;
        return Xapian::Query(
            (new BoostedTermSource(term, weighting, tables, quality, heat, span))->release());
    }

    /* A term, or an AND of terms, with the boosts on its rarest
     * term (the one Xapian's AND moves on; the others are only checked).
     * The other terms are sources too, without boosts, for two things
     * Xapian's own leaf does not do: pass over the documents whose BM25
     * cannot reach what the matcher asks of that term once the page is
     * full, and read lengths from the boost table, not the length list.
     * Two or three common words at 1M articles: a quarter less time. */
    Xapian::Query conjunction(const Xapian::Query &q)
    {
        if (q.get_type() == Xapian::Query::LEAF_TERM) {
            const std::string term = *q.get_terms_begin();
            return source(term, db.get_termfreq(term));
        }
        if (q.get_type() != Xapian::Query::OP_AND || q.get_num_subqueries() == 0)
            return Xapian::Query();
        /* Each distinct term once, with how often the AND has it: one
         * list read where Xapian would read the same list again.  Only a
         * word repeated alone ("united units"): there the sum is Xapian's
         * to the bit, ((w + w) + boosts); beside other words the boosts
         * would be added in another place in the sum, and documents whose
         * scores tie but for the last bit could swap. */
        std::vector<std::string> terms;
        std::vector<unsigned> copies;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            Xapian::Query sub = q.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM)
                return Xapian::Query();
            std::string term = *sub.get_terms_begin();
            auto at = std::find(terms.begin(), terms.end(), term);
            if (at != terms.end()) {
                ++copies[at - terms.begin()];
            } else {
                terms.push_back(term);
                copies.push_back(1);
            }
        }
        if (terms.size() > 1 && terms.size() < q.get_num_subqueries())
            return Xapian::Query();
        std::vector<Xapian::doccount> freqs;
        for (const std::string &term : terms)
            freqs.push_back(db.get_termfreq(term));
        std::size_t rarest = std::min_element(freqs.begin(), freqs.end()) - freqs.begin();
        std::vector<Xapian::Query> parts;
        for (std::size_t i = 0; i < terms.size(); ++i)
            parts.push_back(source(terms[i], freqs[i], i == rarest, copies[i]));
        return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    }

    Xapian::Query fold(const Xapian::Query &match, bool exclusive)
    {
        auto type = match.get_type();
        std::vector<Xapian::Query> subs;
        for (std::size_t i = 0; i < match.get_num_subqueries(); ++i)
            subs.push_back(match.get_subquery(i));
        if (type == Xapian::Query::OP_FILTER || type == Xapian::Query::OP_AND_NOT) {
            /* The first subquery is the scored one; the rest only restrict. */
            if (subs.empty() || (subs[0] = fold(subs[0], exclusive)).empty())
                return Xapian::Query();
            return Xapian::Query(type, subs.begin(), subs.end());
        }
        if (type != Xapian::Query::OP_OR)
            return conjunction(match);
        if (!exclusive || subs.empty())
            return Xapian::Query();
        std::set<std::string> leaves;
        for (Xapian::Query &sub : subs) {
            if (sub.get_type() == Xapian::Query::LEAF_TERM &&
                !leaves.insert(*sub.get_terms_begin()).second)
                return Xapian::Query();
            if ((sub = conjunction(sub)).empty())
                return Xapian::Query();
        }
        /* A document the caller keeps matches one alternative, so the
         * maximum of their weights is their sum, and OP_MAX gives each
         * alternative the whole weight the page asks for.  OP_OR gives
         * each that less the others' best: beside a rare word's
         * alternative, whose best is high, a common pair's documents were
         * all scored ("stioblim mln net" at 1M: 18 ms, 5 ms with MAX).
         * Over shards OR: Xapian 1.4's MaxPostList, its alternatives all
         * done, keeps none, and the matcher of several databases still
         * asks it for its maximum weight (a crash, t0300). */
        auto op = db.size() == 1 ? Xapian::Query::OP_MAX : Xapian::Query::OP_OR;
        return Xapian::Query(op, subs.begin(), subs.end());
    }

    /* `q` with each term that an OR or an AND scores (under filters)
     * read by a source without boosts; phrases, synonyms, wildcards,
     * weight scaling and filters' own terms as they are. */
    Xapian::Query words(const Xapian::Query &q)
    {
        auto type = q.get_type();
        if (type == Xapian::Query::LEAF_TERM) {
            std::string term = *q.get_terms_begin();
            return source(term, db.get_termfreq(term), false);
        }
        std::vector<Xapian::Query> subs;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
            subs.push_back(q.get_subquery(i));
        if (subs.empty())
            return q;
        if (type == Xapian::Query::OP_FILTER || type == Xapian::Query::OP_AND_NOT) {
            subs[0] = words(subs[0]);
            return Xapian::Query(type, subs.begin(), subs.end());
        }
        if (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_AND)
            return q;
        for (Xapian::Query &sub : subs)
            sub = words(sub);
        return Xapian::Query(type, subs.begin(), subs.end());
    }

    /* `q` and, as leaves of an AND that matches nothing, the terms now
     * inside sources: Xapian's statistics for a search, which
     * MSet::snippet weighs words by, count each term leaf of the query
     * (the matcher drops the AND at the first document). */
    Xapian::Query keeping_statistics(const Xapian::Query &q)
    {
        hidden.emplace_back(NO_SUCH_TERM);
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                             Xapian::Query(Xapian::Query::OP_AND, hidden.begin(), hidden.end()));
    }
};

} // namespace

Xapian::Query fold_boosts(const Xapian::Query &match, const Xapian::Database &db,
                          BoostTables *tables, const ns_rank_options &rank, double scale,
                          bool exclusive, DocidSpan span)
{
    check_rank_weights(rank);
    bool only_static = rank.title_weight == 0 && rank.phrase_weight == 0 &&
                       !(rank.recency_half_life > 0 && rank.recency_weight > 0);
    bool any_static = rank.quality_weight > 0 || rank.heat_weight > 0;
    if (!tables || !only_static || !any_static)
        return Xapian::Query();
    Folding folding{db, tables, rank, scale, span, {}};
    Xapian::Query folded = folding.fold(match, exclusive);
    if (folded.empty())
        return folded;
    return folding.keeping_statistics(folded);
}

Xapian::Query words_as_sources(const Xapian::Query &match, const Xapian::Database &db,
                               BoostTables *tables, const ns_rank_options &rank, DocidSpan span)
{
    if (!tables)
        return match;
    /* Scale 1: only boosts are scaled, and these sources have none. */
    Folding folding{db, tables, rank, 1.0, span, {}};
    Xapian::Query words = folding.words(match);
    if (folding.hidden.empty())
        return match;
    return folding.keeping_statistics(words);
}

} // namespace ns
