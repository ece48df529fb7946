/* file_stamp.cc - SLOT_FILE encoding (see file_stamp.h). */
#include "file_stamp.h"

#include <cstdint>

namespace ns {

namespace {

constexpr std::size_t HEADER = 26;

void put_u64(std::string &out, uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out += static_cast<char>((v >> shift) & 0xff);
}

uint64_t get_u64(const std::string &in, std::size_t at)
{
    uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<unsigned char>(in[at + i]);
    return v;
}

} // namespace

std::string encode_file_stamp(const ns_file_stamp &stamp, const std::string &path)
{
    std::string out;
    out.reserve(HEADER + path.size());
    out += static_cast<char>(FILE_STAMP_VERSION);
    put_u64(out, static_cast<uint64_t>(stamp.mtime_ns));
    put_u64(out, static_cast<uint64_t>(stamp.size));
    put_u64(out, stamp.hash);
    out += static_cast<char>(stamp.racy ? 1 : 0);
    out += path;
    return out;
}

bool decode_file_stamp(const std::string &value, ns_file_stamp *stamp, std::string *path)
{
    if (value.size() < HEADER || static_cast<unsigned char>(value[0]) != FILE_STAMP_VERSION)
        return false;
    stamp->mtime_ns = static_cast<int64_t>(get_u64(value, 1));
    stamp->size = static_cast<int64_t>(get_u64(value, 9));
    stamp->hash = get_u64(value, 17);
    stamp->racy = (static_cast<unsigned char>(value[25]) & 1) ? 1 : 0;
    path->assign(value, HEADER, std::string::npos);
    return true;
}

} // namespace ns
