/* wildcards.h - a parsed query's wildcards, expanded through the word list.
 *
 * The index keeps every word once, as a metadata entry: the key is
 * WORD_LIST_KEY then the word as typed, lower-cased, after its field prefix
 * ("profits", "Sprofits" in titles), the value the term it was indexed as
 * ("Zprofit", "ZSprofit"; analysis.h).  Metadata, not Xapian's synonym
 * table, which would suit and which Xapian merges over shards: Xapian
 * 1.4.22 aborts (std::terminate) in a commit that runs out of disk while
 * the synonym table has changes (t0160 caught it), where metadata lives in
 * the postlist table, whose failed commits are clean.  A database of
 * several shards lists no metadata, so each local shard's is read.
 * "prof*" becomes the synonym of the stems of every word that begins
 * "prof", so a wildcard finds what its words would find
 * typed out - and the index need not carry a second, unstemmed copy of
 * every word in every document only to be expanded over (the largest cost
 * of indexing it once had).
 *
 * Over remote shards (xapian-tcpsrv lists no metadata keys) a wildcard
 * stays Xapian's own, over the stems: "prof*" matches the stems beginning
 * "prof" - the same words, except where stemming shortened the word below
 * what was typed ("runnin*" misses "running", stem "run").
 */
#ifndef NSEARCH_SHIM_WILDCARDS_H
#define NSEARCH_SHIM_WILDCARDS_H

#include <string>
#include <vector>

#include <xapian.h>

namespace ns {

/* Where a wildcard's words come from, and what to do with too many. */
struct WildcardExpansion {
    Xapian::Database db;                    /* what is searched */
    std::vector<std::string> shard_dirs;    /* its local shards, when several */
    bool strict = true;  /* past the bound: throw Xapian::WildcardError */
    bool remote = false; /* a shard is remote: expand over stems instead */
    /* The databases whose word lists are read, opened at the first
     * wildcard (a search without one opens nothing more). */
    mutable std::vector<Xapian::Database> lists;
};

/* Where a database's word list is: metadata keys that begin so. */
inline constexpr char WORD_LIST_KEY[] = "nsearch.word:";

/* Largest number of terms one wildcard expands to; beyond it the most
 * frequent are kept (or, strict, Xapian::WildcardError is thrown). */
inline constexpr Xapian::termcount MAX_WILDCARD_EXPANSION = 200;

/* `query` (as the parser made it) with each wildcard replaced by the
 * synonym of its words' terms; a wildcard no word matches matches
 * nothing. */
Xapian::Query expand_wildcards(const Xapian::Query &query, const WildcardExpansion &how);

/* Whether `q` is a wildcard's expansion (a synonym of its terms, or its
 * one term): not a word the person typed. */
bool is_expansion(const Xapian::Query &q);

/* Sets `key` to the word-list key of `word` (lower-cased, as the term
 * generator saw it) under field prefix `prefix` ("" for the text of every
 * field): WORD_LIST_KEY, then the word spelt as Xapian spells a prefixed
 * term, which is what the parser's wildcard pattern is ("title:prof*" ->
 * "Sprof"). */
inline void word_list_key(std::string &key, const std::string &prefix, const std::string &word)
{
    key.assign(WORD_LIST_KEY).append(prefix).append(word);
}

} // namespace ns

#endif
