/* metadata.h - recording and checking what built an index.
 *
 * An index is only searchable with the analysis chain that built it, so the
 * writer records the schema version, language and chain in the index
 * metadata, and both the writer and the reader refuse a mismatch with a
 * message that says how to fix it.
 */
#ifndef NSEARCH_SHIM_METADATA_H
#define NSEARCH_SHIM_METADATA_H

#include <string>

#include <xapian.h>

namespace ns {

/* For ns_writer_open: record the schema in a new (empty, unmarked) index,
 * or check that an existing one matches `language`.  Returns true when it
 * recorded (the caller commits).  Throws ns::Failure(NS_ERR_SCHEMA). */
bool check_or_record_schema(Xapian::WritableDatabase &db, const std::string &path,
                            const std::string &language);

/* For ns_reader_open: check the schema version and return the language the
 * index was built with.  Throws ns::Failure(NS_ERR_SCHEMA). */
std::string check_schema_for_reading(const Xapian::Database &db, const std::string &path);

} // namespace ns

#endif
