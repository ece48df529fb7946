/* boost_table.h - every document's static boosts in one array, so ranking
 * reads a document's quality and heat boost in O(1).
 *
 * Why: ranking adds quality and heat parts to BM25 under OP_AND_MAYBE.
 * Through ValueWeightPostingSource each candidate document costs two
 * value-stream lookups (a B-tree seek, then a scan inside a chunk); on the
 * benchmark's query log that doubled the time of a search.  So the writer
 * keeps a code per docid and, after each commit, writes them to a file in
 * the database directory (BOOST_FILE); a reader maps the file - one
 * mmap, however large the index, which matters to a process that runs one
 * query - and StaticBoostSource reads it by docid.
 *
 * The file names the database (UUID) and revision it describes and is
 * used only when they match what the reader has open; for a shard whose
 * file is missing or stale (a replica, a crash between commit and rename)
 * the source reads the boosts from the value slots per candidate, as it
 * did before the table existed - slower, but with no start-up cost, which
 * matters to a process that runs one query.  The boosts are small integer
 * codes, kept exactly (as the doubles the codes stand for) in the value
 * slots too, so every path gives the same numbers: remote shards, which
 * run only Xapian's built-in posting sources, read them with
 * ValueWeightPostingSource and score the same.
 *
 * Beside the codes the file keeps each document's length, which BM25
 * reads for every candidate: Xapian finds it by walking its length list
 * forward to the docid, on the benchmark's 300k articles 43% of a
 * search's instructions; BoostedTermSource reads it here instead.
 */
#ifndef NSEARCH_SHIM_BOOST_TABLE_H
#define NSEARCH_SHIM_BOOST_TABLE_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

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

/* The table's file, inside a database directory. */
inline constexpr char BOOST_FILE[] = "nsearch.boosts";

/* A table: a mapped file. */
class BoostTable {
  public:
    static constexpr unsigned HEAT_BITS = 9;
    static constexpr unsigned HEAT_MASK = (1u << HEAT_BITS) - 1;
    static constexpr uint16_t NO_DOCUMENT = 0xffff; /* deleted or never used */
    static constexpr uint16_t LONG_DOCUMENT = 0xffff; /* a length too long to keep */

    ~BoostTable();
    BoostTable(const BoostTable &) = delete;
    BoostTable &operator=(const BoostTable &) = delete;

    /* The file in `dir` if it describes `db` as open; else null. */
    static std::shared_ptr<const BoostTable> map_file(const std::string &dir,
                                                      const Xapian::Database &db);

    Xapian::docid lastdocid() const { return lastdocid_; }
    Xapian::doccount doccount() const { return doccount_; }
    unsigned max_quality() const { return max_quality_; }
    unsigned max_heat() const { return max_heat_; }

    /* quality code << HEAT_BITS | heat code, or NO_DOCUMENT. */
    uint16_t code(Xapian::docid did) const
    {
        if (did == 0 || did > lastdocid_)
            return NO_DOCUMENT;
        const unsigned char *p = codes_ + 2 * static_cast<std::size_t>(did - 1);
        return static_cast<uint16_t>(p[0] | p[1] << 8);
    }

    /* The document's length (the sum of its terms' wdf, as Xapian keeps
     * it: BM25 reads it for every candidate, and Xapian's own lookup
     * walks its length list to the docid), or LONG_DOCUMENT: ask Xapian.
     * `did` must be a document of the table's database. */
    Xapian::termcount length(Xapian::docid did) const
    {
        const unsigned char *p = lengths_ + 2 * static_cast<std::size_t>(did - 1);
        return static_cast<Xapian::termcount>(p[0] | p[1] << 8);
    }

  private:
    BoostTable() = default;
    void set_codes(const unsigned char *codes, Xapian::docid lastdocid);

    const unsigned char *codes_ = nullptr; /* 2 bytes a docid, from docid 1 */
    const unsigned char *lengths_ = nullptr; /* likewise, after the codes */
    Xapian::docid lastdocid_ = 0;
    Xapian::doccount doccount_ = 0;
    unsigned max_quality_ = 0, max_heat_ = 0;
    void *mapping_ = nullptr;
    std::size_t mapping_len_ = 0;
};

/* The writer's side: a code per docid, written after each commit. */
class BoostTableWriter {
  public:
    /* Start from the file in `dir` if it describes `db`, else from the
     * value slots. */
    void load(const std::string &dir, const Xapian::Database &db);
    void set(Xapian::docid did, unsigned quality_code, unsigned heat_code,
             Xapian::termcount length);
    /* Write BOOST_FILE for `db` as just committed: a temporary file,
     * fsync, rename - readers see the old file or the new one.  Throws
     * on I/O errors (the commit itself stands; readers fall back). */
    void write(const std::string &dir, const Xapian::Database &db);

  private:
    std::vector<uint16_t> codes_; /* by docid; [0] unused */
    std::vector<Xapian::termcount> lengths_; /* likewise */
};

/* Per-reader cache of the tables of the local shards searched, by shard
 * UUID and revision; get() gives null for a shard without a table that
 * describes it. */
class BoostTables {
  public:
    /* The database directories of the local shards (for their files). */
    void set_directories(const std::vector<std::string> &dirs);
    std::shared_ptr<const BoostTable> get(const Xapian::Database &shard);

  private:
    struct Entry {
        Xapian::rev revision;
        std::shared_ptr<const BoostTable> table;
    };
    std::vector<std::string> dirs_;
    std::map<std::string, std::string> dir_by_uuid_; /* filled as files are read */
    std::map<std::string, Entry> by_uuid_;
};

/* quality_weight * quality boost + heat_weight * heat boost of each
 * document, from the shard's table, or from its value slots where it has
 * none.  Local databases only: xapian-tcpsrv cannot run it. */
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

    /* The shard's table, or null (the value slots are read instead). */
    const BoostTable *table() const { return table_.get(); }

    /* The boosts of document `did` (0 for none) without moving as a
     * posting list: for a caller that reads documents in ascending docid
     * order after init(), as the value streams only go forward. */
    double boost_of(Xapian::docid did)
    {
        if (table_)
            return weight_of(table_->code(did));
        return check(did, 0) ? get_weight() : 0;
    }

  private:
    /* Every code's two parts, so a code is two loads and an add: the
     * products are the same doubles computed once (a common word's search
     * weighs every posting: "pct" at 1M, 5% fewer instructions, and the
     * two divisions were slow ones). */
    static constexpr std::size_t QUALITY_CODES = 1u << (16 - BoostTable::HEAT_BITS);
    static constexpr std::size_t HEAT_CODES = 1u << BoostTable::HEAT_BITS;

    double weight_of(uint16_t code) const
    {
        if (code == BoostTable::NO_DOCUMENT)
            return 0;
        return quality_parts_[code >> BoostTable::HEAT_BITS] +
               heat_parts_[code & BoostTable::HEAT_MASK];
    }
    void settle(); /* move did_ forward to a document with boosts */
    void follow_values(); /* did_ from the quality value stream */

    BoostTables *tables_;
    double quality_weight_, heat_weight_;
    std::shared_ptr<const BoostTable> table_;
    double quality_parts_[QUALITY_CODES];
    double heat_parts_[HEAT_CODES];
    /* Without a table: the value streams, as ValueWeightPostingSource
     * reads them. */
    Xapian::Database shard_;
    Xapian::ValueIterator quality_, heat_;
    bool started_ = false;
    Xapian::docid did_ = 0;
    Xapian::doccount termfreq_ = 0;
};

} // namespace ns

#endif
