/* boosted_term.h - one query word's BM25 and the document's static boosts
 * read as one posting list.
 *
 * Why: ranked_query adds quality and heat to BM25 with OP_AND_MAYBE over a
 * posting source.  For the queries people type most - one word, or words
 * that must all match - that second posting list costs Xapian's matcher a
 * move and a weight call per candidate: on one common word at 300k
 * articles, +46% of a search's instructions over plain BM25.  Every
 * document that matches an AND of terms matches each of its terms, so the
 * boost can ride on one of them: BoostedTermSource walks that term's
 * postings itself and gives BM25 (Xapian 1.4's BM25Weight formula, with
 * the whole database's statistics, as the matcher computes it) plus the
 * document's boosts, and the matcher reads one list where it read two.
 * The other words of an AND are BoostedTermSources without boosts, so
 * that no word reads its lengths from Xapian's length list.
 * It also skips documents that cannot reach the weight the matcher asks
 * for, reads document lengths from the boost table (boost_table.h), and
 * can keep to a range of docids: a search split over two threads
 * (halves.h) ranks each half without a filter's AND around every word.
 *
 * Local databases only (a custom posting source is code xapian-tcpsrv
 * does not have; remote shards keep OP_AND_MAYBE).  A shard without a
 * boost table that describes it reads the boosts from its value slots and
 * the lengths from Xapian, as the two-list form does.
 */
#ifndef NSEARCH_SHIM_BOOSTED_TERM_H
#define NSEARCH_SHIM_BOOSTED_TERM_H

#include <string>

#include <xapian.h>

#include "boost_table.h"
#include "xapian_shim.h"

namespace ns {

/* BM25 of one term, as Xapian's BM25Weight computes it with the
 * statistics of the whole database searched (all shards), `termfreq`
 * being the term's there - counted `copies` times, as Xapian's AND adds
 * up a word the query repeats ("united units": two leaves of "unit"). */
struct TermWeighting {
    double termweight = 0; /* idf times (k1 + 1) */
    double len_factor = 0; /* 1 / average document length (0: lengths ignored) */
    double k1 = 0, b = 0, min_normlen = 0;
    unsigned copies = 1;

    TermWeighting(const Xapian::Database &db, Xapian::doccount termfreq, double k1, double b,
                  double min_normlen, unsigned copies = 1);
    double weight(Xapian::termcount wdf, Xapian::termcount doclen) const
    {
        double normlen = doclen * len_factor;
        if (normlen < min_normlen)
            normlen = min_normlen;
        double w = wdf;
        return counted(termweight * (w / (k1 * (normlen * b + (1 - b)) + w)));
    }
    /* No document's weight() is above it. */
    double bound() const { return counted(termweight); }

  private:
    double counted(double once) const
    {
        double sum = once;
        for (unsigned i = 1; i < copies; ++i)
            sum += once; /* one addition a leaf, in turn, as the AND sums */
        return sum;
    }
};

/* Docids first..last: all of them by default. */
struct DocidSpan {
    Xapian::docid first = 1, last = Xapian::docid(-1);
    bool whole() const { return first <= 1 && last == Xapian::docid(-1); }
};

class BoostedTermSource : public Xapian::PostingSource {
  public:
    BoostedTermSource(const std::string &term, const TermWeighting &weighting,
                      BoostTables *tables, double quality_weight, double heat_weight,
                      DocidSpan span = DocidSpan());

    void init(const Xapian::Database &shard) override;
    Xapian::doccount get_termfreq_min() const override { return span_.whole() ? termfreq_ : 0; }
    Xapian::doccount get_termfreq_est() const override { return termfreq_est_; }
    Xapian::doccount get_termfreq_max() const override { return termfreq_; }
    double get_weight() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return postings_ == end_; }
    Xapian::docid get_docid() const override { return *postings_; }
    BoostedTermSource *clone() const override;
    std::string get_description() const override;

  private:
    void pass_weak(double min_wt); /* move on past what cannot reach min_wt */
    void keep_to_span(); /* at the end once past the span's last docid */
    /* The length of `did`, the current document. */
    Xapian::termcount length_of(Xapian::docid did) const;
    double boost() const /* its boosts, or 0 without */
    {
        return boosted_ ? boosts_.boost_of(*postings_) : 0;
    }

    std::string term_;
    TermWeighting weighting_;
    BoostTables *tables_;
    double quality_weight_, heat_weight_;
    bool boosted_; /* either weight above 0: else no boost is read */
    /* Reads the boosts (mutable: the value streams it may read move). */
    mutable StaticBoostSource boosts_;
    const BoostTable *table_ = nullptr; /* the shard's, with lengths; or null */
    Xapian::PostingIterator postings_, end_;
    bool started_ = false;
    Xapian::doccount termfreq_ = 0, termfreq_est_ = 0;
    Xapian::termcount doclen_lower_bound_ = 0;
    DocidSpan span_;
};

/* `match` ranked as ranked_query would rank it, with the boosts carried
 * by BoostedTermSource, or an empty query where that cannot give the same
 * scores: ranking parts other than quality and heat, remote shards
 * (`tables` null), or another shape of `match`.  The shapes: one term, an
 * AND of distinct terms or of one term repeated, or - when `exclusive` says
 * every document the caller will keep matches exactly one alternative -
 * an OR of those; each possibly under the request's filters (OP_FILTER,
 * OP_AND_NOT).  The OR
 * is ranked as OP_MAX over one database (a document matching k
 * alternatives gets the best one's weight, not their sum; OP_OR over
 * shards, where it gets k boosts), which is why the caller must vouch.
 * Every word becomes a BoostedTermSource, the rarest of each AND with the
 * boosts, the others without (for the skips and the lengths).  Only
 * documents in `span` match: every word keeps to it. */
Xapian::Query fold_boosts(const Xapian::Query &match, const Xapian::Database &db,
                          BoostTables *tables, const ns_rank_options &rank, double scale,
                          bool exclusive, DocidSpan span = DocidSpan());

/* For a ranking that keeps the boosts apart (ranked_query), where
 * fold_boosts gives nothing: `match` with each word an OR or an AND scores
 * read by a BoostedTermSource without boosts - the same weights, lengths
 * from the boost table, and the documents that cannot reach the page
 * passed over - and every word still counted in Xapian's statistics.
 * `match` itself without a table (remote shards) or such a word.  At 1M
 * articles the some-words pass of four words ("pda easter priowu
 * strategy") went from 10.6 to 3.3 ms. */
Xapian::Query words_as_sources(const Xapian::Query &match, const Xapian::Database &db,
                               BoostTables *tables, const ns_rank_options &rank,
                               DocidSpan span = DocidSpan());

} // namespace ns

#endif
