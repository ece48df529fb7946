/* analysis.h - the analysis chain that indexing and querying share.
 *
 * Words become terms the same way on both sides: Xapian's tokenizer and
 * Unicode case folding, then a libstemmer Snowball stemmer.  The stemming
 * strategies are a pair and only work as a pair:
 *
 *   index: TermGenerator::STEM_SOME_FULL_POS - every word as typed
 *          (lower-cased) and as "Z"+stem, both with positions;
 *   query: QueryParser::STEM_ALL_Z - every query word as "Z"+stem,
 *          including words inside quoted phrases.
 *
 * Why: QueryParser's STEM_SOME leaves capitalised words unstemmed, so
 * "Recognitions" would miss a document saying "recognition"; STEM_ALL_Z
 * stems them all.  But STEM_ALL_Z phrases are made of Z terms, which plain
 * STEM_SOME indexing stores without positions, so "facial recognition"
 * would never match: hence positions on the Z terms (STEM_SOME_FULL_POS).
 * The unstemmed terms stay for wildcards ("recog*"), which the parser
 * expands over unprefixed terms.
 */
#ifndef NSEARCH_SHIM_ANALYSIS_H
#define NSEARCH_SHIM_ANALYSIS_H

#include <string>

#include <xapian.h>

namespace ns {

inline constexpr Xapian::TermGenerator::stem_strategy INDEX_STEMMING =
    Xapian::TermGenerator::STEM_SOME_FULL_POS;
inline constexpr Xapian::QueryParser::stem_strategy QUERY_STEMMING =
    Xapian::QueryParser::STEM_ALL_Z;

/* Recorded in the index metadata, for people: what produced the terms. */
std::string analysis_description(const std::string &language);

/* A TermGenerator set up with the chain (stemmer for `language`). */
Xapian::TermGenerator make_term_generator(const Xapian::Stem &stem);

} // namespace ns

#endif
