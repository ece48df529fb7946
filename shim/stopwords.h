/* stopwords.h - words too common to help ranking, per language.
 *
 * Used only on the query side: the index keeps every word, so phrases
 * with stopwords ("the who") still match exactly, while free-text queries
 * are not dominated by "the", "of" and "a".
 */
#ifndef NSEARCH_SHIM_STOPWORDS_H
#define NSEARCH_SHIM_STOPWORDS_H

#include <memory>
#include <string>

#include <xapian.h>

namespace ns {

/* A stopper for `language` (a libstemmer name), or nullptr when we have no
 * list for it (queries then keep every word). */
Xapian::Stopper *make_stopper(const std::string &language);

} // namespace ns

#endif
