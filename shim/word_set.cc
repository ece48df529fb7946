/* word_set.cc - the set of listed words (see word_set.h). */
#include "word_set.h"

#include <cstring>
#include <stdexcept>

namespace ns {

namespace {

constexpr std::uint64_t MULTIPLIER = 0x9E3779B97F4A7C15ULL; /* 2^64 / golden ratio */
constexpr std::size_t FIRST_SLOTS = 1024;
constexpr unsigned LENGTH_BITS = 8; /* of a prefix, and of prefix + word */

std::uint64_t mix(std::uint64_t h, std::uint64_t v)
{
    h = (h ^ v) * MULTIPLIER;
    return h ^ (h >> 29);
}

/* Eight bytes at a time, then the length: ("ab", "c") and ("a", "bc")
 * are different pairs. */
std::uint64_t hash_bytes(std::uint64_t h, std::string_view s)
{
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + i, 8);
        h = mix(h, v);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    return mix(mix(h, tail), s.size());
}

} // namespace

std::uint64_t WordSet::hash_of(std::string_view prefix, std::string_view word)
{
    std::uint64_t h = hash_bytes(hash_bytes(0, prefix), word);
    return h ? h : 1;
}

bool WordSet::holds(const Slot &slot, std::string_view prefix, std::string_view word) const
{
    constexpr std::uint64_t mask = (1u << LENGTH_BITS) - 1;
    std::size_t length = slot.where & mask;
    std::size_t prefix_length = (slot.where >> LENGTH_BITS) & mask;
    if (length != prefix.size() + word.size() || prefix_length != prefix.size())
        return false;
    const char *p = bytes_.data() + (slot.where >> (2 * LENGTH_BITS));
    return std::memcmp(p, prefix.data(), prefix.size()) == 0 &&
           std::memcmp(p + prefix.size(), word.data(), word.size()) == 0;
}

bool WordSet::insert(std::string_view prefix, std::string_view word)
{
    if (prefix.size() + word.size() >= (1u << LENGTH_BITS))
        throw std::length_error("word too long for the word list");
    if (2 * (count_ + 1) > slots_.size())
        grow();
    std::uint64_t h = hash_of(prefix, word);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot &slot = slots_[i];
        if (slot.hash == 0) {
            slot.hash = h;
            slot.where = static_cast<std::uint64_t>(bytes_.size()) << (2 * LENGTH_BITS) |
                         prefix.size() << LENGTH_BITS | (prefix.size() + word.size());
            bytes_.append(prefix).append(word);
            ++count_;
            return true;
        }
        if (slot.hash == h && holds(slot, prefix, word))
            return false;
    }
}

void WordSet::grow()
{
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? FIRST_SLOTS : 2 * old.size(), Slot());
    std::size_t mask = slots_.size() - 1;
    for (const Slot &slot : old) {
        if (slot.hash == 0)
            continue;
        std::size_t i = slot.hash & mask;
        while (slots_[i].hash != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

} // namespace ns
