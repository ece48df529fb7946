/* stemmer.h - libstemmer's Snowball stemmers as a Xapian::Stem.
 *
 * Xapian 1.4 bundles its own, older Snowball; nsearch stems with the
 * system libstemmer instead, so the language list and the stems are the
 * ones libstemmer documents.  Wrapping it as a Xapian::StemImplementation
 * lets TermGenerator, QueryParser and MSet::snippet all share it.
 */
#ifndef NSEARCH_SHIM_STEMMER_H
#define NSEARCH_SHIM_STEMMER_H

#include <string>

#include <xapian.h>

namespace ns {

/* True if libstemmer knows `language` (as listed by sb_stemmer_list). */
bool language_known(const std::string &language);

/* A Stem backed by a fresh sb_stemmer for `language` (UTF-8).  Throws
 * ns::Failure(NS_ERR_LANGUAGE) for a language libstemmer doesn't know.
 * The sb_stemmer is not thread-safe: use the Stem (and every copy of it,
 * which shares the same stemmer) from one thread at a time. */
Xapian::Stem make_stem(const std::string &language);

/* For MSet::snippet, which stems every word of a text only to compare the
 * stem with `query`'s stemmed terms ("Z" + stem): `stem`, except that a
 * word whose stem cannot start like any of those is not stemmed and gets
 * "\0", which matches none of them (as its real stem would not).  Only
 * for languages whose stemmer keeps a word's first letter (English,
 * Porter: they rewrite suffixes only); for any other, `stem` itself. */
Xapian::Stem query_stems_only(const Xapian::Stem &stem, const std::string &language,
                              const Xapian::Query &query);

} // namespace ns

#endif
