/* article_gen.h - writing one synthetic article in the nsearch format.
 *
 * Article n of the corpus seeded with `seed` depends on nothing but the
 * model, the seed and n (it has its own PRNG stream), so a corpus can be
 * written in any order, in parallel, or in slices, and is the same bytes.
 *
 * What an article looks like (proportions are the generator's choices
 * where the sample has nothing to learn from; lengths and words are
 * learned, see model.h):
 *   - a topic (one of ARTICLE_TOPICS fixed sets of ARTICLE_TOPIC_WORDS
 *     mid-frequency words, some topics far more common than others) that
 *     gives 15-20% of its words, so words co-occur as in real news and an
 *     AND of two topical words matches a topic's articles, not a random
 *     slice of the corpus;
 *   - a "story": a handful of words (half from the topic) the title,
 *     excerpt and body keep coming back to, as articles repeat their
 *     subject;
 *   - title / excerpt / body lengths drawn as one sample article's triple
 *     (a quarter of the sample, AG News, has no body, and so do as many
 *     generated articles); words from the vocabulary's Zipf law;
 *   - publishedDateTime between 2015 and 2024, fewer on weekends, mostly
 *     in the working day (2% have no date); fictional providers with
 *     .example domains (RFC 2606), Zipf-weighted; unique webUrl;
 *   - topics from the sample's topic list, quality from its histogram,
 *     heat -1 for 30% and a Pareto tail otherwise, published false for 7%;
 *   - related[] coverage (other outlets on the same story) for 10%.
 */
#ifndef NSEARCH_CORPUS_ARTICLE_GEN_H
#define NSEARCH_CORPUS_ARTICLE_GEN_H

#include <stdint.h>

#include "model.h"
#include "sbuf.h"

#define ARTICLE_TOPICS 400
#define ARTICLE_TOPIC_WORDS 300

/* The topics' word lists: drawn once from the model. */
struct article_topics {
    size_t *words;   /* ARTICLE_TOPICS x ARTICLE_TOPIC_WORDS ranks */
};

void article_topics_init(struct article_topics *t, const struct model *m);
void article_topics_free(struct article_topics *t);

/* Replace out's contents with article n of the corpus seeded `seed`. */
void article_generate(const struct model *m, const struct article_topics *t,
                      uint64_t seed, uint64_t n, struct sbuf *out);

#endif
