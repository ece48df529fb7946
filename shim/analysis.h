/* analysis.h - the analysis chain that indexing and querying share.
 *
 * Words become terms the same way on both sides: Xapian's tokenizer and
 * Unicode case folding, then a libstemmer Snowball stemmer.  The two sides
 * are a pair and only work as a pair:
 *
 *   index: every word as "Z"+stem with positions (TermGenerator
 *          STEM_ALL_Z), and each word once in the word list (metadata:
 *          the word as typed -> its "Z" term; wildcards.h);
 *   query: QueryParser::STEM_ALL_Z - every query word as "Z"+stem,
 *          including words inside quoted phrases; a wildcard ("recog*")
 *          as the synonym of the terms of the listed words it matches.
 *
 * Why: QueryParser's STEM_SOME leaves capitalised words unstemmed, so
 * "Recognitions" would miss a document saying "recognition"; STEM_ALL_Z
 * stems them all, phrases included, so phrases need positions on the Z
 * terms.  Wildcards need the words as typed, which Xapian would expand
 * over unstemmed terms; the index once carried every word of every
 * document twice for that (two fifths of the time of a build, measured),
 * where the word list holds each word once.
 */
#ifndef NSEARCH_SHIM_ANALYSIS_H
#define NSEARCH_SHIM_ANALYSIS_H

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "word_set.h"

namespace ns {

inline constexpr Xapian::QueryParser::stem_strategy QUERY_STEMMING =
    Xapian::QueryParser::STEM_ALL_Z;

/* Recorded in the index metadata, for people: what produced the terms. */
std::string analysis_description(const std::string &language);

/* Distinct title words a writer that may hold them (hold_spelling) keeps
 * before writing them: ~2 MiB, and ~35 MiB of Xapian's spelling changes
 * while they are written. */
inline constexpr std::size_t SPELLING_HOLD_WORDS = 50000;

/* The index side of the chain: a term generator, and the words it saw
 * for the word list and the spelling table.
 *
 * Both go to the database in bulk, not word by word: the word list's new
 * entries in key order before each commit (one by one, in the random
 * order words arrive, each insert rewrote a B-tree block of its own), and
 * the title words counted, for Xapian's spelling table.  Xapian rewrites
 * every spelling fragment list a commit touches, so a writer that may
 * (hold_spelling) keeps title words over several commits. */
class IndexAnalyzer {
  public:
    explicit IndexAnalyzer(const Xapian::Stem &stem);
    IndexAnalyzer(const IndexAnalyzer &) = delete; /* the recorder points back */
    IndexAnalyzer &operator=(const IndexAnalyzer &) = delete;

    /* Where title words go for "did you mean" (add_text with spelling)
     * and new words for the word list. */
    void set_database(const Xapian::WritableDatabase &db);

    /* Keep title words for spelling over commits, until SPELLING_HOLD_WORDS
     * are held or the last commit: for an index used only once complete,
     * where no commit but the last need be whole. */
    void hold_spelling(bool hold) { hold_spelling_ = hold; }
    bool holds_spelling() const { return hold_spelling_; }

    /* Start a new document: terms go to `doc`, positions from 0. */
    void start(Xapian::Document &doc);

    /* Index `text` (wdf `wdf` a word) unprefixed or under `prefix`, then
     * leave a position gap so no phrase spans two fields. */
    void add_text(const std::string &text, Xapian::termcount wdf, const std::string &prefix,
                  bool spelling = false);

    /* Give the database the word list's new entries.  Before each commit. */
    void write_words();

    /* Whether a writer that holds title words should write them now:
     * at its `last` commit, or when there are many. */
    bool held_spelling_due(bool last) const;

    /* Give the database the title words gathered, for spelling. */
    void write_spelling();

  private:
    /* Sees every word the term generator indexes (a stopper that stops
     * nothing: Xapian's one per-word hook) and lists each new one. */
    class WordRecorder : public Xapian::Stopper {
      public:
        explicit WordRecorder(IndexAnalyzer &owner) : owner_(owner) {}
        bool operator()(const std::string &word) const override;

      private:
        IndexAnalyzer &owner_;
    };

    void list_word(const std::string &word);

    Xapian::Stem stem_;
    Xapian::TermGenerator stems_; /* "Z" terms, with positions */
    WordRecorder recorder_{*this};
    Xapian::WritableDatabase db_;
    bool has_db_ = false;
    bool db_lists_words_ = false; /* words listed before this writer */
    std::string prefix_;                     /* of the field being indexed */
    std::string key_;                        /* reused: no allocation a word */
    WordSet listed_;                         /* words listed by this writer */
    std::vector<std::pair<std::string, std::string>> new_words_; /* key, Z term */
    bool counting_spelling_ = false; /* in a title's unprefixed pass */
    bool hold_spelling_ = false;
    std::unordered_map<std::string, Xapian::termcount> spelling_; /* word -> count */
};

} // namespace ns

#endif
