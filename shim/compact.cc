/* compact.cc - merging databases into one with Xapian's compactor.
 *
 * nsearch-index --jobs J builds a single-database index as J temporary
 * shards in parallel worker processes (one Xapian writer per core) and
 * merges them here.  Merging sorted posting lists is much cheaper than
 * indexing, so the build takes about the time of its largest shard plus
 * this pass.
 *
 * Compaction level FULL (xapian-compact's default): items are split
 * wherever that saves space.  FULLER would pack tighter still, but Xapian
 * advises against it for a database that will be updated, and incremental
 * runs update this one.  MULTIPASS merges posting lists in several passes
 * when there are more than three sources: faster, for some temporary disk.
 * User metadata (schema, language) is the same in every source; Xapian
 * keeps the first source's value of each key.
 */
#include <string>

#include <xapian.h>

#include "boost_table.h"
#include "status.h"
#include "xapian_shim.h"

extern "C" ns_status ns_compact(const char *const *sources, size_t n_sources, const char *dest,
                                ns_error *err)
{
    if (!sources || n_sources == 0 || !dest || !*dest)
        return ns::set_error(err, NS_ERR_INVALID, "ns_compact",
                             "sources and a destination are required");
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n_sources; i++) {
            if (!sources[i])
                return ns::set_error(err, NS_ERR_INVALID, "ns_compact", "a source is NULL");
            all.add_database(Xapian::Database(sources[i]));
        }
        all.compact(dest, Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
        /* The sources' boost tables name the sources: the merged database
         * gets its own, from its value slots (see boost_table.h). */
        Xapian::Database merged(dest);
        ns::BoostTableWriter boosts;
        boosts.load(dest, merged);
        boosts.write(dest, merged);
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("merging shards into ") + dest);
    }
}
