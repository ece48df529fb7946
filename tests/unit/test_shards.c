/* test_shards.c - unit tests of sharding: which shard an id goes to (the
 * documented FNV-1a 64 rule), the layout of a split index on disk (stub,
 * shard stubs, swap, clean), the shim's shard record, coverage removal
 * and compaction, and the partition a parallel build works from.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content_hash.h"
#include "generation.h"
#include "partition.h"
#include "scan.h"
#include "shard_set.h"
#include "xapian_shim.h"

static int setup(void **state)
{
    return scratch_setup(state, "shards");
}

static int teardown(void **state)
{
    return scratch_teardown(state);
}

/* ---- Which shard ---------------------------------------------------------- */

static void test_fnv1a64_and_shard_pick(void **state)
{
    (void)state;
    /* Published FNV-1a 64 test vectors: the rule is the documented one. */
    assert_true(fnv1a64("", 0) == 0xcbf29ce484222325ULL);
    assert_true(fnv1a64("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
    assert_int_equal(shard_pick("foobar", 7), (unsigned)(0x85944171f73967e8ULL % 7));
    assert_int_equal(shard_pick("anything", 1), 0);
    assert_int_equal(shard_pick("anything", 0), 0);
    /* Spread: 1,000 ids over 4 shards, none far from a quarter. */
    unsigned counts[4] = {0};
    char id[64];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "https://example.org/news/%d", i);
        counts[shard_pick(id, 4)]++;
    }
    for (int k = 0; k < 4; k++)
        assert_in_range(counts[k], 200, 300);
}

/* ---- The layout of a split index ------------------------------------------ */

static void test_split_stub_is_ours(void **state)
{
    fixture *f = *state;
    char why[256];
    struct index_layout l;
    assert_int_equal(layout_resolve(&l, f->index, why, sizeof why), 0);
    scratch_write_file(f->index, "auto index.gen-4/shard-0\nauto index.gen-4/shard-1\nauto index.gen-4/shard-2\n");
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_STUB);
    assert_int_equal(l.live, 4);
    assert_int_equal(l.shards, 3);
    scratch_write_file(f->index, "auto index.gen-4\n");
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    assert_int_equal(l.kind, INDEX_STUB);
    assert_int_equal(l.shards, 0);
    const char *foreign[] = {
        "auto index.gen-4/shard-1\nauto index.gen-4/shard-0\n", /* out of order */
        "auto index.gen-4/shard-0\nauto index.gen-5/shard-1\n", /* two generations */
        "auto index.gen-4/shard-0\nauto index.gen-4/shard-01\n",
        "auto index.gen-4/shard-0\nauto index.gen-4/shard-1",   /* no last newline */
        "auto index.gen-4\nauto index.gen-4/shard-0\n",
        "auto index.gen-4/shard-0\nauto index.gen-4\n",
        "auto index.gen-4/shard-0\nremote host:1\n",
        "auto index.gen-4/shard-0/x\n",
        "auto other.gen-4/shard-0\n"};
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++) {
        scratch_write_file(f->index, foreign[i]);
        assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
        if (l.kind != INDEX_FOREIGN)
            fail_msg("stub '%s' taken as ours", foreign[i]);
    }
    layout_free(&l);
}

static void test_split_swap_and_clean(void **state)
{
    fixture *f = *state;
    char why[256], path[256];
    struct index_layout l;
    assert_int_equal(layout_resolve(&l, f->index, why, sizeof why), 0);
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    /* Someone's own file with a shard stub's name is never ours. */
    snprintf(path, sizeof path, "%s/index.shard-5", f->dir);
    scratch_write_file(path, "not a stub\n");

    unsigned number;
    char *gen = layout_new_generation(&l, &number);
    assert_int_equal(number, 1);
    assert_int_equal(mkdir(gen, 0777), 0);
    char *shard = layout_shard_path(&l, number, 1);
    snprintf(path, sizeof path, "%s/index.gen-1/shard-1", f->dir);
    assert_string_equal(shard, path);
    free(shard);
    char *retired = NULL;
    int swapped = 0;
    assert_int_equal(layout_swap(&l, number, 2, &retired, &swapped, why, sizeof why), 0);
    assert_null(retired);
    assert_string_equal(scratch_read_file(f->index), "auto index.gen-1/shard-0\nauto index.gen-1/shard-1\n");
    assert_int_equal(l.shards, 2);
    snprintf(path, sizeof path, "%s/index.shard-1", f->dir);
    assert_string_equal(scratch_read_file(path), "auto index.gen-1/shard-1\n");
    free(gen);

    /* Killed after the next swap, before the shards' stubs: the next
     * run's clean makes them name the live generation again. */
    scratch_write_file(f->index, "auto index.gen-2/shard-0\n");
    snprintf(path, sizeof path, "%s/index.gen-2", f->dir);
    mkdir(path, 0777);
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    layout_clean(&l);
    snprintf(path, sizeof path, "%s/index.shard-0", f->dir);
    assert_string_equal(scratch_read_file(path), "auto index.gen-2/shard-0\n");
    snprintf(path, sizeof path, "%s/index.shard-1", f->dir);
    assert_int_equal(access(path, F_OK), -1); /* no shard 1 any more */
    snprintf(path, sizeof path, "%s/index.gen-1", f->dir);
    assert_int_equal(access(path, F_OK), -1);

    /* A whole-database generation: the shards' stubs go. */
    gen = layout_new_generation(&l, &number);
    assert_int_equal(mkdir(gen, 0777), 0);
    assert_int_equal(layout_swap(&l, number, 0, &retired, &swapped, why, sizeof why), 0);
    layout_retire(retired, 0);
    assert_string_equal(scratch_read_file(f->index), "auto index.gen-3\n");
    snprintf(path, sizeof path, "%s/index.shard-0", f->dir);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/index.shard-5", f->dir);
    assert_string_equal(scratch_read_file(path), "not a stub\n");
    free(gen);

    /* Leftover parts of a parallel build go. */
    char *parts = layout_parts_path(&l);
    assert_int_equal(mkdir(parts, 0777), 0);
    assert_int_equal(layout_inspect(&l, why, sizeof why), 0);
    layout_clean(&l);
    assert_int_equal(access(parts, F_OK), -1);
    free(parts);
    layout_free(&l);
}

/* ---- The shim ---------------------------------------------------------- */

static ns_writer *open_writer(const char *path)
{
    ns_writer *w = NULL;
    ns_error err;
    if (ns_writer_open(path, NULL, &w, &err) != NS_OK)
        fail_msg("ns_writer_open %s: %s", path, err.message);
    return w;
}

static void put(ns_writer *w, const char *id, const char *parent)
{
    ns_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.title = "Harbour strike";
    d.quality = -1;
    d.heat = -1;
    d.published = -1;
    d.parent_id = parent;
    d.story_key = parent;
    ns_error err;
    if (ns_writer_put(w, &d, NULL, &err) != NS_OK)
        fail_msg("ns_writer_put %s: %s", id, err.message);
}

static void test_shard_record(void **state)
{
    fixture *f = *state;
    ns_error err;
    ns_writer *w = open_writer(f->index);
    assert_int_equal(ns_writer_check_shard(w, 1, 3, &err), NS_OK); /* recorded */
    assert_int_equal(ns_writer_commit(w, &err), NS_OK);
    assert_int_equal(ns_writer_check_shard(w, 1, 3, &err), NS_OK);
    assert_int_equal(ns_writer_check_shard(w, 2, 3, &err), NS_ERR_SCHEMA);
    assert_non_null(strstr(err.message, "is shard 1 of an index split into 3"));
    assert_int_equal(ns_writer_check_shard(w, 0, 0, &err), NS_ERR_SCHEMA);
    assert_int_equal(ns_writer_check_shard(w, 3, 3, &err), NS_ERR_INVALID);
    ns_writer_close(w);

    /* A whole index with documents is never made a shard. */
    char whole[160];
    snprintf(whole, sizeof whole, "%s/whole", f->dir);
    w = open_writer(whole);
    put(w, "https://example.org/a", NULL);
    assert_int_equal(ns_writer_check_shard(w, 0, 0, &err), NS_OK);
    assert_int_equal(ns_writer_check_shard(w, 0, 2, &err), NS_ERR_SCHEMA);
    assert_non_null(strstr(err.message, "is a whole index, not a shard"));
    ns_writer_close(w);
}

static void test_forget_coverage(void **state)
{
    fixture *f = *state;
    ns_error err;
    ns_id_kind found;
    ns_writer *w = open_writer(f->index);
    put(w, "https://example.org/article", NULL);
    put(w, "https://example.net/coverage", "https://example.org/article");
    assert_int_equal(ns_writer_doc_count(w), 2);
    assert_int_equal(ns_writer_forget_coverage(w, "https://example.org/article", &found, &err), NS_OK);
    assert_int_equal(found, NS_ID_ARTICLE);
    assert_int_equal(ns_writer_doc_count(w), 2); /* an article stays */
    assert_int_equal(ns_writer_forget_coverage(w, "https://example.net/coverage", &found, &err), NS_OK);
    assert_int_equal(found, NS_ID_COVERAGE);
    assert_int_equal(ns_writer_doc_count(w), 1);
    assert_int_equal(ns_writer_forget_coverage(w, "https://example.net/coverage", &found, &err), NS_OK);
    assert_int_equal(found, NS_ID_NONE);
    ns_writer_close(w);
}

static void test_compact_merges(void **state)
{
    fixture *f = *state;
    ns_error err;
    char a[160], b[160], merged[160];
    snprintf(a, sizeof a, "%s/a", f->dir);
    snprintf(b, sizeof b, "%s/b", f->dir);
    snprintf(merged, sizeof merged, "%s/merged", f->dir);
    ns_writer *w = open_writer(a);
    put(w, "https://example.org/1", NULL);
    put(w, "https://example.org/2", NULL);
    assert_int_equal(ns_writer_commit(w, &err), NS_OK);
    ns_writer_close(w);
    w = open_writer(b);
    put(w, "https://example.org/3", NULL);
    assert_int_equal(ns_writer_commit(w, &err), NS_OK);
    ns_writer_close(w);
    const char *sources[] = {a, b};
    assert_int_equal(ns_compact(sources, 2, merged, &err), NS_OK);
    ns_reader *r = NULL;
    assert_int_equal(ns_reader_open(merged, &r, &err), NS_OK);
    assert_int_equal(ns_reader_doc_count(r), 3);
    assert_string_equal(ns_reader_language(r), "english"); /* metadata kept */
    ns_reader_close(r);
    /* The merged index takes writes (incremental runs). */
    w = open_writer(merged);
    put(w, "https://example.org/4", NULL);
    assert_int_equal(ns_writer_commit(w, &err), NS_OK);
    assert_int_equal(ns_writer_doc_count(w), 4);
    ns_writer_close(w);
    /* A source that is no index is an error, not a partial success. */
    char missing[160], out[160];
    snprintf(missing, sizeof missing, "%s/missing", f->dir);
    snprintf(out, sizeof out, "%s/out", f->dir);
    const char *bad[] = {a, missing};
    assert_int_not_equal(ns_compact(bad, 2, out, &err), NS_OK);
    assert_int_equal(ns_compact(NULL, 0, out, &err), NS_ERR_INVALID);
}

/* ---- The partition ------------------------------------------------------- */

/* An article file at DIR/name with that webUrl and related URLs. */
static void article(const fixture *f, const char *name, const char *url, const char *related1,
                    const char *related2)
{
    char path[256], text[1024];
    snprintf(path, sizeof path, "%s/news/%s", f->dir, name);
    int n = snprintf(text, sizeof text, "---\ntitle: \"%s\"\nwebUrl: \"%s\"\n", name, url);
    if (related1 || related2)
        n += snprintf(text + n, sizeof text - (size_t)n, "related:\n");
    const char *related[] = {related1, related2};
    for (int i = 0; i < 2; i++)
        if (related[i])
            n += snprintf(text + n, sizeof text - (size_t)n,
                          "  - title: \"Coverage\"\n    webUrl: \"%s\"\n", related[i]);
    snprintf(text + n, sizeof text - (size_t)n, "---\nBody.\n");
    scratch_write_file(path, text);
}

static void no_problem(const char *path, const char *reason, void *context)
{
    (void)context;
    fail_msg("scan problem at %s: %s", path, reason);
}

static size_t file_index(const struct scan *scan, const char *name)
{
    for (size_t i = 0; i < scan->count; i++) {
        const char *slash = strrchr(scan->files[i].path, '/');
        if (strcmp(slash + 1, name) == 0)
            return i;
    }
    fail_msg("%s not scanned", name);
    return 0;
}

static void test_partition_replays_one_database(void **state)
{
    fixture *f = *state;
    char news[128];
    snprintf(news, sizeof news, "%s/news", f->dir);
    mkdir(news, 0777);
    /* In path order: */
    article(f, "a.txt", "https://o/a", "https://c/x", "https://c/y"); /* x, y first */
    article(f, "b.txt", "https://o/b", "https://c/x", "https://o/own");  /* takes x */
    article(f, "c.txt", "https://o/c", "https://c/y", NULL);          /* takes y */
    article(f, "d.txt", "https://o/c", NULL, NULL); /* c again: its y goes */
    article(f, "e.txt", "https://o/own", NULL, NULL); /* own is an article */
    char path[160];
    snprintf(path, sizeof path, "%s/bad.txt", news);
    scratch_write_file(path, "no front matter\n");

    struct scan scan;
    memset(&scan, 0, sizeof scan);
    char *paths[] = {news};
    assert_int_equal(scan_paths(&scan, paths, 1, no_problem, NULL, NULL), 0);
    assert_int_equal(scan.count, 6);
    struct partition p;
    memset(&p, 0, sizeof p);
    assert_int_equal(partition_build(&p, &scan, 2, PARTITION_BY_ID_HASH, NULL, NULL), 0);
    size_t a = file_index(&scan, "a.txt"), b = file_index(&scan, "b.txt"),
           c = file_index(&scan, "c.txt"), d = file_index(&scan, "d.txt"),
           bad = file_index(&scan, "bad.txt");
    assert_int_equal(p.bad, 1);
    assert_int_equal(p.shard[bad], PARTITION_NONE);
    assert_int_equal(p.shard[a], shard_pick("https://o/a", 2));
    assert_int_equal(p.shard[c], p.shard[d]); /* one id, one shard */
    /* x: the last article listing it. */
    assert_int_equal(partition_owns(&p, a, "https://c/x"), 0);
    assert_int_equal(partition_owns(&p, b, "https://c/x"), 1);
    /* y: c took it, then d (the same article) removed it: nobody. */
    assert_int_equal(partition_owns(&p, a, "https://c/y"), 0);
    assert_int_equal(partition_owns(&p, c, "https://c/y"), 0);
    /* own: an article's id, never coverage. */
    assert_int_equal(partition_owns(&p, b, "https://o/own"), 0);
    /* A URL not seen (the file changed since): put. */
    assert_int_equal(partition_owns(&p, a, "https://c/new"), 1);
    /* Re-read with the same id: its shard; with another: none. */
    assert_int_equal(partition_place(&p, a, "https://o/a"), p.shard[a]);
    assert_int_equal(partition_place(&p, a, "https://o/changed"), PARTITION_NONE);
    partition_free(&p);

    /* By range: contiguous runs, the files of one id together. */
    memset(&p, 0, sizeof p);
    assert_int_equal(partition_build(&p, &scan, 2, PARTITION_BY_RANGE, NULL, NULL), 0);
    assert_int_equal(p.shard[a], 0);
    assert_int_equal(p.shard[d], p.shard[c]);
    unsigned last = 0;
    for (size_t i = 0; i < scan.count; i++) {
        if (p.shard[i] == PARTITION_NONE || i == d)
            continue;
        assert_true(p.shard[i] >= last);
        last = p.shard[i];
    }
    assert_int_equal(last, 1); /* both parts used */
    partition_free(&p);
    scan_free(&scan);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv1a64_and_shard_pick),
        T(test_split_stub_is_ours),
        T(test_split_swap_and_clean),
        T(test_shard_record),
        T(test_forget_coverage),
        T(test_compact_merges),
        T(test_partition_replays_one_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
