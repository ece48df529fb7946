/* writer.h - the ns_writer handle, shared by writer.cc (open, put, commit,
 * close) and file_index.cc (what incremental indexing needs).
 *
 * One writer is used by one thread at a time.  It always works inside an
 * unflushed transaction (see writer.cc), so everything done through it is
 * discarded unless ns_writer_commit succeeds.
 */
#ifndef NSEARCH_SHIM_WRITER_H
#define NSEARCH_SHIM_WRITER_H

#include <optional>
#include <string>

#include <xapian.h>

#include "analysis.h"
#include "boost_table.h"
#include "xapian_shim.h"

struct ns_writer {
    std::string path;
    std::string directory; /* the database's own (path may be a stub) */
    std::string language;
    Xapian::WritableDatabase db;
    std::optional<ns::IndexAnalyzer> analyzer; /* set once the language is known */
    ns::BoostTableWriter boosts; /* written after each commit */
    bool in_transaction = false;
};

#endif
