/* test_limits.c - unit tests for the article reader's limits (struct
 * article_limits, indexer/article.c), its hostile-input guards (control
 * characters, UTF-16, empty files) and nsearch-index's --max-* option
 * parsing (indexer/limit_options.c).
 *
 * Each limit is tested at its bound and one past it, with small limits so
 * the inputs stay readable; the defaults are checked once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "limit_options.h"

static struct article_limits small(void)
{
    struct article_limits l;
    article_limits_init(&l);
    return l;
}

/* Parse `text` within `l`; returns 0 or -1 and leaves the reason in *err. */
static int parse(const char *text, const struct article_limits *l,
                 struct article *a, struct article_error *err)
{
    return article_parse_limited(text, strlen(text), l, a, err);
}

static void test_defaults(void **state)
{
    (void)state;
    struct article_limits l;
    article_limits_init(&l);
    assert_int_equal(l.max_file_bytes, 4 * 1024 * 1024);
    assert_int_equal(l.max_field_bytes, 65536);
    assert_int_equal(l.max_depth, 64);
    assert_int_equal(l.max_nodes, 100000);
    assert_int_equal(l.max_related, 100);
    assert_int_equal(l.max_topics, 1000);
    assert_int_equal(l.max_body_words, 100000);
}

static void test_depth(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    l.max_depth = 3;    /* root mapping + two levels */
    assert_int_equal(parse("---\ntitle: t\nx: [[1]]\n---\n", &l, &a, &err), 0);
    article_free(&a);
    assert_int_equal(parse("---\ntitle: t\nx: [[[1]]]\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "YAML nesting deeper than 3 levels");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 6);
}

static void test_default_depth_stops_a_bomb(void **state)
{
    (void)state;
    struct article a;
    struct article_error err;
    size_t n = 100000;
    char *text = malloc(2 * n + 64);
    assert_non_null(text);
    strcpy(text, "---\ntitle: t\nx: ");
    size_t at = strlen(text);
    memset(text + at, '[', n);
    memset(text + at + n, ']', n);
    strcpy(text + at + 2 * n, "\n---\n");
    assert_int_equal(article_parse(text, strlen(text), &a, &err), -1);
    assert_string_equal(err.message, "YAML nesting deeper than 64 levels");
    free(text);
}

static void test_nodes(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    /* root mapping, then key + value per field: 1 + 2 + 2 + 3 = 8 */
    const char *text = "---\ntitle: t\nx: y\nz: [1]\n---\n";
    l.max_nodes = 8;
    assert_int_equal(parse(text, &l, &a, &err), 0);
    article_free(&a);
    l.max_nodes = 7;
    assert_int_equal(parse(text, &l, &a, &err), -1);
    assert_string_equal(err.message, "front matter has more than 7 YAML nodes");
}

static void test_field_bytes(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    l.max_field_bytes = 5;
    assert_int_equal(parse("---\ntitle: abcde\n---\n", &l, &a, &err), 0);
    article_free(&a);
    assert_int_equal(parse("---\ntitle: abcdef\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "title: longer than 5 bytes");
    assert_int_equal(parse("---\ntitle: t\ntopics: [abcdef]\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "topics: longer than 5 bytes");
    /* Skipped fields are never copied, so not limited. */
    assert_int_equal(parse("---\ntitle: t\nimages: [abcdefghij]\n---\n", &l, &a, &err), 0);
    article_free(&a);
}

static void test_related(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    const char *text = "---\ntitle: t\nrelated:\n"
                       "  - {title: one, webUrl: u1}\n"
                       "  - {title: two, webUrl: u2}\n"
                       "  - {title: three, webUrl: u3}\n"
                       "---\n";
    l.max_related = 2;
    assert_int_equal(parse(text, &l, &a, &err), 0);
    assert_int_equal(a.n_related, 2);
    assert_string_equal(a.related[1].title, "two");
    article_free(&a);
    l.max_related = 0;
    assert_int_equal(parse(text, &l, &a, &err), 0);
    assert_int_equal(a.n_related, 0);
    article_free(&a);
    /* Entries past the limit are still checked. */
    l.max_related = 1;
    assert_int_equal(parse("---\ntitle: t\nrelated:\n  - {title: a}\n"
                           "  - {title: b, quality: high}\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "related.quality: expected an integer from 0 to 100");
}

static void test_topics(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    l.max_topics = 2;
    assert_int_equal(parse("---\ntitle: t\ntopics: [a, b, c]\n---\n", &l, &a, &err), 0);
    assert_int_equal(a.n_topics, 2);
    assert_string_equal(a.topics[1], "b");
    article_free(&a);
}

static void test_body_words(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    l.max_body_words = 3;
    assert_int_equal(parse("---\ntitle: t\n---\n one  two\nthree four five\n", &l, &a, &err), 0);
    assert_string_equal(a.body, "one  two\nthree");
    article_free(&a);
    assert_int_equal(parse("---\ntitle: t\n---\none two three\n", &l, &a, &err), 0);
    assert_string_equal(a.body, "one two three");
    article_free(&a);
    l.max_body_words = 0;
    assert_int_equal(parse("---\ntitle: t\n---\none\n", &l, &a, &err), 0);
    assert_null(a.body);
    article_free(&a);
}

static void test_file_bytes(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    char path[] = "/tmp/nsearch-test-limits.XXXXXX";
    const char *text = "---\ntitle: t\n---\n";   /* 17 bytes */
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    l.max_file_bytes = 17;
    assert_int_equal(article_read_file_limited(path, &l, &a, &err, NULL), 0);
    article_free(&a);
    l.max_file_bytes = 16;
    assert_int_equal(article_read_file_limited(path, &l, &a, &err, NULL), -1);
    assert_string_equal(err.message, "file is larger than 16 bytes");
    assert_int_equal(article_read_file_limited(path, NULL, &a, &err, NULL), 0);
    article_free(&a);
    unlink(path);
}

static void test_aliases_always_refused(void **state)
{
    (void)state;
    struct article_limits l = small();
    struct article a;
    struct article_error err;
    l.max_nodes = 1000000;
    assert_int_equal(parse("---\ntitle: &x t\nexcerpt: *x\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "YAML aliases are not allowed");
    /* in a field that is otherwise skipped, too */
    assert_int_equal(parse("---\ntitle: t\na: &a [1]\nb: [*a, *a]\n---\n", &l, &a, &err), -1);
    assert_string_equal(err.message, "YAML aliases are not allowed");
}

static void test_control_characters_blanked(void **state)
{
    (void)state;
    struct article a;
    struct article_error err;
    /* ESC, BEL, the highlight markers, DEL and C1 CSI (U+009B) become
     * spaces; tab and newline stay; blanks left at the ends are trimmed. */
    const char *text = "---\ntitle: \"\\e[31mred\\a\\x01x\\x02\\x7F\\u009Bz\\tq\\e\"\n"
                       "---\nbody\x1b]0;title\x07 end\n";
    assert_int_equal(article_parse(text, strlen(text), &a, &err), 0);
    assert_string_equal(a.title, "[31mred  x    z\tq"); /* C1: two bytes, two spaces */
    assert_string_equal(a.body, "body ]0;title  end");
    article_free(&a);
    /* CRLF line ends become LF; a lone CR (which would let text
     * overwrite its own line on a terminal) becomes a space. */
    assert_int_equal(article_parse("---\ntitle: t\n---\na\r\nb\rc\r\n", 23, &a, &err), 0);
    assert_string_equal(a.body, "a\nb c");
    article_free(&a);
    /* A title of nothing but control characters is missing. */
    assert_int_equal(article_parse("---\ntitle: \"\\e\\a\"\n---\n", 21, &a, &err), -1);
    assert_string_equal(err.message, "title: missing");
}

static void test_encodings(void **state)
{
    (void)state;
    struct article a;
    struct article_error err;
    assert_int_equal(article_parse("", 0, &a, &err), -1);
    assert_string_equal(err.message, "empty file");
    assert_int_equal(article_parse("\xFF\xFE-\0-\0-\0", 8, &a, &err), -1);
    assert_string_equal(err.message, "UTF-16 text (byte order mark FF FE): articles must be UTF-8");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_int_equal(article_parse("\0-\0-\0-", 6, &a, &err), -1);
    assert_string_equal(err.message,
                        "UTF-16 text (big-endian, no byte order mark): articles must be UTF-8");
    /* A NUL in plain UTF-8 is still just a NUL byte. */
    assert_int_equal(article_parse("---\ntitle: t\n---\nx\0y", 19, &a, &err), -1);
    assert_string_equal(err.message, "NUL byte");
}

static void test_options(void **state)
{
    (void)state;
    struct article_limits l = small();
    char why[256];
    assert_int_equal(limit_option_apply(&l, "max-file-size", "50M", why, sizeof why), 0);
    assert_int_equal(l.max_file_bytes, 50 * 1024 * 1024);
    assert_int_equal(limit_option_apply(&l, "max-file-size", "4096", why, sizeof why), 0);
    assert_int_equal(l.max_file_bytes, 4096);
    assert_int_equal(limit_option_apply(&l, "max-field-size", "1k", why, sizeof why), 0);
    assert_int_equal(l.max_field_bytes, 1024);
    assert_int_equal(limit_option_apply(&l, "max-depth", "8", why, sizeof why), 0);
    assert_int_equal(l.max_depth, 8);
    assert_int_equal(limit_option_apply(&l, "max-nodes", "500", why, sizeof why), 0);
    assert_int_equal(l.max_nodes, 500);
    assert_int_equal(limit_option_apply(&l, "max-related", "0", why, sizeof why), 0);
    assert_int_equal(l.max_related, 0);
    assert_int_equal(limit_option_apply(&l, "max-topics", "7", why, sizeof why), 0);
    assert_int_equal(l.max_topics, 7);
    assert_int_equal(limit_option_apply(&l, "max-body-words", "9", why, sizeof why), 0);
    assert_int_equal(l.max_body_words, 9);

    assert_int_equal(limit_option_apply(&l, "max-file-size", "0", why, sizeof why), -1);
    assert_string_equal(why, "--max-file-size 0: expected a size from 1 to 1073741824 "
                             "(suffix K, M or G allowed)");
    assert_int_equal(limit_option_apply(&l, "max-depth", "8k", why, sizeof why), -1);
    assert_string_equal(why, "--max-depth 8k: expected a whole number from 1 to 10000");
    assert_int_equal(limit_option_apply(&l, "max-nodes", "-1", why, sizeof why), -1);
    assert_int_equal(limit_option_apply(&l, "max-nodes", "", why, sizeof why), -1);
    assert_int_equal(limit_option_apply(&l, "max-file-size", "99999999999999999999999", why,
                                        sizeof why), -1);
    assert_int_equal(limit_option_apply(&l, "max-file-size", "2G", why, sizeof why), -1);
    assert_int_equal(limit_option_apply(&l, "max-files", "1", why, sizeof why), -1);
    assert_string_equal(why, "--max-files: not a limit option");
    /* A failed option changes nothing. */
    assert_int_equal(l.max_file_bytes, 4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_default_depth_stops_a_bomb),
        cmocka_unit_test(test_nodes),
        cmocka_unit_test(test_field_bytes),
        cmocka_unit_test(test_related),
        cmocka_unit_test(test_topics),
        cmocka_unit_test(test_body_words),
        cmocka_unit_test(test_file_bytes),
        cmocka_unit_test(test_aliases_always_refused),
        cmocka_unit_test(test_control_characters_blanked),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
