/* stopwords.cc - stopword lists (see stopwords.h).
 *
 * English is Snowball's own English stop list (snowballstem.org), the one
 * designed to go with the Porter/English stemmer we use; it is short (174
 * words) and holds only function words, so content words are never lost.
 */
#include "stopwords.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace ns {

namespace {

/* In strcmp order: ListStopper looks words up by binary search, and the
 * static_assert below refuses to build an unsorted list. */
constexpr const char *ENGLISH[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
    "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can't", "cannot", "could", "couldn't", "did",
    "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each",
    "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
    "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers",
    "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm",
    "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's",
    "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off",
    "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out",
    "over", "own", "same", "shan't", "she", "she'd", "she'll", "she's", "should",
    "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their",
    "theirs", "them", "themselves", "then", "there", "there's", "these", "they",
    "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're",
    "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's",
    "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would",
    "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours",
    "yourself", "yourselves"};

constexpr int compare(const char *a, const char *b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

template <std::size_t N> constexpr bool strictly_sorted(const char *const (&words)[N])
{
    for (std::size_t i = 1; i < N; ++i)
        if (compare(words[i - 1], words[i]) >= 0)
            return false;
    return true;
}

static_assert(strictly_sorted(ENGLISH), "ENGLISH must be in strcmp order");

/* A stopper over a static sorted list.  Xapian's SimpleStopper would copy
 * the list into a std::set each time an index is opened: 120,000
 * instructions, 2% of a whole `nsearch` run for a short query. */
class ListStopper : public Xapian::Stopper {
  public:
    template <std::size_t N>
    explicit ListStopper(const char *const (&words)[N]) : begin_(words), end_(words + N)
    {
    }

    bool operator()(const std::string &term) const override
    {
        const char *const *at = std::lower_bound(
            begin_, end_, term.c_str(),
            [](const char *a, const char *b) { return std::strcmp(a, b) < 0; });
        /* == compares whole strings: a term holding a NUL is no stopword. */
        return at != end_ && term == *at;
    }

    std::string get_description() const override { return "ns::ListStopper"; }

  private:
    const char *const *begin_;
    const char *const *end_;
};

} // namespace

Xapian::Stopper *make_stopper(const std::string &language)
{
    if (language != "english" && language != "porter")
        return nullptr;
    return new ListStopper(ENGLISH);
}

} // namespace ns
