/* metadata.cc - schema checks for writers and readers (see metadata.h). */
#include "metadata.h"

#include "analysis.h"
#include "schema.h"
#include "status.h"
#include "stemmer.h"
#include "xapian_shim.h"

namespace ns {

namespace {

const std::string REBUILD = "rebuild it with nsearch-index --rebuild";

std::string version_string() { return std::to_string(NS_SCHEMA_VERSION); }

} // namespace

bool check_or_record_schema(Xapian::WritableDatabase &db, const std::string &path,
                            const std::string &language)
{
    std::string version = db.get_metadata(schema::META_SCHEMA);
    if (version.empty()) {
        if (db.get_doccount() != 0)
            throw Failure(NS_ERR_SCHEMA, "index at " + path +
                                             " was not built by nsearch (no schema version); " +
                                             REBUILD);
        db.set_metadata(schema::META_SCHEMA, version_string());
        db.set_metadata(schema::META_LANGUAGE, language);
        db.set_metadata(schema::META_ANALYSIS, analysis_description(language));
        return true;
    }
    if (version != version_string())
        throw Failure(NS_ERR_SCHEMA, "index at " + path + " has schema version " + version +
                                         ", this nsearch writes version " + version_string() +
                                         "; " + REBUILD);
    std::string built_with = db.get_metadata(schema::META_LANGUAGE);
    if (built_with != language)
        throw Failure(NS_ERR_SCHEMA, "index at " + path + " was built with language '" +
                                         built_with + "'; use --lang " + built_with + " or " +
                                         REBUILD);
    return false;
}

std::string check_schema_for_reading(const Xapian::Database &db, const std::string &path)
{
    std::string version = db.get_metadata(schema::META_SCHEMA);
    if (version.empty())
        throw Failure(NS_ERR_SCHEMA, "index at " + path +
                                         " has no nsearch schema version (not built by "
                                         "nsearch, or by a much older one); " +
                                         REBUILD);
    if (version != version_string())
        throw Failure(NS_ERR_SCHEMA, "index at " + path + " has schema version " + version +
                                         ", this nsearch reads version " + version_string() +
                                         "; " + REBUILD);
    std::string language = db.get_metadata(schema::META_LANGUAGE);
    if (!language_known(language))
        throw Failure(NS_ERR_SCHEMA, "index at " + path + " was built with language '" +
                                         language + "', which this libstemmer lacks; " +
                                         REBUILD);
    return language;
}

} // namespace ns
