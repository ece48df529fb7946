/* fuzz_index.c - the fixture index the searching fuzz targets share (see
 * fuzz_index.h). */
#include "fuzz_index.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "article_docs.h"

static char index_dir[4096];

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, why);
    exit(2);
}

/* Remove the index directory (flat: Xapian's glass files only). */
static void remove_index(void)
{
    DIR *dir = opendir(index_dir);
    struct dirent *e;
    char path[sizeof index_dir + 256];

    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", index_dir, e->d_name);
        unlink(path);
    }
    closedir(dir);
    rmdir(index_dir);
    /* The parent made by mkdtemp. */
    char *slash = strrchr(index_dir, '/');
    if (slash) {
        *slash = '\0';
        rmdir(index_dir);
    }
}

static void put_file(ns_writer *writer, const char *path)
{
    struct article article;
    struct article_error bad;
    ns_error err;

    if (article_read_file(path, ARTICLE_DEFAULT_MAX_BYTES, &article, &bad) != 0)
        die(path, bad.message);
    if (article_docs_put(writer, &article, path, NULL, NULL, &err) != NS_OK)
        die(path, err.message);
    article_free(&article);
}

ns_reader *fuzz_open_fixture_index(void)
{
    const char *articles = getenv("NSEARCH_FUZZ_ARTICLES");
    const char *tmp = getenv("TMPDIR");
    char base[2048];
    ns_writer *writer = NULL;
    ns_reader *reader = NULL;
    ns_error err;
    struct dirent **names = NULL;
    int n;

    if (!articles || !*articles)
        articles = "tests/fixtures/news";
    if ((size_t)snprintf(base, sizeof base, "%s/nsearch-fuzz.XXXXXX",
                         tmp && *tmp ? tmp : "/tmp") >= sizeof base)
        die("TMPDIR", "too long");
    if (!mkdtemp(base))
        die(base, "cannot make a temporary directory");
    snprintf(index_dir, sizeof index_dir, "%s/index", base);
    atexit(remove_index);
    if (ns_writer_open(index_dir, NULL, &writer, &err) != NS_OK)
        die(index_dir, err.message);
    n = scandir(articles, &names, NULL, alphasort);
    if (n < 0)
        die(articles, "cannot list the article files (run from the repository root "
                      "or set NSEARCH_FUZZ_ARTICLES)");
    for (int i = 0; i < n; i++) {
        char path[8192];
        if (names[i]->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", articles, names[i]->d_name);
            put_file(writer, path);
        }
        free(names[i]);
    }
    free(names);
    if (ns_writer_commit(writer, &err) != NS_OK)
        die(index_dir, err.message);
    ns_writer_close(writer);
    if (ns_reader_open(index_dir, &reader, &err) != NS_OK)
        die(index_dir, err.message);
    return reader;
}

char *fuzz_strndup(const unsigned char *data, size_t size)
{
    const unsigned char *nul = memchr(data, '\0', size);
    size_t n = nul ? (size_t)(nul - data) : size;
    char *s = malloc(n + 1);

    if (!s)
        die("fuzz", "out of memory");
    memcpy(s, data, n);
    s[n] = '\0';
    return s;
}
