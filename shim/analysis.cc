/* analysis.cc - builds the shared analysis chain (see analysis.h). */
#include "analysis.h"

#include <algorithm>
#include <cstdio>

#include "wildcards.h"
#include "xapian_shim.h"

namespace ns {

namespace {

/* Words longer than this are skipped (TermGenerator's default, stated
 * because the schema depends on it): no free-text term can approach
 * Xapian's 245-byte limit even with a prefix, nor can a word-list key. */
constexpr unsigned MAX_WORD_BYTES = 64;

} // namespace

std::string analysis_description(const std::string &language)
{
    char pivot[32];
    std::snprintf(pivot, sizeof pivot, "%g", NS_HEAT_PIVOT);
    return "xapian-1.4 termgenerator; lowercase; snowball " + language +
           " via libstemmer; index stem_all_z with positions, words listed in the metadata; "
           "query stem_all_z, wildcards through the word list; query stopwords "
           "(snowball list, english); spelling from titles; max word 64 bytes; heat pivot " +
           std::string(pivot);
}

IndexAnalyzer::IndexAnalyzer(const Xapian::Stem &stem) : stem_(stem)
{
    stems_.set_stemmer(stem);
    stems_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    stems_.set_max_word_length(MAX_WORD_BYTES);
    /* STOP_ALL asks the stopper about every word; it stops none. */
    stems_.set_stopper(&recorder_);
    stems_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
}

void IndexAnalyzer::set_database(const Xapian::WritableDatabase &db)
{
    db_ = db;
    has_db_ = true;
    /* A new index (a full build's) lists nothing this writer did not. */
    db_lists_words_ =
        db_.metadata_keys_begin(WORD_LIST_KEY) != db_.metadata_keys_end(WORD_LIST_KEY);
}

void IndexAnalyzer::start(Xapian::Document &doc)
{
    stems_.set_document(doc);
    stems_.set_termpos(0);
}

void IndexAnalyzer::add_text(const std::string &text, Xapian::termcount wdf,
                             const std::string &prefix, bool spelling)
{
    prefix_ = prefix;
    /* What Xapian's FLAG_SPELLING would add: the unprefixed pass's words. */
    counting_spelling_ = spelling && prefix.empty() && has_db_;
    stems_.index_text(text, wdf, prefix);
    stems_.increase_termpos();
    counting_spelling_ = false;
}

bool IndexAnalyzer::WordRecorder::operator()(const std::string &word) const
{
    owner_.list_word(word);
    if (owner_.counting_spelling_)
        ++owner_.spelling_[word];
    return false;
}

void IndexAnalyzer::write_words()
{
    std::sort(new_words_.begin(), new_words_.end());
    for (const auto &entry : new_words_)
        db_.set_metadata(entry.first, entry.second);
    new_words_.clear();
}

bool IndexAnalyzer::held_spelling_due(bool last) const
{
    return hold_spelling_ && !spelling_.empty() &&
           (last || spelling_.size() >= SPELLING_HOLD_WORDS);
}

void IndexAnalyzer::write_spelling()
{
    for (const auto &word : spelling_)
        db_.add_spelling(word.first, word.second);
    spelling_.clear();
}

void IndexAnalyzer::list_word(const std::string &word)
{
    if (!has_db_ || word.size() > MAX_WORD_BYTES)
        return;
    /* Each word once per writer, and not at all when the index lists it
     * already (an incremental run would rewrite - and replicas copy - the
     * entry of every word it met). */
    if (!listed_.insert(prefix_, word))
        return;
    word_list_key(key_, prefix_, word);
    if (!db_lists_words_ || db_.get_metadata(key_).empty())
        new_words_.emplace_back(key_, "Z" + prefix_ + stem_(word));
}

} // namespace ns
