/* test_article.c - unit tests for the article reader (indexer/article.c,
 * utf8.c, iso_date.c).
 *
 * Most inputs are built in memory so each test shows the bytes it feeds;
 * files under tests/fixtures/articles/ are read relative to SRCDIR (the
 * repository root by default, where the tests are run from).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "iso_date.h"
#include "utf8.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif
#define FIXTURE(name) SRCDIR "/tests/fixtures/articles/" name

/* Two pieces of the seed article's `secured` value. */
#define SECURED_HEAD "7X89WuASKc6+cdS25izT0u3Tti"
#define SECURED_TAIL "TlN1Z6mcSFZXj0MyWWv7Lw=="

/* ------------------------------------------------------------------ */
/* Helpers (take the caller's file/line so failures point at the test) */

static void parse_ok_at(const char *text, size_t len, struct article *a,
                        const char *file, int line)
{
    struct article_error err;

    if (article_parse(text, len, a, &err) != 0) {
        print_error("unexpected error %u:%u: %s\n", err.line, err.column,
                    err.message);
        _fail(file, line);
    }
}
#define PARSE_OK(text, a) parse_ok_at(text, strlen(text), a, __FILE__, __LINE__)

static void expect_error_at(const char *text, size_t len, unsigned eline,
                            unsigned ecol, const char *emsg,
                            const char *file, int line)
{
    struct article a;
    struct article_error err;
    static const struct article zero;

    _assert_int_equal(article_parse(text, len, &a, &err), -1, file, line);
    _assert_string_equal(err.message, emsg, file, line);
    _assert_int_equal(err.line, eline, file, line);
    _assert_int_equal(err.column, ecol, file, line);
    /* A failed parse leaves the article empty. */
    _assert_true(memcmp(&a, &zero, sizeof a) == 0, "article is empty",
                 file, line);
    article_free(&a);
}
#define EXPECT_ERROR(text, l, c, msg) \
    expect_error_at(text, strlen(text), l, c, msg, __FILE__, __LINE__)
#define EXPECT_ERROR_N(text, len, l, c, msg) \
    expect_error_at(text, len, l, c, msg, __FILE__, __LINE__)

static int contains_secured(const char *s)
{
    return s && (strstr(s, SECURED_HEAD) || strstr(s, SECURED_TAIL));
}

/* Does any string the article holds contain the secured text? */
static int article_leaks_secured(const struct article *a)
{
    const char *fields[] = { a->title, a->excerpt, a->body, a->category,
                             a->type, a->web_url, a->original_url,
                             a->provider_name, a->provider_domain,
                             a->date_iso };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (contains_secured(fields[i]))
            return 1;
    for (size_t i = 0; i < a->n_topics; i++)
        if (contains_secured(a->topics[i]))
            return 1;
    for (size_t i = 0; i < a->n_related; i++) {
        const struct article_related *r = &a->related[i];
        if (contains_secured(r->title) || contains_secured(r->excerpt)
            || contains_secured(r->url) || contains_secured(r->provider_name)
            || contains_secured(r->provider_domain)
            || contains_secured(r->date_iso))
            return 1;
    }
    return 0;
}

/* A malloc'ed string of n copies of c. */
static char *repeat(const char *piece, size_t n)
{
    size_t plen = strlen(piece);
    char *s = malloc(plen * n + 1);

    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * plen, piece, plen);
    s[plen * n] = '\0';
    return s;
}

/* printf into a malloc'ed string. */
static char *format(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ------------------------------------------------------------------ */
/* The seed article                                                    */

static void test_seed_every_field(void **state)
{
    struct article a;
    struct article_error err;
    (void)state;

    assert_int_equal(article_read_file(FIXTURE("seed.txt"),
                                       ARTICLE_DEFAULT_MAX_BYTES, &a, &err),
                     0);
    assert_string_equal(a.title,
                        "LAPD Bans Facial Recognition, Citing Privacy Concerns");
    assert_string_equal(a.excerpt,
                        "The department has said no thanks to the Clearview "
                        "AI platform, after an expose showing that officers "
                        "had used it 475 times during a trial period alone.");
    assert_null(a.body);
    assert_string_equal(a.category, "news");
    assert_string_equal(a.type, "article");
    assert_string_equal(a.date_iso, "2020-11-18T19:58:00Z");
    assert_int_equal(a.date_epoch, 1605729480);
    assert_string_equal(a.original_url,
        "https://threatpost.com/lapd-facial-recognition-privacy-concerns/161364/");
    assert_string_equal(a.web_url,
        "https://threatpost.com/lapd-facial-recognition-privacy-concerns/161364/");
    assert_int_equal(a.quality, 39);
    assert_int_equal(a.heat, -1);
    assert_int_equal(a.published, 0);
    assert_string_equal(a.provider_name, "Threat Post");
    assert_string_equal(a.provider_domain, "threatpost.com");
    assert_int_equal(a.n_topics, 2);
    assert_string_equal(a.topics[0], "Computer Vision");
    assert_string_equal(a.topics[1], "AI");
    assert_false(article_leaks_secured(&a));
    article_free(&a);
}

static void test_seed_related(void **state)
{
    struct article a;
    struct article_error err;
    (void)state;

    assert_int_equal(article_read_file(FIXTURE("seed.txt"),
                                       ARTICLE_DEFAULT_MAX_BYTES, &a, &err),
                     0);
    assert_int_equal(a.n_related, 3);

    assert_string_equal(a.related[0].title,
        "LAPD Bans Use Of Third Party Facial Recognition Software For Law "
        "Enforcement Work");
    assert_string_equal(a.related[0].excerpt,
        "Law enforcement having facial recognition access to nearly anyone "
        "who posts anything online could be a concern");
    assert_string_equal(a.related[0].url,
                        "https://hothardware.com/news/lapd-facial-recognition-ban");
    assert_string_equal(a.related[0].provider_name, "HotHardware");
    assert_string_equal(a.related[0].provider_domain, "hothardware.com");
    assert_string_equal(a.related[0].date_iso, "2020-11-18T19:32:00Z");
    assert_int_equal(a.related[0].date_epoch, 1605729480 - 26 * 60);
    assert_int_equal(a.related[0].quality, 54);

    assert_string_equal(a.related[1].title,
                        "LAPD bars use of third-party facial recognition systems");
    assert_string_equal(a.related[1].url,
        "https://www.securityinfowatch.com/access-identity/biometrics/"
        "facial-recognition-solutions/news/21163317/"
        "lapd-bars-use-of-thirdparty-facial-recognition-systems");
    assert_string_equal(a.related[1].provider_name, "Security");
    assert_string_equal(a.related[1].provider_domain, "securityinfowatch.com");
    assert_string_equal(a.related[1].date_iso, "2020-11-18T22:26:00Z");
    assert_int_equal(a.related[1].quality, 39);

    assert_string_equal(a.related[2].title,
                        "LAPD ban facial recognition following alleged "
                        "unauthorised use");
    assert_string_equal(a.related[2].url,
        "https://iottechnews.com/news/2020/nov/19/"
        "lapd-ban-facial-recognition-unauthorised-use/");
    assert_string_equal(a.related[2].provider_name, "iottechnews.com");
    assert_string_equal(a.related[2].provider_domain, "iottechnews.com");
    assert_string_equal(a.related[2].date_iso, "2020-11-19T16:21:00Z");
    assert_int_equal(a.related[2].date_epoch, 1605802860);
    assert_int_equal(a.related[2].quality, 39);
    article_free(&a);
}

/* The secured value is skipped, whatever its shape, and never reaches an
 * error message either. */
static void test_secured_never_copied(void **state)
{
    struct article a;
    struct article_error err;
    (void)state;

    PARSE_OK("---\ntitle: t\nsecured: {a: \"" SECURED_HEAD "\"}\n---\n"
             SECURED_TAIL "x\n", &a);
    /* the body is the one place it may legitimately appear: not YAML */
    assert_string_equal(a.body, SECURED_TAIL "x");
    a.body[0] = '\0';
    assert_false(article_leaks_secured(&a));
    article_free(&a);

    static const char wrong_type_after[] =
        "---\ntitle: t\nsecured: \"" SECURED_HEAD "\"\nquality: \"high\"\n---\n";
    static const char unterminated[] =
        "---\ntitle: t\nsecured: \"" SECURED_HEAD "\n---\n";
    static const char wrong_shape[] =
        "---\ntitle: t\nsecured: [\"" SECURED_HEAD "\"]\ntitle: again\n---\n";

    assert_int_equal(article_parse(wrong_type_after,
                                   sizeof wrong_type_after - 1, &a, &err), -1);
    assert_false(contains_secured(err.message));
    assert_int_equal(article_parse(unterminated, sizeof unterminated - 1, &a,
                                   &err), -1);
    assert_memory_equal(err.message, "YAML: ", 6);
    assert_false(contains_secured(err.message));
    assert_int_equal(article_parse(wrong_shape, sizeof wrong_shape - 1, &a,
                                   &err), -1);
    assert_string_equal(err.message, "duplicate key 'title'");

    EXPECT_ERROR("---\ntitle: t\nsecured: a\nsecured: b\n---\n", 4, 1,
                 "duplicate key 'secured'");
}

/* ------------------------------------------------------------------ */
/* Missing fields and sentinels                                        */

static void test_minimal_article_sentinels(void **state)
{
    struct article a;
    struct article_error err;
    (void)state;

    assert_int_equal(article_read_file(FIXTURE("minimal.txt"), 1024, &a, &err),
                     0);
    assert_string_equal(a.title, "Only a title");
    assert_null(a.excerpt);
    assert_null(a.body);
    assert_null(a.category);
    assert_null(a.type);
    assert_null(a.web_url);
    assert_null(a.original_url);
    assert_null(a.provider_name);
    assert_null(a.provider_domain);
    assert_null(a.date_iso);
    assert_int_equal(a.quality, -1);
    assert_int_equal(a.heat, -1);
    assert_int_equal(a.published, -1);
    assert_null(a.topics);
    assert_int_equal(a.n_topics, 0);
    assert_null(a.related);
    assert_int_equal(a.n_related, 0);
    article_free(&a);
}

static void test_nulls_count_as_missing(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\ntitle: t\nexcerpt: ~\ncategory: null\ntype:\n"
             "publishedDateTime: NULL\noriginalUrl: Null\nwebUrl: ~\n"
             "quality: ~\nheat: null\npublished:\nprovider: ~\ntopics: ~\n"
             "related: ~\nimages: ~\n---\n", &a);
    assert_null(a.excerpt);
    assert_null(a.category);
    assert_null(a.type);
    assert_null(a.date_iso);
    assert_null(a.original_url);
    assert_null(a.web_url);
    assert_int_equal(a.quality, -1);
    assert_int_equal(a.heat, -1);
    assert_int_equal(a.published, -1);
    assert_null(a.provider_name);
    assert_int_equal(a.n_topics, 0);
    assert_int_equal(a.n_related, 0);
    article_free(&a);

    /* Quoted "null" is a string, not a null. */
    PARSE_OK("---\ntitle: t\ncategory: \"null\"\n---\n", &a);
    assert_string_equal(a.category, "null");
    article_free(&a);
}

static void test_strings_trimmed(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\ntitle: \"  spaced \\t \"\nexcerpt: \"   \"\n"
             "category: '\\n'\ntype: 1987\n---\n\n\n  the body \n  ends\t\n\n",
             &a);
    assert_string_equal(a.title, "spaced");
    assert_null(a.excerpt);
    assert_string_equal(a.category, "\\n");   /* single quotes: no escapes */
    assert_string_equal(a.type, "1987");      /* any scalar is text */
    assert_string_equal(a.body, "the body \n  ends");
    article_free(&a);

    PARSE_OK("---\ntitle: t\n---\n \r\n\t\n", &a);
    assert_null(a.body);
    article_free(&a);
}

static void test_title_missing(void **state)
{
    (void)state;
    EXPECT_ERROR("---\nexcerpt: e\n---\nbody\n", 1, 1, "title: missing");
    EXPECT_ERROR("---\n---\n", 1, 1, "title: missing");
    EXPECT_ERROR("---\n# only a comment\n---\n", 1, 1, "title: missing");
    EXPECT_ERROR("---\nexcerpt: e\ntitle: \"  \"\n---\n", 3, 8,
                 "title: missing");
    EXPECT_ERROR("---\ntitle: ~\n---\n", 2, 8, "title: missing");
}

/* ------------------------------------------------------------------ */
/* Wrong types                                                         */

static void test_quality(void **state)
{
    struct article a;
    (void)state;

    EXPECT_ERROR("---\ntitle: t\nquality: \"high\"\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("---\ntitle: t\nquality: 101\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("---\ntitle: t\nquality: -1\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("---\ntitle: t\nquality: 39.5\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("---\ntitle: t\nquality: [39]\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("---\ntitle: t\nquality: \"\"\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    PARSE_OK("---\ntitle: t\nquality: 0\n---\n", &a);
    assert_int_equal(a.quality, 0);
    article_free(&a);
    PARSE_OK("---\ntitle: t\nquality: 100\n---\n", &a);
    assert_int_equal(a.quality, 100);
    article_free(&a);
    PARSE_OK("---\ntitle: t\nquality: \"39\"\n---\n", &a);
    assert_int_equal(a.quality, 39);
    article_free(&a);
}

static void test_heat(void **state)
{
    struct article a;
    (void)state;

    EXPECT_ERROR("---\ntitle: t\nheat: [1]\n---\n", 3, 7,
                 "heat: expected an integer >= -1");
    EXPECT_ERROR("---\ntitle: t\nheat: -2\n---\n", 3, 7,
                 "heat: expected an integer >= -1");
    EXPECT_ERROR("---\ntitle: t\nheat: 9223372036854775808\n---\n", 3, 7,
                 "heat: expected an integer >= -1");
    EXPECT_ERROR("---\ntitle: t\nheat: 0x10\n---\n", 3, 7,
                 "heat: expected an integer >= -1");
    PARSE_OK("---\ntitle: t\nheat: 9223372036854775807\n---\n", &a);
    assert_true(a.heat == INT64_MAX);
    article_free(&a);
    PARSE_OK("---\ntitle: t\nheat: -1\n---\n", &a);
    assert_int_equal(a.heat, -1);
    article_free(&a);
    PARSE_OK("---\ntitle: t\nheat: 18\n---\n", &a);
    assert_int_equal(a.heat, 18);
    article_free(&a);
}

static void test_published(void **state)
{
    static const struct { const char *text; int value; } cases[] = {
        { "true", 1 }, { "false", 0 }, { "yes", 1 }, { "no", 0 },
        { "on", 1 }, { "off", 0 }, { "TRUE", 1 }, { "False", 0 },
        { "Off", 0 }, { "\"true\"", 1 }, { "'no'", 0 },
    };
    struct article a;
    (void)state;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = format("---\ntitle: t\npublished: %s\n---\n",
                            cases[i].text);
        PARSE_OK(text, &a);
        assert_int_equal(a.published, cases[i].value);
        article_free(&a);
        free(text);
    }
    EXPECT_ERROR("---\ntitle: t\npublished: 1\n---\n", 3, 12,
                 "published: expected true or false");
    EXPECT_ERROR("---\ntitle: t\npublished: maybe\n---\n", 3, 12,
                 "published: expected true or false");
    EXPECT_ERROR("---\ntitle: t\npublished: {a: 1}\n---\n", 3, 12,
                 "published: expected true or false");
}

static void test_string_fields_reject_collections(void **state)
{
    (void)state;
    EXPECT_ERROR("---\ntitle: {a: b}\n---\n", 2, 8, "title: expected a string");
    EXPECT_ERROR("---\ntitle: t\nexcerpt: [a]\n---\n", 3, 10,
                 "excerpt: expected a string");
    EXPECT_ERROR("---\ntitle: t\nwebUrl:\n  - x\n---\n", 4, 3,
                 "webUrl: expected a string");
    EXPECT_ERROR("---\ntitle: t\npublishedDateTime: [2020-01-01]\n---\n", 3,
                 20, "publishedDateTime: not an ISO 8601 date");
    EXPECT_ERROR("---\ntitle: t\npublishedDateTime: yesterday\n---\n", 3,
                 20, "publishedDateTime: not an ISO 8601 date");
}

static void test_provider(void **state)
{
    struct article a;
    (void)state;

    /* A plain string is taken as the name. */
    PARSE_OK("---\ntitle: t\nprovider: \"Reuters\"\n---\n", &a);
    assert_string_equal(a.provider_name, "Reuters");
    assert_null(a.provider_domain);
    article_free(&a);
    PARSE_OK("---\ntitle: t\nprovider: {domain: x.com, other: [1]}\n---\n",
             &a);
    assert_null(a.provider_name);
    assert_string_equal(a.provider_domain, "x.com");
    article_free(&a);
    EXPECT_ERROR("---\ntitle: t\nprovider: [a]\n---\n", 3, 11,
                 "provider: expected a mapping");
    EXPECT_ERROR("---\ntitle: t\nprovider:\n  name: {a: b}\n---\n", 4, 9,
                 "provider.name: expected a string");
    EXPECT_ERROR("---\ntitle: t\nprovider:\n  name: a\n  name: b\n---\n", 5,
                 3, "provider: duplicate key 'name'");
}

static void test_topics(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\ntitle: t\ntopics: \"Business\"\n---\n", &a);
    assert_int_equal(a.n_topics, 1);
    assert_string_equal(a.topics[0], "Business");
    article_free(&a);

    PARSE_OK("---\ntitle: t\ntopics: [a, ~, \"\", ' b ', 7]\n---\n", &a);
    assert_int_equal(a.n_topics, 3);
    assert_string_equal(a.topics[0], "a");
    assert_string_equal(a.topics[1], "b");
    assert_string_equal(a.topics[2], "7");
    article_free(&a);

    EXPECT_ERROR("---\ntitle: t\ntopics: {a: 1}\n---\n", 3, 9,
                 "topics: expected a list of strings");
    EXPECT_ERROR("---\ntitle: t\ntopics:\n  - a\n  - [b]\n---\n", 5, 5,
                 "topics: expected a list of strings");
}

static void test_many_topics(void **state)
{
    struct article a;
    char *items = repeat("  - topic\n", 1000);
    char *text = format("---\ntitle: t\ntopics:\n%s---\n", items);
    (void)state;

    PARSE_OK(text, &a);
    assert_int_equal(a.n_topics, 1000);
    assert_string_equal(a.topics[999], "topic");
    article_free(&a);
    free(text);
    free(items);
}

/* ------------------------------------------------------------------ */
/* Related                                                             */

static void test_related_entries(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\ntitle: t\nrelated:\n"
             "  - title: one\n    originalUrl: http://o/1\n"
             "    provider: Wire\n"
             "  - excerpt: no title, skipped\n    quality: 5\n"
             "  - title: three\n    webUrl: http://w/3\n"
             "    originalUrl: http://o/3\n    quality: \"0\"\n"
             "    publishedDateTime: 2020-11-18T20:32:00+01:00\n"
             "    images: [{url: x}]\n    type: article\n"
             "---\n", &a);
    assert_int_equal(a.n_related, 2);
    assert_string_equal(a.related[0].title, "one");
    assert_string_equal(a.related[0].url, "http://o/1");
    assert_string_equal(a.related[0].provider_name, "Wire");
    assert_null(a.related[0].provider_domain);
    assert_null(a.related[0].excerpt);
    assert_null(a.related[0].date_iso);
    assert_int_equal(a.related[0].quality, -1);
    assert_string_equal(a.related[1].title, "three");
    assert_string_equal(a.related[1].url, "http://w/3");   /* webUrl first */
    assert_int_equal(a.related[1].quality, 0);
    assert_string_equal(a.related[1].date_iso, "2020-11-18T19:32:00Z");
    article_free(&a);
}

static void test_related_errors(void **state)
{
    (void)state;
    EXPECT_ERROR("---\ntitle: t\nrelated: 5\n---\n", 3, 10,
                 "related: expected a list of mappings");
    EXPECT_ERROR("---\ntitle: t\nrelated: {title: x}\n---\n", 3, 10,
                 "related: expected a list of mappings");
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - title: a\n  - just text\n---\n",
                 5, 5, "related: expected a list of mappings");
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - title: a\n    quality: high\n"
                 "---\n", 5, 14,
                 "related.quality: expected an integer from 0 to 100");
    /* Wrong types are errors even in an entry that would be skipped. */
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - excerpt: [a]\n---\n", 4, 14,
                 "related.excerpt: expected a string");
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - title: a\n"
                 "    publishedDateTime: 2020-02-30\n---\n", 5, 24,
                 "related.publishedDateTime: not an ISO 8601 date");
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - title: a\n"
                 "    provider: {name: [x]}\n---\n", 5, 22,
                 "related.provider.name: expected a string");
    EXPECT_ERROR("---\ntitle: t\nrelated:\n  - title: a\n    title: b\n---\n",
                 5, 5, "related: duplicate key 'title'");
}

static void test_related_capped(void **state)
{
    struct article a;
    char *items = repeat("  - {title: x, webUrl: u, quality: 1}\n", 150);
    char *text = format("---\ntitle: t\nrelated:\n%s---\n", items);
    (void)state;

    PARSE_OK(text, &a);
    assert_int_equal(a.n_related, 100);
    assert_string_equal(a.related[99].url, "u");
    article_free(&a);
    free(text);
    free(items);
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */

static void test_duplicate_keys(void **state)
{
    struct article a;
    (void)state;

    EXPECT_ERROR("---\ntitle: a\nexcerpt: e\ntitle: b\n---\n", 4, 1,
                 "duplicate key 'title'");
    EXPECT_ERROR("---\ntitle: a\n\"quality\": 1\nquality: 2\n---\n", 4, 1,
                 "duplicate key 'quality'");
    /* Repeated unknown keys are left alone: nothing reads them. */
    PARSE_OK("---\ntitle: a\nfoo: 1\nfoo: [2]\n---\n", &a);
    article_free(&a);
}

static void test_unknown_fields_ignored(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\nfoo: {a: [1, {b: c}], d: ~}\n? [complex, key]\n: value\n"
             "? {title: nested}\n: x\nbar: !!binary aGVsbG8=\n"
             "Title: not the title\ntitle: real\n"
             "images: [{url: \"http://x\", width: 1}]\n---\n", &a);
    assert_string_equal(a.title, "real");
    article_free(&a);
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */

static void expect_date_at(const char *in, const char *iso, int64_t epoch,
                           const char *file, int line)
{
    char *text = format("---\ntitle: t\npublishedDateTime: %s\n---\n", in);
    struct article a;

    parse_ok_at(text, strlen(text), &a, file, line);
    _assert_string_equal(a.date_iso, iso, file, line);
    _assert_int_equal(a.date_epoch, epoch, file, line);
    article_free(&a);
    free(text);
}
#define EXPECT_DATE(in, iso, epoch) \
    expect_date_at(in, iso, epoch, __FILE__, __LINE__)

static void test_date_forms(void **state)
{
    (void)state;
    EXPECT_DATE("2020-11-18T19:58:00Z", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("\"2020-11-18T19:58:00Z\"", "2020-11-18T19:58:00Z",
                1605729480);
    EXPECT_DATE("2020-11-18T19:58Z", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("2020-11-18T19:58:00", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("2020-11-18T19:58:00.999Z", "2020-11-18T19:58:00Z",
                1605729480);
    EXPECT_DATE("2020-11-18t19:58:00,5z", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("'2020-11-18 19:58:00'", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("2020-11-18", "2020-11-18T00:00:00Z", 1605657600);
    EXPECT_DATE("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", 0);
    EXPECT_DATE("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", -1);
    EXPECT_DATE("1987-02-26T15:01:01Z", "1987-02-26T15:01:01Z", 541350061);
}

static void test_date_zones(void **state)
{
    (void)state;
    EXPECT_DATE("2020-11-18T21:58:00+02:00", "2020-11-18T19:58:00Z",
                1605729480);
    EXPECT_DATE("2020-11-18T21:58:00+0200", "2020-11-18T19:58:00Z",
                1605729480);
    EXPECT_DATE("2020-11-18T21:58:00+02", "2020-11-18T19:58:00Z", 1605729480);
    EXPECT_DATE("2020-11-18T14:28:00-05:30", "2020-11-18T19:58:00Z",
                1605729480);
    EXPECT_DATE("2020-11-18T19:58:00-00:00", "2020-11-18T19:58:00Z",
                1605729480);
    /* Offsets that cross a day, a month, a year. */
    EXPECT_DATE("2021-01-01T01:00:00+02:00", "2020-12-31T23:00:00Z",
                1609455600);
    EXPECT_DATE("2020-12-31T23:30:00-01:00", "2021-01-01T00:30:00Z",
                1609461000);
    EXPECT_DATE("2020-03-01T00:15+01:00", "2020-02-29T23:15:00Z", 1583018100);
    /* A leap second rolls into the next minute. */
    EXPECT_DATE("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z", 1483228800);
}

static void test_date_leap_years(void **state)
{
    (void)state;
    EXPECT_DATE("2020-02-29", "2020-02-29T00:00:00Z", 1582934400);
    EXPECT_DATE("2000-02-29", "2000-02-29T00:00:00Z", 951782400);
    EXPECT_DATE("2400-02-29", "2400-02-29T00:00:00Z", 13574563200);
    EXPECT_DATE("1600-02-29", "1600-02-29T00:00:00Z", -11670998400);
    EXPECT_DATE("2020-12-31", "2020-12-31T00:00:00Z", 1609372800);
}

static void test_date_invalid(void **state)
{
    static const char *const bad[] = {
        "2019-02-29", "1900-02-29", "2100-02-29", "2020-02-30", "2020-04-31",
        "2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32",
        "2020-01-01T24:00:00Z", "2020-01-01T23:60:00Z",
        "2020-01-01T23:00:61Z", "2020-01-01T23:00:00+24:00",
        "2020-01-01T23:00:00+01:60", "2020-1-1", "20200101", "2020-01-01T",
        "2020-01-01T10", "2020-01-01T10:00:00.Z", "2020-01-01T10:00:00 Z",
        "2020-01-01T10:00:00+1", "2020-01-01T10:00:00+01:0",
        "2020-01-01T10:00:00+010", "2020-01-01Z", "2020-01-01T10:00Zjunk",
        "1987-03-31T605:12:19Z", "0000-01-01T00:00:00+00:01",
        "9999-12-31T23:59:00-00:01", "\"\"", "1605729480", "true",
    };
    (void)state;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = format("---\ntitle: t\npublishedDateTime: %s\n---\n",
                            bad[i]);
        struct article a;
        struct article_error err;
        int rc = article_parse(text, strlen(text), &a, &err);

        article_free(&a);
        free(text);
        if (rc != -1 || err.line != 3 || err.column != 20
            || strcmp(err.message, "publishedDateTime: not an ISO 8601 date"))
            fail_msg("date %s: rc %d, %u:%u %s", bad[i], rc, err.line,
                     err.column, rc ? err.message : "");
    }
    /* The extremes that still fit in four digits. */
    EXPECT_DATE("0000-01-01", "0000-01-01T00:00:00Z", -62167219200);
    EXPECT_DATE("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", 253402300799);
}

/* Cross-check the civil arithmetic against a plain day count. */
static void test_days_from_civil_exhaustive(void **state)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31 };
    int64_t days = iso_days_from_civil(1600, 1, 1);
    (void)state;

    assert_int_equal(days, -135140);
    for (int y = 1600; y < 2401; y++) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int n = mdays[m - 1] + (m == 2 && leap);
            for (int d = 1; d <= n; d++, days++)
                if (iso_days_from_civil(y, m, d) != days)
                    fail_msg("%04d-%02d-%02d", y, m, d);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Bytes: UTF-8, NUL, BOM, CRLF                                        */

static void test_utf8_validation(void **state)
{
    static const struct { const char *s; size_t len, bad; } cases[] = {
        { "plain", 5, 5 },
        { "\xC3\xA9t\xC3\xA9", 5, 5 },                 /* été */
        { "\xE2\x80\xA8", 3, 3 },                      /* U+2028 */
        { "\xF0\x9F\x93\xB0!", 5, 5 },                 /* U+1F4F0 */
        { "\xF4\x8F\xBF\xBF", 4, 4 },                  /* U+10FFFF */
        { "ab\x80", 3, 2 },                            /* stray continuation */
        { "a\xC0\x80", 3, 1 },                         /* overlong NUL */
        { "a\xC1\xBF", 3, 1 },                         /* overlong */
        { "\xE0\x9F\xBF", 3, 0 },                      /* overlong 3-byte */
        { "\xF0\x8F\xBF\xBF", 4, 0 },                  /* overlong 4-byte */
        { "xx\xED\xA0\x80", 5, 2 },                    /* surrogate */
        { "\xF4\x90\x80\x80", 4, 0 },                  /* > U+10FFFF */
        { "\xF5\x80\x80\x80", 4, 0 },
        { "\xFF", 1, 0 },
        { "ok\xC3", 3, 2 },                            /* truncated at end */
        { "ok\xE2\x80z", 5, 2 },                       /* truncated inside */
    };
    (void)state;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (utf8_find_invalid(cases[i].s, cases[i].len) != cases[i].bad)
            fail_msg("case %zu", i);
    assert_int_equal(utf8_skip_chars("\xC3\xA9t\xF0\x9F\x93\xB0!", 8, 3), 7);
    assert_int_equal(utf8_skip_chars("ab", 2, 5), 2);
}

static void test_invalid_utf8_in_file(void **state)
{
    (void)state;
    EXPECT_ERROR("---\ntitle: caf\xC3\xA9\n---\nline one\nbad \xC3\xA9\xFF here\n",
                 5, 7, "invalid UTF-8");
    EXPECT_ERROR("---\ntitle: t\nexcerpt: \"\xED\xA0\x80\"\n---\n", 3, 11,
                 "invalid UTF-8");
    EXPECT_ERROR("---\ntitle: t\n---\nends with half \xE2\x82", 4, 16,
                 "invalid UTF-8");
    /* Even inside the skipped secured field. */
    EXPECT_ERROR("---\ntitle: t\nsecured: \"\xC0\xAF\"\n---\n", 3, 11,
                 "invalid UTF-8");
}

static void test_nul_bytes(void **state)
{
    static const char body_nul[] = "---\ntitle: t\n---\nab\0c\n";
    static const char fm_nul[] = "---\ntitle: t\0\n---\n";
    (void)state;

    EXPECT_ERROR_N(body_nul, sizeof body_nul - 1, 4, 3, "NUL byte");
    EXPECT_ERROR_N(fm_nul, sizeof fm_nul - 1, 2, 9, "NUL byte");
    /* A NUL spelled as a YAML escape. */
    EXPECT_ERROR("---\ntitle: \"a\\0b\"\n---\n", 2, 8,
                 "title: contains a NUL character");
}

static void test_bom(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("\xEF\xBB\xBF---\ntitle: with BOM\n---\nbody\n", &a);
    assert_string_equal(a.title, "with BOM");
    assert_string_equal(a.body, "body");
    article_free(&a);
    EXPECT_ERROR("\xEF\xBB\xBF---\ntitle: t\nquality: x\n---\n", 3, 10,
                 "quality: expected an integer from 0 to 100");
    EXPECT_ERROR("\xEF\xBB\xBFtitle: t\n", 1, 1,
                 "front matter: no opening '---' line");
    /* Only at the very start. */
    EXPECT_ERROR("\n\xEF\xBB\xBF---\ntitle: t\n---\n", 1, 1,
                 "front matter: no opening '---' line");
}

static void test_crlf(void **state)
{
    struct article a;
    (void)state;

    PARSE_OK("---\r\ntitle: \"CRLF\"\r\nexcerpt: plain words\r\n"
             "topics:\r\n  - a\r\n  - b\r\nquality: 7\r\n---\r\n"
             "\r\nline 1\r\nline 2\r\n", &a);
    assert_string_equal(a.title, "CRLF");
    assert_string_equal(a.excerpt, "plain words");
    assert_int_equal(a.n_topics, 2);
    assert_string_equal(a.topics[1], "b");
    assert_int_equal(a.quality, 7);
    assert_string_equal(a.body, "line 1\nline 2"); /* CRLF becomes LF */
    article_free(&a);
    EXPECT_ERROR("---\r\ntitle: t\r\n\r\nheat: x\r\n---\r\n", 4, 7,
                 "heat: expected an integer >= -1");
}

/* libyaml counts U+2028 and lone CR as line breaks and columns in code
 * points; positions must still be file lines and byte columns. */
static void test_positions_are_file_bytes(void **state)
{
    (void)state;
    EXPECT_ERROR("---\ntitle: \"a\xE2\x80\xA8" "b\"\nexcerpt: \"c\rd\"\n"
                 "topics: [\xC3\xA9\xC3\xA9, {x: 1}]\n---\n", 4, 16,
                 "topics: expected a list of strings");
}

/* ------------------------------------------------------------------ */
/* Framing                                                             */

static void test_framing(void **state)
{
    struct article a;
    (void)state;

    EXPECT_ERROR("", 1, 1, "empty file");
    EXPECT_ERROR("title: t\n---\n", 1, 1,
                 "front matter: no opening '---' line");
    EXPECT_ERROR("----\ntitle: t\n---\n", 1, 1,
                 "front matter: no opening '---' line");
    EXPECT_ERROR("---\ntitle: t\n", 1, 1,
                 "front matter: no closing '---' line");
    EXPECT_ERROR("---", 1, 1, "front matter: no closing '---' line");
    EXPECT_ERROR("---\ntitle: t\n  ---\n", 1, 1,
                 "front matter: no closing '---' line");

    /* Trailing blanks on the delimiters; closing line at EOF. */
    PARSE_OK("---  \t\ntitle: t\n--- ", &a);
    assert_string_equal(a.title, "t");
    assert_null(a.body);
    article_free(&a);

    /* Later `---` lines belong to the body. */
    PARSE_OK("---\ntitle: t\n---\nabove\n---\nbelow\n", &a);
    assert_string_equal(a.body, "above\n---\nbelow");
    article_free(&a);

    /* NULL text with no bytes is an empty file. */
    EXPECT_ERROR_N(NULL, 0, 1, 1, "empty file");
}

static void test_front_matter_shapes(void **state)
{
    (void)state;
    EXPECT_ERROR("---\n- title\n- t\n---\n", 2, 1,
                 "front matter is not a mapping");
    EXPECT_ERROR("---\njust words\n---\n", 2, 1,
                 "front matter is not a mapping");
    /* "--- x" is not our delimiter, but starts a second YAML document. */
    EXPECT_ERROR("---\ntitle: t\n--- more\n---\n", 3, 1,
                 "front matter: more than one YAML document");
}

static void test_yaml_syntax_errors(void **state)
{
    struct article a;
    (void)state;

    /* In a skipped field, so that libyaml's error comes first.  The
     * position is where the construct left open starts, not the end of
     * the front matter where libyaml gave up. */
    EXPECT_ERROR("---\ntitle: t\nfoo: [a, b\n---\n", 3, 6,
                 "YAML: did not find expected ',' or ']' while parsing a "
                 "flow sequence that starts here");
    EXPECT_ERROR("---\ntitle: t\nexcerpt: \"never closed\n---\n", 3, 10,
                 "YAML: found unexpected end of stream while scanning a "
                 "quoted scalar that starts here");
    EXPECT_ERROR("---\ntitle: t\n  bad: indent\n---\n", 3, 6,
                 "YAML: mapping values are not allowed in this context");
    /* Reader errors carry a byte offset rather than a mark. */
    EXPECT_ERROR("---\ntitle: \xC3\xA9\x01\n---\n", 2, 10,
                 "YAML: control characters are not allowed");
    /* Control characters are fine in the body, which is not YAML. */
    PARSE_OK("---\ntitle: t\n---\nbell \x07 here\n", &a);
    article_free(&a);
}

/* ------------------------------------------------------------------ */
/* Hostile YAML                                                        */

static void test_aliases_refused(void **state)
{
    struct article a;
    (void)state;

    EXPECT_ERROR("---\nbase: &x hello\ntitle: *x\n---\n", 3, 8,
                 "YAML aliases are not allowed");
    EXPECT_ERROR("---\ntitle: t\na: &a [\"lol\", \"lol\"]\nb: &b [*a, *a]\n"
                 "c: [*b, *b]\n---\n", 4, 8, "YAML aliases are not allowed");
    /* An anchor alone is harmless. */
    PARSE_OK("---\ntitle: &t Anchored\n---\n", &a);
    assert_string_equal(a.title, "Anchored");
    article_free(&a);
}

static void test_depth_limit(void **state)
{
    struct article a;
    char *open = repeat("[", 64), *close = repeat("]", 64);
    /* The document's mapping is level 1, so x: may hold 63 more. */
    char *ok = format("---\ntitle: t\nx: %.*s%.*s\n---\n", 63, open, 63,
                      close);
    char *deep = format("---\ntitle: t\nx: %s%s\n---\n", open, close);
    (void)state;

    PARSE_OK(ok, &a);
    article_free(&a);
    EXPECT_ERROR(deep, 3, 4 + 63, "YAML nesting deeper than 64 levels");
    free(ok);
    free(deep);
    free(open);
    free(close);
}

static void test_node_limit(void **state)
{
    struct article a;
    /* mapping, "title", "t", "x" and the list are 5 nodes; 99995 items
     * reach the limit exactly. */
    char *items = repeat("1,", 99994);
    char *ok = format("---\ntitle: t\nx: [%s1]\n---\n", items);
    char *over = format("---\ntitle: t\nx: [%s1,2]\n---\n", items);
    (void)state;

    PARSE_OK(ok, &a);
    article_free(&a);
    EXPECT_ERROR(over, 3, 5 + 2 * 99995,
                 "front matter has more than 100000 YAML nodes");
    free(ok);
    free(over);
    free(items);
}

static void test_field_length_limit(void **state)
{
    struct article a;
    char *at_limit = repeat("a", 65536), *over = repeat("a", 65537);
    char *text = format("---\ntitle: %s\n---\n", at_limit);
    char *long_text = format("---\nexcerpt: ok\ntitle: %s\n---\n", over);
    char *ignored = format("---\ntitle: t\nsecured: %s%s%s\n---\n", over, over,
                           over);
    (void)state;

    PARSE_OK(text, &a);
    assert_int_equal(strlen(a.title), 65536);
    article_free(&a);
    EXPECT_ERROR(long_text, 3, 8, "title: longer than 65536 bytes");
    PARSE_OK(ignored, &a);          /* skipped fields are not limited */
    article_free(&a);
    free(text);
    free(long_text);
    free(ignored);
    free(at_limit);
    free(over);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static void test_read_file_errors(void **state)
{
    struct article a;
    struct article_error err;
    static const struct article zero;
    char dir[] = "/tmp/nsearch-test-article-XXXXXX";
    char path[128];
    (void)state;

    assert_non_null(mkdtemp(dir));

    snprintf(path, sizeof path, "%s/missing.txt", dir);
    assert_int_equal(article_read_file(path, 1024, &a, &err), -2);
    assert_true(memcmp(&a, &zero, sizeof a) == 0);

    assert_int_equal(article_read_file(dir, 1024, &a, &err), -1);
    assert_string_equal(err.message, "not a regular file");

    /* A FIFO must be refused without blocking on open. */
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(article_read_file(path, 1024, &a, &err), -1);
    assert_string_equal(err.message, "not a regular file");
    unlink(path);

    assert_int_equal(article_read_file(FIXTURE("seed.txt"), 100, &a, &err), -1);
    assert_string_equal(err.message, "file is larger than 100 bytes");
    assert_int_equal(err.line, 0);

    /* An empty file is read, then refused as an article. */
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(article_read_file(path, 1024, &a, &err), -1);
    assert_string_equal(err.message, "empty file");
    unlink(path);

    rmdir(dir);
}

static void test_read_file_symlink_and_limit(void **state)
{
    struct article a;
    struct article_error err;
    char dir[] = "/tmp/nsearch-test-article-XXXXXX";
    char link_path[128], target[4096];
    struct stat st;
    (void)state;

    assert_non_null(mkdtemp(dir));
    /* The link lives elsewhere, so its target must be absolute. */
    assert_non_null(getcwd(target, sizeof target - 64));
    strcat(target, "/" FIXTURE("seed.txt"));
    if (FIXTURE("seed.txt")[0] == '/')
        strcpy(target, FIXTURE("seed.txt"));
    snprintf(link_path, sizeof link_path, "%s/link.txt", dir);
    assert_int_equal(symlink(target, link_path), 0);
    assert_int_equal(stat(target, &st), 0);

    /* Exactly at the limit is allowed. */
    assert_int_equal(article_read_file(link_path, (size_t)st.st_size, &a,
                                       &err), 0);
    assert_int_equal(a.n_related, 3);
    article_free(&a);
    assert_int_equal(article_read_file(link_path, (size_t)st.st_size - 1, &a,
                                       &err), -1);

    unlink(link_path);
    rmdir(dir);
}

static void test_free_is_safe(void **state)
{
    struct article a;
    (void)state;

    memset(&a, 0, sizeof a);
    article_free(&a);
    article_free(&a);
    PARSE_OK("---\ntitle: t\ntopics: [a]\nrelated: [{title: r}]\n---\n", &a);
    article_free(&a);
    article_free(&a);               /* zeroed by the first call */
    assert_null(a.title);
}

static void test_null_error_pointer(void **state)
{
    struct article a;
    (void)state;

    assert_int_equal(article_parse("nope", 4, &a, NULL), -1);
    assert_int_equal(article_parse("---\ntitle: t\n---\n", 17, &a, NULL), 0);
    article_free(&a);
}

/* The shared corpus, when present: every article but the one whose
 * Reuters date is corrupt must parse. */
static void test_shared_corpus_sample(void **state)
{
    static const char *const files[] = {
        "/reuters/reuters-00001.txt", "/agnews/agnews-00001.txt",
    };
    struct article a;
    struct article_error err;
    char path[512];
    (void)state;

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, SRCDIR "/../shared/corpus%s", files[i]);
        if (access(path, R_OK) != 0)
            skip();
        if (article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &a, &err) != 0)
            fail_msg("%s:%u:%u: %s", path, err.line, err.column, err.message);
        assert_non_null(a.title);
        article_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_every_field),
        cmocka_unit_test(test_seed_related),
        cmocka_unit_test(test_secured_never_copied),
        cmocka_unit_test(test_minimal_article_sentinels),
        cmocka_unit_test(test_nulls_count_as_missing),
        cmocka_unit_test(test_strings_trimmed),
        cmocka_unit_test(test_title_missing),
        cmocka_unit_test(test_quality),
        cmocka_unit_test(test_heat),
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_string_fields_reject_collections),
        cmocka_unit_test(test_provider),
        cmocka_unit_test(test_topics),
        cmocka_unit_test(test_many_topics),
        cmocka_unit_test(test_related_entries),
        cmocka_unit_test(test_related_errors),
        cmocka_unit_test(test_related_capped),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_unknown_fields_ignored),
        cmocka_unit_test(test_date_forms),
        cmocka_unit_test(test_date_zones),
        cmocka_unit_test(test_date_leap_years),
        cmocka_unit_test(test_date_invalid),
        cmocka_unit_test(test_days_from_civil_exhaustive),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_invalid_utf8_in_file),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_positions_are_file_bytes),
        cmocka_unit_test(test_framing),
        cmocka_unit_test(test_front_matter_shapes),
        cmocka_unit_test(test_yaml_syntax_errors),
        cmocka_unit_test(test_aliases_refused),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_field_length_limit),
        cmocka_unit_test(test_read_file_errors),
        cmocka_unit_test(test_read_file_symlink_and_limit),
        cmocka_unit_test(test_free_is_safe),
        cmocka_unit_test(test_null_error_pointer),
        cmocka_unit_test(test_shared_corpus_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
