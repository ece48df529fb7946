/* schema.h - the shape of an nsearch index, in one place.
 *
 * Every term prefix, value slot and metadata key the shim writes or reads
 * is defined here, with its encoding, so the writer (document.cc) and the
 * query side (query.cc) cannot drift apart.  Changing anything here that
 * alters what is stored means bumping NS_SCHEMA_VERSION in xapian_shim.h:
 * readers refuse an index with another version and say to rebuild it.
 *
 * Term conventions (Xapian's, as omega and notmuch use them):
 *   - free-text fields go through the TermGenerator, so their terms are
 *     lower-cased words, plus "Z"+prefix+stem for stemmed forms;
 *   - boolean (filter) terms are prefix + a normalised value, with ':'
 *     inserted when the value starts with an upper-case letter, and a value
 *     that would make the term too long replaced by a hash (keyword_term).
 */
#ifndef NSEARCH_SHIM_SCHEMA_H
#define NSEARCH_SHIM_SCHEMA_H

#include <cstddef>
#include <string>

#include <xapian.h>

namespace ns {
namespace schema {

/* ---- Term prefixes ---------------------------------------------------- */

/* Boolean, one per document: "Q" + id (raw; hashed when long). */
inline constexpr char PREFIX_ID[] = "Q";
/* Free text: the title, also indexed unprefixed with TITLE_WDF. */
inline constexpr char PREFIX_TITLE[] = "S";
/* Free text: each topic, also indexed unprefixed. */
inline constexpr char PREFIX_TOPIC_TEXT[] = "K";
/* Boolean: "XK" + lower-cased topic. */
inline constexpr char PREFIX_TOPIC[] = "XK";
/* Free text: provider name, also indexed unprefixed. */
inline constexpr char PREFIX_PROVIDER_TEXT[] = "XP";
/* Boolean: "H" + lower-cased provider domain. */
inline constexpr char PREFIX_SITE[] = "H";
/* Boolean: "XC" + lower-cased category. */
inline constexpr char PREFIX_CATEGORY[] = "XC";
/* Boolean: "XY" + lower-cased type. */
inline constexpr char PREFIX_TYPE[] = "XY";
/* Boolean: "XPUBtrue" or "XPUBfalse"; absent when the article doesn't say. */
inline constexpr char PREFIX_PUBLISHED[] = "XPUB";
/* Boolean date terms from date_iso: "D"+YYYYMMDD, "M"+YYYYMM, "Y"+YYYY. */
inline constexpr char PREFIX_DAY[] = "D";
inline constexpr char PREFIX_MONTH[] = "M";
inline constexpr char PREFIX_YEAR[] = "Y";
/* Boolean: "XS" + the story's collapse key in hex (story_term). */
inline constexpr char PREFIX_STORY[] = "XS";
/* Boolean marker, exactly "XR": the document is related coverage. */
inline constexpr char TERM_RELATED[] = "XR";
/* Boolean: "XPARENT" + parent article id (raw; hashed when long). */
inline constexpr char PREFIX_PARENT[] = "XPARENT";
/* Boolean: "XF" + file path (raw; hashed when long). */
inline constexpr char PREFIX_FILE[] = "XF";

/* How a user query reaches a prefix: "title:word" etc. */
enum class FieldKind {
    FREE_TEXT, /* words, stemmed like the body (add_prefix) */
    KEYWORD,   /* one exact value, case-insensitive (add_boolean_prefix) */
    FLAG       /* true/false (add_boolean_prefix) */
};

struct QueryField {
    const char *name;   /* what the user types before ':' */
    const char *prefix;
    FieldKind kind;
};

/* The fields the query parser knows.  Boolean prefixes get a
 * FieldProcessor that normalises the value exactly as the writer does. */
inline constexpr QueryField QUERY_FIELDS[] = {
    {"title", PREFIX_TITLE, FieldKind::FREE_TEXT},
    {"topic", PREFIX_TOPIC_TEXT, FieldKind::FREE_TEXT},
    {"provider", PREFIX_PROVIDER_TEXT, FieldKind::FREE_TEXT},
    {"site", PREFIX_SITE, FieldKind::KEYWORD},
    {"category", PREFIX_CATEGORY, FieldKind::KEYWORD},
    {"type", PREFIX_TYPE, FieldKind::KEYWORD},
    {"published", PREFIX_PUBLISHED, FieldKind::FLAG},
};

/* ---- Value slots ------------------------------------------------------ */

enum Slot : Xapian::valueno {
    SLOT_DATE = 0,          /* sortable_serialise(epoch seconds); absent if no date */
    SLOT_QUALITY = 1,       /* sortable_serialise(0..100); absent if unknown */
    SLOT_HEAT = 2,          /* sortable_serialise(heat), -1 = unknown */
    SLOT_QUALITY_BOOST = 3, /* sortable_serialise(quality/100), 0.5 if unknown;
                               always in [0,1] (ValueWeightPostingSource);
                               exactly quality_boost_of(quality_code) */
    SLOT_HEAT_BOOST = 4,    /* sortable_serialise(heat/(heat+NS_HEAT_PIVOT))
                               in 1/500 steps, 0 if unknown; in [0,1];
                               exactly heat_boost_of(heat_code) */
    SLOT_STORY_KEY = 5,     /* story_collapse_key() of the story key (for
                               set_collapse_key): 16 bytes, not the key -
                               the matcher reads the value of every
                               candidate, and URL-long keys spread them
                               over six times the blocks.  Only on
                               documents of a story that can have several:
                               related coverage and articles that have
                               some.  Xapian never collapses an empty key,
                               so a lone article needs none, and the
                               matcher reads far fewer values */
    SLOT_DAY = 6,           /* "YYYYMMDD" (UTC) of the date, absent if none:
                               recency via ValueMapPostingSource, which maps
                               exact strings to weights and is built in (so
                               it works on remote shards) */
    SLOT_PROVIDER = 7,      /* provider name, else domain, as written: the
                               provider facet (ValueCountMatchSpy) */
    SLOT_CATEGORY = 8,      /* category, lower-cased: the category facet */
    SLOT_YEAR = 9,          /* "YYYY" of the date: the year facet */
    SLOT_TOPICS = 10,       /* every topic as written, joined by
                               TOPIC_SEPARATOR: the topic facet (facets.cc's
                               TopicSpy) */

    /* Writer-side slots, numbered apart from the ranking ones above so the
     * two lists can grow without meeting. */
    SLOT_FILE = 16          /* the file an article was read from and how it
                               looked then (file_stamp.h has the encoding);
                               absent on related coverage and on documents
                               put without a stamp */
};

/* Between topics in SLOT_TOPICS: NUL, which no article text can hold (the
 * reader rejects NUL bytes). */
inline constexpr char TOPIC_SEPARATOR = '\0';

/* ---- Metadata keys ---------------------------------------------------- */

inline constexpr char META_SCHEMA[] = "nsearch.schema";     /* decimal NS_SCHEMA_VERSION */
inline constexpr char META_LANGUAGE[] = "nsearch.language"; /* libstemmer name */
inline constexpr char META_ANALYSIS[] = "nsearch.analysis"; /* human-readable chain */
/* "K/N": this database is shard K (from 0) of an index that nsearch-index
 * --shards N split by the hash of article ids; absent in a whole index.
 * Incremental runs check it, so a shard is never written as the wrong one
 * (or as a whole index) and a split is never silently changed. */
inline constexpr char META_SHARD[] = "nsearch.shard";

/* ---- Constants -------------------------------------------------------- */

/* wdf increment for title words indexed unprefixed: a title word counts as
 * much as three body occurrences. */
inline constexpr Xapian::termcount TITLE_WDF = 3;

/* Values longer than this (bytes) are hashed in boolean terms, keeping every
 * term well under Xapian's 245-byte limit. */
inline constexpr std::size_t MAX_TERM_VALUE = 200;

/* When an article has no excerpt, this much of the body start is stored in
 * the document data for snippets. */
inline constexpr std::size_t BODY_SNIPPET_BYTES = 1500;

/* ---- Building terms --------------------------------------------------- */

/* prefix + value, ':' between them if value starts with A-Z, and the value
 * replaced by a 32-hex-digit hash when longer than MAX_TERM_VALUE. */
std::string boolean_term(const char *prefix, const std::string &value);

/* Trim ASCII white space and lower-case (Unicode): how keyword values
 * (site, category, type, topic) are normalised on both sides. */
std::string normalise_keyword(const std::string &value);

/* keyword_term(prefix, v) == boolean_term(prefix, normalise_keyword(v)). */
std::string keyword_term(const char *prefix, const std::string &value);

/* The published flag's term for a user-typed value ("true", "Yes", "0"...);
 * an unrecognised value gives a term no document has. */
std::string published_term(const std::string &value);
std::string published_term(bool published);

/* A story key's value in SLOT_STORY_KEY: 16 raw bytes, two independent
 * 64-bit hashes (an accidental collision, which would merge two stories,
 * is about as likely as in a 128-bit hash). */
std::string story_collapse_key(const std::string &story_key);

/* The boolean term (PREFIX_STORY) of the story whose collapse key is
 * `collapse_key`: searches start from the key the matcher hands back. */
std::string story_term(const std::string &collapse_key);

/* UTF-8-safe prefix of at most `max_bytes` bytes of `text`. */
std::string utf8_prefix(const std::string &text, std::size_t max_bytes);

} // namespace schema
} // namespace ns

#endif
