/* querygen.h - a realistic query log drawn from a corpus.
 *
 * People type 1-4 words, mostly 2, rarely stopwords, and search for what
 * exists: words are weighted by document frequency.  Four kinds of line:
 *   - one word drawn by document frequency (30%);
 *   - two adjacent words of a title, a name or phrase people copy (16%);
 *   - 2-4 distinct words of one article (drawing an article, then its
 *     words, weights each word by its document frequency), so the AND of
 *     them matches at least that article;
 *   - of those, 15% get one word swapped for an unrelated one, so some
 *     queries match little or nothing, as in real logs.
 * Words are lower-case ASCII letters of 3+ bytes, not stopwords.  Articles
 * are read with the indexer's own reader; in a big corpus only an evenly
 * spread subset of at most `max_docs` files is read.
 */
#ifndef NSEARCH_CORPUS_QUERYGEN_H
#define NSEARCH_CORPUS_QUERYGEN_H

#include <stdint.h>
#include <stdio.h>

/* Write `count` queries, one a line, to out.  Returns 0, or -1 with a
 * reason in err. */
int querygen_write(const char *corpus_dir, size_t count, uint64_t seed,
                   size_t max_docs, FILE *out, char *err, size_t err_len);

#endif
