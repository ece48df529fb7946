/* analysis.h - the analysis chain that indexing and querying share.
 *
 * Words become terms the same way on both sides: Xapian's tokenizer and
 * Unicode case folding, then a libstemmer Snowball stemmer.  The two sides
 * are a pair and only work as a pair:
 *
 *   index: every word as "Z"+stem with positions (TermGenerator
 *          STEM_ALL_Z), and every word as typed (lower-cased) without
 *          positions;
 *   query: QueryParser::STEM_ALL_Z - every query word as "Z"+stem,
 *          including words inside quoted phrases.
 *
 * Why: QueryParser's STEM_SOME leaves capitalised words unstemmed, so
 * "Recognitions" would miss a document saying "recognition"; STEM_ALL_Z
 * stems them all, phrases included, so phrases need positions on the Z
 * terms.  The unstemmed terms are there only for wildcards ("recog*"),
 * which the parser expands over unprefixed terms and never as phrases, so
 * they need no positions - and positions are most of what indexing costs.
 * Their wdf still counts, so a document's length is what it was when
 * both kinds carried positions (STEM_SOME_FULL_POS): the scores did not
 * change when the positions went.
 */
#ifndef NSEARCH_SHIM_ANALYSIS_H
#define NSEARCH_SHIM_ANALYSIS_H

#include <string>

#include <xapian.h>

namespace ns {

inline constexpr Xapian::QueryParser::stem_strategy QUERY_STEMMING =
    Xapian::QueryParser::STEM_ALL_Z;

/* Recorded in the index metadata, for people: what produced the terms. */
std::string analysis_description(const std::string &language);

/* The index side of the chain: two term generators over one document. */
class IndexAnalyzer {
  public:
    explicit IndexAnalyzer(const Xapian::Stem &stem);

    /* Where words go for "did you mean" (add_text with spelling). */
    void set_database(const Xapian::WritableDatabase &db);

    /* Start a new document: terms go to `doc`, positions from 0. */
    void start(Xapian::Document &doc);

    /* Index `text` (wdf `wdf` a word) unprefixed or under `prefix`, then
     * leave a position gap so no phrase spans two fields. */
    void add_text(const std::string &text, Xapian::termcount wdf, const std::string &prefix,
                  bool spelling = false);

  private:
    Xapian::TermGenerator stems_;  /* "Z" terms, with positions */
    Xapian::TermGenerator words_;  /* unstemmed terms, no positions */
};

} // namespace ns

#endif
