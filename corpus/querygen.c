/* querygen.c - query log from a corpus (see querygen.h). */
#include "querygen.h"

#include "article.h"
#include "rng.h"
#include "sbuf.h"
#include "filelist.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>

struct doc {
    uint32_t *words;          /* distinct word ids */
    size_t n_words;
    uint32_t *pairs;          /* adjacent title word ids, two per pair */
    size_t n_pairs;
};

/* Appends the query-worthy words of `text` to *ids (with duplicates);
 * with `pairs`, also the ids of adjacent worthy words. */
static void scan_text(struct word_table *vocab, const char *text,
                      uint32_t **ids, size_t *n, size_t *cap,
                      struct doc *pairs_into)
{
    if (!text)
        return;
    size_t len = strlen(text), pos = 0, start, wn;
    char lower[64];
    long previous = -1;
    while (words_next(text, len, &pos, &start, &wn)) {
        if (wn < 3 || wn >= sizeof lower || !words_is_alpha(text + start, wn)) {
            previous = -1;
            continue;
        }
        for (size_t i = 0; i < wn; i++) {
            char c = text[start + i];
            lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        lower[wn] = '\0';
        if (words_is_stopword(lower)) {
            previous = -1;
            continue;
        }
        uint32_t id = (uint32_t)word_table_intern(vocab, lower, wn);
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *ids = xrealloc(*ids, *cap * sizeof **ids);
        }
        (*ids)[(*n)++] = id;
        if (pairs_into && previous >= 0 && (uint32_t)previous != id) {
            pairs_into->pairs = xrealloc(pairs_into->pairs,
                                         (pairs_into->n_pairs + 1) * 2 * sizeof(uint32_t));
            pairs_into->pairs[pairs_into->n_pairs * 2] = (uint32_t)previous;
            pairs_into->pairs[pairs_into->n_pairs * 2 + 1] = id;
            pairs_into->n_pairs++;
        }
        previous = id;
    }
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void read_doc(struct word_table *vocab, const char *path, struct doc *d)
{
    memset(d, 0, sizeof *d);
    struct article a;
    struct article_error e;
    if (article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &a, &e) != 0) {
        article_free(&a);
        return;
    }
    uint32_t *ids = NULL;
    size_t n = 0, cap = 0;
    scan_text(vocab, a.title, &ids, &n, &cap, d);
    scan_text(vocab, a.excerpt, &ids, &n, &cap, NULL);
    scan_text(vocab, a.body, &ids, &n, &cap, NULL);
    article_free(&a);
    if (n) {
        qsort(ids, n, sizeof *ids, compare_u32);
        size_t distinct = 1;
        for (size_t i = 1; i < n; i++)
            if (ids[i] != ids[distinct - 1])
                ids[distinct++] = ids[i];
        n = distinct;
        for (size_t i = 0; i < n; i++)
            vocab->counts[ids[i]]++; /* document frequency */
    }
    d->words = ids;
    d->n_words = n;
}

/* Index into cdf[0..n) of a uniform draw. */
static size_t draw_cdf(const double *cdf, size_t n, struct rng *r)
{
    double u = rng_unit(r) * cdf[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int contains(const uint32_t *ids, size_t n, uint32_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

int querygen_write(const char *corpus_dir, size_t count, uint64_t seed,
                   size_t max_docs, FILE *out, char *err, size_t err_len)
{
    struct filelist paths = {0};
    if (filelist_collect(corpus_dir, &paths) != 0 || paths.count == 0) {
        snprintf(err, err_len, "no article files under %s", corpus_dir);
        filelist_free(&paths);
        return -1;
    }
    size_t step = max_docs && paths.count > max_docs
                      ? (paths.count + max_docs - 1) / max_docs : 1;
    size_t n_docs = (paths.count + step - 1) / step;
    struct doc *docs = xmalloc(n_docs * sizeof *docs);
    struct word_table vocab = {0};
    for (size_t i = 0; i < n_docs; i++)
        read_doc(&vocab, paths.paths[i * step], &docs[i]);

    /* Document frequency CDF over the vocabulary, for single words. */
    int rc = 0;
    double *df_cdf = xmalloc((vocab.count ? vocab.count : 1) * sizeof *df_cdf);
    double total = 0;
    for (size_t i = 0; i < vocab.count; i++) {
        total += (double)vocab.counts[i];
        df_cdf[i] = total;
    }
    size_t with_pairs = 0, with_words = 0;
    for (size_t i = 0; i < n_docs; i++) {
        with_pairs += docs[i].n_pairs > 0;
        with_words += docs[i].n_words >= 4;
    }
    if (vocab.count == 0 || with_words == 0) {
        snprintf(err, err_len, "too few words under %s to draw queries from",
                 corpus_dir);
        rc = -1;
        count = 0;
    }

    for (size_t q = 0; q < count; q++) {
        struct rng r = rng_for(seed ^ 0x71756572794c6f67ULL, q);
        double kind = rng_unit(&r);
        uint32_t words[4];
        size_t k = 0;
        if (kind < 0.30) {
            words[k++] = (uint32_t)draw_cdf(df_cdf, vocab.count, &r);
        } else if (kind < 0.46 && with_pairs) {
            const struct doc *d;
            do
                d = &docs[rng_below(&r, n_docs)];
            while (d->n_pairs == 0);
            size_t p = rng_below(&r, d->n_pairs);
            words[k++] = d->pairs[2 * p];
            words[k++] = d->pairs[2 * p + 1];
        } else {
            /* 2 (60%), 3 (27%), 4 (13%) words of one article. */
            double u = rng_unit(&r);
            size_t want = u < 0.60 ? 2 : u < 0.87 ? 3 : 4;
            const struct doc *d;
            do
                d = &docs[rng_below(&r, n_docs)];
            while (d->n_words < 4);
            while (k < want) {
                uint32_t id = d->words[rng_below(&r, d->n_words)];
                if (!contains(words, k, id))
                    words[k++] = id;
            }
            if (rng_chance(&r, 0.15)) {
                uint32_t id = (uint32_t)draw_cdf(df_cdf, vocab.count, &r);
                if (!contains(words, k, id))
                    words[rng_below(&r, k)] = id;
            }
        }
        for (size_t i = 0; i < k; i++)
            fprintf(out, "%s%s", i ? " " : "", vocab.words[words[i]]);
        fputc('\n', out);
    }
    if (rc == 0 && ferror(out)) {
        snprintf(err, err_len, "cannot write the queries");
        rc = -1;
    }

    free(df_cdf);
    for (size_t i = 0; i < n_docs; i++) {
        free(docs[i].words);
        free(docs[i].pairs);
    }
    free(docs);
    filelist_free(&paths);
    word_table_free(&vocab);
    return rc;
}
