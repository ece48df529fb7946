/* document.h - turns an ns_doc into the Xapian document the schema says. */
#ifndef NSEARCH_SHIM_DOCUMENT_H
#define NSEARCH_SHIM_DOCUMENT_H

#include <string>

#include <xapian.h>

#include "analysis.h"
#include "xapian_shim.h"

namespace ns {

/* The unique identity term for an article id. */
std::string id_term(const std::string &id);

/* Build the document (terms, values, data) for `doc` using `analyzer`,
 * whose stemmer is the index's.  Throws ns::Failure(NS_ERR_INVALID) for a
 * document breaking the ns_doc contract (no id or title, out-of-range
 * numbers). */
Xapian::Document build_document(const ns_doc &doc, IndexAnalyzer &analyzer);

/* The length Xapian will record for `doc`: the sum of its terms' wdf. */
Xapian::termcount document_length(const Xapian::Document &doc);

} // namespace ns

#endif
