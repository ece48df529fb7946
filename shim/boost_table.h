/* boost_table.h - every document's static boosts in one array, so ranking
 * reads a document's quality and heat boost in O(1).
 *
 * Why: ranking adds quality and heat parts to BM25 under OP_AND_MAYBE.
 * Through ValueWeightPostingSource each candidate document costs two
 * value-stream lookups (a B-tree seek, then a scan inside a chunk); on the
 * benchmark's query log that doubled the time of a search.  So the writer
 * packs both boosts of every document into one metadata entry at each
 * commit - atomically with the documents it describes - readers load it
 * once per shard revision, and StaticBoostSource reads it by docid.
 *
 * The boosts are stored as small integer codes, in the table and (as the
 * doubles the codes stand for) in the value slots alike, so a search that
 * cannot use the table - remote shards, which run only Xapian's built-in
 * posting sources, or a shard whose table does not match it - reads the
 * same numbers from the values and gives the same scores.
 */
#ifndef NSEARCH_SHIM_BOOST_TABLE_H
#define NSEARCH_SHIM_BOOST_TABLE_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <xapian.h>

namespace ns {

/* Quality 0..100 -> code 0..100 (unknown, -1 -> 50: half the boost). */
unsigned quality_code(int quality);
/* Heat -> heat/(heat+pivot) in 1/500 steps (unknown or 0 -> 0; the pivot
 * itself -> exactly 0.5). */
unsigned heat_code(int64_t heat);
inline constexpr unsigned HEAT_STEPS = 500;
inline double quality_boost_of(unsigned code) { return code / 100.0; }
inline double heat_boost_of(unsigned code) { return code / static_cast<double>(HEAT_STEPS); }

/* The table as stored (see boost_table.cc), read in place: loading one
 * is a single get_metadata, which matters to a process that runs one
 * query. */
struct BoostTable {
    static constexpr unsigned HEAT_BITS = 9;
    static constexpr unsigned HEAT_MASK = (1u << HEAT_BITS) - 1;
    static constexpr uint16_t NO_DOCUMENT = 0xffff;
    static constexpr std::size_t HEADER_LEN = 20;

    std::string packed;
    Xapian::doccount doccount = 0;
    Xapian::docid lastdocid = 0;
    unsigned max_quality = 0, max_heat = 0; /* largest codes present */

    /* quality code << HEAT_BITS | heat code, or NO_DOCUMENT. */
    uint16_t code(Xapian::docid did) const
    {
        if (did == 0 || did > lastdocid)
            return NO_DOCUMENT;
        const unsigned char *p =
            reinterpret_cast<const unsigned char *>(packed.data()) + HEADER_LEN + 2 * (did - 1);
        return static_cast<uint16_t>(p[0] | p[1] << 8);
    }
};

/* The table of `db` as it is now (uncommitted changes included), read
 * from its boost value slots, packed for set_metadata. */
std::string encode_boost_table(const Xapian::Database &db);

/* Per-reader cache of the tables of the shards searched, by shard UUID
 * and revision.  A shard without a table that describes it (one merged by
 * a tool that did not rewrite it, say) gets one built from its value
 * slots: a pass over two value streams, once per revision. */
class BoostTables {
  public:
    std::shared_ptr<const BoostTable> get(const Xapian::Database &shard);

  private:
    struct Entry {
        Xapian::rev revision;
        std::shared_ptr<const BoostTable> table;
    };
    std::map<std::string, Entry> by_uuid_;
};

/* quality_weight * quality boost + heat_weight * heat boost of each
 * document, from the shard's table.  Local databases only: xapian-tcpsrv
 * cannot run it. */
class StaticBoostSource : public Xapian::PostingSource {
  public:
    StaticBoostSource(BoostTables *tables, double quality_weight, double heat_weight);

    void init(const Xapian::Database &shard) override;
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return termfreq_; }
    Xapian::doccount get_termfreq_max() const override { return termfreq_; }
    double get_weight() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override;
    Xapian::docid get_docid() const override { return did_; }
    StaticBoostSource *clone() const override;
    std::string get_description() const override;

  private:
    void settle(); /* move did_ forward to a document with boosts */

    BoostTables *tables_;
    double quality_weight_, heat_weight_;
    std::shared_ptr<const BoostTable> table_;
    Xapian::docid did_ = 0;
    Xapian::doccount termfreq_ = 0;
};

} // namespace ns

#endif
