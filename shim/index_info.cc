/* index_info.cc - what a writer may need to know about an existing index
 * before deciding how to write: the language it was built with. */
#include <cstring>
#include <string>

#include <xapian.h>

#include "schema.h"
#include "status.h"
#include "xapian_shim.h"

extern "C" ns_status ns_index_language(const char *path, char *buf, size_t len, ns_error *err)
{
    if (!path || !*path || !buf || len == 0)
        return ns::set_error(err, NS_ERR_INVALID, "ns_index_language",
                             "path and a buffer are required");
    try {
        Xapian::Database db(path);
        std::string language = db.get_metadata(ns::schema::META_LANGUAGE);
        if (language.empty())
            return ns::set_error(err, NS_ERR_SCHEMA, "",
                                 std::string("index at ") + path + " records no language");
        if (language.size() >= len)
            return ns::set_error(err, NS_ERR_TOO_BIG, "ns_index_language", "buffer too small");
        std::memcpy(buf, language.c_str(), language.size() + 1);
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("reading index at ") + path);
    }
}
