/* document.cc - indexes one article (see schema.h for what goes where).
 *
 * Free-text fields are separated by a position gap (increase_termpos) so a
 * quoted phrase never matches across the end of the title and the start of
 * the excerpt.  Boolean terms go through schema.cc's helpers, the same ones
 * the query parser uses, so filters always meet what was indexed.
 */
#include "document.h"

#include <cctype>
#include <cstring>

#include "boost_table.h"
#include "docdata.h"
#include "file_stamp.h"
#include "schema.h"
#include "status.h"

namespace ns {

namespace {

using namespace schema;

std::string str(const char *s) { return s ? std::string(s) : std::string(); }

void check(bool ok, const std::string &what)
{
    if (!ok)
        throw Failure(NS_ERR_INVALID, "invalid document: " + what);
}

/* Index `text` unprefixed (with `wdf`) and, if `prefix`, once more under
 * the prefix so the field can be searched on its own. */
void index_field(IndexAnalyzer &analyzer, const char *text, Xapian::termcount wdf,
                 const char *prefix, bool spelling = false)
{
    if (!text || !*text)
        return;
    analyzer.add_text(text, wdf, std::string(), spelling);
    if (prefix)
        analyzer.add_text(text, 1, prefix);
}

void add_keyword(Xapian::Document &doc, const char *prefix, const char *value)
{
    if (!value)
        return;
    if (normalise_keyword(value).empty())
        return;
    doc.add_boolean_term(keyword_term(prefix, value));
}

bool all_digits(const std::string &s, std::size_t from, std::size_t n)
{
    if (s.size() < from + n)
        return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

/* "YYYY-MM-DD..." -> D/M/Y terms; anything else adds none. */
void add_date_terms(Xapian::Document &doc, const std::string &iso)
{
    if (!all_digits(iso, 0, 4) || iso.size() < 10 || iso[4] != '-' || !all_digits(iso, 5, 2) ||
        iso[7] != '-' || !all_digits(iso, 8, 2))
        return;
    std::string year = iso.substr(0, 4), month = iso.substr(5, 2), day = iso.substr(8, 2);
    doc.add_boolean_term(PREFIX_DAY + year + month + day);
    doc.add_boolean_term(PREFIX_MONTH + year + month);
    doc.add_boolean_term(PREFIX_YEAR + year);
}

StoredDoc stored_fields(const ns_doc &d)
{
    StoredDoc s;
    s.id = d.id;
    s.path = str(d.path);
    s.title = d.title;
    s.excerpt = str(d.excerpt);
    if (s.excerpt.empty() && d.body)
        s.body_start = utf8_prefix(d.body, BODY_SNIPPET_BYTES);
    s.url = str(d.url);
    s.provider = d.provider_name && *d.provider_name ? str(d.provider_name)
                                                     : str(d.provider_domain);
    s.date_iso = str(d.date_iso);
    s.story_key = d.story_key ? d.story_key : d.id;
    s.quality = d.quality;
    s.heat = d.heat;
    s.published = d.published;
    s.is_related = d.parent_id != nullptr;
    return s;
}

/* "www.threatpost.com" -> "threatpost"; "" when there is no name part. */
std::string domain_label(const std::string &domain)
{
    std::string d = domain;
    if (d.compare(0, 4, "www.") == 0)
        d.erase(0, 4);
    std::size_t dot = d.find('.');
    return dot == std::string::npos ? std::string() : d.substr(0, dot);
}

/* The values facets count (see SLOT_PROVIDER .. SLOT_TOPICS). */
void add_facet_values(Xapian::Document &doc, const ns_doc &d)
{
    std::string provider = d.provider_name && *d.provider_name ? str(d.provider_name)
                                                               : str(d.provider_domain);
    if (!provider.empty())
        doc.add_value(SLOT_PROVIDER, provider);
    if (d.category && !normalise_keyword(d.category).empty())
        doc.add_value(SLOT_CATEGORY, normalise_keyword(d.category));
    std::string topics;
    for (std::size_t i = 0; i < d.n_topics; ++i) {
        if (!d.topics[i] || !*d.topics[i])
            continue;
        if (!topics.empty())
            topics += TOPIC_SEPARATOR;
        topics += d.topics[i];
    }
    if (!topics.empty())
        doc.add_value(SLOT_TOPICS, topics);
}

} // namespace

std::string id_term(const std::string &id) { return boolean_term(PREFIX_ID, id); }

Xapian::Document build_document(const ns_doc &d, IndexAnalyzer &analyzer)
{
    check(d.id && *d.id, "no id");
    check(d.title != nullptr, "no title");
    check(d.quality >= -1 && d.quality <= 100, "quality must be 0..100 or -1");
    check(d.heat >= -1, "heat must be >= 0 or -1");
    check(d.published >= -1 && d.published <= 1, "published must be 1, 0 or -1");
    check(d.n_topics == 0 || d.topics != nullptr, "n_topics set but no topics");

    Xapian::Document doc;
    analyzer.start(doc);

    /* Title words feed "did you mean": they are the vocabulary people
     * search with, and a fraction of the cost of spelling every body. */
    index_field(analyzer, d.title, TITLE_WDF, PREFIX_TITLE, true);
    index_field(analyzer, d.excerpt, 1, nullptr);
    index_field(analyzer, d.body, 1, nullptr);
    /* The article is the story's record: the words other outlets used for
     * it are evidence that it is about them. */
    index_field(analyzer, d.coverage, 1, nullptr);
    for (std::size_t i = 0; i < d.n_topics; ++i) {
        index_field(analyzer, d.topics[i], 1, PREFIX_TOPIC_TEXT);
        add_keyword(doc, PREFIX_TOPIC, d.topics[i]);
    }
    index_field(analyzer, d.provider_name, 1, PREFIX_PROVIDER_TEXT);
    /* "provider:threatpost" should find "Threat Post" of threatpost.com:
     * the domain's name part is how people often spell a provider. */
    std::string label = domain_label(str(d.provider_domain));
    if (!label.empty())
        analyzer.add_text(label, 1, PREFIX_PROVIDER_TEXT);

    doc.add_boolean_term(id_term(d.id));
    add_keyword(doc, PREFIX_SITE, d.provider_domain);
    add_keyword(doc, PREFIX_CATEGORY, d.category);
    add_keyword(doc, PREFIX_TYPE, d.type);
    if (d.published >= 0)
        doc.add_boolean_term(published_term(d.published == 1));
    if (d.date_iso)
        add_date_terms(doc, d.date_iso);
    std::string story = story_collapse_key(d.story_key ? d.story_key : d.id);
    doc.add_boolean_term(story_term(story));
    if (d.parent_id) {
        doc.add_boolean_term(TERM_RELATED);
        doc.add_boolean_term(boolean_term(PREFIX_PARENT, d.parent_id));
    }
    if (d.path) {
        doc.add_boolean_term(boolean_term(PREFIX_FILE, d.path));
        if (d.stamp)
            doc.add_value(SLOT_FILE, encode_file_stamp(*d.stamp, d.path));
    }

    if (d.date_iso)
        doc.add_value(SLOT_DATE, Xapian::sortable_serialise(static_cast<double>(d.date_epoch)));
    if (d.quality >= 0)
        doc.add_value(SLOT_QUALITY, Xapian::sortable_serialise(d.quality));
    doc.add_value(SLOT_HEAT, Xapian::sortable_serialise(static_cast<double>(d.heat)));
    doc.add_value(SLOT_QUALITY_BOOST, Xapian::sortable_serialise(quality_boost_of(quality_code(d.quality))));
    doc.add_value(SLOT_HEAT_BOOST, Xapian::sortable_serialise(heat_boost_of(heat_code(d.heat))));
    /* An article without coverage is a story of one: no key (see
     * SLOT_STORY_KEY).  Its coverage text, when it has some, is the sign
     * that related documents carry its id as their story key. */
    if (d.parent_id || (d.coverage && *d.coverage))
        doc.add_value(SLOT_STORY_KEY, story);
    if (d.date_iso && std::strlen(d.date_iso) >= 10) {
        std::string iso(d.date_iso);
        doc.add_value(SLOT_DAY, iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2));
        doc.add_value(SLOT_YEAR, iso.substr(0, 4));
    }
    add_facet_values(doc, d);

    doc.set_data(encode_docdata(stored_fields(d)));
    return doc;
}

Xapian::termcount document_length(const Xapian::Document &doc)
{
    Xapian::termcount length = 0;
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        length += t.get_wdf();
    return length;
}

} // namespace ns
