/* model.c - learning the vocabulary, spellings and lengths of real news
 * (see model.h for what is learned and why). */
#include "model.h"

#include "article.h"
#include "filelist.h"
#include "words.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-word spelling evidence gathered while learning. */
struct spelling {
    uint32_t lower;        /* seen starting with a lower-case letter */
    uint32_t capital;      /* seen Capitalised or in CAPITALS */
    char *capital_form;    /* first capitalised spelling seen (owned) */
};

struct learner {
    struct word_table vocab;     /* lower-cased word -> count */
    struct spelling *spell;      /* by vocab id */
    size_t spell_cap;
    struct word_table topics;
    uint64_t quality_counts[101];
    uint64_t quality_total;
    struct model_lengths *lengths;
    size_t n_lengths, cap_lengths;
    size_t caps_titles;
    uint64_t tokens;
    size_t bad_files;
};

static void lower_ascii(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    dst[n] = '\0';
}

static uint32_t count_words(const char *text)
{
    if (!text)
        return 0;
    size_t pos = 0, start, n, len = strlen(text);
    uint32_t words = 0;
    while (words_next(text, len, &pos, &start, &n))
        words++;
    return words;
}

/* Counts the words of `text`; with `spellings`, also notes how each word
 * is spelled, except at the start of a sentence where capitals say
 * nothing about the word. */
static void learn_text(struct learner *l, const char *text, int spellings)
{
    if (!text)
        return;
    size_t len = strlen(text), pos = 0, start, n;
    char lower[256];
    while (words_next(text, len, &pos, &start, &n)) {
        if (n >= sizeof lower)
            continue;
        lower_ascii(lower, text + start, n);
        size_t id = word_table_intern(&l->vocab, lower, n);
        l->vocab.counts[id]++;
        l->tokens++;
        if (id >= l->spell_cap) {
            size_t cap = l->spell_cap ? l->spell_cap * 2 : 4096;
            while (cap <= id)
                cap *= 2;
            l->spell = xrealloc(l->spell, cap * sizeof *l->spell);
            memset(l->spell + l->spell_cap, 0,
                   (cap - l->spell_cap) * sizeof *l->spell);
            l->spell_cap = cap;
        }
        if (!spellings)
            continue;
        /* Sentence start: the last non-space byte before the word ends a
         * sentence, or there is none. */
        size_t b = start;
        while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\n' ||
                         text[b - 1] == '\t' || text[b - 1] == '"'))
            b--;
        if (b == 0 || text[b - 1] == '.' || text[b - 1] == '!' ||
            text[b - 1] == '?')
            continue;
        char first = text[start];
        struct spelling *s = &l->spell[id];
        if (first >= 'a' && first <= 'z') {
            s->lower++;
        } else if (first >= 'A' && first <= 'Z') {
            s->capital++;
            if (!s->capital_form) {
                s->capital_form = xmalloc(n + 1);
                memcpy(s->capital_form, text + start, n);
                s->capital_form[n] = '\0';
            }
        }
    }
}

static int is_caps_title(const char *title)
{
    int letters = 0;
    for (const char *p = title; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            return 0;
        if (*p >= 'A' && *p <= 'Z')
            letters++;
    }
    return letters > 0;
}

static void learn_file(struct learner *l, const char *path)
{
    struct article a;
    struct article_error e;
    if (article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &a, &e) != 0) {
        l->bad_files++;
        article_free(&a);
        return;
    }
    /* Reuters titles are in capitals: they count as words but say nothing
     * about spelling. */
    learn_text(l, a.title, 0);
    learn_text(l, a.excerpt, 1);
    learn_text(l, a.body, 1);
    if (l->n_lengths == l->cap_lengths) {
        l->cap_lengths = l->cap_lengths ? l->cap_lengths * 2 : 1024;
        l->lengths = xrealloc(l->lengths, l->cap_lengths * sizeof *l->lengths);
    }
    struct model_lengths *len = &l->lengths[l->n_lengths++];
    len->title = count_words(a.title);
    len->excerpt = count_words(a.excerpt);
    len->body = count_words(a.body);
    if (is_caps_title(a.title))
        l->caps_titles++;
    for (size_t i = 0; i < a.n_topics; i++) {
        size_t id = word_table_intern(&l->topics, a.topics[i],
                                      strlen(a.topics[i]));
        l->topics.counts[id]++;
    }
    if (a.quality >= 0 && a.quality <= 100) {
        l->quality_counts[a.quality]++;
        l->quality_total++;
    }
    article_free(&a);
}

/* qsort context: C11 has no qsort_r, and the table is needed to compare,
 * so it goes through a file-scope pointer set just around the sort. */
static const struct word_table *sorting;

static int by_count_then_word(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint64_t cx = sorting->counts[x], cy = sorting->counts[y];
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return strcmp(sorting->words[x], sorting->words[y]);
}

static size_t *ranked_ids(const struct word_table *t)
{
    size_t *ids = xmalloc(t->count * sizeof *ids);
    for (size_t i = 0; i < t->count; i++)
        ids[i] = i;
    sorting = t;
    qsort(ids, t->count, sizeof *ids, by_count_then_word);
    sorting = NULL;
    return ids;
}

/* The spelling to print: lower case unless the word is mostly seen
 * capitalised mid-sentence (names, acronyms). */
static char *usual_form(const struct learner *l, size_t id)
{
    const struct spelling *s = &l->spell[id];
    if (s->capital_form && s->capital > 2 * s->lower)
        return xstrdup(s->capital_form);
    return xstrdup(l->vocab.words[id]);
}

/* Least-squares slope of log(count) on log(rank) over [from, to). */
static double fit_exponent(const uint64_t *counts, size_t from, size_t to)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t n = 0;
    for (size_t r = from; r < to; r++) {
        double x = log((double)(r + 1)), y = log((double)counts[r]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        n++;
    }
    if (n < 2)
        return 1.0;
    return -(n * sxy - sx * sy) / (n * sxx - sx * sx);
}

int model_learn(struct model *m, const char *sample_dir, size_t vocabulary,
                double tail_exponent, char *err, size_t err_len)
{
    memset(m, 0, sizeof *m);
    struct learner l;
    memset(&l, 0, sizeof l);
    struct filelist files = {0};
    if (filelist_collect(sample_dir, &files) == 0)
        for (size_t i = 0; i < files.count; i++)
            learn_file(&l, files.paths[i]);
    filelist_free(&files);
    if (l.n_lengths == 0 || l.tokens == 0) {
        snprintf(err, err_len, "no articles to learn from in %s", sample_dir);
        free(l.lengths);
        word_table_free(&l.vocab);
        word_table_free(&l.topics);
        for (size_t i = 0; i < l.spell_cap; i++)
            free(l.spell[i].capital_form);
        free(l.spell);
        return -1;
    }

    size_t *ids = ranked_ids(&l.vocab);
    size_t learned = l.vocab.count;
    uint64_t *counts = xmalloc(learned * sizeof *counts);
    size_t head = 0;
    for (size_t r = 0; r < learned; r++) {
        counts[r] = l.vocab.counts[ids[r]];
        if (counts[r] >= MODEL_HEAD_MIN_COUNT)
            head = r + 1;
    }
    if (vocabulary < learned)
        vocabulary = learned;
    m->n_ranks = vocabulary;
    m->n_learned = learned;
    m->n_head = head;
    m->sample_tokens = l.tokens;
    m->tail_exponent = tail_exponent;
    m->head_exponent = fit_exponent(counts, head > 100 ? 100 : 0, head);
    m->forms = xmalloc(learned * sizeof *m->forms);
    m->is_stop = xmalloc(learned);
    for (size_t r = 0; r < learned; r++) {
        m->forms[r] = usual_form(&l, ids[r]);
        m->is_stop[r] = (unsigned char)words_is_stopword(l.vocab.words[ids[r]]);
    }

    /* Head: measured frequencies.  Tail: p(r) = p(head) * (r/head)^-s,
     * continuing the law from the last measured rank. */
    m->cdf = xmalloc(vocabulary * sizeof *m->cdf);
    double total = 0, p_head = (double)(head ? counts[head - 1] : 1);
    for (size_t r = 0; r < vocabulary; r++) {
        double p = r < head ? (double)counts[r]
                            : p_head * pow((double)(r + 1) / (double)(head ? head : 1),
                                           -tail_exponent);
        total += p;
        m->cdf[r] = total;
    }
    for (size_t r = 0; r < vocabulary; r++)
        m->cdf[r] /= total;
    m->cdf[vocabulary - 1] = 1.0;

    m->lengths = l.lengths;
    m->n_lengths = l.n_lengths;
    m->n_articles = l.n_lengths;
    m->caps_title_share = (double)l.caps_titles / (double)l.n_lengths;

    size_t *topic_ids = ranked_ids(&l.topics);
    m->n_topics = l.topics.count;
    m->topics = xmalloc((m->n_topics ? m->n_topics : 1) * sizeof *m->topics);
    m->topic_cdf = xmalloc((m->n_topics ? m->n_topics : 1) * sizeof *m->topic_cdf);
    double topic_total = 0;
    for (size_t i = 0; i < m->n_topics; i++) {
        m->topics[i] = xstrdup(l.topics.words[topic_ids[i]]);
        topic_total += (double)l.topics.counts[topic_ids[i]];
        m->topic_cdf[i] = topic_total;
    }
    for (size_t i = 0; i < m->n_topics; i++)
        m->topic_cdf[i] /= topic_total;

    double q = 0;
    for (int i = 0; i <= 100; i++) {
        /* No quality in the sample: a flat prior rather than nothing. */
        q += l.quality_total ? (double)l.quality_counts[i] : 1.0;
        m->quality_cdf[i] = q / (l.quality_total ? (double)l.quality_total : 101.0);
    }
    m->quality_cdf[100] = 1.0;

    free(topic_ids);
    free(ids);
    free(counts);
    for (size_t i = 0; i < l.spell_cap; i++)
        free(l.spell[i].capital_form);
    free(l.spell);
    word_table_free(&l.vocab);
    word_table_free(&l.topics);
    return 0;
}

void model_free(struct model *m)
{
    for (size_t r = 0; r < m->n_learned; r++)
        free(m->forms[r]);
    free(m->forms);
    free(m->is_stop);
    free(m->cdf);
    free(m->lengths);
    for (size_t i = 0; i < m->n_topics; i++)
        free(m->topics[i]);
    free(m->topics);
    free(m->topic_cdf);
    memset(m, 0, sizeof *m);
}

size_t model_draw_rank(const struct model *m, struct rng *r)
{
    double u = rng_unit(r);
    size_t lo = 0, hi = m->n_ranks - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

int model_rank_is_stop(const struct model *m, size_t rank)
{
    return rank < m->n_learned && m->is_stop[rank];
}

/* Made-up words past the learned vocabulary: pronounceable, derived from
 * the rank alone (so the same rank is always the same word), a quarter of
 * them capitalised like the names that fill a real vocabulary's tail. */
static const char *const onsets[] = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
    "t", "v", "w", "z", "br", "cr", "dr", "fr", "gr", "pr", "tr", "st",
    "sh", "ch", "th", "bl", "cl", "fl", "gl", "pl", "sl", "sp", "sk", "sm",
    "sn", "qu"};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "a", "e",
                                     "i", "o", "ai", "ea", "ou", "io", "y"};
static const char *const codas[] = {"", "", "", "", "", "n", "r", "l",
                                    "s", "t", "m", "nd", "rt", "ck", "x"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

void model_append_word(const struct model *m, size_t rank, struct sbuf *out)
{
    if (rank < m->n_learned) {
        sbuf_puts(out, m->forms[rank]);
        return;
    }
    struct rng r = rng_for(0x6e736561726368ULL, rank);
    /* Mostly two syllables: long enough to be distinct, short as names. */
    double u = rng_unit(&r);
    size_t syllables = u < 0.15 ? 1 : u < 0.80 ? 2 : 3;
    int capital = rng_chance(&r, 0.25);
    size_t start = out->len;
    for (size_t i = 0; i < syllables; i++) {
        sbuf_puts(out, onsets[rng_below(&r, COUNT(onsets))]);
        sbuf_puts(out, vowels[rng_below(&r, COUNT(vowels))]);
        sbuf_puts(out, codas[rng_below(&r, COUNT(codas))]);
    }
    if (capital)
        out->data[start] = (char)(out->data[start] - 'a' + 'A');
}
