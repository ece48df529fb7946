/* query.cc - query parsing and ranking setup (see query.h).
 *
 * Boolean filters (site:, category:, ...) go through FieldProcessors rather
 * than plain boolean prefixes because the parser passes a boolean value
 * through untouched: "site:Reuters.com" must find the term the writer made
 * from the lower-cased domain.
 *
 * The static boost is an OP_AND_MAYBE of posting sources: AND_MAYBE so the
 * boost only ranks documents that match the words (OP_OR would also return
 * documents matching only the boost).  Locally one StaticBoostSource reads
 * the boost table (boost_table.h); over remote shards, built-in
 * ValueWeightPostingSources, so the query still serialises.
 */
#include "query.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "analysis.h"
#include "schema.h"
#include "status.h"
#include "stopwords.h"

namespace ns {

namespace {

using namespace schema;

/* Adjacent word pairs scored for proximity; long pasted queries stop
 * adding phrase work after this many. */
constexpr std::size_t MAX_PAIRS = 12;

/* Recency: dates up to this many days ahead (clock skew, time zones) count
 * as today; the map never spans more than MAX_RECENCY_DAYS; a zero floor is
 * treated as this small one so the map stays finite. */
constexpr long FUTURE_DAYS = 2;
constexpr long MAX_RECENCY_DAYS = 20000;
constexpr double MIN_RECENCY_FLOOR = 1e-3;

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

void check_weight(double weight, const char *what)
{
    require(std::isfinite(weight) && weight >= 0, std::string(what) + " must be >= 0");
}

/* The user's words again, each looked up in titles only ("S" prefix). */
Xapian::Query title_query(Xapian::QueryParser &parser, const WildcardExpansion &wildcards,
                          const std::string &text)
{
    parser.set_default_op(Xapian::Query::OP_OR);
    try {
        return expand_wildcards(parser.parse_query(text, PARSE_FLAGS, PREFIX_TITLE), wildcards);
    } catch (const Xapian::QueryParserError &) {
        return Xapian::Query(); /* the match query already fell back */
    }
}

/* Each pair of consecutive query words as an exact two-word phrase: the
 * ordered-window evidence of the sequential dependence model (Metzler and
 * Croft 2005), which rewards documents that use the words together. */
Xapian::Query adjacent_pairs(const std::vector<std::string> &words)
{
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < words.size() && pairs.size() < MAX_PAIRS; ++i) {
        if (words[i] == words[i + 1])
            continue;
        const std::string pair[2] = {words[i], words[i + 1]};
        pairs.emplace_back(Xapian::Query::OP_PHRASE, pair, pair + 2, 2);
    }
    return pairs.empty() ? Xapian::Query()
                         : Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = static_cast<long>(yoe) + era * 400 + (*m <= 2);
}

long epoch_day(int64_t seconds)
{
    return static_cast<long>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400);
}

/* "YYYYMMDD" (the SLOT_DAY encoding) to a day number. */
bool parse_day(const std::string &day, long *out)
{
    if (day.size() != 8)
        return false;
    for (char c : day)
        if (c < '0' || c > '9')
            return false;
    *out = days_from_civil(std::stol(day.substr(0, 4)),
                           static_cast<unsigned>(std::stoul(day.substr(4, 2))),
                           static_cast<unsigned>(std::stoul(day.substr(6, 2))));
    return true;
}

std::string day_string(long day_number)
{
    long y;
    unsigned m, d;
    civil_from_days(day_number, &y, &m, &d);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04ld%02u%02u", y, m % 100, d % 100);
    return buf;
}

/* The recency factor of an article `age_days` old: halves every half-life,
 * never below the floor; articles dated in the future count as new. */
double recency_factor(const ns_rank_options &rank, long age_days)
{
    if (age_days <= 0)
        return 1.0;
    double decay = std::exp2(-static_cast<double>(age_days) * 86400.0 / rank.recency_half_life);
    return std::max(rank.recency_floor, decay);
}

/* A ValueMapPostingSource over the day slot: one entry per day from today
 * back to where the decay meets the floor; older days get the floor as the
 * default weight.  Built in, so it serialises to remote shards. */
Xapian::Query recency_source(const ns_rank_options &rank, int64_t now)
{
    auto *source = new Xapian::ValueMapPostingSource(SLOT_DAY);
    long today = epoch_day(now);
    double floor = std::max(rank.recency_floor, MIN_RECENCY_FLOOR);
    long horizon = static_cast<long>(
        std::ceil(rank.recency_half_life / 86400.0 * std::log2(1.0 / floor)));
    horizon = std::min(horizon, MAX_RECENCY_DAYS);
    for (long age = -FUTURE_DAYS; age <= horizon; ++age)
        source->add_mapping(day_string(today - age), recency_factor(rank, age));
    source->set_default_weight(recency_factor(rank, horizon + 1));
    return Xapian::Query(source->release());
}

} // namespace

Xapian::QueryParser make_query_parser(const Xapian::Database &db, const Xapian::Stem &stem,
                                      const std::string &language)
{
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(QUERY_STEMMING);
    if (Xapian::Stopper *stopper = make_stopper(language))
        parser.set_stopper(stopper->release());
    parser.set_default_op(Xapian::Query::OP_AND);
    /* "date:2020-11-01..2020-11-30", open at either end. */
    parser.add_rangeprocessor((new Xapian::DateRangeProcessor(SLOT_DAY, "date:"))->release());
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

Xapian::Query parse_user_query(Xapian::QueryParser &parser, const WildcardExpansion &wildcards,
                               const std::string &text, Xapian::Query::op default_op,
                               Notes *notes)
{
    if (blank(text))
        throw Failure(NS_ERR_QUERY, "empty query");
    parser.set_default_op(default_op);
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
        if (notes && !query.empty())
            notes->add("query syntax not understood (" + e.get_msg() +
                       "); searched for its words instead");
    }
    if (query.empty())
        throw Failure(NS_ERR_QUERY, "query has no words to search for");
    return expand_wildcards(query, wildcards);
}

std::string corrected_spelling(Xapian::QueryParser &parser, const std::string &text)
{
    try {
        parser.parse_query(text, PARSE_FLAGS | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    } catch (const Xapian::QueryParserError &) {
        return std::string();
    }
    return parser.get_corrected_query_string();
}

std::string wildcard_note()
{
    return "a wildcard matches more than " + std::to_string(MAX_WILDCARD_EXPANSION) +
           " words; searched the " + std::to_string(MAX_WILDCARD_EXPANSION) +
           " most frequent (type more letters to narrow it)";
}

namespace {

/* How often each term of `q` occurs outside wildcards' expansions. */
void count_typed_terms(const Xapian::Query &q, std::map<std::string, std::size_t> &counts)
{
    if (is_expansion(q))
        return;
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        ++counts[*q.get_terms_begin()];
        return;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        count_typed_terms(q.get_subquery(i), counts);
}

} // namespace

std::vector<std::string> query_words(const Xapian::Query &query)
{
    /* get_terms_begin() gives the typed order, but also a wildcard's
     * terms (last: they carry the largest position). */
    std::map<std::string, std::size_t> typed;
    count_typed_terms(query, typed);
    std::vector<std::string> words;
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) {
        const std::string &term = *t;
        /* "Z" then a field prefix (upper case) is a field's word. */
        if (term.size() < 2 || term[0] != 'Z' || std::isupper(static_cast<unsigned char>(term[1])))
            continue;
        auto left = typed.find(term);
        if (left == typed.end() || left->second == 0)
            continue;
        --left->second;
        words.push_back(term);
    }
    return words;
}

void check_rank_weights(const ns_rank_options &rank)
{
    check_weight(rank.title_weight, "title weight");
    check_weight(rank.phrase_weight, "phrase weight");
    check_weight(rank.quality_weight, "quality weight");
    check_weight(rank.heat_weight, "heat weight");
    check_weight(rank.recency_weight, "recency weight");
    require(std::isfinite(rank.recency_half_life) && rank.recency_half_life >= 0,
            "recency half-life must be >= 0");
    require(rank.recency_floor >= 0 && rank.recency_floor <= 1, "recency floor must be in [0, 1]");
}

Xapian::Query ranked_query(const Xapian::Query &match, Xapian::QueryParser &parser,
                           const WildcardExpansion &wildcards, const std::string &text,
                           const ns_rank_options &rank, int64_t now, double scale,
                           BoostTables *boosts)
{
    check_rank_weights(rank);
    std::vector<Xapian::Query> parts;
    if (rank.title_weight > 0) {
        Xapian::Query titles = title_query(parser, wildcards, text);
        if (!titles.empty())
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, titles, rank.title_weight);
    }
    if (rank.phrase_weight > 0) {
        Xapian::Query pairs = adjacent_pairs(query_words(match));
        if (!pairs.empty())
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, pairs, rank.phrase_weight);
    }
    require(std::isfinite(scale) && scale > 0, "text scale must be > 0");
    if (boosts && (rank.quality_weight > 0 || rank.heat_weight > 0)) {
        parts.emplace_back((new StaticBoostSource(boosts, rank.quality_weight * scale,
                                                  rank.heat_weight * scale))
                               ->release());
    } else {
        if (rank.quality_weight > 0)
            parts.push_back(scaled_source(SLOT_QUALITY_BOOST, rank.quality_weight * scale));
        if (rank.heat_weight > 0)
            parts.push_back(scaled_source(SLOT_HEAT_BOOST, rank.heat_weight * scale));
    }
    if (rank.recency_half_life > 0 && rank.recency_weight > 0)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, recency_source(rank, now),
                           rank.recency_weight * scale);
    if (parts.empty())
        return match;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, match,
                         Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
}

StaticParts static_parts(const StoredDoc &stored, const Xapian::Document &doc,
                         const ns_rank_options &rank, int64_t now, double scale)
{
    /* The boosts from the document data, which holds the quality and heat
     * they were computed from: no value lookups for what is decoded for
     * display anyway. */
    StaticParts p;
    p.quality = rank.quality_weight * scale * quality_boost_of(quality_code(stored.quality));
    p.heat = rank.heat_weight * scale * heat_boost_of(heat_code(stored.heat));
    if (rank.recency_half_life > 0 && rank.recency_weight > 0) {
        std::string day = doc.get_value(SLOT_DAY);
        long day_number;
        if (!day.empty() && parse_day(day, &day_number))
            p.recency =
                rank.recency_weight * scale * recency_factor(rank, epoch_day(now) - day_number);
    }
    return p;
}

double text_scale(const Xapian::Database &db, const Xapian::Query &match,
                  const ns_rank_options &rank)
{
    double documents = db.get_doccount(), best = 0;
    for (auto t = match.get_unique_terms_begin(); t != match.get_unique_terms_end(); ++t) {
        const std::string &term = *t;
        /* Field-prefixed filter terms (upper case, not "Z") score 0. */
        if (term.empty() || (term[0] != 'Z' && std::isupper(static_cast<unsigned char>(term[0]))))
            continue;
        double n = db.get_termfreq(term);
        if (n == 0)
            continue;
        /* Xapian's BM25 idf, kept positive for common terms its way. */
        double idf = std::log((documents - n + 0.5) / (n + 0.5));
        if (idf < 2)
            idf = idf * 0.5 + 1;
        best += (rank.bm25_k1 + 1) * idf;
    }
    return best > 0 ? best : 1.0;
}

Xapian::BM25Weight make_weight(const ns_rank_options &rank)
{
    require(std::isfinite(rank.bm25_k1) && rank.bm25_k1 >= 0, "bm25 k1 must be >= 0");
    require(std::isfinite(rank.bm25_b) && rank.bm25_b >= 0 && rank.bm25_b <= 1,
            "bm25 b must be in [0, 1]");
    /* k2 = 0 (no query-length correction), k3 = 1 (query term frequency
     * counts linearly). */
    return Xapian::BM25Weight(rank.bm25_k1, 0, 1, rank.bm25_b, BM25_MIN_NORMLEN);
}

} // namespace ns
