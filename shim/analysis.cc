/* analysis.cc - builds the shared analysis chain (see analysis.h). */
#include "analysis.h"

#include <cstdio>

#include "xapian_shim.h"

namespace ns {

std::string analysis_description(const std::string &language)
{
    char pivot[32];
    std::snprintf(pivot, sizeof pivot, "%g", NS_HEAT_PIVOT);
    return "xapian-1.4 termgenerator; lowercase; snowball " + language +
           " via libstemmer; index stem_all_z with positions + unstemmed without, query stem_all_z; "
           "query stopwords (snowball list, english); spelling from titles; max word 64 bytes; heat pivot " + std::string(pivot);
}

IndexAnalyzer::IndexAnalyzer(const Xapian::Stem &stem)
{
    stems_.set_stemmer(stem);
    stems_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    words_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    /* Default already, stated because the schema depends on it: words
     * longer than this are skipped, so no free-text term can approach
     * Xapian's 245-byte limit even with a prefix. */
    stems_.set_max_word_length(64);
    words_.set_max_word_length(64);
}

void IndexAnalyzer::set_database(const Xapian::WritableDatabase &db) { words_.set_database(db); }

void IndexAnalyzer::start(Xapian::Document &doc)
{
    stems_.set_document(doc);
    stems_.set_termpos(0);
    words_.set_document(doc);
}

void IndexAnalyzer::add_text(const std::string &text, Xapian::termcount wdf,
                             const std::string &prefix, bool spelling)
{
    stems_.index_text(text, wdf, prefix);
    stems_.increase_termpos();
    words_.set_flags(spelling ? Xapian::TermGenerator::FLAG_SPELLING : 0);
    words_.index_text_without_positions(text, wdf, prefix);
}

} // namespace ns
