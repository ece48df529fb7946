/* file_stamp.h - the SLOT_FILE value: which file a document came from and
 * how that file looked when it was read.
 *
 * The path is in the value (not only in the XF term) so that listing every
 * file of an index is one pass over one value stream: no term lookup, no
 * document read per file.  The XF term is hashed for long paths; the value
 * never is.
 *
 * Encoding (all integers big-endian):
 *   byte  0       format version, FILE_STAMP_VERSION
 *   bytes 1..8    mtime in nanoseconds since 1970 (two's complement)
 *   bytes 9..16   size in bytes
 *   bytes 17..24  content hash (the indexer's choice of function)
 *   byte  25      flags: bit 0 = racy
 *   bytes 26..    the path, raw bytes (no terminator)
 */
#ifndef NSEARCH_SHIM_FILE_STAMP_H
#define NSEARCH_SHIM_FILE_STAMP_H

#include <string>

#include "xapian_shim.h"

namespace ns {

inline constexpr unsigned char FILE_STAMP_VERSION = 1;

std::string encode_file_stamp(const ns_file_stamp &stamp, const std::string &path);

/* Parse a SLOT_FILE value.  Returns false (outputs untouched) for a value
 * of another version or a malformed one: the caller treats the file as
 * unknown, which only costs a re-read. */
bool decode_file_stamp(const std::string &value, ns_file_stamp *stamp, std::string *path);

} // namespace ns

#endif
