/* reader.h - the ns_reader handle, shared by reader.cc and search.cc.
 *
 * One reader is used by one thread at a time: its stemmer (libstemmer) and
 * query parser keep state between calls.
 */
#ifndef NSEARCH_SHIM_READER_H
#define NSEARCH_SHIM_READER_H

#include <string>

#include <xapian.h>

#include "xapian_shim.h"

struct ns_reader {
    std::string path;
    std::string language; /* as recorded in the index */
    Xapian::Database db;
    Xapian::Stem stem;    /* libstemmer, for the recorded language */
    Xapian::QueryParser parser;
};

#endif
