/* status.cc - status names and the single exception-to-status mapping.
 *
 * Order matters in status_from_exception: Xapian's error classes form a
 * hierarchy (DatabaseLockError is a DatabaseError, DatabaseNotFoundError is
 * a DatabaseOpeningError), so the most specific classes are caught first.
 */
#include "status.h"

#include <cstdio>
#include <new>
#include <system_error>

#include <xapian.h>

extern "C" const char *ns_status_str(ns_status status)
{
    switch (status) {
    case NS_OK: return "ok";
    case NS_ERR_NOMEM: return "out of memory";
    case NS_ERR_INVALID: return "invalid argument";
    case NS_ERR_NO_INDEX: return "no index";
    case NS_ERR_LOCKED: return "index locked by another writer";
    case NS_ERR_SCHEMA: return "index built with another schema";
    case NS_ERR_LANGUAGE: return "unknown language";
    case NS_ERR_QUERY: return "query error";
    case NS_ERR_TOO_BIG: return "input too big";
    case NS_ERR_IO: return "I/O error";
    case NS_ERR_INTERNAL: return "internal error";
    case NS_ERR_UNREACHABLE: return "shard unreachable";
    }
    return "unknown status";
}

namespace ns {

ns_status set_error(ns_error *err, ns_status status, const std::string &context,
                    const std::string &message)
{
    if (err) {
        /* snprintf truncates safely and always terminates. */
        if (context.empty())
            std::snprintf(err->message, sizeof err->message, "%s", message.c_str());
        else
            std::snprintf(err->message, sizeof err->message, "%s: %s",
                          context.c_str(), message.c_str());
    }
    return status;
}

static std::string describe(const Xapian::Error &e)
{
    /* get_description() names the class and appends the errno text, which
     * is what a user needs for "No space left on device". */
    return e.get_description();
}

ns_status status_from_exception(ns_error *err, const std::string &context) noexcept
{
    try {
        try {
            throw;
        } catch (const Failure &e) {
            /* Our own messages are complete sentences naming the index. */
            return set_error(err, e.status(), "", e.what());
        } catch (const std::bad_alloc &) {
            return set_error(err, NS_ERR_NOMEM, context, "out of memory");
        } catch (const Xapian::DatabaseLockError &e) {
            return set_error(err, NS_ERR_LOCKED, context,
                             "another process is writing this index (" + describe(e) + ")");
        } catch (const Xapian::DatabaseVersionError &e) {
            /* An index in a format this libxapian can't read: same cure as a
             * schema change, so report it as one. */
            return set_error(err, NS_ERR_SCHEMA, context,
                             describe(e) + "; rebuild it with nsearch-index --rebuild");
        } catch (const Xapian::DatabaseOpeningError &e) {
            /* Includes DatabaseNotFoundError. */
            return set_error(err, NS_ERR_NO_INDEX, context, describe(e));
        } catch (const Xapian::QueryParserError &e) {
            return set_error(err, NS_ERR_QUERY, context, e.get_msg());
        } catch (const Xapian::WildcardError &e) {
            return set_error(err, NS_ERR_QUERY, context, e.get_msg());
        } catch (const Xapian::DatabaseError &e) {
            /* Corruption, create failures, disk full, modified too often. */
            return set_error(err, NS_ERR_IO, context, describe(e));
        } catch (const Xapian::NetworkError &e) {
            return set_error(err, NS_ERR_UNREACHABLE, context, describe(e));
        } catch (const Xapian::Error &e) {
            return set_error(err, NS_ERR_INTERNAL, context, describe(e));
        } catch (const std::system_error &e) {
            return set_error(err, NS_ERR_IO, context, e.what());
        } catch (const std::exception &e) {
            return set_error(err, NS_ERR_INTERNAL, context, e.what());
        } catch (...) {
            return set_error(err, NS_ERR_INTERNAL, context, "unknown exception");
        }
    } catch (...) {
        /* Building the message itself failed (out of memory). */
        if (err)
            std::snprintf(err->message, sizeof err->message, "out of memory");
        return NS_ERR_NOMEM;
    }
}

} // namespace ns
