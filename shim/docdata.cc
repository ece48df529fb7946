/* docdata.cc - (de)serialises StoredDoc (see docdata.h).
 *
 * Length-prefixed binary rather than text because every field may contain
 * any byte (titles with tabs or newlines), and a version byte so a later
 * layout can be detected rather than misread.
 */
#include "docdata.h"

#include "status.h"

namespace ns {

namespace {

/* Bump together with NS_SCHEMA_VERSION when the layout changes. */
constexpr unsigned char DOCDATA_VERSION = 1;

void put_varint(std::string &out, uint64_t v)
{
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

void put_signed(std::string &out, int64_t v)
{
    /* Zig-zag so -1 takes one byte. */
    uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    put_varint(out, u);
}

void put_string(std::string &out, const std::string &s)
{
    put_varint(out, s.size());
    out += s;
}

class Reader {
  public:
    explicit Reader(const std::string &data) : data_(data) {}

    uint64_t varint()
    {
        uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size())
                corrupt();
            unsigned char c = static_cast<unsigned char>(data_[pos_++]);
            v |= static_cast<uint64_t>(c & 0x7F) << shift;
            if (!(c & 0x80))
                return v;
        }
        corrupt();
    }

    int64_t signed_varint()
    {
        uint64_t u = varint();
        return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    }

    std::string string()
    {
        uint64_t n = varint();
        if (n > data_.size() - pos_)
            corrupt();
        std::string s = data_.substr(pos_, n);
        pos_ += n;
        return s;
    }

    unsigned char byte()
    {
        if (pos_ >= data_.size())
            corrupt();
        return static_cast<unsigned char>(data_[pos_++]);
    }

    bool at_end() const { return pos_ == data_.size(); }

    [[noreturn]] static void corrupt()
    {
        throw Failure(NS_ERR_IO, "corrupt document data in the index; rebuild it");
    }

  private:
    const std::string &data_;
    std::size_t pos_ = 0;
};

} // namespace

std::string encode_docdata(const StoredDoc &doc)
{
    std::string out;
    out.reserve(64 + doc.id.size() + doc.path.size() + doc.title.size() + doc.excerpt.size() +
                doc.body_start.size() + doc.url.size() + doc.provider.size() +
                doc.date_iso.size() + doc.story_key.size());
    out += static_cast<char>(DOCDATA_VERSION);
    put_string(out, doc.id);
    put_string(out, doc.path);
    put_string(out, doc.title);
    put_string(out, doc.excerpt);
    put_string(out, doc.body_start);
    put_string(out, doc.url);
    put_string(out, doc.provider);
    put_string(out, doc.date_iso);
    put_string(out, doc.story_key);
    put_signed(out, doc.quality);
    put_signed(out, doc.heat);
    put_signed(out, doc.published);
    put_varint(out, doc.is_related ? 1 : 0);
    return out;
}

StoredDoc decode_docdata(const std::string &data)
{
    Reader in(data);
    unsigned char version = in.byte();
    if (version != DOCDATA_VERSION)
        throw Failure(NS_ERR_SCHEMA, "document data has layout version " +
                                         std::to_string(version) +
                                         "; rebuild the index with nsearch-index --rebuild");
    StoredDoc doc;
    doc.id = in.string();
    doc.path = in.string();
    doc.title = in.string();
    doc.excerpt = in.string();
    doc.body_start = in.string();
    doc.url = in.string();
    doc.provider = in.string();
    doc.date_iso = in.string();
    doc.story_key = in.string();
    int64_t quality = in.signed_varint();
    doc.heat = in.signed_varint();
    int64_t published = in.signed_varint();
    uint64_t related = in.varint();
    if (quality < -1 || quality > 100 || published < -1 || published > 1 || related > 1 ||
        !in.at_end())
        Reader::corrupt();
    doc.quality = static_cast<int>(quality);
    doc.published = static_cast<int>(published);
    doc.is_related = related == 1;
    return doc;
}

} // namespace ns
