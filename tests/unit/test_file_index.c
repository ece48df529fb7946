/* test_file_index.c - unit tests of what incremental indexing asks of the
 * shim, through its C header only: listing the files an index was built
 * from with their stamps, forgetting a file (and the coverage it brought),
 * forgetting coverage, re-stamping, and reading an index's language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xapian_shim.h"

/* ---- Fixture: a scratch directory per test ------------------------------ */

static int setup(void **state)
{
    return scratch_setup(state, "files");
}

static int teardown(void **state)
{
    return scratch_teardown(state);
}

/* ---- Helpers ------------------------------------------------------------ */

static ns_writer *open_writer(const char *index, const char *language)
{
    ns_writer_options options = {.language = language};
    ns_writer *w = NULL;
    ns_error err;
    ns_status s = ns_writer_open(index, &options, &w, &err);
    if (s != NS_OK)
        fail_msg("ns_writer_open: %s: %s", ns_status_str(s), err.message);
    return w;
}

static void ok(ns_status s, const ns_error *err, const char *what)
{
    if (s != NS_OK)
        fail_msg("%s: %s: %s", what, ns_status_str(s), err->message);
}

static ns_doc doc_init(const char *id, const char *title)
{
    ns_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.title = title;
    d.quality = -1;
    d.heat = -1;
    d.published = -1;
    return d;
}

/* An article from `path` with a stamp, plus `n_related` coverage docs. */
static void put_article(ns_writer *w, const char *id, const char *path, const ns_file_stamp *stamp,
                        int n_related)
{
    ns_error err;
    ns_doc d = doc_init(id, "Harbour cranes idle as strike continues");
    d.path = path;
    d.stamp = stamp;
    ok(ns_writer_put(w, &d, NULL, &err), &err, "put article");
    for (int i = 0; i < n_related; i++) {
        char rid[256];
        snprintf(rid, sizeof rid, "%s/related-%d", id, i);
        ns_doc r = doc_init(rid, "Other outlet on the harbour strike");
        r.parent_id = id;
        r.story_key = id;
        ok(ns_writer_put(w, &r, NULL, &err), &err, "put related");
    }
}

static void commit(ns_writer *w)
{
    ns_error err;
    ok(ns_writer_commit(w, &err), &err, "commit");
}

/* What ns_index_files reported, as text lines "path mtime size hash racy"
 * or "path -" for no stamp, sorted. */
typedef struct listing {
    char lines[16][512];
    int count;
} listing;

static int collect(const char *path, const ns_file_stamp *stamp, void *context)
{
    listing *l = context;
    if (l->count == 16)
        return 1;
    if (stamp)
        snprintf(l->lines[l->count], sizeof l->lines[0], "%s %lld %lld %llu %d", path,
                 (long long)stamp->mtime_ns, (long long)stamp->size,
                 (unsigned long long)stamp->hash, stamp->racy);
    else
        snprintf(l->lines[l->count], sizeof l->lines[0], "%s -", path);
    l->count++;
    return 0;
}

static int compare_lines(const void *a, const void *b) { return strcmp(a, b); }

static listing list(const char *index)
{
    listing l;
    memset(&l, 0, sizeof l);
    ns_error err;
    ok(ns_index_files(index, collect, &l, &err), &err, "ns_index_files");
    qsort(l.lines, (size_t)l.count, sizeof l.lines[0], compare_lines);
    return l;
}

/* ---- Tests -------------------------------------------------------------- */

static void test_list_files_with_stamps(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp a = {1700000000123456789LL, 1234, 0xfeedfacecafebeefULL, 0};
    ns_file_stamp b = {-5, 0, 1, 1}; /* extremes survive the encoding */
    put_article(w, "https://example.org/a", "/news/a.txt", &a, 2);
    put_article(w, "https://example.org/b", "/news/b.txt", &b, 0);
    commit(w);
    ns_writer_close(w);

    listing l = list(f->index);
    /* Related coverage has no file of its own: not listed. */
    assert_int_equal(l.count, 2);
    assert_string_equal(l.lines[0], "/news/a.txt 1700000000123456789 1234 18369614221190020847 0");
    assert_string_equal(l.lines[1], "/news/b.txt -5 0 1 1");
}

static void test_unstamped_files_are_listed_without_stamp(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp a = {1, 2, 3, 0};
    put_article(w, "https://example.org/a", "/news/a.txt", &a, 1);
    /* As nsearch 0.1 wrote them: a path, no stamp. */
    put_article(w, "https://example.org/old", "/news/old.txt", NULL, 1);
    /* Put through the API without any file. */
    put_article(w, "no-file", NULL, NULL, 0);
    commit(w);
    ns_writer_close(w);

    listing l = list(f->index);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.lines[0], "/news/a.txt 1 2 3 0");
    assert_string_equal(l.lines[1], "/news/old.txt -");
}

static void test_long_paths(void **state)
{
    fixture *f = *state;
    char path[400];
    memset(path, 'x', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp a = {7, 8, 9, 0};
    put_article(w, "https://example.org/long", path, &a, 1);
    commit(w);
    listing l = list(f->index);
    assert_int_equal(l.count, 1);
    assert_int_equal(strncmp(l.lines[0], path, strlen(path)), 0);

    unsigned removed = 0;
    ns_error err;
    ok(ns_writer_forget_file(w, path, &removed, &err), &err, "forget long path");
    assert_int_equal(removed, 2);
    commit(w);
    assert_int_equal(ns_writer_doc_count(w), 0);
    ns_writer_close(w);
}

static void test_forget_file_takes_its_coverage(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp s = {1, 1, 1, 0};
    put_article(w, "https://example.org/a", "/news/a.txt", &s, 3);
    put_article(w, "https://example.org/b", "/news/b.txt", &s, 1);
    commit(w);
    assert_int_equal(ns_writer_doc_count(w), 6);

    unsigned removed = 99;
    ns_error err;
    ok(ns_writer_forget_file(w, "/news/a.txt", &removed, &err), &err, "forget a");
    assert_int_equal(removed, 4);
    /* A path the index does not know is not an error. */
    ok(ns_writer_forget_file(w, "/news/none.txt", &removed, &err), &err, "forget none");
    assert_int_equal(removed, 0);
    commit(w);
    assert_int_equal(ns_writer_doc_count(w), 2);
    ns_writer_close(w);

    listing l = list(f->index);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.lines[0], "/news/b.txt 1 1 1 0");
}

static void test_forget_related(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp s = {1, 1, 1, 0};
    put_article(w, "https://example.org/a", "/news/a.txt", &s, 3);
    unsigned removed = 0;
    ns_error err;
    /* Uncommitted documents are seen too. */
    ok(ns_writer_forget_related(w, "https://example.org/a", &removed, &err), &err,
       "forget related");
    assert_int_equal(removed, 3);
    assert_int_equal(ns_writer_doc_count(w), 1);
    ok(ns_writer_forget_related(w, "https://example.org/a", &removed, &err), &err,
       "forget related again");
    assert_int_equal(removed, 0);
    ns_writer_close(w);
}

static void test_restamp_keeps_the_document(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp s = {1, 10, 5, 1};
    put_article(w, "https://example.org/a", "/news/a.txt", &s, 1);
    commit(w);
    ns_file_stamp touched = {2, 10, 5, 0};
    int found = 0;
    ns_error err;
    ok(ns_writer_restamp(w, "/news/a.txt", &touched, &found, &err), &err, "restamp");
    assert_int_equal(found, 1);
    ok(ns_writer_restamp(w, "/news/none.txt", &touched, &found, &err), &err, "restamp none");
    assert_int_equal(found, 0);
    commit(w);
    assert_int_equal(ns_writer_doc_count(w), 2);
    ns_writer_close(w);
    listing l = list(f->index);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.lines[0], "/news/a.txt 2 10 5 0");
}

static void test_visitor_can_stop(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_file_stamp s = {1, 1, 1, 0};
    for (int i = 0; i < 20; i++) {
        char id[32], path[32];
        snprintf(id, sizeof id, "id-%d", i);
        snprintf(path, sizeof path, "/news/%d.txt", i);
        put_article(w, id, path, &s, 0);
    }
    commit(w);
    ns_writer_close(w);
    listing l;
    memset(&l, 0, sizeof l);
    ns_error err;
    assert_int_equal(ns_index_files(f->index, collect, &l, &err), NS_ERR_INVALID);
    assert_int_equal(l.count, 16);
}

static void test_missing_index_and_language(void **state)
{
    fixture *f = *state;
    ns_error err;
    listing l;
    memset(&l, 0, sizeof l);
    assert_int_equal(ns_index_files(f->index, collect, &l, &err), NS_ERR_NO_INDEX);
    char lang[32];
    assert_int_equal(ns_index_language(f->index, lang, sizeof lang, &err), NS_ERR_NO_INDEX);

    ns_writer *w = open_writer(f->index, "french");
    ns_writer_close(w);
    ok(ns_index_language(f->index, lang, sizeof lang, &err), &err, "language");
    assert_string_equal(lang, "french");
    assert_int_equal(ns_index_language(f->index, lang, 3, &err), NS_ERR_TOO_BIG);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_list_files_with_stamps),
        T(test_unstamped_files_are_listed_without_stamp),
        T(test_long_paths),
        T(test_forget_file_takes_its_coverage),
        T(test_forget_related),
        T(test_restamp_keeps_the_document),
        T(test_visitor_can_stop),
        T(test_missing_index_and_language),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
