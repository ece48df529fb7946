/* word_set.h - the words a writer has listed (analysis.h): a set of
 * (field prefix, word) pairs.
 *
 * Asked once for every word of every document, so it is built for that:
 * open addressing over a power-of-two table of hashes, the bytes in one
 * arena.  std::unordered_set<std::string> cost a division, three cache
 * misses and ~100 bytes an entry (a node, a heap string); at a million
 * articles a writer lists millions of words.
 */
#ifndef NSEARCH_SHIM_WORD_SET_H
#define NSEARCH_SHIM_WORD_SET_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ns {

class WordSet {
  public:
    /* Adds (`prefix`, `word`); true when it was not in the set.  Throws
     * std::length_error past 255 bytes together. */
    bool insert(std::string_view prefix, std::string_view word);

    std::size_t size() const { return count_; }

  private:
    struct Slot {
        std::uint64_t hash = 0;  /* 0: empty (hashes are never 0) */
        std::uint64_t where = 0; /* arena offset << 16 | prefix length << 8 |
                                    prefix + word length */
    };

    static std::uint64_t hash_of(std::string_view prefix, std::string_view word);
    bool holds(const Slot &slot, std::string_view prefix, std::string_view word) const;
    void grow();

    std::vector<Slot> slots_;
    std::string bytes_;
    std::size_t count_ = 0;
};

} // namespace ns

#endif
