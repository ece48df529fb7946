/* shard_writer.cc - what nsearch-index --shards asks of one shard's writer:
 * knowing which shard of which split a database is, and keeping one
 * document per identity across shards.
 *
 * An article lives in the shard its id hashes to, and its related coverage
 * in the same shard (so the coverage goes with it when it is removed).  A
 * coverage URL shared by two articles of different shards, or equal to an
 * article's own id, would then give two documents where one database holds
 * one; the indexer asks here, shard by shard, what holds that id and drops
 * the coverage copy the single database would have replaced.
 */
#include <string>

#include <xapian.h>

#include "document.h"
#include "schema.h"
#include "status.h"
#include "writer.h"
#include "xapian_shim.h"

namespace {

using ns::schema::META_SHARD;
using ns::schema::TERM_RELATED;

std::string shard_value(unsigned shard, unsigned n_shards)
{
    return n_shards ? std::to_string(shard) + "/" + std::to_string(n_shards) : std::string();
}

std::string describe(const std::string &value)
{
    if (value.empty())
        return "a whole index, not a shard";
    std::size_t slash = value.find('/');
    return "shard " + value.substr(0, slash) + " of an index split into " +
           value.substr(slash + 1);
}

} // namespace

extern "C" ns_status ns_writer_check_shard(ns_writer *writer, unsigned shard, unsigned n_shards,
                                           ns_error *err)
{
    if (!writer || (n_shards && shard >= n_shards))
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_check_shard",
                             "a writer and a shard below n_shards are required");
    try {
        std::string want = shard_value(shard, n_shards);
        std::string have = writer->db.get_metadata(META_SHARD);
        if (have == want)
            return NS_OK;
        /* Only a new, empty database may be made a shard: one holding
         * documents was partitioned some other way, or not at all. */
        if (have.empty() && writer->db.get_doccount() == 0) {
            writer->db.set_metadata(META_SHARD, want);
            return NS_OK;
        }
        return ns::set_error(err, NS_ERR_SCHEMA, "",
                             "index at " + writer->path + " is " + describe(have) +
                                 ", where " + describe(want) +
                                 " was expected; index it through the stub that lists its "
                                 "shards, or rebuild it with nsearch-index --rebuild");
    } catch (...) {
        return ns::status_from_exception(err, "reading the shard record of " + writer->path);
    }
}

extern "C" ns_status ns_writer_forget_coverage(ns_writer *writer, const char *id, ns_id_kind *found,
                                               ns_error *err)
{
    if (found)
        *found = NS_ID_NONE;
    if (!writer || !id)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_forget_coverage",
                             "writer and id are required");
    try {
        std::string term = ns::id_term(id);
        /* Reads see this writer's uncommitted changes too. */
        Xapian::PostingIterator p = writer->db.postlist_begin(term);
        if (p == writer->db.postlist_end(term))
            return NS_OK;
        Xapian::docid docid = *p;
        Xapian::TermIterator t = writer->db.termlist_begin(docid);
        t.skip_to(TERM_RELATED);
        bool related = t != writer->db.termlist_end(docid) && *t == TERM_RELATED;
        if (found)
            *found = related ? NS_ID_COVERAGE : NS_ID_ARTICLE;
        if (related)
            writer->db.delete_document(docid);
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("removing the coverage document ") + id);
    }
}
