/* reader.cc - the ns_reader handle: open (shards, schema check), close.
 *
 * The reader takes its language from the index, never from the caller, so
 * queries are always analysed the way the documents were.
 */
#include "reader.h"

#include <memory>

#include "metadata.h"
#include "query.h"
#include "status.h"
#include "stemmer.h"

/* How many times opening is tried while a writer's commits keep moving
 * the index under us. */
constexpr int MAX_OPEN_ATTEMPTS = 5;

/* The parser and the wildcards' word list, over the database `r` has open. */
static void prepare_queries(ns_reader &r)
{
    r.parser = ns::make_query_parser(r.db, r.stem, r.language);
    r.wildcards = ns::WildcardExpansion();
    r.wildcards.db = r.db;
    r.wildcards.remote = r.index.has_remote;
    /* One database lists its words itself; several list none. */
    if (r.db.size() > 1)
        r.wildcards.shard_dirs = ns::local_directories(r.index);
}

/* Open and check the schema, starting over when a commit in progress
 * recycles the blocks being read (see ns_search). */
static void open_checked(ns_reader &r)
{
    for (int attempt = 1;; ++attempt) {
        try {
            r.index = ns::open_sharded(r.path, r.options);
            r.db = r.index.db;
            r.boost_tables.set_directories(ns::local_directories(r.index));
            r.language = ns::check_schema_for_reading(r.db, r.path);
            return;
        } catch (const Xapian::DatabaseVersionError &) {
            throw;
        } catch (const Xapian::DatabaseError &) {
            if (attempt >= MAX_OPEN_ATTEMPTS)
                throw;
        } catch (const ns::Failure &f) {
            /* A rebuild can swap a generation in, and remove the one before,
             * between our reading the stub and opening what it named: read
             * the stub again.  Where there is no index, every attempt
             * fails at once. */
            if (f.status() != NS_ERR_NO_INDEX || attempt >= MAX_OPEN_ATTEMPTS)
                throw;
        }
    }
}

extern "C" ns_status ns_reader_open_with(const char *path, const ns_reader_options *options,
                                         ns_reader **out, ns_error *err)
{
    if (out)
        *out = nullptr;
    if (!path || !*path || !out)
        return ns::set_error(err, NS_ERR_INVALID, "ns_reader_open", "path and out are required");
    try {
        auto r = std::make_unique<ns_reader>();
        r->path = path;
        r->options = options ? *options : ns_reader_options{};
        open_checked(*r);
        r->stem = ns::make_stem(r->language);
        prepare_queries(*r);
        *out = r.release();
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("opening index at ") + path);
    }
}

extern "C" ns_status ns_reader_open(const char *path, ns_reader **out, ns_error *err)
{
    return ns_reader_open_with(path, nullptr, out, err);
}

extern "C" const char *ns_reader_language(const ns_reader *reader)
{
    return reader ? reader->language.c_str() : "";
}

extern "C" uint64_t ns_reader_doc_count(const ns_reader *reader)
{
    if (!reader)
        return 0;
    try {
        return reader->db.get_doccount();
    } catch (...) {
        return 0;
    }
}

extern "C" void ns_reader_close(ns_reader *reader)
{
    /* No db.close(): results may outlive the reader, and their MSet shares
     * this database for snippets; it is released with the last user. */
    delete reader;
}

namespace ns {

void reopen_reader(ns_reader &reader)
{
    reader.index = open_sharded(reader.path, reader.options);
    reader.db = reader.index.db;
    reader.boost_tables.set_directories(local_directories(reader.index));
    reader.second = SecondHandle();
    prepare_queries(reader);
}

} // namespace ns
