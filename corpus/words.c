/* words.c - tokenizer, stopwords and the counting table (see words.h). */
#include "words.h"

#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int words_next(const char *s, size_t len, size_t *pos, size_t *start,
               size_t *n)
{
    size_t i = *pos;
    while (i < len && !is_word_byte((unsigned char)s[i]))
        i++;
    if (i >= len) {
        *pos = len;
        return 0;
    }
    size_t b = i;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_word_byte(c)) {
            i++;
            continue;
        }
        if (i + 1 < len && i > b) {
            unsigned char prev = (unsigned char)s[i - 1];
            unsigned char next = (unsigned char)s[i + 1];
            if ((c == '\'' || c == '-') && is_word_byte(next) &&
                !is_digit(next) && !is_digit(prev)) {
                i++;
                continue;
            }
            if ((c == '.' || c == ',') && is_digit(prev) && is_digit(next)) {
                i++;
                continue;
            }
        }
        break;
    }
    *start = b;
    *n = i - b;
    *pos = i;
    return 1;
}

/* Sorted, so a binary search finds a word. */
static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "me", "more", "most", "mr", "mrs", "my",
    "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said",
    "same", "says", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "theirs", "them", "themselves", "then", "there", "these",
    "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    "yourself", "yourselves",
};

static int compare_word(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

int words_is_stopword(const char *lower)
{
    return bsearch(lower, stopwords, sizeof stopwords / sizeof *stopwords,
                   sizeof *stopwords, compare_word) != NULL;
}

int words_is_alpha(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    return n > 0;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void rehash(struct word_table *t)
{
    size_t n_slots = t->n_slots ? t->n_slots * 2 : 1024;
    uint32_t *slots = xmalloc(n_slots * sizeof *slots);
    memset(slots, 0, n_slots * sizeof *slots);
    for (size_t id = 0; id < t->count; id++) {
        size_t i = hash_bytes(t->words[id], strlen(t->words[id])) & (n_slots - 1);
        while (slots[i])
            i = (i + 1) & (n_slots - 1);
        slots[i] = (uint32_t)(id + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
}

static size_t lookup(const struct word_table *t, const char *s, size_t n,
                     size_t *slot)
{
    size_t i = hash_bytes(s, n) & (t->n_slots - 1);
    while (t->slots[i]) {
        size_t id = t->slots[i] - 1;
        const char *w = t->words[id];
        if (strncmp(w, s, n) == 0 && w[n] == '\0') {
            *slot = i;
            return id;
        }
        i = (i + 1) & (t->n_slots - 1);
    }
    *slot = i;
    return (size_t)-1;
}

size_t word_table_find(const struct word_table *t, const char *s, size_t n)
{
    size_t slot;
    if (!t->n_slots)
        return (size_t)-1;
    return lookup(t, s, n, &slot);
}

size_t word_table_intern(struct word_table *t, const char *s, size_t n)
{
    /* Keep the load factor under 1/2 so probe chains stay short. */
    if (t->n_slots == 0 || (t->count + 1) * 2 > t->n_slots)
        rehash(t);
    size_t slot;
    size_t id = lookup(t, s, n, &slot);
    if (id != (size_t)-1)
        return id;
    if (t->count == t->cap_ids) {
        t->cap_ids = t->cap_ids ? t->cap_ids * 2 : 1024;
        t->words = xrealloc(t->words, t->cap_ids * sizeof *t->words);
        t->counts = xrealloc(t->counts, t->cap_ids * sizeof *t->counts);
        t->extra = xrealloc(t->extra, t->cap_ids * sizeof *t->extra);
    }
    id = t->count++;
    char *copy = xmalloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    t->words[id] = copy;
    t->counts[id] = 0;
    t->extra[id] = 0;
    t->slots[slot] = (uint32_t)(id + 1);
    return id;
}

void word_table_free(struct word_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->words[i]);
    free(t->words);
    free(t->counts);
    free(t->extra);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
