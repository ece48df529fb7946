/* boost_table.cc - the static boost table: its file, its cache in a reader
 * and the posting source that reads it (see boost_table.h for why).
 *
 * File BOOST_FILE (little-endian):
 *    0  "nsboost3"
 *    8  the database UUID (36 characters, NUL-padded to 40)
 *   48  revision (u32)       52  lastdocid (u32)     56  doccount (u32)
 *   60  largest quality code (u16)                  62  largest heat code (u16)
 *   64  one u16 code per docid 1..lastdocid
 *       then one u16 document length per docid 1..lastdocid (LONG_DOCUMENT
 *       for a length that does not fit; 0 where there is no document)
 * An "nsboost2" file (codes only, before lengths were kept) describes no
 * database: the next writer rebuilds the table.
 */
#include "boost_table.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "status.h"
#include "xapian_shim.h"

namespace ns {

namespace {

constexpr char MAGIC[] = "nsboost3";
constexpr std::size_t MAGIC_LEN = sizeof MAGIC - 1;
constexpr std::size_t UUID_AT = 8, UUID_LEN = 40, REVISION_AT = 48, LASTDOCID_AT = 52,
                      DOCCOUNT_AT = 56, MAX_QUALITY_AT = 60, MAX_HEAT_AT = 62, HEADER_LEN = 64;
constexpr unsigned HEAT_BITS = BoostTable::HEAT_BITS;
constexpr unsigned HEAT_MASK = BoostTable::HEAT_MASK;

void put_le(unsigned char *at, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        at[i] = static_cast<unsigned char>((v >> (8 * i)) & 0xff);
}

uint32_t get_le(const unsigned char *at, int bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v |= static_cast<uint32_t>(at[i]) << (8 * i);
    return v;
}

/* The code a boost value slot holds (it holds exactly code / scale). */
unsigned code_of(const std::string &value, double scale, unsigned max)
{
    double boost = value.empty() ? 0.0 : Xapian::sortable_unserialise(value);
    double code = std::round(boost * scale);
    return code <= 0 ? 0u : code >= max ? max : static_cast<unsigned>(code);
}

/* Codes by docid ([0] unused) from the value slots of `db`. */
std::vector<uint16_t> codes_from_values(const Xapian::Database &db)
{
    using namespace schema;
    std::vector<uint16_t> codes(static_cast<std::size_t>(db.get_lastdocid()) + 1,
                                BoostTable::NO_DOCUMENT);
    /* Every document has both slots (build_document), so the quality
     * stream names the documents and heat is looked up beside it. */
    Xapian::ValueIterator heat = db.valuestream_begin(SLOT_HEAT_BOOST);
    for (Xapian::ValueIterator q = db.valuestream_begin(SLOT_QUALITY_BOOST);
         q != db.valuestream_end(SLOT_QUALITY_BOOST); ++q) {
        Xapian::docid did = q.get_docid();
        unsigned heat_code = 0;
        if (heat != db.valuestream_end(SLOT_HEAT_BOOST) && heat.check(did))
            heat_code = code_of(*heat, HEAT_STEPS, HEAT_STEPS);
        codes[did] = static_cast<uint16_t>(code_of(*q, 100.0, 100) << HEAT_BITS | heat_code);
    }
    return codes;
}

/* Document lengths by docid ([0] unused; 0 where there is none) as
 * Xapian keeps them: one pass over its length list, in docid order. */
std::vector<Xapian::termcount> lengths_from_db(const Xapian::Database &db)
{
    std::vector<Xapian::termcount> lengths(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
    const std::string all; /* the empty term: every document */
    for (Xapian::PostingIterator p = db.postlist_begin(all); p != db.postlist_end(all); ++p)
        lengths[*p] = p.get_doclength();
    return lengths;
}

/* A length as the file holds it. */
uint16_t stored_length(Xapian::termcount length)
{
    return length >= BoostTable::LONG_DOCUMENT ? BoostTable::LONG_DOCUMENT
                                               : static_cast<uint16_t>(length);
}

/* The header of a table of `codes` and `lengths` describing `db`, then
 * the codes, then the lengths. */
std::string pack(const std::vector<uint16_t> &codes, const std::vector<Xapian::termcount> &lengths,
                 const Xapian::Database &db)
{
    Xapian::docid last = codes.empty() ? 0 : static_cast<Xapian::docid>(codes.size() - 1);
    std::string out(HEADER_LEN + 4 * static_cast<std::size_t>(last), '\0');
    unsigned char *p = reinterpret_cast<unsigned char *>(&out[0]);
    std::memcpy(p, MAGIC, MAGIC_LEN);
    std::string uuid = db.get_uuid();
    std::memcpy(p + UUID_AT, uuid.data(), std::min(uuid.size(), UUID_LEN));
    unsigned max_quality = 0, max_heat = 0;
    for (Xapian::docid did = 1; did <= last; ++did) {
        uint16_t code = codes[did];
        put_le(p + HEADER_LEN + 2 * (did - 1), code, 2);
        if (did < lengths.size())
            put_le(p + HEADER_LEN + 2 * static_cast<std::size_t>(last) + 2 * (did - 1),
                   stored_length(lengths[did]), 2);
        if (code == BoostTable::NO_DOCUMENT)
            continue;
        max_quality = std::max(max_quality, static_cast<unsigned>(code >> HEAT_BITS));
        max_heat = std::max(max_heat, static_cast<unsigned>(code & HEAT_MASK));
    }
    put_le(p + REVISION_AT, db.get_revision(), 4);
    put_le(p + LASTDOCID_AT, last, 4);
    put_le(p + DOCCOUNT_AT, db.get_doccount(), 4);
    put_le(p + MAX_QUALITY_AT, max_quality, 2);
    put_le(p + MAX_HEAT_AT, max_heat, 2);
    return out;
}

/* Does the header at `p` (`len` bytes in all) describe `db` as open? */
bool describes(const unsigned char *p, std::size_t len, const Xapian::Database &db)
{
    if (len < HEADER_LEN || std::memcmp(p, MAGIC, MAGIC_LEN) != 0)
        return false;
    std::string uuid = db.get_uuid();
    char stored[UUID_LEN + 1] = {0};
    std::memcpy(stored, p + UUID_AT, UUID_LEN);
    Xapian::docid last = get_le(p + LASTDOCID_AT, 4);
    return uuid == stored && get_le(p + REVISION_AT, 4) == db.get_revision() &&
           last == db.get_lastdocid() && get_le(p + DOCCOUNT_AT, 4) == db.get_doccount() &&
           len == HEADER_LEN + 4 * static_cast<std::size_t>(last);
}

std::string file_in(const std::string &dir) { return dir + "/" + BOOST_FILE; }

void write_all(int fd, const std::string &data, const std::string &path)
{
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw Failure(NS_ERR_IO, "writing " + path + ": " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
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

BoostTable::~BoostTable()
{
    if (mapping_)
        munmap(mapping_, mapping_len_);
}

void BoostTable::set_codes(const unsigned char *table, Xapian::docid lastdocid)
{
    codes_ = table + HEADER_LEN;
    lengths_ = codes_ + 2 * static_cast<std::size_t>(lastdocid);
    lastdocid_ = lastdocid;
    doccount_ = get_le(table + DOCCOUNT_AT, 4);
    max_quality_ = get_le(table + MAX_QUALITY_AT, 2);
    max_heat_ = get_le(table + MAX_HEAT_AT, 2);
}

std::shared_ptr<const BoostTable> BoostTable::map_file(const std::string &dir,
                                                       const Xapian::Database &db)
{
    int fd = ::open(file_in(dir).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    struct stat st;
    void *mapping = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(HEADER_LEN))
        mapping = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (mapping == MAP_FAILED)
        return nullptr;
    std::shared_ptr<BoostTable> table(new BoostTable());
    table->mapping_ = mapping;
    table->mapping_len_ = static_cast<std::size_t>(st.st_size);
    const unsigned char *p = static_cast<const unsigned char *>(mapping);
    if (!describes(p, table->mapping_len_, db))
        return nullptr; /* unmapped by the destructor */
    table->set_codes(p, get_le(p + LASTDOCID_AT, 4));
    return table;
}

void BoostTableWriter::load(const std::string &dir, const Xapian::Database &db)
{
    std::shared_ptr<const BoostTable> table = BoostTable::map_file(dir, db);
    if (!table) {
        codes_ = codes_from_values(db);
        lengths_ = lengths_from_db(db);
        return;
    }
    codes_.assign(static_cast<std::size_t>(table->lastdocid()) + 1, BoostTable::NO_DOCUMENT);
    lengths_.assign(codes_.size(), 0);
    for (Xapian::docid did = 1; did <= table->lastdocid(); ++did) {
        codes_[did] = table->code(did);
        lengths_[did] = table->length(did);
        if (lengths_[did] == BoostTable::LONG_DOCUMENT) {
            try {
                lengths_[did] = db.get_doclength(did);
            } catch (const Xapian::DocNotFoundError &) {
                lengths_[did] = 0; /* deleted since: never a candidate */
            }
        }
    }
}

void BoostTableWriter::set(Xapian::docid did, unsigned quality, unsigned heat,
                           Xapian::termcount length)
{
    if (did >= codes_.size())
        codes_.resize(static_cast<std::size_t>(did) + 1, BoostTable::NO_DOCUMENT);
    if (did >= lengths_.size())
        lengths_.resize(static_cast<std::size_t>(did) + 1, 0);
    codes_[did] = static_cast<uint16_t>(quality << HEAT_BITS | heat);
    lengths_[did] = length;
}

void BoostTableWriter::write(const std::string &dir, const Xapian::Database &db)
{
    std::string path = file_in(dir), temporary = path + ".tmp";
    /* Up to the last docid: ids the writer never set (used and deleted
     * since the table was loaded) are NO_DOCUMENT. */
    codes_.resize(static_cast<std::size_t>(db.get_lastdocid()) + 1, BoostTable::NO_DOCUMENT);
    lengths_.resize(codes_.size(), 0);
    std::string data = pack(codes_, lengths_, db);
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Failure(NS_ERR_IO, "creating " + temporary + ": " + std::strerror(errno));
    try {
        write_all(fd, data, temporary);
        if (fsync(fd) != 0)
            throw Failure(NS_ERR_IO, "syncing " + temporary + ": " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temporary.c_str());
        throw Failure(NS_ERR_IO, "renaming " + temporary + ": " + std::strerror(saved));
    }
}

void BoostTables::set_directories(const std::vector<std::string> &dirs)
{
    dirs_ = dirs;
    dir_by_uuid_.clear();
}

std::shared_ptr<const BoostTable> BoostTables::get(const Xapian::Database &shard)
{
    std::string uuid = shard.get_uuid();
    Xapian::rev revision = shard.get_revision();
    auto found = by_uuid_.find(uuid);
    if (found != by_uuid_.end() && found->second.revision == revision)
        return found->second.table;
    std::shared_ptr<const BoostTable> table;
    auto dir = dir_by_uuid_.find(uuid);
    if (dir != dir_by_uuid_.end())
        table = BoostTable::map_file(dir->second, shard);
    /* Which directory is this shard?  The one whose file describes it. */
    for (std::size_t i = 0; !table && i < dirs_.size(); ++i)
        if ((table = BoostTable::map_file(dirs_[i], shard)))
            dir_by_uuid_[uuid] = dirs_[i];
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
    using namespace schema;
    table_ = tables_->get(shard);
    did_ = 0;
    started_ = false;
    if (table_) {
        for (std::size_t code = 0; code < QUALITY_CODES; ++code)
            quality_parts_[code] = quality_weight_ * quality_boost_of(code);
        for (std::size_t code = 0; code < HEAT_CODES; ++code)
            heat_parts_[code] = heat_weight_ * heat_boost_of(code);
        termfreq_ = table_->doccount();
        /* The same expression as get_weight on the largest codes: rounding
         * is monotonic, so no document can exceed it. */
        set_maxweight(quality_weight_ * quality_boost_of(table_->max_quality()) +
                      heat_weight_ * heat_boost_of(table_->max_heat()));
        return;
    }
    shard_ = shard;
    quality_ = shard.valuestream_begin(SLOT_QUALITY_BOOST);
    heat_ = shard.valuestream_begin(SLOT_HEAT_BOOST);
    termfreq_ = shard.get_value_freq(SLOT_QUALITY_BOOST);
    std::string q = shard.get_value_upper_bound(SLOT_QUALITY_BOOST);
    std::string h = shard.get_value_upper_bound(SLOT_HEAT_BOOST);
    set_maxweight(quality_weight_ * (q.empty() ? 1.0 : Xapian::sortable_unserialise(q)) +
                  heat_weight_ * (h.empty() ? 1.0 : Xapian::sortable_unserialise(h)));
}

double StaticBoostSource::get_weight() const
{
    if (!table_) {
        /* The slots hold exactly the doubles the codes stand for. */
        double quality = Xapian::sortable_unserialise(*quality_);
        Xapian::ValueIterator &heat = const_cast<Xapian::ValueIterator &>(heat_);
        double h = heat != shard_.valuestream_end(schema::SLOT_HEAT_BOOST) && heat.check(did_)
                       ? Xapian::sortable_unserialise(*heat)
                       : 0.0;
        return quality_weight_ * quality + heat_weight_ * h;
    }
    return weight_of(table_->code(did_));
}

void StaticBoostSource::settle()
{
    while (did_ <= table_->lastdocid() && table_->code(did_) == BoostTable::NO_DOCUMENT)
        ++did_;
}

void StaticBoostSource::follow_values()
{
    started_ = true;
    if (quality_ != shard_.valuestream_end(schema::SLOT_QUALITY_BOOST))
        did_ = quality_.get_docid();
}

void StaticBoostSource::next(double)
{
    if (!table_) {
        if (started_)
            ++quality_;
        follow_values();
        return;
    }
    ++did_;
    settle();
}

void StaticBoostSource::skip_to(Xapian::docid did, double)
{
    if (!table_) {
        if (!started_ || did > did_)
            quality_.skip_to(did);
        follow_values();
        return;
    }
    if (did <= did_)
        return;
    did_ = did;
    settle();
}

bool StaticBoostSource::check(Xapian::docid did, double)
{
    if (!table_) {
        /* Glass moves like skip_to and says true; other backends may say
         * false and leave the position to the next move. */
        started_ = true;
        if (!quality_.check(did)) {
            did_ = did;
            return false;
        }
        follow_values();
        return true;
    }
    did_ = did;
    return did_ > table_->lastdocid() || table_->code(did_) != BoostTable::NO_DOCUMENT;
}

bool StaticBoostSource::at_end() const
{
    if (!table_)
        return started_ && quality_ == shard_.valuestream_end(schema::SLOT_QUALITY_BOOST);
    return did_ > table_->lastdocid();
}

StaticBoostSource *StaticBoostSource::clone() const
{
    return new StaticBoostSource(tables_, quality_weight_, heat_weight_);
}

std::string StaticBoostSource::get_description() const { return "ns::StaticBoostSource"; }

} // namespace ns
