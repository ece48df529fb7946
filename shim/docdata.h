/* docdata.h - the document data stored with each indexed article.
 *
 * A result line is printed from this alone, so a query never re-reads
 * article files.  It holds the short fields and the text snippets are cut
 * from (the excerpt, or the start of the body when there is no excerpt),
 * never the whole body.
 */
#ifndef NSEARCH_SHIM_DOCDATA_H
#define NSEARCH_SHIM_DOCDATA_H

#include <cstdint>
#include <string>

namespace ns {

struct StoredDoc {
    std::string id;
    std::string path;
    std::string title;
    std::string excerpt;    /* "" if the article has none */
    std::string body_start; /* set only when excerpt is "": snippet source */
    std::string url;
    std::string provider;   /* provider name, else domain */
    std::string date_iso;
    std::string story_key;
    int quality = -1;       /* 0..100, -1 absent */
    int64_t heat = -1;      /* >= 0, -1 unknown */
    int published = -1;     /* 1, 0, -1 absent */
    bool is_related = false;

    /* The text snippets are made from. */
    const std::string &snippet_source() const
    {
        return excerpt.empty() ? body_start : excerpt;
    }
};

/* Serialise: a version byte, then each string as a varint length and its
 * bytes, then the integers as varints (zig-zag for signed). */
std::string encode_docdata(const StoredDoc &doc);

/* Parse data made by encode_docdata.  Throws ns::Failure: NS_ERR_SCHEMA for
 * another version byte, NS_ERR_IO for truncated or malformed data. */
StoredDoc decode_docdata(const std::string &data);

} // namespace ns

#endif
