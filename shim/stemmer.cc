/* stemmer.cc - a Xapian::StemImplementation over libstemmer.
 *
 * sb_stemmer_stem() returns a pointer into the stemmer's own buffer that
 * the next call overwrites, so every result is copied into a std::string
 * before returning.  Xapian owns the implementation once it is wrapped in a
 * Xapian::Stem (it is reference counted), so the sb_stemmer lives exactly
 * as long as the last Stem that uses it.
 *
 * Stems are remembered: MSet::snippet() stems every word of every result's
 * text, and news text repeats its words, so a lookup replaces most calls
 * into libstemmer (about a fifth of a search with snippets).  The memory is
 * bounded by forgetting everything when it is full.  It adds no sharing:
 * like the sb_stemmer's own buffer, one Stem serves one thread at a time.
 */
#include "stemmer.h"

#include <bitset>
#include <climits>
#include <new>
#include <unordered_map>

#include <libstemmer.h>

#include "status.h"

namespace ns {

namespace {

std::string known_languages()
{
    std::string list;
    for (const char **name = sb_stemmer_list(); *name; ++name) {
        if (!list.empty())
            list += ' ';
        list += *name;
    }
    return list;
}

class LibstemmerStem : public Xapian::StemImplementation {
  public:
    explicit LibstemmerStem(const std::string &language) : language_(language)
    {
        /* Only canonical names: libstemmer also takes aliases ("en"), but
         * the index records the name, and "en" vs "english" must not look
         * like two analysis chains. */
        if (!language_known(language))
            throw Failure(NS_ERR_LANGUAGE,
                          "libstemmer has no stemmer for language '" + language +
                              "'; known: " + known_languages());
        stemmer_ = sb_stemmer_new(language.c_str(), "UTF_8");
        if (!stemmer_)
            throw std::bad_alloc(); /* known language: only memory can fail */
    }

    ~LibstemmerStem() override { sb_stemmer_delete(stemmer_); }

    std::string operator()(const std::string &word) override
    {
        if (word.empty() || word.size() > INT_MAX)
            return word;
        auto known = memo_.find(word);
        if (known != memo_.end())
            return known->second;
        const sb_symbol *out = sb_stemmer_stem(
            stemmer_, reinterpret_cast<const sb_symbol *>(word.data()),
            static_cast<int>(word.size()));
        if (!out)
            throw std::bad_alloc();
        std::string stem(reinterpret_cast<const char *>(out),
                         static_cast<size_t>(sb_stemmer_length(stemmer_)));
        if (memo_.size() >= MEMO_WORDS)
            memo_.clear();
        memo_.emplace(word, stem);
        return stem;
    }

    std::string get_description() const override { return "snowball-" + language_; }

  private:
    /* Words remembered at most: a few MiB, more than a day of news uses
     * often enough to matter. */
    static constexpr std::size_t MEMO_WORDS = 1 << 15;

    sb_stemmer *stemmer_;
    std::string language_;
    std::unordered_map<std::string, std::string> memo_;
};

/* See query_stems_only(). */
class QueryStemsOnly : public Xapian::StemImplementation {
  public:
    QueryStemsOnly(const Xapian::Stem &stem, const std::bitset<256> &first_bytes)
        : stem_(stem), first_bytes_(first_bytes)
    {
    }

    std::string operator()(const std::string &word) override
    {
        if (word.empty() || !first_bytes_[static_cast<unsigned char>(word[0])])
            return std::string(1, '\0'); /* in no query term */
        return stem_(word);
    }

    std::string get_description() const override
    {
        return "query stems only, " + stem_.get_description();
    }

  private:
    Xapian::Stem stem_;
    std::bitset<256> first_bytes_; /* first bytes of the query's stems */
};

} // namespace

bool language_known(const std::string &language)
{
    for (const char **name = sb_stemmer_list(); *name; ++name)
        if (language == *name)
            return true;
    return false;
}

Xapian::Stem make_stem(const std::string &language)
{
    /* The Stem takes ownership of the implementation (intrusive refcount). */
    return Xapian::Stem(new LibstemmerStem(language));
}

Xapian::Stem query_stems_only(const Xapian::Stem &stem, const std::string &language,
                              const Xapian::Query &query)
{
    /* Snowball's english and porter change no letter before a suffix (the
     * english prelude's initial apostrophe never begins a Xapian word);
     * tests/unit/test_shim.c checks the first letters over many words. */
    if (language != "english" && language != "porter")
        return stem;
    std::bitset<256> first_bytes;
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) {
        const std::string &term = *t;
        if (term == "Z")
            return stem; /* an empty stem (porter: "s"): any word may match */
        if (term.size() > 1 && term[0] == 'Z')
            first_bytes.set(static_cast<unsigned char>(term[1]));
    }
    return Xapian::Stem(new QueryStemsOnly(stem, first_bytes));
}

} // namespace ns

extern "C" const char **ns_languages(void)
{
    /* libstemmer's list is static and never fails. */
    return sb_stemmer_list();
}
