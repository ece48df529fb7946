/* boost_table.cc - the packed static boosts and the posting source that
 * reads them (see boost_table.h for why).
 *
 * Metadata entry schema::META_BOOST_TABLE (little-endian):
 *   "nsboost1", doccount (u32), lastdocid (u32), largest quality code
 *   (u16), largest heat code (u16), then one u16 code per docid
 *   1..lastdocid.
 */
#include "boost_table.h"

#include <algorithm>
#include <cmath>

#include "schema.h"
#include "xapian_shim.h"

namespace ns {

namespace {

constexpr char MAGIC[] = "nsboost1";
constexpr std::size_t MAGIC_LEN = sizeof MAGIC - 1;
constexpr unsigned HEAT_BITS = BoostTable::HEAT_BITS;
constexpr unsigned HEAT_MASK = BoostTable::HEAT_MASK;

void put_le(std::string &out, std::size_t at, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t get_le(const std::string &in, std::size_t at, int bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v |= static_cast<uint32_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return v;
}

/* The code a boost value slot holds (it holds exactly code / scale). */
unsigned code_of(const std::string &value, double scale, unsigned max)
{
    double boost = value.empty() ? 0.0 : Xapian::sortable_unserialise(value);
    double code = std::round(boost * scale);
    return code <= 0 ? 0u : code >= max ? max : static_cast<unsigned>(code);
}

/* Fills the header fields of `t` from t.packed; false if it is not a
 * table. */
bool read_header(BoostTable &t)
{
    const std::string &p = t.packed;
    if (p.size() < BoostTable::HEADER_LEN || p.compare(0, MAGIC_LEN, MAGIC) != 0)
        return false;
    t.doccount = get_le(p, MAGIC_LEN, 4);
    t.lastdocid = get_le(p, MAGIC_LEN + 4, 4);
    t.max_quality = get_le(p, MAGIC_LEN + 8, 2);
    t.max_heat = get_le(p, MAGIC_LEN + 10, 2);
    return p.size() == BoostTable::HEADER_LEN + 2 * static_cast<std::size_t>(t.lastdocid);
}

/* The table of `db`, read from its value slots. */
std::string pack_from_values(const Xapian::Database &db)
{
    using namespace schema;
    Xapian::docid last = db.get_lastdocid();
    std::string out(BoostTable::HEADER_LEN + 2 * static_cast<std::size_t>(last), '\xff');
    out.replace(0, MAGIC_LEN, MAGIC);
    unsigned max_quality = 0, max_heat = 0;
    /* Every document has both slots (build_document), so the quality
     * stream names the documents and heat is looked up beside it. */
    Xapian::ValueIterator heat = db.valuestream_begin(SLOT_HEAT_BOOST);
    for (Xapian::ValueIterator q = db.valuestream_begin(SLOT_QUALITY_BOOST);
         q != db.valuestream_end(SLOT_QUALITY_BOOST); ++q) {
        Xapian::docid did = q.get_docid();
        unsigned quality = code_of(*q, 100.0, 100);
        unsigned heat_code = 0;
        if (heat != db.valuestream_end(SLOT_HEAT_BOOST) && heat.check(did))
            heat_code = code_of(*heat, HEAT_STEPS, HEAT_STEPS);
        put_le(out, BoostTable::HEADER_LEN + 2 * (did - 1), quality << HEAT_BITS | heat_code, 2);
        max_quality = std::max(max_quality, quality);
        max_heat = std::max(max_heat, heat_code);
    }
    put_le(out, MAGIC_LEN, db.get_doccount(), 4);
    put_le(out, MAGIC_LEN + 4, last, 4);
    put_le(out, MAGIC_LEN + 8, max_quality, 2);
    put_le(out, MAGIC_LEN + 10, max_heat, 2);
    return out;
}

} // namespace

unsigned quality_code(int quality)
{
    if (quality < 0)
        return 50;
    return quality > 100 ? 100u : static_cast<unsigned>(quality);
}

unsigned heat_code(int64_t heat)
{
    if (heat <= 0)
        return 0;
    double h = static_cast<double>(heat);
    return static_cast<unsigned>(std::lround(h / (h + NS_HEAT_PIVOT) * HEAT_STEPS));
}

std::string encode_boost_table(const Xapian::Database &db) { return pack_from_values(db); }

std::shared_ptr<const BoostTable> BoostTables::get(const Xapian::Database &shard)
{
    std::string uuid = shard.get_uuid();
    Xapian::rev revision = shard.get_revision();
    auto found = by_uuid_.find(uuid);
    if (found != by_uuid_.end() && found->second.revision == revision)
        return found->second.table;
    auto table = std::make_shared<BoostTable>();
    table->packed = shard.get_metadata(schema::META_BOOST_TABLE);
    if (!read_header(*table) || table->doccount != shard.get_doccount() ||
        table->lastdocid != shard.get_lastdocid()) {
        table->packed = pack_from_values(shard);
        read_header(*table);
    }
    by_uuid_[uuid] = Entry{revision, table};
    return table;
}

StaticBoostSource::StaticBoostSource(BoostTables *tables, double quality_weight,
                                     double heat_weight)
    : tables_(tables), quality_weight_(quality_weight), heat_weight_(heat_weight)
{
}

void StaticBoostSource::init(const Xapian::Database &shard)
{
    table_ = tables_->get(shard);
    did_ = 0;
    termfreq_ = table_->doccount;
    /* The same expression as get_weight on the largest codes: rounding is
     * monotonic, so no document can exceed it. */
    set_maxweight(quality_weight_ * quality_boost_of(table_->max_quality) +
                  heat_weight_ * heat_boost_of(table_->max_heat));
}

double StaticBoostSource::get_weight() const
{
    uint16_t code = table_->code(did_);
    return quality_weight_ * quality_boost_of(code >> HEAT_BITS) +
           heat_weight_ * heat_boost_of(code & HEAT_MASK);
}

void StaticBoostSource::settle()
{
    while (did_ <= table_->lastdocid && table_->code(did_) == BoostTable::NO_DOCUMENT)
        ++did_;
}

void StaticBoostSource::next(double)
{
    ++did_;
    settle();
}

void StaticBoostSource::skip_to(Xapian::docid did, double)
{
    if (did <= did_)
        return;
    did_ = did;
    settle();
}

bool StaticBoostSource::check(Xapian::docid did, double)
{
    did_ = did;
    return did_ > table_->lastdocid || table_->code(did_) != BoostTable::NO_DOCUMENT;
}

bool StaticBoostSource::at_end() const { return did_ > table_->lastdocid; }

StaticBoostSource *StaticBoostSource::clone() const
{
    return new StaticBoostSource(tables_, quality_weight_, heat_weight_);
}

std::string StaticBoostSource::get_description() const { return "ns::StaticBoostSource"; }

} // namespace ns
