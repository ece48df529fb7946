/* shards.h - opening an index that may be spread over shards.
 *
 * An index path names a database directory or a Xapian stub file whose
 * lines list shards: "auto PATH" (a directory or another stub, relative to
 * this stub) and "remote HOST:PORT" (a database served by xapian-tcpsrv).
 * Xapian can open such a stub itself; we read it ourselves so that remote
 * shards get the caller's timeouts and a shard that is down is named in
 * the error instead of leaving the user to guess which of N it was.
 */
#ifndef NSEARCH_SHIM_SHARDS_H
#define NSEARCH_SHIM_SHARDS_H

#include <string>
#include <vector>

#include <xapian.h>

#include "xapian_shim.h"

namespace ns {

struct Shard {
    std::string where;     /* "PATH" or "remote HOST:PORT", for messages */
    bool remote = false;
    std::string host;      /* remote only */
    unsigned port = 0;
};

struct ShardedIndex {
    Xapian::Database db;
    std::vector<Shard> shards;  /* leaves only: nested stubs flattened */
    bool has_remote = false;
};

/* Open `path` read-only.  Throws ns::Failure(NS_ERR_NO_INDEX) when there
 * is nothing there, ns::Failure(NS_ERR_UNREACHABLE) naming a remote shard
 * that does not answer, and Xapian errors otherwise. */
ShardedIndex open_sharded(const std::string &path, const ns_reader_options &options);

/* The directory of the one database `path` names: `path` itself, or
 * where a stub of one local database ("auto PATH", as nsearch-index's
 * generations are) leads; `path` when it is neither.  For files kept
 * beside a database's tables, like the boost table. */
std::string database_directory(const std::string &path);

/* The paths of the local shards of `index` (for files beside their
 * tables, like the boost table). */
std::vector<std::string> local_directories(const ShardedIndex &index);

/* The first remote shard of `index` that does not answer now, described
 * for a message; "" when all answer.  For errors met mid-search, which
 * Xapian reports without saying which shard failed. */
std::string unreachable_shard(const ShardedIndex &index, const ns_reader_options &options);

} // namespace ns

#endif
