/* fuzz_article.c - libFuzzer target: one article file, as bytes.
 *
 * What an article file can do to the indexer: the reader (article_parse)
 * must accept or reject it without crashing, leaking or hanging, and what
 * it accepts must satisfy the reader's contract (valid UTF-8 everywhere,
 * ranges kept, limits kept).  An accepted article is then put into an
 * index exactly as nsearch-index puts it (article_docs_put): that must
 * succeed too, because a failing put stops a whole run - one hostile file
 * would cost every good file after it.
 *
 * Any broken promise aborts, which libFuzzer and the replay driver report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "article_docs.h"
#include "utf8.h"
#include "xapian_shim.h"

/* Documents put between two re-opens of the scratch writer: the writer
 * holds uncommitted changes in memory, and closing discards them. */
#define PUTS_PER_WRITER 500

static char index_dir[4096];
static ns_writer *writer;
static unsigned n_put;

static void broken(const char *promise, const char *detail)
{
    fprintf(stderr, "fuzz_article: broken promise: %s%s%s\n", promise,
            detail ? ": " : "", detail ? detail : "");
    abort();
}

static void check_text(const char *s, size_t max, const char *field)
{
    size_t n;

    if (!s)
        return;
    n = strlen(s);
    if (n == 0)
        broken("a present field is not empty", field);
    if (max && n > max)
        broken("field within the length limit", field);
    if (utf8_find_invalid(s, n) != n)
        broken("field is valid UTF-8", field);
}

static void check_date(const char *iso, const char *field)
{
    if (iso && strlen(iso) != 20)
        broken("date normalised to YYYY-MM-DDTHH:MM:SSZ", field);
}

static void check_article(const struct article *a, size_t len,
                          const struct article_limits *limits)
{
    const size_t max = limits->max_field_bytes;

    if (!a->title)
        broken("a parsed article has a title", NULL);
    check_text(a->title, max, "title");
    check_text(a->excerpt, max, "excerpt");
    check_text(a->body, len, "body");
    check_text(a->category, max, "category");
    check_text(a->type, max, "type");
    check_text(a->web_url, max, "webUrl");
    check_text(a->original_url, max, "originalUrl");
    check_text(a->provider_name, max, "provider.name");
    check_text(a->provider_domain, max, "provider.domain");
    check_date(a->date_iso, "publishedDateTime");
    if (a->quality < -1 || a->quality > 100)
        broken("quality in -1..100", NULL);
    if (a->heat < -1)
        broken("heat >= -1", NULL);
    if (a->published < -1 || a->published > 1)
        broken("published in -1..1", NULL);
    if (a->n_topics > limits->max_topics)
        broken("topics within the limit", NULL);
    for (size_t i = 0; i < a->n_topics; i++)
        check_text(a->topics[i], max, "topics[]");
    if (a->n_related > limits->max_related)
        broken("related entries within the limit", NULL);
    for (size_t i = 0; i < a->n_related; i++) {
        const struct article_related *r = &a->related[i];
        check_text(r->title, max, "related.title");
        check_text(r->excerpt, max, "related.excerpt");
        check_text(r->url, max, "related.url");
        check_text(r->provider_name, max, "related.provider.name");
        check_text(r->provider_domain, max, "related.provider.domain");
        check_date(r->date_iso, "related.publishedDateTime");
        if (r->quality < -1 || r->quality > 100)
            broken("related.quality in -1..100", NULL);
    }
}

static void check_error(const struct article_error *err, const char *text,
                        size_t len)
{
    size_t lines = 1;

    if (err->message[0] == '\0')
        broken("a rejected article has a reason", NULL);
    if (memchr(err->message, '\0', sizeof err->message) == NULL)
        broken("the reason is NUL-terminated", NULL);
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (err->line > lines)
        broken("the error line lies in the file", err->message);
    if (err->line == 0 && err->column != 0)
        broken("no column without a line", err->message);
}

static void remove_index(void)
{
    char path[sizeof index_dir + 32];

    ns_writer_close(writer);
    writer = NULL;
    /* Glass files only: flat directory. */
    static const char *const files[] = {
        "docdata.glass", "flintlock", "iamglass", "position.glass",
        "postlist.glass", "spelling.glass", "synonym.glass",
        "termlist.glass", "record.glass"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", index_dir, files[i]);
        unlink(path);
    }
    rmdir(index_dir);
}

static void open_writer(void)
{
    ns_error err;

    if (ns_writer_open(index_dir, NULL, &writer, &err) != NS_OK) {
        fprintf(stderr, "fuzz_article: %s\n", err.message);
        exit(2);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");

    (void)argc;
    (void)argv;
    snprintf(index_dir, sizeof index_dir, "%s/nsearch-fuzz-article.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(index_dir)) {
        perror("fuzz_article: mkdtemp");
        exit(2);
    }
    open_writer();
    atexit(remove_index);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct article a;
    struct article_error err;
    struct article_limits tight;
    ns_error put_err;
    const char *text = (const char *)data;

    /* Small limits first, so the fuzzer also reaches every limit's
     * refusal and dropping paths with small inputs. */
    article_limits_init(&tight);
    tight.max_field_bytes = 16;
    tight.max_depth = 3;
    tight.max_nodes = 24;
    tight.max_related = 1;
    tight.max_topics = 2;
    tight.max_body_words = 3;
    if (article_parse_limited(text, size, &tight, &a, &err) != 0)
        check_error(&err, text, size);
    else
        check_article(&a, size, &tight);
    article_free(&a);

    struct article_limits defaults;
    article_limits_init(&defaults);
    if (article_parse(text, size, &a, &err) != 0) {
        check_error(&err, text, size);
        article_free(&a);
        return 0;
    }
    check_article(&a, size, &defaults);
    if (article_docs_put(writer, &a, "/fuzz/article.txt", NULL, NULL,
                         &put_err) != NS_OK)
        broken("an accepted article can be indexed", put_err.message);
    article_free(&a);
    if (++n_put % PUTS_PER_WRITER == 0) {
        ns_writer_close(writer);    /* discards: nothing was committed */
        open_writer();
    }
    return 0;
}
