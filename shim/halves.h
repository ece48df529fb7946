/* halves.h - what searching the two halves of the docid space at once, on
 * two threads, needs: a second handle on the database, a filter to one
 * half, and a copy of a query that shares nothing with the original.
 *
 * Why: at a million articles the slowest searches are ANDs of common
 * words (each in a fifth of the documents): every document having them all
 * is scored, and the postings decoded on the way are most of the time -
 * one core's work, with no way in Xapian 1.4 to skip postings undecoded.
 * Two handles on one database may each be used by its own thread (Xapian
 * keeps no global state), but no Xapian object may be shared between
 * threads, not even a Query: its reference counts are not atomic.  So
 * search.cc ranks the lower half through the reader's handle and the upper
 * half through SecondHandle, each with its own query tree, and merges the
 * two pages; the statistics BM25 reads are the whole database's in both.
 */
#ifndef NSEARCH_SHIM_HALVES_H
#define NSEARCH_SHIM_HALVES_H

#include <string>

#include <xapian.h>

#include "boost_table.h"

namespace ns {

/* The documents whose docids lie in [first, last], as a boolean posting
 * list for OP_FILTER.  One database only: in a database of several, a
 * source sees each sub-database's own docids. */
class DocidRangeSource : public Xapian::PostingSource {
  public:
    DocidRangeSource(Xapian::docid first, Xapian::docid last);

    void init(const Xapian::Database &db) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return est_; }
    Xapian::doccount get_termfreq_max() const override { return max_; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return did_ > last_; }
    Xapian::docid get_docid() const override { return did_; }
    DocidRangeSource *clone() const override;
    std::string get_description() const override;

  private:
    Xapian::docid first_, last_;
    Xapian::docid did_ = 0; /* 0 before the first next() */
    Xapian::doccount est_ = 0, max_ = 0;
};

/* A second handle on a reader's database, with its own boost tables (a
 * BoostTables caches as it is read, so it cannot be shared either). */
struct SecondHandle {
    Xapian::Database db;
    BoostTables tables;
    bool open = false;
};

/* Opens `second` on the database in `dir` unless it is open already, and
 * says whether it shows `revision`, the one the reader shows: a writer
 * may have committed since the reader opened, and the halves must be of
 * the same index. */
bool second_handle_matches(SecondHandle &second, const std::string &dir, Xapian::rev revision);

/* A copy of `q` that shares no node with it, for another thread.  Only
 * Xapian's own operators (no posting sources): throws
 * Xapian::UnimplementedError or Xapian::SerialisationError otherwise. */
Xapian::Query unshared_copy(const Xapian::Query &q);

} // namespace ns

#endif
