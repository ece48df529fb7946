/* words.h - splitting news text into words, and counting them.
 *
 * Shared by the model learner (which words real news uses, how often,
 * spelled how) and the query-log generator (which words are worth
 * searching for).  The tokenizer is deliberately simple and byte-based:
 * a word is a run of ASCII letters/digits or non-ASCII UTF-8 bytes, with
 * an inner apostrophe or hyphen kept ("don't", "cease-fire") and an inner
 * '.' or ',' kept between digits ("5.93", "155,221").  Everything else
 * separates words.  Because only whole runs of bytes >= 0x80 are copied,
 * valid UTF-8 in gives valid UTF-8 out.
 */
#ifndef NSEARCH_CORPUS_WORDS_H
#define NSEARCH_CORPUS_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Finds the next word in s[*pos..len): returns 1 and sets *start, *n and
 * advances *pos past it, or returns 0 at the end. */
int words_next(const char *s, size_t len, size_t *pos, size_t *start,
               size_t *n);

/* 1 when the lower-case word is an English stopword (a short, fixed list
 * of function words people leave out of queries). */
int words_is_stopword(const char *lower);

/* 1 when every byte is an ASCII letter. */
int words_is_alpha(const char *s, size_t n);

/* Counting table: distinct strings -> dense ids 0..count-1, each with a
 * counter and a user word.  Open addressing on a 64-bit FNV hash. */
struct word_table {
    char **words;          /* id -> NUL-terminated string (owned) */
    uint64_t *counts;      /* id -> count */
    uint64_t *extra;       /* id -> free for the user, starts 0 */
    size_t count;
    size_t cap_ids;
    uint32_t *slots;       /* hash slot -> id + 1, 0 = empty */
    size_t n_slots;
};

/* Id of s[0..n), adding it with count 0 if new. */
size_t word_table_intern(struct word_table *t, const char *s, size_t n);

/* Id of s[0..n), or (size_t)-1 if absent. */
size_t word_table_find(const struct word_table *t, const char *s, size_t n);

void word_table_free(struct word_table *t);

#endif
