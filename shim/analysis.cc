/* analysis.cc - builds the shared analysis chain (see analysis.h). */
#include "analysis.h"

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
    stems_.set_database(db);
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
    stems_.set_flags(spelling ? Xapian::TermGenerator::FLAG_SPELLING : 0);
    stems_.index_text(text, wdf, prefix);
    stems_.increase_termpos();
}

bool IndexAnalyzer::WordRecorder::operator()(const std::string &word) const
{
    owner_.list_word(word);
    return false;
}

void IndexAnalyzer::list_word(const std::string &word)
{
    if (!has_db_ || word.size() > MAX_WORD_BYTES)
        return;
    word_list_key(key_, prefix_, word);
    /* Each word once per writer, and not at all when the index lists it
     * already (an incremental run would rewrite - and replicas copy - the
     * entry of every word it met). */
    if (listed_.find(key_) != listed_.end())
        return;
    listed_.insert(key_);
    if (!db_lists_words_ || db_.get_metadata(key_).empty())
        db_.set_metadata(key_, "Z" + prefix_ + stem_(word));
}

} // namespace ns
