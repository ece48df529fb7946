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
           " via libstemmer; index stem_some_full_pos, query stem_all_z; "
           "query stopwords (snowball list, english); spelling from titles; max word 64 bytes; heat pivot " + std::string(pivot);
}

Xapian::TermGenerator make_term_generator(const Xapian::Stem &stem)
{
    Xapian::TermGenerator tg;
    tg.set_stemmer(stem);
    tg.set_stemming_strategy(INDEX_STEMMING);
    /* Default already, stated because the schema depends on it: words
     * longer than this are skipped, so no free-text term can approach
     * Xapian's 245-byte limit even with a prefix. */
    tg.set_max_word_length(64);
    return tg;
}

} // namespace ns
