/* test_lifecycle.c - unit tests of the indexer's lifecycle modules: the
 * ancestor lookups deletion decisions rest on (path_set, scan), the
 * lock's holder text and release, and how the index layout on disk is
 * read, cleaned and swapped (generation).
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
#include <unistd.h>

#include "content_hash.h"
#include "generation.h"
#include "index_lock.h"
#include "path_set.h"
#include "scan.h"

/* ---- Fixture: a scratch directory per test ------------------------------ */

static int setup(void **state)
{
    return scratch_setup(state, "lifecycle");
}

static int teardown(void **state)
{
    return scratch_teardown(state);
}

/* ---- path_set ----------------------------------------------------------- */

static void test_path_set_ancestors(void **state)
{
    (void)state;
    struct path_set set;
    memset(&set, 0, sizeof set);
    assert_int_equal(path_set_covers(&set, "/a"), 0);
    assert_int_equal(path_set_add(&set, "/news/a"), 0);
    assert_int_equal(path_set_add(&set, "/other/file.txt"), 0);
    assert_int_equal(path_set_covers(&set, "/news/a"), 1);
    assert_int_equal(path_set_covers(&set, "/news/a/x.txt"), 1);
    assert_int_equal(path_set_covers(&set, "/news/a/b/c/x.txt"), 1);
    /* A sibling sharing a prefix of characters is not below it. */
    assert_int_equal(path_set_covers(&set, "/news/ab/x.txt"), 0);
    assert_int_equal(path_set_covers(&set, "/news/a-b"), 0);
    assert_int_equal(path_set_covers(&set, "/news"), 0);
    assert_int_equal(path_set_covers(&set, "/other/file.txt"), 1);
    assert_int_equal(path_set_covers(&set, "/other/file.txt2"), 0);
    assert_int_equal(path_set_add(&set, "/"), 0);
    assert_int_equal(path_set_covers(&set, "/anything/at/all"), 1);
    path_set_free(&set);
    assert_int_equal(set.count, 0);
}

/* ---- scan --------------------------------------------------------------- */

static unsigned problems;

static void count_problem(const char *path, const char *reason, void *context)
{
    (void)path;
    (void)reason;
    (void)context;
    problems++;
}

static void test_scan_and_what_may_be_removed(void **state)
{
    fixture *f = *state;
    char a[96], b[96], path[256], link[160];
    snprintf(a, sizeof a, "%s/a", f->dir);
    snprintf(b, sizeof b, "%s/b", f->dir);
    mkdir(a, 0777);
    mkdir(b, 0777);
    snprintf(path, sizeof path, "%s/one.txt", a);
    scratch_write_file(path, "x");
    snprintf(path, sizeof path, "%s/two.md", a);
    scratch_write_file(path, "x");
    snprintf(path, sizeof path, "%s/skip.json", a);
    scratch_write_file(path, "x");
    snprintf(path, sizeof path, "%s/.hidden.txt", a);
    scratch_write_file(path, "x");
    snprintf(path, sizeof path, "%s/three.txt", b);
    scratch_write_file(path, "x");
    /* The same file again through a symlink: one file. */
    snprintf(link, sizeof link, "%s/again", a);
    assert_int_equal(symlink(b, link), 0);

    char *paths[] = {a, a};
    struct scan scan;
    memset(&scan, 0, sizeof scan);
    problems = 0;
    assert_int_equal(scan_paths(&scan, paths, 2, count_problem, NULL, NULL), 0);
    assert_int_equal(problems, 0);
    assert_int_equal(scan.count, 3);
    char expect[256];
    snprintf(expect, sizeof expect, "%s/one.txt", a);
    assert_string_equal(scan.files[0].path, expect);
    assert_non_null(scan_find(&scan, expect));
    snprintf(expect, sizeof expect, "%s/two.md", a);
    assert_string_equal(scan.files[1].path, expect);
    /* Canonical path, but shown as it was reached. */
    snprintf(expect, sizeof expect, "%s/three.txt", b);
    assert_string_equal(scan.files[2].path, expect);
    snprintf(expect, sizeof expect, "%s/again/three.txt", a);
    assert_string_equal(scan_shown(&scan.files[2]), expect);

    /* Under a listed directory (a, and b through the symlink): removable. */
    snprintf(path, sizeof path, "%s/gone.txt", a);
    assert_int_equal(scan_may_remove(&scan, path), 1);
    snprintf(path, sizeof path, "%s/gone/deeper.txt", b);
    assert_int_equal(scan_may_remove(&scan, path), 1);
    /* Elsewhere: never. */
    snprintf(path, sizeof path, "%s/c/gone.txt", f->dir);
    assert_int_equal(scan_may_remove(&scan, path), 0);
    scan_free(&scan);

    /* A missing PATH: reported, and nothing under it removable. */
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing", f->dir);
    char *gone[] = {missing};
    memset(&scan, 0, sizeof scan);
    problems = 0;
    assert_int_equal(scan_paths(&scan, gone, 1, count_problem, NULL, NULL), 0);
    assert_int_equal(problems, 1);
    snprintf(path, sizeof path, "%s/x.txt", missing);
    assert_int_equal(scan_may_remove(&scan, path), 0);
    scan_free(&scan);
}

static int stop_now(void) { return 1; }

static void test_scan_stops_when_asked(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/one.txt", f->dir);
    scratch_write_file(path, "x");
    char *paths[] = {f->dir};
    struct scan scan;
    memset(&scan, 0, sizeof scan);
    assert_int_equal(scan_paths(&scan, paths, 1, count_problem, NULL, stop_now), 1);
    scan_free(&scan);
}

/* ---- index_lock --------------------------------------------------------- */

static void test_lock_names_its_holder(void **state)
{
    fixture *f = *state;
    char index[128], holder[256], why[256], lock_path[160];
    snprintf(index, sizeof index, "%s/index/", f->dir);
    struct index_lock first, second;
    assert_int_equal(index_lock_take(&first, index, -1, NULL, NULL, NULL, holder, sizeof holder,
                                     why, sizeof why),
                     INDEX_LOCK_TAKEN);
    snprintf(lock_path, sizeof lock_path, "%s/index.lock", f->dir);
    char expect[64];
    snprintf(expect, sizeof expect, "pid %ld, started ", (long)getpid());
    assert_int_equal(strncmp(scratch_read_file(lock_path), expect, strlen(expect)), 0);

    /* A second open file description conflicts, even in this process. */
    assert_int_equal(index_lock_take(&second, index, -1, NULL, NULL, NULL, holder, sizeof holder,
                                     why, sizeof why),
                     INDEX_LOCK_BUSY);
    assert_int_equal(strncmp(holder, expect, strlen(expect)), 0);
    /* Waiting, but told to stop. */
    assert_int_equal(index_lock_take(&second, index, 0, stop_now, NULL, NULL, holder,
                                     sizeof holder, why, sizeof why),
                     INDEX_LOCK_INTERRUPTED);
    index_lock_release(&first);
    assert_int_equal(index_lock_take(&second, index, -1, NULL, NULL, NULL, holder, sizeof holder,
                                     why, sizeof why),
                     INDEX_LOCK_TAKEN);
    index_lock_release(&second);
    index_lock_release(&second); /* harmless */
    /* The file stays: deleting it would let two processes hold two locks. */
    assert_non_null(scratch_read_file(lock_path));
}

static void test_lock_in_a_missing_directory(void **state)
{
    fixture *f = *state;
    char index[128], holder[64], why[256];
    snprintf(index, sizeof index, "%s/no/such/dir/index", f->dir);
    struct index_lock lock;
    assert_int_equal(index_lock_take(&lock, index, -1, NULL, NULL, NULL, holder, sizeof holder,
                                     why, sizeof why),
                     INDEX_LOCK_ERROR);
    assert_non_null(strstr(why, "No such file or directory"));
}

/* ---- generation --------------------------------------------------------- */

static void test_layout_kinds(void **state)
{
    fixture *f = *state;
    char index[128], why[256], path[160];
    snprintf(index, sizeof index, "%s/index", f->dir);
    struct index_layout l;
    assert_int_equal(layout_resolve(&l, index, why, sizeof why), 0);
    assert_string_equal(l.base, "index");
    assert_string_equal(l.dir, f->dir);
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_MISSING);

    mkdir(index, 0777);
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_DIRECTORY);
    rmdir(index);

    scratch_write_file(index, "auto index.gen-12\n");
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_STUB);
    assert_int_equal(l.live, 12);

    /* Anything else is not ours. */
    const char *foreign[] = {"auto other.gen-12\n", "auto index.gen-12", "remote host:1\n",
                             "auto index.gen-0\n", "auto index.gen-1x\n", "auto index.gen-12\nauto x\n"};
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++) {
        scratch_write_file(index, foreign[i]);
        assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
        if (l.kind != INDEX_FOREIGN)
            fail_msg("stub '%s' taken as ours", foreign[i]);
    }
    layout_free(&l);

    /* A trailing slash and a symlink resolve to the real place. */
    snprintf(path, sizeof path, "%s/link", f->dir);
    assert_int_equal(symlink(index, path), 0);
    strcat(path, "/");
    assert_int_equal(layout_resolve(&l, path, why, sizeof why), 0);
    assert_string_equal(l.path, index);
    layout_free(&l);
}

static void test_new_generation_clean_and_swap(void **state)
{
    fixture *f = *state;
    char index[128], why[256], path[192];
    snprintf(index, sizeof index, "%s/index", f->dir);
    struct index_layout l;
    assert_int_equal(layout_resolve(&l, index, why, sizeof why), 0);
    mkdir(index, 0777); /* a plain directory index */
    snprintf(path, sizeof path, "%s/marker", index);
    scratch_write_file(path, "old");
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);

    /* Leftovers of killed rebuilds go; unrelated names stay. */
    const char *stale[] = {"index.gen-3", "index.gen-7", "index.swap"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, stale[i]);
        mkdir(path, 0777);
    }
    snprintf(path, sizeof path, "%s/index.generous", f->dir);
    mkdir(path, 0777);
    unsigned number = 0;
    char *gen = layout_new_generation(&l, &number);
    assert_int_equal(number, 8); /* past every generation present */
    free(gen);
    layout_clean(&l);
    snprintf(path, sizeof path, "%s/index.gen-7", f->dir);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/index.swap", f->dir);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/index.generous", f->dir);
    assert_int_equal(access(path, F_OK), 0);

    /* The first swap replaces the plain directory. */
    gen = layout_new_generation(&l, &number);
    assert_int_equal(number, 1);
    mkdir(gen, 0777);
    char *retired = NULL;
    int swapped = 0;
    assert_int_equal(layout_swap(&l, number, 0, &retired, &swapped, why, sizeof why), 0);
    assert_int_equal(swapped, 1);
    assert_string_equal(scratch_read_file(index), "auto index.gen-1\n");
    assert_non_null(retired);
    snprintf(path, sizeof path, "%s/marker", retired);
    assert_string_equal(scratch_read_file(path), "old"); /* the old index, set aside */
    layout_retire(retired, 0);
    assert_int_equal(access(path, F_OK), -1);
    free(gen);

    /* The next one replaces the stub and retires generation 1. */
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_STUB);
    gen = layout_new_generation(&l, &number);
    assert_int_equal(number, 2);
    mkdir(gen, 0777);
    assert_int_equal(layout_swap(&l, number, 0, &retired, &swapped, why, sizeof why), 0);
    assert_string_equal(scratch_read_file(index), "auto index.gen-2\n");
    snprintf(path, sizeof path, "%s/index.gen-1", f->dir);
    assert_string_equal(retired, path);
    layout_retire(retired, 0);
    assert_int_equal(access(path, F_OK), -1);
    free(gen);
    layout_free(&l);
}

/* ---- content_hash ------------------------------------------------------- */

static void test_content_hash(void **state)
{
    (void)state;
    assert_true(content_hash("", 0) != 0);
    assert_true(content_hash("abc", 3) != content_hash("abd", 3));
    assert_true(content_hash("abc", 3) != content_hash("abc\0", 4));
    assert_true(content_hash("abc", 3) == content_hash("abc", 3));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_path_set_ancestors),
        T(test_scan_and_what_may_be_removed),
        T(test_scan_stops_when_asked),
        T(test_lock_names_its_holder),
        T(test_lock_in_a_missing_directory),
        T(test_layout_kinds),
        T(test_new_generation_clean_and_swap),
        T(test_content_hash),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
