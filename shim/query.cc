/* query.cc - query parsing and ranking setup (see query.h).
 *
 * Boolean filters (site:, category:, ...) go through FieldProcessors rather
 * than plain boolean prefixes because the parser passes a boolean value
 * through untouched: "site:Reuters.com" must find the term the writer made
 * from the lower-cased domain.
 *
 * The static boost is an OP_AND_MAYBE of ValueWeightPostingSources: AND_MAYBE
 * so the boost only ranks documents that match the words (OP_OR would also
 * return documents matching only the boost), and a built-in posting source
 * so the query still serialises to remote shards.
 */
#include "query.h"

#include <cmath>
#include <vector>

#include "analysis.h"
#include "schema.h"
#include "status.h"

namespace ns {

namespace {

using namespace schema;

/* Largest number of terms one wildcard expands to; beyond it the most
 * frequent are kept rather than failing the query. */
constexpr Xapian::termcount MAX_WILDCARD_EXPANSION = 200;

constexpr unsigned PARSE_FLAGS = Xapian::QueryParser::FLAG_PHRASE |
                                 Xapian::QueryParser::FLAG_BOOLEAN |
                                 Xapian::QueryParser::FLAG_LOVEHATE |
                                 Xapian::QueryParser::FLAG_WILDCARD;

class KeywordField : public Xapian::FieldProcessor {
  public:
    explicit KeywordField(const char *prefix) : prefix_(prefix) {}
    Xapian::Query operator()(const std::string &value) override
    {
        return Xapian::Query(keyword_term(prefix_, value));
    }

  private:
    const char *prefix_;
};

class PublishedField : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string &value) override
    {
        return Xapian::Query(published_term(value));
    }
};

bool blank(const std::string &s)
{
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            return false;
    return true;
}

/* `text` without the words the parser treats as operators (upper case
 * only, as the parser is not given FLAG_BOOLEAN_ANY_CASE). */
std::string without_operators(const std::string &text)
{
    static const char *const operators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = text.find_first_not_of(" \t\n\r\f\v", i);
        if (start == std::string::npos)
            break;
        std::size_t end = text.find_first_of(" \t\n\r\f\v", start);
        if (end == std::string::npos)
            end = text.size();
        std::string word = text.substr(start, end - start);
        /* NEAR and ADJ may carry a distance: NEAR/3. */
        std::string head = word.substr(0, word.find('/'));
        bool distance_ok = head == "NEAR" || head == "ADJ";
        bool is_operator = false;
        for (const char *op : operators)
            if (word == op || (distance_ok && head == op))
                is_operator = true;
        if (!is_operator) {
            if (!out.empty())
                out += ' ';
            out += word;
        }
        i = end;
    }
    return out;
}

void require(bool ok, const std::string &what)
{
    if (!ok)
        throw Failure(NS_ERR_INVALID, "invalid ranking options: " + what);
}

Xapian::Query scaled_source(Xapian::valueno slot, double weight)
{
    Xapian::Query source((new Xapian::ValueWeightPostingSource(slot))->release());
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, source, weight);
}

} // namespace

Xapian::QueryParser make_query_parser(const Xapian::Database &db, const Xapian::Stem &stem)
{
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(QUERY_STEMMING);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(MAX_WILDCARD_EXPANSION, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PARTIAL);
    for (const QueryField &field : QUERY_FIELDS) {
        switch (field.kind) {
        case FieldKind::FREE_TEXT:
            parser.add_prefix(field.name, field.prefix);
            break;
        case FieldKind::KEYWORD:
            parser.add_boolean_prefix(field.name, (new KeywordField(field.prefix))->release());
            break;
        case FieldKind::FLAG:
            parser.add_boolean_prefix(field.name, (new PublishedField)->release());
            break;
        }
    }
    return parser;
}

Xapian::Query parse_user_query(Xapian::QueryParser &parser, const std::string &text)
{
    if (blank(text))
        throw Failure(NS_ERR_QUERY, "empty query");
    Xapian::Query query;
    try {
        query = parser.parse_query(text, PARSE_FLAGS);
    } catch (const Xapian::QueryParserError &e) {
        /* A stray operator ("AND lapd", "sheffield OR"): search the words.
         * Plain parsing alone would search for the word "and" too. */
        try {
            std::string words = without_operators(text);
            if (!blank(words))
                query = parser.parse_query(words, 0);
            if (query.empty())
                query = parser.parse_query(text, 0); /* nothing but operators */
        } catch (const Xapian::QueryParserError &) {
            throw Failure(NS_ERR_QUERY, "cannot parse query: " + e.get_msg());
        }
    }
    if (query.empty())
        throw Failure(NS_ERR_QUERY, "query has no words to search for");
    return query;
}

Xapian::Query add_static_boost(const Xapian::Query &text, const ns_rank_options &rank)
{
    require(std::isfinite(rank.quality_weight) && rank.quality_weight >= 0,
            "quality weight must be >= 0");
    require(std::isfinite(rank.heat_weight) && rank.heat_weight >= 0,
            "heat weight must be >= 0");
    std::vector<Xapian::Query> parts;
    if (rank.quality_weight > 0)
        parts.push_back(scaled_source(SLOT_QUALITY_BOOST, rank.quality_weight));
    if (rank.heat_weight > 0)
        parts.push_back(scaled_source(SLOT_HEAT_BOOST, rank.heat_weight));
    if (parts.empty())
        return text;
    Xapian::Query boost = parts.size() == 1
                              ? parts[0]
                              : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, boost);
}

Xapian::BM25Weight make_weight(const ns_rank_options &rank)
{
    require(std::isfinite(rank.bm25_k1) && rank.bm25_k1 >= 0, "bm25 k1 must be >= 0");
    require(std::isfinite(rank.bm25_b) && rank.bm25_b >= 0 && rank.bm25_b <= 1,
            "bm25 b must be in [0, 1]");
    /* k2 = 0 (no query-length correction), k3 = 1 (query term frequency
     * counts linearly), min_normlen = 0.5 (Xapian's default). */
    return Xapian::BM25Weight(rank.bm25_k1, 0, 1, rank.bm25_b, 0.5);
}

} // namespace ns
