/* model.h - what the generator learns from real news before writing any.
 *
 * The model is learned at start-up from a folder of real articles (the
 * shipped corpus/sample: 1,982 Reuters-21578 and AG News items), so there
 * is no generated model file to keep in step with the code.  It holds:
 *
 *   - the vocabulary in rank order with its real frequencies (the "head":
 *     every word seen at least MODEL_HEAD_MIN_COUNT times), continued past
 *     the head by a Zipf power law p(r) ~ r^-s (the "tail") whose ranks are
 *     first the sample's rarer words and then made-up words, so a large
 *     corpus has the long tail of names and rare words real news has
 *     (Heaps' law) instead of only the sample's ~20k words;
 *   - each word's usual spelling (lower case, Capitalised, or ACRONYM);
 *   - the joint (title, excerpt, body) lengths in words of every sample
 *     article, drawn as triples so a short excerpt keeps its short body;
 *   - the topics and the quality values of the sample with their counts.
 *
 * Learning reads files in the walk's byte order and breaks every tie by
 * the word itself, so the model, and so the corpus, is the same on every
 * machine.
 */
#ifndef NSEARCH_CORPUS_MODEL_H
#define NSEARCH_CORPUS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "sbuf.h"

/* Words seen this often in the sample keep their measured frequency. */
#define MODEL_HEAD_MIN_COUNT 3

struct model_lengths {
    uint32_t title, excerpt, body;   /* words */
};

struct model {
    size_t n_ranks;          /* vocabulary size, learned + made up */
    size_t n_learned;        /* ranks [0, n_learned) are real words */
    size_t n_head;           /* ranks [0, n_head) keep measured frequency */
    char **forms;            /* rank -> usual spelling, for learned ranks */
    unsigned char *is_stop;  /* rank -> stopword, for learned ranks */
    double *cdf;             /* rank -> P(rank' <= rank) */
    double head_exponent;    /* Zipf exponent fitted over the head */
    double tail_exponent;    /* exponent used past the head */
    uint64_t sample_tokens;  /* words read from the sample */

    struct model_lengths *lengths;
    size_t n_lengths;
    double caps_title_share; /* titles written in capitals (Reuters) */

    char **topics;           /* by count, descending */
    double *topic_cdf;
    size_t n_topics;

    double quality_cdf[101]; /* P(quality <= q) */
    size_t n_articles;
};

/* Learn from every article file under `sample_dir`.  `vocabulary` is the
 * total number of ranks (>= the learned words); `tail_exponent` the Zipf
 * exponent past the head.  Returns 0, or -1 with a reason in err. */
int model_learn(struct model *m, const char *sample_dir, size_t vocabulary,
                double tail_exponent, char *err, size_t err_len);

void model_free(struct model *m);

/* A word rank drawn from the vocabulary's distribution. */
size_t model_draw_rank(const struct model *m, struct rng *r);

/* Append the usual spelling of `rank` to out. */
void model_append_word(const struct model *m, size_t rank, struct sbuf *out);

/* 1 when `rank` is a stopword. */
int model_rank_is_stop(const struct model *m, size_t rank);

#endif
