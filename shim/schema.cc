/* schema.cc - how field values become boolean terms (see schema.h).
 *
 * The writer and the query parser both call these, so a filter typed as
 * "site:Reuters.COM" finds the term the writer made from "reuters.com".
 */
#include "schema.h"

#include <cstdint>

namespace ns {
namespace schema {

namespace {

/* FNV-1a, 64 bits.  Not cryptographic: ids and paths are not adversarial
 * here, and two independent 64-bit hashes make an accidental collision
 * between two long ids in one index vanishingly unlikely. */
uint64_t fnv1a64(const std::string &s, uint64_t hash, bool reverse)
{
    const uint64_t prime = 0x100000001b3ULL;
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(reverse ? s[n - 1 - i] : s[i]);
        hash ^= c;
        hash *= prime;
    }
    return hash;
}

/* Two independent 64-bit hashes of `value`, big-endian: 16 bytes. */
std::string hash128(const std::string &value)
{
    uint64_t a = fnv1a64(value, 0xcbf29ce484222325ULL, false);
    /* Second hash: other seed, other direction, so it is not a function of
     * the first. */
    uint64_t b = fnv1a64(value, 0x84222325cbf29ce4ULL ^ value.size(), true);
    std::string bytes(16, '\0');
    for (int i = 0; i < 8; ++i) {
        bytes[i] = static_cast<char>(a >> (56 - 8 * i));
        bytes[8 + i] = static_cast<char>(b >> (56 - 8 * i));
    }
    return bytes;
}

std::string hex(const std::string &bytes)
{
    static const char DIGITS[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * bytes.size());
    for (unsigned char c : bytes) {
        out += DIGITS[c >> 4];
        out += DIGITS[c & 15];
    }
    return out;
}

std::string hash_hex(const std::string &value) { return hex(hash128(value)); }

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

std::string boolean_term(const char *prefix, const std::string &value)
{
    std::string term(prefix);
    if (value.size() > MAX_TERM_VALUE) {
        term += hash_hex(value);
        return term;
    }
    /* Xapian's convention: keeps "XPARENT"+"Foo" apart from a prefix that
     * happens to be spelled "XPARENTF". */
    if (!value.empty() && value[0] >= 'A' && value[0] <= 'Z')
        term += ':';
    term += value;
    return term;
}

std::string story_collapse_key(const std::string &story_key) { return hash128(story_key); }

std::string story_term(const std::string &collapse_key)
{
    return PREFIX_STORY + hex(collapse_key);
}

std::string normalise_keyword(const std::string &value)
{
    std::size_t start = 0, end = value.size();
    while (start < end && is_space(value[start]))
        ++start;
    while (end > start && is_space(value[end - 1]))
        --end;
    return Xapian::Unicode::tolower(value.substr(start, end - start));
}

std::string keyword_term(const char *prefix, const std::string &value)
{
    return boolean_term(prefix, normalise_keyword(value));
}

std::string published_term(bool published)
{
    return std::string(PREFIX_PUBLISHED) + (published ? "true" : "false");
}

std::string published_term(const std::string &value)
{
    std::string v = normalise_keyword(value);
    if (v == "true" || v == "yes" || v == "1")
        return published_term(true);
    if (v == "false" || v == "no" || v == "0")
        return published_term(false);
    return keyword_term(PREFIX_PUBLISHED, "unknown:" + v);
}

std::string utf8_prefix(const std::string &text, std::size_t max_bytes)
{
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes;
    /* Back up over continuation bytes (10xxxxxx) to a character start. */
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut);
}

} // namespace schema
} // namespace ns
