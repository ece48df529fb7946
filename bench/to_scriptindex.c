/* to_scriptindex.c - nsearch-to-scriptindex: article files as input for
 * Xapian's scriptindex (omega), so plain Xapian's indexing rate can be
 * measured on the same articles.
 *
 * Usage: nsearch-to-scriptindex PATH... > records
 *
 * scriptindex reads records of `field=value` lines separated by a blank
 * line; a value's further lines start with '='.  Each article gives one
 * record (id, url, title, excerpt, body) and each related[] entry one
 * more (title, excerpt), as nsearch-index makes it a document of its own.
 * Bad files are skipped with a message.  The articles are read with
 * nsearch's own reader, so the text is the same the other engines get;
 * only scriptindex's run is timed, not this conversion.
 */
#include "article.h"
#include "filelist.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct run {
    unsigned long records;
    unsigned long skipped;
};

/* field=value, each embedded newline continued with '='. */
static void put_field(const char *name, const char *value)
{
    if (!value || !*value)
        return;
    printf("%s=", name);
    for (const char *p = value; *p; p++) {
        if (*p == '\n') {
            fputs("\n=", stdout);
        } else if (*p != '\r') {
            putchar(*p);
        }
    }
    putchar('\n');
}

static void convert_file(struct run *run, const char *path)
{
    struct article a;
    struct article_error e;
    int rc = article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &a, &e);
    if (rc != 0) {
        if (rc == -1) {
            fprintf(stderr, "%s:%u:%u: %s\n", path, e.line, e.column, e.message);
            run->skipped++;
        }
        article_free(&a);
        return;
    }
    const char *url = a.web_url ? a.web_url : a.original_url;
    put_field("id", url ? url : path);
    put_field("url", url);
    put_field("title", a.title);
    put_field("excerpt", a.excerpt);
    put_field("body", a.body);
    putchar('\n');
    run->records++;
    for (size_t i = 0; i < a.n_related; i++) {
        const struct article_related *r = &a.related[i];
        if (!r->title)
            continue;
        char id[64];
        snprintf(id, sizeof id, "#related-%zu", i);
        if (r->url) {
            put_field("id", r->url);
        } else {
            printf("id=%s%s\n", url ? url : path, id);
        }
        put_field("url", r->url);
        put_field("title", r->title);
        put_field("excerpt", r->excerpt);
        putchar('\n');
        run->records++;
    }
    article_free(&a);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "Usage: nsearch-to-scriptindex PATH... > records\n"
                "Write the articles under PATH as scriptindex input records.\n");
        return argc < 2 ? 2 : 0;
    }
    struct run run = {0, 0};
    for (int i = 1; i < argc; i++) {
        struct filelist files = {0};
        if (filelist_collect(argv[i], &files) != 0) {
            fprintf(stderr, "nsearch-to-scriptindex: %s: %s\n", argv[i],
                    strerror(errno));
            run.skipped++;
        }
        for (size_t f = 0; f < files.count; f++)
            convert_file(&run, files.paths[f]);
        filelist_free(&files);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nsearch-to-scriptindex: cannot write the records\n");
        return 4;
    }
    fprintf(stderr, "nsearch-to-scriptindex: %lu records, %lu files skipped\n",
            run.records, run.skipped);
    return run.skipped ? 1 : 0;
}
