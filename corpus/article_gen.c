/* article_gen.c - one synthetic article (see article_gen.h). */
#include "article_gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Fictional outlets: real outlet names on made-up text would mislead
 * anyone who found a file out of context.  Listed most prolific first;
 * drawn with Zipf weights 1/(i+1). */
static const struct provider {
    const char *name;
    const char *domain;
} providers[] = {
    {"Harbor Ledger", "harborledger.example"},
    {"Northfield Times", "northfieldtimes.example"},
    {"The Daily Meridian", "dailymeridian.example"},
    {"Capital Wire", "capitalwire.example"},
    {"Lakeside Post", "lakesidepost.example"},
    {"Granite Business Review", "granitebusiness.example"},
    {"Evening Courier", "eveningcourier.example"},
    {"Tech Current", "techcurrent.example"},
    {"Silverline News", "silverline.example"},
    {"The Observer Gazette", "observergazette.example"},
    {"Market Pulse", "marketpulse.example"},
    {"Coastal Herald", "coastalherald.example"},
    {"World Dispatch", "worlddispatch.example"},
    {"Summit Chronicle", "summitchronicle.example"},
    {"Pioneer Press Service", "pioneerpress.example"},
    {"Riverbend Journal", "riverbendjournal.example"},
    {"Atlas Finance", "atlasfinance.example"},
    {"Bright Circuit", "brightcircuit.example"},
    {"Civic Record", "civicrecord.example"},
    {"Frontier Signal", "frontiersignal.example"},
    {"Oakridge Tribune", "oakridgetribune.example"},
    {"Prairie Bulletin", "prairiebulletin.example"},
    {"Metro Standard", "metrostandard.example"},
    {"Science Ledger", "scienceledger.example"},
    {"Pacific Monitor", "pacificmonitor.example"},
    {"The Weekly Compass", "weeklycompass.example"},
    {"Energy Desk", "energydesk.example"},
    {"Highland Express", "highlandexpress.example"},
    {"Open Markets Daily", "openmarkets.example"},
    {"Security Watch", "securitywatch.example"},
    {"Valley Sentinel", "valleysentinel.example"},
    {"Global Briefing", "globalbriefing.example"},
};

static const char *const sections[] = {"news", "business", "world", "tech",
                                       "markets", "politics", "science",
                                       "sports", "health"};

struct weighted {
    const char *value;
    double share;
};

static const struct weighted categories[] = {
    {"news", 0.80}, {"business", 0.08}, {"opinion", 0.05},
    {"analysis", 0.04}, {"press-release", 0.03}};
static const struct weighted types[] = {
    {"article", 0.90}, {"video", 0.04}, {"blog", 0.04}, {"podcast", 0.02}};

#define STORY_WORDS 8
#define RELATED_SHARE 0.10
#define HEAT_UNKNOWN_SHARE 0.30
#define HEAT_PARETO_ALPHA 0.8
#define HEAT_MAX 1000000.0
#define WRAP_COLUMN 68

/* 2015-01-01T00:00:00Z and the number of days to 2024-12-31. */
#define EPOCH_2015 1420070400LL
#define DATE_SPAN_DAYS 3653

/* Share of words drawn from the article's topic rather than from the
 * whole vocabulary. */
#define TOPIC_SHARE_PROSE 0.15
#define TOPIC_SHARE_TITLE 0.20

struct story {
    size_t ranks[STORY_WORDS];
    const size_t *topic;   /* ARTICLE_TOPIC_WORDS ranks */
};

static const char *pick_weighted(struct rng *r, const struct weighted *w,
                                 size_t n)
{
    double u = rng_unit(r);
    for (size_t i = 0; i < n; i++) {
        if (u < w[i].share)
            return w[i].value;
        u -= w[i].share;
    }
    return w[0].value;
}

static const struct provider *pick_provider(struct rng *r)
{
    /* Weights 1/(i+1); 32 additions are cheaper than caching them. */
    double total = 0;
    for (size_t i = 0; i < COUNT(providers); i++)
        total += 1.0 / (double)(i + 1);
    double u = rng_unit(r) * total;
    for (size_t i = 0; i < COUNT(providers); i++) {
        u -= 1.0 / (double)(i + 1);
        if (u < 0)
            return &providers[i];
    }
    return &providers[0];
}

/* A story word: frequent enough to recur, rare enough to be a subject. */
static size_t draw_story_rank(const struct model *m, struct rng *r)
{
    size_t rank = 0;
    for (int tries = 0; tries < 64; tries++) {
        rank = model_draw_rank(m, r);
        if (rank >= 40 && !model_rank_is_stop(m, rank))
            break;
    }
    return rank;
}

/* An index in [0, n) favouring the start: the square of a uniform puts
 * half the draws in the first quarter, a rough within-topic Zipf. */
static size_t draw_front(struct rng *r, size_t n)
{
    double u = rng_unit(r);
    return (size_t)(u * u * (double)n);
}

static size_t draw_word(const struct model *m, struct rng *r,
                        const struct story *s, double story_share,
                        double topic_share)
{
    double u = rng_unit(r);
    if (u < story_share) {
        /* The first story words are the subject: min of two uniforms
         * favours them. */
        size_t a = rng_below(r, STORY_WORDS), b = rng_below(r, STORY_WORDS);
        return s->ranks[a < b ? a : b];
    }
    if (u < story_share + topic_share)
        return s->topic[draw_front(r, ARTICLE_TOPIC_WORDS)];
    return model_draw_rank(m, r);
}

static void capitalise_at(struct sbuf *b, size_t at)
{
    if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z')
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

/* YAML double-quoted scalar: only '"', '\\' and control bytes need
 * escapes; UTF-8 passes through. */
static void put_quoted(struct sbuf *b, const char *s)
{
    sbuf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            sbuf_putc(b, '\\');
            sbuf_putc(b, (char)c);
        } else if (c < 0x20) {
            sbuf_printf(b, "\\x%02x", c);
        } else {
            sbuf_putc(b, (char)c);
        }
    }
    sbuf_putc(b, '"');
}

static void put_title(const struct model *m, struct rng *r,
                      const struct story *s, uint32_t words, struct sbuf *b)
{
    if (words == 0)
        words = 1;
    int capitals = rng_chance(r, m->caps_title_share);
    size_t start = b->len;
    for (uint32_t i = 0; i < words; i++) {
        size_t rank = draw_word(m, r, s, 0.45, TOPIC_SHARE_TITLE);
        /* Headlines drop most function words. */
        if (model_rank_is_stop(m, rank) && rng_chance(r, 0.6))
            rank = draw_word(m, r, s, 0.45, TOPIC_SHARE_TITLE);
        if (i > 0)
            sbuf_putc(b, ' ');
        model_append_word(m, rank, b);
    }
    if (capitals) {
        for (size_t i = start; i < b->len; i++)
            if (b->data[i] >= 'a' && b->data[i] <= 'z')
                b->data[i] = (char)(b->data[i] - 'a' + 'A');
    } else {
        capitalise_at(b, start);
    }
}

/* Sentences of prose.  `wrap` > 0 breaks lines at that column and starts
 * a new paragraph every few sentences, as wire copy does. */
static void put_prose(const struct model *m, struct rng *r,
                      const struct story *s, uint32_t words, double story_share,
                      int wrap, struct sbuf *b)
{
    uint32_t left_in_sentence = 0, sentences_in_paragraph = 0;
    uint32_t paragraph_length = 2 + (uint32_t)rng_below(r, 4);
    size_t line_start = b->len;
    for (uint32_t i = 0; i < words; i++) {
        int sentence_start = left_in_sentence == 0;
        if (sentence_start)
            left_in_sentence = 6 + (uint32_t)rng_below(r, 24);
        if (i > 0) {
            if (sentence_start && wrap && sentences_in_paragraph >= paragraph_length) {
                sbuf_puts(b, "\n\n");
                line_start = b->len;
                sentences_in_paragraph = 0;
                paragraph_length = 2 + (uint32_t)rng_below(r, 4);
            } else {
                sbuf_putc(b, ' ');
            }
        }
        size_t word_at = b->len;
        model_append_word(m, draw_word(m, r, s, story_share, TOPIC_SHARE_PROSE), b);
        if (sentence_start)
            capitalise_at(b, word_at);
        left_in_sentence--;
        if (left_in_sentence == 0 || i + 1 == words) {
            sbuf_putc(b, '.');
            sentences_in_paragraph++;
            left_in_sentence = 0;
        } else if (rng_chance(r, 0.07)) {
            sbuf_putc(b, ',');
        }
        if (wrap && b->len - line_start > (size_t)wrap && word_at > line_start &&
            b->data[word_at - 1] == ' ') {
            /* The word overflowed: move it to a new line. */
            b->data[word_at - 1] = '\n';
            line_start = word_at;
        }
    }
}

static uint32_t jitter(struct rng *r, uint32_t n)
{
    /* +-20%, so lengths are not a copy of the 1,982 sample triples. */
    if (n < 3)
        return n;
    double f = 0.8 + 0.4 * rng_unit(r);
    return (uint32_t)(n * f + 0.5);
}

/* Gregorian date from days since 1970-01-01 (Howard Hinnant's
 * civil_from_days). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t draw_time(struct rng *r)
{
    int64_t day;
    for (;;) {
        day = EPOCH_2015 / 86400 + (int64_t)rng_below(r, DATE_SPAN_DAYS);
        int weekday = (int)((day + 4) % 7); /* 0 = Sunday */
        if ((weekday != 0 && weekday != 6) || rng_chance(r, 0.45))
            break;
    }
    int hour = rng_chance(r, 0.8) ? 6 + (int)rng_below(r, 15)
                                  : (int)rng_below(r, 24);
    return day * 86400 + hour * 3600 + (int64_t)rng_below(r, 3600);
}

static void put_time(struct sbuf *b, int64_t t)
{
    int y, mo, d;
    civil_from_days(t / 86400, &y, &mo, &d);
    int64_t s = t % 86400;
    sbuf_printf(b, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", y, mo, d,
                (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* https://www.DOMAIN/SECTION/YYYY/MM/DD/slug-of-the-title-N: the number
 * makes every url unique, the slug makes it look like one. */
static void put_url(struct sbuf *b, const struct provider *p, const char *section,
                    int64_t t, const char *title, uint64_t n, unsigned sub)
{
    int y, mo, d;
    civil_from_days(t / 86400, &y, &mo, &d);
    sbuf_printf(b, "\"https://www.%s/%s/%04d/%02d/%02d/", p->domain, section,
                y, mo, d);
    int words = 0, in_word = 0;
    for (const char *c = title; *c && words < 7; c++) {
        char ch = *c;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (!in_word && words > 0)
                sbuf_putc(b, '-');
            if (!in_word)
                words++;
            in_word = 1;
            sbuf_putc(b, ch);
        } else {
            in_word = 0;
        }
    }
    sbuf_printf(b, "-%llu", (unsigned long long)n);
    if (sub)
        sbuf_printf(b, "-r%u", sub);
    sbuf_puts(b, "\"");
}

static int draw_quality(const struct model *m, struct rng *r)
{
    double u = rng_unit(r);
    for (int q = 0; q <= 100; q++)
        if (u < m->quality_cdf[q])
            return q;
    return 100;
}

static long long draw_heat(struct rng *r)
{
    if (rng_chance(r, HEAT_UNKNOWN_SHARE))
        return -1;
    double x = pow(1.0 - rng_unit(r), -1.0 / HEAT_PARETO_ALPHA);
    if (x > HEAT_MAX)
        x = HEAT_MAX;
    return (long long)x - 1;
}

static void put_provider(struct sbuf *b, const struct provider *p,
                         const char *indent)
{
    sbuf_printf(b, "%sprovider:\n%s  name: ", indent, indent);
    put_quoted(b, p->name);
    sbuf_printf(b, "\n%s  domain: ", indent);
    put_quoted(b, p->domain);
    sbuf_putc(b, '\n');
}

static void put_related(const struct model *m, struct rng *r,
                        const struct story *s, const struct provider *parent,
                        const char *section, int64_t t, uint64_t n,
                        struct sbuf *b, struct sbuf *scratch)
{
    /* 1 entry most often, up to 5. */
    unsigned entries = 1 + (unsigned)(rng_below(r, 5) * rng_below(r, 5) / 4);
    sbuf_puts(b, "\nrelated:\n");
    for (unsigned i = 1; i <= entries; i++) {
        const struct provider *p = pick_provider(r);
        if (p == parent)
            p = &providers[(size_t)(p - providers + 1) % COUNT(providers)];
        const struct model_lengths *len = &m->lengths[rng_below(r, m->n_lengths)];
        scratch->len = 0;
        put_title(m, r, s, jitter(r, len->title), scratch);
        sbuf_puts(b, "  - title: ");
        put_quoted(b, scratch->data);
        uint32_t excerpt_words = jitter(r, len->excerpt);
        if (excerpt_words) {
            size_t title_len = scratch->len;
            sbuf_putc(scratch, '\0');
            size_t at = scratch->len;
            put_prose(m, r, s, excerpt_words, 0.12, 0, scratch);
            sbuf_puts(b, "\n    excerpt: ");
            put_quoted(b, scratch->data + at);
            scratch->len = title_len;
            scratch->data[title_len] = '\0';
        }
        int64_t when = t + (int64_t)rng_below(r, 48 * 3600);
        sbuf_puts(b, "\n    publishedDateTime: ");
        put_time(b, when);
        sbuf_puts(b, "\n    webUrl: ");
        put_url(b, p, section, when, scratch->data, n, i);
        sbuf_puts(b, "\n    type: \"article\"\n");
        put_provider(b, p, "    ");
        sbuf_printf(b, "    quality: %d\n", draw_quality(m, r));
    }
}

void article_topics_init(struct article_topics *t, const struct model *m)
{
    t->words = xmalloc(ARTICLE_TOPICS * ARTICLE_TOPIC_WORDS * sizeof *t->words);
    for (size_t k = 0; k < ARTICLE_TOPICS; k++) {
        /* Topic k's words depend on k alone, not on the corpus seed. */
        struct rng r = rng_for(0x746f70696373ULL, k);
        for (size_t j = 0; j < ARTICLE_TOPIC_WORDS; j++)
            t->words[k * ARTICLE_TOPIC_WORDS + j] = draw_story_rank(m, &r);
    }
}

void article_topics_free(struct article_topics *t)
{
    free(t->words);
    t->words = NULL;
}

void article_generate(const struct model *m, const struct article_topics *topics,
                      uint64_t seed, uint64_t n, struct sbuf *out)
{
    struct rng r = rng_for(seed, n);
    struct story s;
    /* Some topics are far more written about than others. */
    s.topic = &topics->words[draw_front(&r, ARTICLE_TOPICS) * ARTICLE_TOPIC_WORDS];
    /* Half the story's words come from its topic: stories on one subject
     * share names and terms. */
    for (size_t i = 0; i < STORY_WORDS; i++)
        s.ranks[i] = rng_chance(&r, 0.5) ? s.topic[draw_front(&r, ARTICLE_TOPIC_WORDS)]
                                         : draw_story_rank(m, &r);
    const struct model_lengths *len = &m->lengths[rng_below(&r, m->n_lengths)];
    const struct provider *p = pick_provider(&r);
    const char *section = sections[rng_below(&r, COUNT(sections))];
    int has_date = !rng_chance(&r, 0.02);
    int has_provider = !rng_chance(&r, 0.03);
    int64_t t = draw_time(&r);

    /* The title is needed twice (field and url slug): build it apart. */
    struct sbuf title = {0};
    put_title(m, &r, &s, jitter(&r, len->title), &title);

    out->len = 0;
    sbuf_puts(out, "---\ncategory: ");
    put_quoted(out, pick_weighted(&r, categories, COUNT(categories)));
    sbuf_puts(out, "\ntitle: ");
    put_quoted(out, title.data);
    uint32_t excerpt_words = jitter(&r, len->excerpt);
    if (excerpt_words) {
        struct sbuf excerpt = {0};
        put_prose(m, &r, &s, excerpt_words, 0.10, 0, &excerpt);
        sbuf_puts(out, "\nexcerpt: ");
        put_quoted(out, excerpt.data);
        sbuf_free(&excerpt);
    }
    if (has_date) {
        sbuf_puts(out, "\npublishedDateTime: ");
        put_time(out, t);
    }
    sbuf_puts(out, "\nwebUrl: ");
    put_url(out, p, section, t, title.data, n, 0);
    sbuf_puts(out, "\ntype: ");
    put_quoted(out, pick_weighted(&r, types, COUNT(types)));
    sbuf_printf(out, "\nquality: %d\nheat: %lld\n", draw_quality(m, &r),
                draw_heat(&r));
    double u = rng_unit(&r);
    if (u < 0.88)
        sbuf_puts(out, "published: true\n");
    else if (u < 0.95)
        sbuf_puts(out, "published: false\n");

    if (has_provider) {
        sbuf_putc(out, '\n');
        put_provider(out, p, "");
    }
    unsigned n_topics = (unsigned)rng_below(&r, 5);
    if (n_topics && m->n_topics) {
        sbuf_puts(out, "\ntopics:\n");
        for (unsigned i = 0; i < n_topics; i++) {
            double v = rng_unit(&r);
            size_t k = 0;
            while (k + 1 < m->n_topics && m->topic_cdf[k] <= v)
                k++;
            sbuf_puts(out, "  - ");
            put_quoted(out, m->topics[k]);
            sbuf_putc(out, '\n');
        }
    }
    if (rng_chance(&r, 0.4)) {
        sbuf_printf(out, "\nimages:\n  - url: \"https://cdn.%s/img/%llu.jpg\"\n"
                         "    width: 1200\n    height: 675\n",
                    p->domain, (unsigned long long)n);
    }
    if (rng_chance(&r, RELATED_SHARE))
        put_related(m, &r, &s, p, section, t, n, out, &title);
    sbuf_puts(out, "---\n");

    uint32_t body_words = jitter(&r, len->body);
    if (body_words) {
        sbuf_putc(out, '\n');
        put_prose(m, &r, &s, body_words, 0.06, WRAP_COLUMN, out);
        sbuf_putc(out, '\n');
    }
    sbuf_free(&title);
}
