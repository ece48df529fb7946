/* test_shim.c - unit tests of the Xapian shim through its C header only.
 *
 * Each test builds a small index in a fresh directory under /tmp and checks
 * behaviour a user would notice if it broke: identity and replacement,
 * stemming symmetry, phrases, fields, ranking with static boosts, snippets,
 * locking, schema checks, hostile queries, and discarding uncommitted work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libstemmer.h>

#include "xapian_shim.h"

/* ---- Fixture: a scratch directory per test ------------------------------ */

static int setup(void **state)
{
    return scratch_setup(state, "shim");
}

static int teardown(void **state)
{
    return scratch_teardown(state);
}

/* ---- Helpers ------------------------------------------------------------ */

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

static ns_writer *open_writer(const char *index, const char *language)
{
    ns_writer_options options = {.language = language};
    ns_writer *w = NULL;
    ns_error err;
    ns_status s = ns_writer_open(index, &options, &w, &err);
    if (s != NS_OK)
        fail_msg("ns_writer_open: %s: %s", ns_status_str(s), err.message);
    assert_non_null(w);
    return w;
}

static void put(ns_writer *w, const ns_doc *d, int *replaced)
{
    ns_error err;
    ns_status s = ns_writer_put(w, d, replaced, &err);
    if (s != NS_OK)
        fail_msg("ns_writer_put %s: %s: %s", d->id, ns_status_str(s), err.message);
}

static void commit(ns_writer *w)
{
    ns_error err;
    ns_status s = ns_writer_commit(w, &err);
    if (s != NS_OK)
        fail_msg("ns_writer_commit: %s: %s", ns_status_str(s), err.message);
}

static ns_reader *open_reader(const char *index)
{
    ns_reader *r = NULL;
    ns_error err;
    ns_status s = ns_reader_open(index, &r, &err);
    if (s != NS_OK)
        fail_msg("ns_reader_open: %s: %s", ns_status_str(s), err.message);
    assert_non_null(r);
    return r;
}

/* A request for `query` with the default ranking. */
static ns_search_request request_for(const char *query, unsigned offset, unsigned limit)
{
    ns_search_request req;
    memset(&req, 0, sizeof req);
    req.query = query;
    req.offset = offset;
    req.limit = limit;
    ns_rank_options_init(&req.rank);
    return req;
}

static ns_status try_search(ns_reader *r, const char *query, unsigned offset, unsigned limit,
                            ns_results **out, ns_error *err)
{
    ns_search_request req = request_for(query, offset, limit);
    return ns_search(r, &req, out, err);
}

static ns_results *search(ns_reader *r, const char *query)
{
    ns_results *res = NULL;
    ns_error err;
    ns_status s = try_search(r, query, 0, 50, &res, &err);
    if (s != NS_OK)
        fail_msg("ns_search '%s': %s: %s", query, ns_status_str(s), err.message);
    assert_non_null(res);
    return res;
}

static size_t count(ns_reader *r, const char *query)
{
    ns_results *res = search(r, query);
    size_t n = ns_results_count(res);
    ns_results_free(res);
    return n;
}

/* Index of the hit with this id, or -1. */
static int find(const ns_results *res, const char *id)
{
    for (size_t i = 0; i < ns_results_count(res); i++)
        if (strcmp(ns_results_hit(res, i)->id, id) == 0)
            return (int)i;
    return -1;
}

/* Does `query` find exactly the one document `id`? */
static void assert_only(ns_reader *r, const char *query, const char *id)
{
    ns_results *res = search(r, query);
    if (ns_results_count(res) != 1 || strcmp(ns_results_hit(res, 0)->id, id) != 0)
        fail_msg("'%s' found %zu documents, expected only %s", query, ns_results_count(res), id);
    ns_results_free(res);
}

/* One document put and committed by a writer of its own. */
static void put_in_session(const char *index, const char *id, const char *title)
{
    ns_writer *w = open_writer(index, NULL);
    ns_doc d = doc_init(id, title);
    put(w, &d, NULL);
    commit(w);
    ns_writer_close(w);
}

/* assert_only through a reader of its own. */
static void assert_only_in(const char *index, const char *query, const char *id)
{
    ns_reader *r = open_reader(index);
    assert_only(r, query, id);
    ns_reader_close(r);
}

/* Documents with none of the test words, so the words' idf is realistic. */
static void put_filler(ns_writer *w, int n)
{
    for (int i = 0; i < n; i++) {
        char id[32], title[64];
        snprintf(id, sizeof id, "filler-%d", i);
        snprintf(title, sizeof title, "Weather report number %d", i);
        ns_doc d = doc_init(id, title);
        d.body = "Mild temperatures with light winds and scattered clouds over the coast.";
        put(w, &d, NULL);
    }
}

/* ---- Writing ------------------------------------------------------------ */

static void test_put_commit_count(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("a", "Cocoa prices rise");
    ns_doc b = doc_init("b", "Tram lines extended");
    put(w, &a, NULL);
    put(w, &b, NULL);
    assert_int_equal(ns_writer_doc_count(w), 2);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 2);
    assert_string_equal(ns_reader_language(r), "english");
    assert_only(r, "cocoa", "a");
    ns_reader_close(r);
}

static void test_reput_replaces(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc d = doc_init("https://example.com/1", "Old headline about turnips");
    int replaced = -1;
    put(w, &d, &replaced);
    assert_int_equal(replaced, 0);
    d.title = "New headline about parsnips";
    put(w, &d, &replaced);
    assert_int_equal(replaced, 1);
    assert_int_equal(ns_writer_doc_count(w), 1);
    commit(w);
    /* Replacing a committed document too. */
    put(w, &d, &replaced);
    assert_int_equal(replaced, 1);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 1);
    assert_int_equal(count(r, "turnips"), 0);
    assert_only(r, "parsnips", "https://example.com/1");
    ns_reader_close(r);
}

static void test_related_never_replaces_article(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc article = doc_init("https://x.example/story", "Original article on glaciers");
    article.path = "/news/glaciers.txt";
    put(w, &article, NULL);

    /* Another article lists the same URL as related coverage. */
    ns_doc related = doc_init("https://x.example/story", "Related copy about icebergs");
    related.parent_id = "https://y.example/parent";
    related.story_key = "https://y.example/parent";
    int replaced = -1;
    put(w, &related, &replaced);
    assert_int_equal(replaced, 0);

    /* But related coverage replaces older related coverage. */
    ns_doc r1 = doc_init("https://z.example/cover", "First related about volcanoes");
    r1.parent_id = "https://y.example/parent";
    put(w, &r1, NULL);
    ns_doc r2 = doc_init("https://z.example/cover", "Second related about geysers");
    r2.parent_id = "https://y.example/parent";
    put(w, &r2, &replaced);
    assert_int_equal(replaced, 1);

    /* And an article from its own file replaces related coverage. */
    ns_doc own = doc_init("https://z.example/cover", "Own file about geysers and lava");
    own.path = "/news/cover.txt";
    put(w, &own, &replaced);
    assert_int_equal(replaced, 1);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 2);
    assert_only(r, "glaciers", "https://x.example/story");
    assert_int_equal(count(r, "icebergs"), 0);
    assert_int_equal(count(r, "volcanoes"), 0);
    ns_results *res = search(r, "lava");
    assert_int_equal(ns_results_count(res), 1);
    assert_int_equal(ns_results_hit(res, 0)->is_related, 0);
    assert_string_equal(ns_results_hit(res, 0)->path, "/news/cover.txt");
    ns_results_free(res);
    ns_reader_close(r);
}

static void test_stored_fields(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    const char *topics[] = {"Privacy", "Policing"};
    ns_doc d = doc_init("https://t.example/a", "Council bans scanners");
    d.path = "/corpus/a.txt";
    d.excerpt = "The council voted on Tuesday.";
    d.body = "Full body text that must never be stored whole.";
    d.url = "https://t.example/a";
    d.provider_domain = "t.example";
    d.topics = topics;
    d.n_topics = 2;
    d.date_iso = "2020-11-18T09:30:00Z";
    d.date_epoch = 1605691800;
    d.quality = 73;
    d.heat = 1234;
    d.published = 1;
    put(w, &d, NULL);

    ns_doc rel = doc_init("https://u.example/b", "Scanner ban covered elsewhere");
    rel.provider_name = "U News";
    rel.provider_domain = "u.example";
    rel.parent_id = "https://t.example/a";
    rel.story_key = "https://t.example/a";
    put(w, &rel, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "council");
    assert_int_equal(ns_results_count(res), 1);
    const ns_hit *h = ns_results_hit(res, 0);
    assert_int_equal(h->rank, 1);
    assert_string_equal(h->id, "https://t.example/a");
    assert_string_equal(h->path, "/corpus/a.txt");
    assert_string_equal(h->title, "Council bans scanners");
    assert_string_equal(h->excerpt, "The council voted on Tuesday.");
    assert_string_equal(h->url, "https://t.example/a");
    assert_string_equal(h->provider, "t.example"); /* no name: the domain */
    assert_string_equal(h->date_iso, "2020-11-18T09:30:00Z");
    assert_string_equal(h->story_key, "https://t.example/a"); /* defaults to the id */
    assert_int_equal(h->quality, 73);
    assert_int_equal(h->heat, 1234);
    assert_int_equal(h->published, 1);
    assert_int_equal(h->is_related, 0);
    ns_results_free(res);

    res = search(r, "elsewhere");
    assert_int_equal(ns_results_count(res), 1);
    h = ns_results_hit(res, 0);
    assert_string_equal(h->provider, "U News");
    assert_string_equal(h->story_key, "https://t.example/a");
    assert_string_equal(h->path, "");
    assert_string_equal(h->excerpt, "");
    assert_string_equal(h->date_iso, "");
    assert_int_equal(h->quality, -1);
    assert_int_equal(h->heat, -1);
    assert_int_equal(h->published, -1);
    assert_int_equal(h->is_related, 1);
    ns_results_free(res);
    ns_reader_close(r);
}

static void test_close_without_commit_discards(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("kept", "Committed story about harbours");
    put(w, &a, NULL);
    commit(w);
    ns_doc b = doc_init("dropped", "Uncommitted story about lighthouses");
    put(w, &b, NULL);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 1);
    assert_int_equal(count(r, "lighthouses"), 0);
    ns_reader_close(r);

    /* A new index closed without any commit is empty but readable. */
    char fresh[160];
    snprintf(fresh, sizeof fresh, "%s/fresh", f->dir);
    w = open_writer(fresh, NULL);
    put(w, &b, NULL);
    ns_writer_close(w);
    r = open_reader(fresh);
    assert_int_equal(ns_reader_doc_count(r), 0);
    ns_reader_close(r);
}

static void test_giant_values_do_not_break_put(void **state)
{
    fixture *f = *state;
    char word[1001], title[1100], id[1100], path[1100];
    memset(word, 'w', 1000);
    word[1000] = '\0';
    snprintf(title, sizeof title, "Huge %s headline", word);
    snprintf(id, sizeof id, "https://long.example/%s", word);
    snprintf(path, sizeof path, "/corpus/%s.txt", word);
    const char *topics[] = {word};

    ns_writer *w = open_writer(f->index, NULL);
    ns_doc d = doc_init(id, title);
    d.path = path;
    d.category = word;
    d.type = word;
    d.provider_name = word;
    d.provider_domain = word;
    d.topics = topics;
    d.n_topics = 1;
    d.story_key = word;
    d.body = word;
    put(w, &d, NULL);
    /* The hashed identity term still identifies it. */
    int replaced = 0;
    put(w, &d, &replaced);
    assert_int_equal(replaced, 1);
    ns_doc rel = doc_init("https://other.example/x", "Related with a huge parent");
    rel.parent_id = id;
    put(w, &rel, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 2);
    ns_results *res = search(r, "headline");
    assert_int_equal(ns_results_count(res), 1);
    assert_string_equal(ns_results_hit(res, 0)->id, id);
    ns_results_free(res);
    char filter[1100];
    snprintf(filter, sizeof filter, "huge category:%s", word);
    assert_only(r, filter, id);
    ns_reader_close(r);
}

static void test_invalid_documents(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_error err;
    ns_doc d = doc_init(NULL, "No id");
    assert_int_equal(ns_writer_put(w, &d, NULL, &err), NS_ERR_INVALID);
    d = doc_init("x", NULL);
    assert_int_equal(ns_writer_put(w, &d, NULL, &err), NS_ERR_INVALID);
    d = doc_init("x", "Bad quality");
    d.quality = 101;
    assert_int_equal(ns_writer_put(w, &d, NULL, &err), NS_ERR_INVALID);
    assert_non_null(strstr(err.message, "quality"));
    assert_int_equal(ns_writer_doc_count(w), 0);
    ns_writer_close(w);
}

/* ---- Analysis chain and query syntax ----------------------------------- */

static void test_stemming_symmetry(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc d = doc_init("voice", "Voice recognition struggles with accents");
    put(w, &d, NULL);
    ns_doc caps = doc_init("caps", "BAHIA COCOA REVIEW");
    put(w, &caps, NULL);
    put_filler(w, 3);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_only(r, "recognitions", "voice");
    assert_only(r, "Recognitions", "voice");
    assert_only(r, "RECOGNITIONS", "voice");
    assert_only(r, "recognition", "voice");
    assert_only(r, "accent", "voice");
    assert_only(r, "cocoa", "caps");
    assert_only(r, "title:Recognitions", "voice");
    assert_only(r, "recog*", "voice");
    ns_reader_close(r);
}

/* A wildcard finds what its words find typed out: "runni*" is "running",
 * searched as its stem "run" - though the stem is shorter than what was
 * typed, which an expansion over the stems alone would miss. */
static void test_wildcards_expand_through_words(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("marathon", "Marathon running in the rain");
    put(w, &a, NULL);
    ns_doc b = doc_init("river", "The river runs dry");
    put(w, &b, NULL);
    ns_doc c = doc_init("runner", "Profile of a runner");
    c.excerpt = "She is running again.";
    put(w, &c, NULL);
    ns_doc d = doc_init("gone", "Zeppelins return");
    put(w, &d, NULL);
    put_filler(w, 3);
    commit(w);
    /* Its only document replaced: the word stays listed, and finds none. */
    ns_doc d2 = doc_init("gone", "Airships return");
    put(w, &d2, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(count(r, "running"), 3);
    assert_int_equal(count(r, "runni*"), 3); /* "running": marathon, river, runner */
    assert_only(r, "runne*", "runner");
    /* In titles: "running" (marathon), so "runs" (river) too; not runner,
     * whose "running" is in its excerpt. */
    assert_int_equal(count(r, "title:runni*"), 2);
    assert_only(r, "runni* -title:runni*", "runner");
    assert_int_equal(count(r, "zeppelin*"), 0);
    assert_only(r, "airship*", "gone");
    assert_int_equal(count(r, "qqq*"), 0);
    ns_reader_close(r);

    /* A later writer lists its new words; the known ones are listed. */
    put_in_session(f->index, "blimp", "A blimp for the runner");
    r = open_reader(f->index);
    assert_only(r, "blim*", "blimp");
    assert_int_equal(count(r, "runne*"), 2);
    ns_reader_close(r);
}

/* Word `i`: "zq" and four of 19 consonants.  The stemmer leaves words
 * without vowels, 's' or 'y' as they are, and none is the start of
 * another, so "WORD*" finds only the document with WORD. */
static void made_up_word(char word[8], int i)
{
    static const char letters[] = "bcdfghjklmnpqrtvwxz";
    word[0] = 'z';
    word[1] = 'q';
    for (int k = 5, n = i; k >= 2; k--, n /= 19)
        word[k] = letters[n % 19];
    word[6] = '\0';
}

/* Thousands of words, so the writer's set of listed words grows many
 * times over: each is listed once, none is lost. */
static void test_every_new_word_is_listed(void **state)
{
    fixture *f = *state;
    enum { WORDS = 3000 };
    ns_writer *w = open_writer(f->index, NULL);
    for (int i = 0; i < WORDS; i++) {
        char id[32], word[8], title[64];
        snprintf(id, sizeof id, "w%d", i);
        made_up_word(word, i);
        snprintf(title, sizeof title, "Item %s and the item before", word);
        ns_doc d = doc_init(id, title);
        put(w, &d, NULL);
        if (i == WORDS / 2)
            commit(w);
    }
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    for (int i = 0; i < WORDS; i += 97) {
        char id[32], word[8], query[16];
        snprintf(id, sizeof id, "w%d", i);
        made_up_word(word, i);
        snprintf(query, sizeof query, "%s*", word);
        assert_only(r, query, id);
    }
    assert_int_equal(count(r, "zqbbb*"), 19); /* i < 19 */
    ns_reader_close(r);
}

/* "Did you mean" for the query "recogniton", or NULL. */
static char *suggestion_for_recogniton(const char *index)
{
    ns_reader *r = open_reader(index);
    ns_results *res = search(r, "recogniton");
    const char *s = ns_results_suggestion(res);
    char *copy = s ? strdup(s) : NULL;
    ns_results_free(res);
    ns_reader_close(r);
    return copy;
}

/* A whole build's writer may hold title words for spelling until
 * ns_writer_finish; any other writer's commit carries them. */
static void test_title_words_reach_spelling(void **state)
{
    fixture *f = *state;
    ns_writer_options whole = {.language = NULL, .whole_build = 1};
    ns_writer *w = NULL;
    ns_error err;
    assert_int_equal(ns_writer_open(f->index, &whole, &w, &err), NS_OK);
    ns_doc a = doc_init("lapd", "LAPD bans facial recognition");
    put(w, &a, NULL);
    put_filler(w, 3);
    commit(w);
    assert_null(suggestion_for_recogniton(f->index));
    assert_only_in(f->index, "recogn*", "lapd"); /* the word list is not held */
    assert_int_equal(ns_writer_finish(w, &err), NS_OK);
    char *s = suggestion_for_recogniton(f->index);
    assert_non_null(s);
    assert_string_equal(s, "recognition");
    free(s);
    ns_writer_close(w);

    /* Another writer's commit carries its title words. */
    put_in_session(f->index, "drones", "Police test drones");
    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "dornes");
    assert_non_null(ns_results_suggestion(res));
    assert_string_equal(ns_results_suggestion(res), "drones");
    ns_results_free(res);
    ns_reader_close(r);
}

static void test_phrase_order(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("lapd", "LAPD bans facial recognition");
    a.excerpt = "Police may no longer use facial recognition software.";
    put(w, &a, NULL);
    ns_doc b = doc_init("infant", "Infants and faces");
    b.excerpt = "A study of recognition of facial expressions in infants.";
    put(w, &b, NULL);
    /* A phrase must not span two fields. */
    ns_doc c = doc_init("span", "Research on the facial");
    c.excerpt = "recognition of patterns.";
    put(w, &c, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(count(r, "facial recognition"), 3);
    assert_only(r, "\"facial recognition\"", "lapd");
    assert_only(r, "\"Facial Recognition\"", "lapd");
    assert_only(r, "\"recognition of facial\"", "infant");
    assert_only(r, "title:\"facial recognition\"", "lapd");
    ns_reader_close(r);
}

static void test_field_prefixes(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    const char *topics[] = {"Speech Technology"};
    ns_doc a = doc_init("drones", "Police drones over the city");
    a.provider_domain = "Example.ORG";
    a.provider_name = "Metro Daily";
    a.category = "Politics";
    a.type = "News";
    a.published = 1;
    put(w, &a, NULL);
    ns_doc b = doc_init("other", "City budget");
    b.body = "The budget mentions drones once.";
    b.provider_domain = "example.net";
    b.category = "Economy";
    b.topics = topics;
    b.n_topics = 1;
    b.published = 0;
    put(w, &b, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(count(r, "drones"), 2);
    assert_only(r, "title:drones", "drones");
    assert_only(r, "site:example.org", "drones");
    assert_only(r, "site:EXAMPLE.org", "drones");
    assert_only(r, "city site:Example.Org", "drones");
    assert_only(r, "category:POLITICS", "drones");
    assert_only(r, "category:economy", "other");
    assert_only(r, "drones type:news", "drones");
    assert_only(r, "city published:true", "drones");
    assert_only(r, "city published:false", "other");
    assert_only(r, "topic:speech", "other");
    assert_only(r, "technology", "other");
    assert_only(r, "provider:metro", "drones");
    assert_int_equal(count(r, "site:nowhere.example"), 0);
    assert_int_equal(count(r, "city -drones"), 0);
    assert_int_equal(count(r, "city site:example.org OR site:example.net"), 2);
    ns_reader_close(r);
}

static void test_empty_and_hostile_queries(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc d = doc_init("sheffield", "Sheffield steel works reopen");
    put(w, &d, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = NULL;
    ns_error err;
    assert_int_equal(try_search(r, "", 0, 10, &res, &err), NS_ERR_QUERY);
    assert_null(res);
    assert_string_equal(err.message, "empty query");
    assert_int_equal(try_search(r, " \t\n ", 0, 10, &res, &err), NS_ERR_QUERY);

    static char longq[10001];
    memset(longq, 'x', 10000);
    longq[10000] = '\0';
    const char *hostile[] = {"AND sheffield", "\"unbalanced", "(((", ")))", "title:",
                             "NOT", "OR OR", "o'brien", "well-known", "***", "a*", "-",
                             "\"\"", longq, "title:\"", "site:", "\\", "sheffield NEAR/",
                             "site:\"\"", "published:maybe", "\x01\x02\xff\xfe"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        res = NULL;
        ns_status s = try_search(r, hostile[i], 0, 10, &res, &err);
        if (s != NS_OK && s != NS_ERR_QUERY)
            fail_msg("query '%.20s' gave %s: %s", hostile[i], ns_status_str(s), err.message);
        if (s == NS_OK)
            assert_non_null(res);
        else
            assert_null(res);
        ns_results_free(res);
    }
    /* Stray syntax still searches the words. */
    assert_only(r, "AND sheffield", "sheffield");
    assert_only(r, "\"sheffield steel", "sheffield");
    ns_reader_close(r);
}

/* ---- Ranking ------------------------------------------------------------ */

static void test_quality_breaks_ties(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    /* The low-quality one first, so docid order can't explain the result. */
    ns_doc low = doc_init("low", "Harbour crane collapses");
    low.quality = 10;
    put(w, &low, NULL);
    ns_doc high = doc_init("high", "Harbour crane collapses");
    high.quality = 90;
    put(w, &high, NULL);
    put_filler(w, 5);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "crane");
    assert_int_equal(ns_results_count(res), 2);
    const ns_hit *first = ns_results_hit(res, 0), *second = ns_results_hit(res, 1);
    assert_string_equal(first->id, "high");
    assert_true(first->score > second->score);
    assert_true(fabs(first->relevance - second->relevance) < 1e-9);
    /* quality/100 times one scale for both (same query, same pass). */
    assert_true(first->quality_part > 0);
    assert_true(fabs(first->quality_part - 9 * second->quality_part) < 1e-9);
    ns_results_free(res);

    /* With the quality weight off, the boost disappears. */
    ns_search_request req = request_for("crane", 0, 10);
    req.rank.quality_weight = 0;
    ns_error err;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_OK);
    assert_true(fabs(ns_results_hit(res, 0)->score - ns_results_hit(res, 1)->score) < 1e-9);
    assert_true(ns_results_hit(res, 0)->quality_part == 0);
    ns_results_free(res);

    req.rank.quality_weight = -1;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_ERR_INVALID);
    ns_reader_close(r);
}

/* The plain baselines: OR of the words by default, every word with
 * plain_all_words; neither adds boosts or a second pass, and without
 * stories (all) each document is its own line. */
static void test_plain_baselines(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc both = doc_init("both", "Harbour crane collapses");
    both.quality = 90;
    put(w, &both, NULL);
    ns_doc crane = doc_init("crane", "Crane hire prices rise");
    put(w, &crane, NULL);
    ns_doc harbour = doc_init("harbour", "Harbour dues cut");
    put(w, &harbour, NULL);
    put_filler(w, 5);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_search_request req = request_for("harbour crane", 0, 10);
    req.rank.plain_bm25 = 1;
    ns_results *res = NULL;
    ns_error err;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_OK);
    assert_int_equal(ns_results_count(res), 3); /* any word */
    assert_string_equal(ns_results_hit(res, 0)->id, "both");
    assert_true(ns_results_hit(res, 0)->quality_part == 0);
    ns_results_free(res);

    req.rank.plain_all_words = 1;
    req.all = 1;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_OK);
    assert_int_equal(ns_results_count(res), 1); /* every word, nothing more */
    assert_string_equal(ns_results_hit(res, 0)->id, "both");
    assert_true(ns_results_hit(res, 0)->all_words);
    assert_true(ns_results_hit(res, 0)->quality_part == 0);
    ns_results_free(res);

    /* nsearch's own ranking fills the page with the some-words tier. */
    req.rank.plain_bm25 = 0;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_OK);
    assert_int_equal(ns_results_count(res), 3);
    assert_true(ns_results_hit(res, 0)->quality_part > 0);
    ns_results_free(res);
    ns_reader_close(r);
}

/* Three words that no document has together: the documents that miss one
 * word come before those with fewer, even where the OR of the words would
 * rank a rare single word higher. */
static void test_all_but_one_word_first(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc rare = doc_init("rare", "Walrus walrus walrus sighted");
    put(w, &rare, NULL);
    ns_doc pair = doc_init("pair", "Harbour crane inspected");
    put(w, &pair, NULL);
    for (int i = 0; i < 8; i++) {
        char id[32], title[64];
        snprintf(id, sizeof id, "common-%d", i);
        snprintf(title, sizeof title, "%s report %d", i % 2 ? "Harbour" : "Crane", i);
        ns_doc d = doc_init(id, title);
        put(w, &d, NULL);
    }
    put_filler(w, 5);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "walrus harbour crane");
    int pair_at = find(res, "pair"), rare_at = find(res, "rare");
    assert_true(pair_at == 0);
    assert_true(rare_at > pair_at); /* still found, by the some-words pass */
    assert_false(ns_results_hit(res, 0)->all_words);
    /* The total counts the documents with some of the words. */
    assert_true(ns_results_estimated_total(res) >= ns_results_count(res));
    assert_int_equal(ns_results_count(res), 10);
    ns_results_free(res);

    /* The OR alone ranks the rare word first: what the tier changes. */
    ns_search_request req = request_for("walrus harbour crane", 0, 10);
    req.rank.plain_bm25 = 1;
    ns_error err;
    assert_int_equal(ns_search(r, &req, &res, &err), NS_OK);
    assert_string_equal(ns_results_hit(res, 0)->id, "rare");
    ns_results_free(res);
    ns_reader_close(r);
}

/* `query` ranked with boosts folded into a word's postings and with them
 * apart (a phrase weight turns folding off and adds nothing where no two
 * query words are adjacent): the same page, order, scores and totals. */
/* The same documents in the same order, with the same scores (to the last
 * bits of a double: sums in another order). */
static void assert_same_hits(const ns_results *a, const ns_results *b, const char *query,
                             unsigned limit)
{
    assert_int_equal(ns_results_count(a), ns_results_count(b));
    for (size_t i = 0; i < ns_results_count(a); i++) {
        const ns_hit *x = ns_results_hit(a, i), *y = ns_results_hit(b, i);
        if (strcmp(x->id, y->id) != 0 || fabs(x->score - y->score) > 1e-9 * y->score)
            fail_msg("'%s' limit %u, hit %zu: %s %.17g vs %s %.17g", query, limit, i, x->id,
                     x->score, y->id, y->score);
        assert_int_equal(x->all_words, y->all_words);
    }
}

/* `query` searched as is, and with a phrase weight, which turns folding
 * off (and the some-words pass's floor with it). */
static void search_folded_and_apart(ns_reader *r, const char *query, unsigned limit,
                                    ns_results **folded_results, ns_results **apart_results)
{
    ns_search_request folded = request_for(query, 0, limit);
    ns_search_request apart = folded;
    apart.rank.phrase_weight = 1;
    ns_error err;
    assert_int_equal(ns_search(r, &folded, folded_results, &err), NS_OK);
    assert_int_equal(ns_search(r, &apart, apart_results, &err), NS_OK);
}

static void assert_folding_agrees(ns_reader *r, const char *query, unsigned limit)
{
    ns_results *a = NULL, *b = NULL;
    search_folded_and_apart(r, query, limit, &a, &b);
    assert_true(ns_results_count(a) > 0);
    assert_int_equal(ns_results_estimated_total(a), ns_results_estimated_total(b));
    assert_int_equal(ns_results_total_is_exact(a), ns_results_total_is_exact(b));
    assert_same_hits(a, b, query, limit);
    ns_results_free(a);
    ns_results_free(b);
}

/* Quality and heat ride on a query word's posting list where that gives
 * the same scores (boosted_term.h); any other ranking part keeps them
 * apart.  A phrase weight adds nothing here - no two query words are ever
 * next to each other - but turns the folding off, so the two searches
 * must agree: same documents, same order, same scores and totals, for one
 * word, all words, and each tier, on a short page (where the folded list
 * skips documents that cannot make it) and a long one. */
static void test_folded_boosts_score_the_same(void **state)
{
    static const char *const words[] = {"alpha", "bravo", "charlie", "delta"};
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    char ids[48][32], titles[48][256];
    for (int i = 0; i < 48; i++) {
        size_t len = 0;
        titles[i][0] = '\0';
        for (int k = 0; k < 4; k++) {
            if (!((i + 1) * (k + 3) % 5 == 0 || (i >> k) % 3 == 0))
                continue;
            for (int rep = 0; rep <= (i + k) % 3; rep++)
                len += (size_t)snprintf(titles[i] + len, sizeof titles[i] - len, "%s filler%d ",
                                        words[k], (i + rep) % 4);
        }
        len += (size_t)snprintf(titles[i] + len, sizeof titles[i] - len, "note %d", i);
        snprintf(ids[i], sizeof ids[i], "doc-%d", i);
        ns_doc d = doc_init(ids[i], titles[i]);
        d.quality = (i * 37) % 101;
        d.heat = i % 5 == 0 ? -1 : i * 13;
        put(w, &d, NULL);
    }
    put_filler(w, 20);
    commit(w);
    ns_writer_close(w);

    /* The last: a repeat beside another word is not folded in the
     * all-words pass (boosted_term.cc says why); its leave-one-out pass
     * has "bravo AND bravo", which is. */
    static const char *const queries[] = {"alpha",
                                          "delta",
                                          "alpha bravo",
                                          "charlie delta",
                                          "alpha bravo charlie",
                                          "alpha bravo charlie delta",
                                          "bravo charlie bravo"};
    static const unsigned limits[] = {3, 5, 60};
    ns_reader *r = open_reader(f->index);
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (size_t l = 0; l < sizeof limits / sizeof *limits; l++)
            assert_folding_agrees(r, queries[q], limits[l]);

    /* A word repeated alone: folded, one list weighed twice (or three
     * times); apart, two leaves of the same word.  Same page and scores;
     * the total is the word's (apart, Xapian estimates the AND of a word
     * with itself as if the two were independent: 12 where 22 documents
     * have "alpha"). */
    static const char *const repeated[][2] = {{"alpha alpha", "alpha"},
                                              {"delta delta delta", "delta"}};
    for (size_t q = 0; q < sizeof repeated / sizeof *repeated; q++)
        for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
            ns_results *folded = NULL, *apart = NULL, *once = NULL;
            search_folded_and_apart(r, repeated[q][0], limits[l], &folded, &apart);
            assert_true(ns_results_count(folded) > 0);
            assert_same_hits(folded, apart, repeated[q][0], limits[l]);
            ns_search_request req = request_for(repeated[q][1], 0, limits[l]);
            ns_error err;
            assert_int_equal(ns_search(r, &req, &once, &err), NS_OK);
            assert_int_equal(ns_results_estimated_total(folded), ns_results_estimated_total(once));
            ns_results_free(folded);
            ns_results_free(apart);
            ns_results_free(once);
        }
    ns_reader_close(r);
}

/* Documents alike but for their boosts: the folded list skips, without
 * reading its length, a document whose best possible score cannot reach
 * the page - and only such a document. */
static void test_folded_boosts_skip_only_the_hopeless(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    char ids[40][32];
    for (int i = 0; i < 40; i++) {
        snprintf(ids[i], sizeof ids[i], "same-%d", i);
        ns_doc d = doc_init(ids[i], "Kilo lima");
        d.quality = (i * 37) % 101;
        d.heat = i * 11 % 7 == 0 ? -1 : i * 29 % 500;
        put(w, &d, NULL);
    }
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    for (unsigned limit = 1; limit <= 8; limit++)
        assert_folding_agrees(r, "kilo", limit);
    ns_reader_close(r);
}

/* Past 65,534 the boost table keeps no length (boost_table.h): such a
 * document's length comes from Xapian, and it scores as it should. */
static void test_folded_boosts_long_document(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    enum { WORDS = 70000 };
    char *body = malloc(WORDS * 6 + 1);
    assert_non_null(body);
    for (int i = 0; i < WORDS; i++)
        memcpy(body + 6 * i, i % 7 ? "lima  " : "kilo  ", 6);
    body[WORDS * 6] = '\0';
    ns_doc big = doc_init("big", "Kilo lima");
    big.body = body;
    big.quality = 80;
    put(w, &big, NULL);
    for (int i = 0; i < 12; i++) {
        char id[32];
        snprintf(id, sizeof id, "small-%d", i);
        ns_doc d = doc_init(id, i % 2 ? "Kilo lima" : "Kilo mike november");
        d.quality = i * 8;
        put(w, &d, NULL);
    }
    commit(w);
    ns_writer_close(w);
    free(body);

    ns_reader *r = open_reader(f->index);
    for (unsigned limit = 1; limit <= 13; limit += 4)
        assert_folding_agrees(r, "kilo", limit);
    ns_results *res = search(r, "kilo");
    assert_true(find(res, "big") >= 0);
    ns_results_free(res);
    ns_reader_close(r);
}

/* A rare word beside a common one: the some-words pass ranks the rare
 * word alone first and searches under the floor that gives (search.cc,
 * run_floored_pass).  The page must be the one the unfloored pass finds -
 * a phrase weight turns folding, and so the floor, off without changing a
 * score here (the two words are never next to each other) - for pages
 * that take every rare-only document and pages that take a few.  (That
 * the floor saves time is the benchmarks' to show; a floor too high, as
 * from counting documents the all-words tier has kept, loses some of the
 * rare word's documents here.) */
static void test_floor_keeps_the_page(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    for (int i = 0; i < 14; i++) {
        char id[32], title[96];
        snprintf(id, sizeof id, "quokka-%d", i);
        /* Two have both words: the all-words tier, kept before the floor. */
        snprintf(title, sizeof title, "%s sighting %s number %d",
                 i % 7 == 3 ? "Quokka at the market" : "Quokka",
                 i % 3 ? "quokka" : "reported", i);
        ns_doc d = doc_init(id, title);
        d.quality = (i * 41) % 101;
        d.heat = i % 4 == 0 ? -1 : i * 17;
        put(w, &d, NULL);
    }
    for (int i = 0; i < 500; i++) {
        char id[32], title[64];
        snprintf(id, sizeof id, "market-%d", i);
        snprintf(title, sizeof title, "Market report %d", i);
        ns_doc d = doc_init(id, title);
        d.quality = i % 5 ? (i * 7) % 101 : 100;
        d.heat = i * 31 % 900;
        put(w, &d, NULL);
    }
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    for (unsigned limit = 3; limit <= 14; limit++) {
        ns_results *a = NULL, *b = NULL;
        search_folded_and_apart(r, "quokka market", limit, &a, &b);
        assert_int_equal(ns_results_count(a), limit);
        assert_same_hits(a, b, "quokka market", limit);
        ns_results_free(a);
        ns_results_free(b);
    }
    ns_reader_close(r);
}

static void test_unknown_heat_is_zero_heat(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc unknown = doc_init("unknown", "Ferry timetable changes");
    unknown.heat = -1;
    put(w, &unknown, NULL);
    ns_doc zero = doc_init("zero", "Ferry timetable changes");
    zero.heat = 0;
    put(w, &zero, NULL);
    ns_doc warm = doc_init("warm", "Ferry timetable changes");
    warm.heat = 50; /* the pivot: half the heat weight */
    put(w, &warm, NULL);
    put_filler(w, 5);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "ferry");
    assert_int_equal(ns_results_count(res), 3);
    assert_string_equal(ns_results_hit(res, 0)->id, "warm");
    /* Heat at the pivot gives half the heat weight; absent quality counts
     * as 50, half the quality weight; the two weights are equal. */
    assert_true(ns_results_hit(res, 0)->heat_part > 0);
    assert_true(fabs(ns_results_hit(res, 0)->heat_part - ns_results_hit(res, 0)->quality_part) < 1e-9);
    const ns_hit *u = ns_results_hit(res, find(res, "unknown"));
    const ns_hit *z = ns_results_hit(res, find(res, "zero"));
    assert_true(u->heat_part == 0 && z->heat_part == 0);
    assert_true(fabs(u->score - z->score) < 1e-9);
    assert_true(fabs(u->quality_part - z->quality_part) < 1e-9);
    ns_results_free(res);
    ns_reader_close(r);
}

static void test_boost_does_not_swamp_relevance(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc strong = doc_init("strong", "Sheffield steel output rises");
    strong.excerpt = "Sheffield mills report their best year.";
    put(w, &strong, NULL);

    char body[8000] = "";
    for (int i = 0; i < 60; i++)
        strcat(body, "Markets traded sideways as investors awaited data on inflation. ");
    strcat(body, "A trader from Sheffield commented.");
    ns_doc weak = doc_init("weak", "Markets drift");
    weak.body = body;
    weak.quality = 100;
    weak.heat = 1000000;
    put(w, &weak, NULL);
    put_filler(w, 50);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "sheffield");
    assert_int_equal(ns_results_count(res), 2);
    assert_string_equal(ns_results_hit(res, 0)->id, "strong");
    const ns_hit *h = ns_results_hit(res, 1);
    /* The weak one got the largest static parts there are: quality 100
     * and heat 10^6 (h/(h+50) = 0.99995) - and still ranks second. */
    assert_string_equal(h->id, "weak");
    assert_true(h->quality_part > 0 && h->heat_part > 0.9999 * h->quality_part);
    assert_true(h->quality_part + h->heat_part > ns_results_hit(res, 0)->quality_part);
    ns_results_free(res);
    ns_reader_close(r);
}

static void test_score_parts_add_up(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    for (int i = 0; i < 20; i++) {
        char id[16], title[64];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(title, sizeof title, "Election turnout report %d", i);
        ns_doc d = doc_init(id, title);
        d.body = i % 2 ? "Turnout was high in the election." : "Quiet day.";
        d.quality = i * 5;
        d.heat = i % 3 ? i * 100 : -1;
        put(w, &d, NULL);
    }
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = NULL;
    ns_error err;
    assert_int_equal(try_search(r, "turnout election", 5, 10, &res, &err), NS_OK);
    assert_int_equal(ns_results_count(res), 10);
    assert_true(ns_results_estimated_total(res) == 20);
    assert_int_equal(ns_results_hit(res, 0)->rank, 6);
    assert_null(ns_results_hit(res, 10));
    for (size_t i = 0; i < ns_results_count(res); i++) {
        const ns_hit *h = ns_results_hit(res, i);
        assert_true(h->relevance > 0);
        assert_true(h->quality_part >= 0 && h->heat_part >= 0);
        assert_true(fabs(h->score - (h->relevance + h->quality_part + h->heat_part)) < 1e-9);
        if (i > 0)
            assert_true(h->score <= ns_results_hit(res, i - 1)->score);
    }
    ns_results_free(res);
    ns_reader_close(r);
}

/* Threads `query` ranked on through a reader opened with `options`. */
static unsigned threads_used(const char *index, const ns_reader_options *options,
                             const char *query)
{
    ns_reader *r = NULL;
    ns_error err;
    ns_status s = ns_reader_open_with(index, options, &r, &err);
    if (s != NS_OK)
        fail_msg("ns_reader_open_with: %s: %s", ns_status_str(s), err.message);
    ns_results *res = search(r, query);
    unsigned threads = ns_results_threads(res);
    ns_results_free(res);
    ns_reader_close(r);
    return threads;
}

/* A search split in two pays for a second handle on the database; a
 * reader of one search opens it for that search alone, so it splits only
 * far bigger searches. */
static void test_one_search_splits_only_very_big_searches(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    put_filler(w, NS_SPLIT_MIN_CANDIDATES + 1); /* all about the weather */
    ns_doc cocoa = doc_init("cocoa", "Cocoa prices rise");
    put(w, &cocoa, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader_options many = {.search_threads = 0};
    ns_reader_options one = {.search_threads = 0, .one_search = 1};
    ns_reader_options one_forced = {.search_threads = 2, .one_search = 1};
    assert_true(NS_SPLIT_MIN_CANDIDATES + 1 < NS_SPLIT_MIN_CANDIDATES_ONE_SEARCH);
    assert_int_equal(threads_used(f->index, &many, "weather"), 2);
    assert_int_equal(threads_used(f->index, &one, "weather"), 1);
    assert_int_equal(threads_used(f->index, &one_forced, "weather"), 2);
    /* A small search stays on one thread either way. */
    assert_int_equal(threads_used(f->index, &many, "cocoa"), 1);
}

/* ---- Snippets ----------------------------------------------------------- */

static void test_snippets(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("att", "Carrier trial");
    a.excerpt = "AT&T tests facial recognition at <gates> & \"doors\".";
    put(w, &a, NULL);
    ns_doc b = doc_init("nobody", "Border trial");
    b.body = "Border agents trial recognition kiosks. \x01Odd\x02 bytes stay plain.";
    put(w, &b, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "recognitions");
    assert_int_equal(ns_results_count(res), 2);
    ns_error err;
    int ia = find(res, "att"), ib = find(res, "nobody");
    const char *s = ns_results_snippet(res, (size_t)ia, 200, &err);
    assert_non_null(s);
    assert_non_null(strstr(s, "\x01recognition\x02"));
    assert_non_null(strstr(s, "AT&T"));
    assert_non_null(strstr(s, "<gates> & \"doors\""));
    assert_null(strstr(s, "&amp;"));
    /* No excerpt: the start of the body, stored at index time. */
    const char *t = ns_results_snippet(res, (size_t)ib, 200, &err);
    assert_non_null(t);
    assert_non_null(strstr(t, "\x01recognition\x02"));
    assert_non_null(strstr(t, "Odd"));
    assert_null(strstr(t, "\x01Odd"));
    /* Earlier snippets stay valid. */
    const char *shorter = ns_results_snippet(res, (size_t)ia, 30, &err);
    assert_non_null(shorter);
    assert_non_null(strstr(s, "AT&T"));
    assert_null(ns_results_snippet(res, 99, 100, &err));
    /* Results outlive their reader. */
    ns_reader_close(r);
    s = ns_results_snippet(res, (size_t)ia, 120, &err);
    assert_non_null(s);
    assert_non_null(strstr(s, "\x01recognition\x02"));
    ns_results_free(res);
}

/* The snippet stemmer (query_stems_only) stems only words whose first
 * letter starts one of the query's stems: irregular stems must still
 * highlight ("skies" is "sky", "dying" is "die"). */
static void test_snippets_irregular_stems(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("weather", "Forecast");
    a.excerpt = "Clear skies over the dying embers; Yearly ties cried early.";
    put(w, &a, NULL);
    commit(w);
    ns_writer_close(w);

    ns_reader *r = open_reader(f->index);
    ns_results *res = search(r, "sky die year tie cry");
    assert_int_equal(ns_results_count(res), 1);
    ns_error err;
    const char *s = ns_results_snippet(res, 0, 200, &err);
    assert_non_null(s);
    assert_non_null(strstr(s, "\x01" "skies\x02"));
    assert_non_null(strstr(s, "\x01" "dying\x02"));
    assert_non_null(strstr(s, "\x01" "Yearly\x02"));
    assert_non_null(strstr(s, "\x01" "ties\x02"));
    assert_non_null(strstr(s, "\x01" "cried\x02"));
    assert_null(strstr(s, "\x01" "early"));
    assert_null(strstr(s, "\x01" "Clear"));
    ns_results_free(res);
    ns_reader_close(r);
}

/* What query_stems_only relies on: libstemmer's english and porter keep a
 * word's first letter (or stem it to nothing).  Checked over the words of every fixture article
 * and the english algorithm's special cases (its exception list, initial
 * "y", short words). */
static const char *const STEM_SPECIAL_CASES[] = {
    "skis", "skies", "sky", "dying", "lying", "tying", "idly", "gently", "ugly",
    "early", "only", "singly", "news", "howe", "atlas", "cosmos", "bias", "andes",
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed",
    "succeed", "yearly", "youth", "yelling", "yy", "y", "ies", "ied", "eed", "ed",
    "ing", "ly", "a", "is", "o'neill", "ain't", "generously", "generate",
    "communism", "arsenal", "\xc3\xa9t\xc3\xa9s", "\xc3\xbc" "ber"};

static struct sb_stemmer *first_letter_stemmer;
static int first_letter_words;

static void check_first_letter(const char *word, size_t n)
{
    const sb_symbol *stem =
        sb_stemmer_stem(first_letter_stemmer, (const sb_symbol *)word, (int)n);
    assert_non_null(stem);
    /* An empty stem (porter's "s") has no first letter to keep. */
    if (sb_stemmer_length(first_letter_stemmer) > 0 && stem[0] != (unsigned char)word[0])
        fail_msg("stem of '%.*s' is '%s': another first letter", (int)n, word, stem);
    first_letter_words++;
}

static int check_file_words(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char word[64];
    size_t n = 0;
    int c;
    while ((c = fgetc(in)) != EOF) {
        if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) && n < sizeof word) {
            word[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        if (n > 0 && (unsigned char)word[0] < 0x80)
            check_first_letter(word, n);
        n = 0;
    }
    fclose(in);
    return 0;
}

static void test_english_stems_keep_first_letter(void **state)
{
    (void)state;
    static const char *const languages[] = {"english", "porter"};
    for (size_t l = 0; l < sizeof languages / sizeof languages[0]; l++) {
        first_letter_stemmer = sb_stemmer_new(languages[l], "UTF_8");
        assert_non_null(first_letter_stemmer);
        first_letter_words = 0;
        for (size_t i = 0; i < sizeof STEM_SPECIAL_CASES / sizeof STEM_SPECIAL_CASES[0]; i++)
            check_first_letter(STEM_SPECIAL_CASES[i], strlen(STEM_SPECIAL_CASES[i]));
        /* Run from the repository root (tests/run). */
        assert_int_equal(nftw("tests/fixtures", check_file_words, 8, FTW_PHYS), 0);
        assert_true(first_letter_words > 2000);
        sb_stemmer_delete(first_letter_stemmer);
    }
}

/* ---- Opening, locking, schema ------------------------------------------- */

static void test_second_writer_is_locked(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_writer *w2 = NULL;
    ns_error err;
    assert_int_equal(ns_writer_open(f->index, NULL, &w2, &err), NS_ERR_LOCKED);
    assert_null(w2);
    assert_non_null(strstr(err.message, "writing"));
    /* Readers are not blocked by the writer. */
    ns_reader *r = open_reader(f->index);
    ns_reader_close(r);
    ns_writer_close(w);
    /* The lock goes with the handle. */
    w = open_writer(f->index, NULL);
    ns_writer_close(w);
}

static void test_schema_and_language(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, "english");
    ns_writer_close(w);

    ns_error err;
    ns_writer *w2 = NULL;
    ns_writer_options french = {.language = "french"};
    assert_int_equal(ns_writer_open(f->index, &french, &w2, &err), NS_ERR_SCHEMA);
    assert_null(w2);
    assert_non_null(strstr(err.message, "'english'"));
    assert_non_null(strstr(err.message, "rebuild"));

    /* An unknown language creates nothing. */
    char other[160];
    snprintf(other, sizeof other, "%s/klingon", f->dir);
    ns_writer_options klingon = {.language = "klingon"};
    assert_int_equal(ns_writer_open(other, &klingon, &w2, &err), NS_ERR_LANGUAGE);
    assert_int_equal(access(other, F_OK), -1);

    /* The reader takes the language from the index. */
    snprintf(other, sizeof other, "%s/french", f->dir);
    w = open_writer(other, "french");
    ns_doc d = doc_init("fr", "Les chanteuses chantaient");
    put(w, &d, NULL);
    commit(w);
    ns_writer_close(w);
    ns_reader *r = open_reader(other);
    assert_string_equal(ns_reader_language(r), "french");
    assert_only(r, "chanteuse", "fr");
    ns_reader_close(r);
}

static void test_missing_index(void **state)
{
    fixture *f = *state;
    char missing[160];
    snprintf(missing, sizeof missing, "%s/missing", f->dir);
    ns_reader *r = NULL;
    ns_error err;
    assert_int_equal(ns_reader_open(missing, &r, &err), NS_ERR_NO_INDEX);
    assert_null(r);
    assert_non_null(strstr(err.message, missing));
    /* An empty directory is no index either. */
    assert_int_equal(ns_reader_open(f->dir, &r, &err), NS_ERR_NO_INDEX);
    assert_int_equal(ns_reader_open(NULL, &r, &err), NS_ERR_INVALID);
}

static void test_reader_sees_commits_after_reopen(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    ns_doc a = doc_init("a", "Tram line opens");
    put(w, &a, NULL);
    commit(w);

    ns_reader *old = open_reader(f->index);
    assert_int_equal(count(old, "tram"), 1);
    /* Several commits while the old reader stays open. */
    for (int i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "t%d", i);
        ns_doc d = doc_init(id, "Tram line extended");
        put(w, &d, NULL);
        put_filler(w, 20);
        commit(w);
    }
    ns_writer_close(w);

    /* The old reader may see an old revision, but never fails. */
    ns_results *res = search(old, "tram");
    assert_true(ns_results_count(res) >= 1);
    ns_results_free(res);
    ns_reader_close(old);

    ns_reader *r = open_reader(f->index);
    assert_int_equal(count(r, "tram"), 6);
    ns_reader_close(r);
}

/* Put 300 tram documents, all titled with `round`, and commit. */
static void write_trams(ns_writer *w, int round)
{
    for (int i = 0; i < 300; i++) {
        char id[32], title[96];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(title, sizeof title, "Tram %d stop%d round%d", i, i % 7, round);
        ns_doc d = doc_init(id, title);
        d.body = "The tram network carries buses and trains too.";
        put(w, &d, NULL);
    }
    commit(w);
}

/* A reader whose revision a writer has recycled gets DatabaseModifiedError
 * inside Xapian; the shim must reopen and re-run, never fail or mix
 * revisions. */
static void test_search_survives_concurrent_commits(void **state)
{
    fixture *f = *state;
    ns_writer *w = open_writer(f->index, NULL);
    write_trams(w, 0);
    ns_reader *r = open_reader(f->index);
    assert_int_equal(count(r, "stop3"), 43);
    /* Rewrite everything under the open reader: its revision's blocks get
     * recycled, which Xapian reports as DatabaseModifiedError. */
    for (int round = 1; round <= 3; round++)
        write_trams(w, round);
    ns_writer_close(w);

    ns_results *res = search(r, "tram stop3");
    /* 43 have both words; documents with one of them follow. */
    size_t both = 0;
    for (size_t i = 0; i < ns_results_count(res); i++)
        both += ns_results_hit(res, i)->all_words == 1;
    assert_int_equal(both, 43);
    /* One revision only: every hit carries the same round. */
    const char *tag = strstr(ns_results_hit(res, 0)->title, "round");
    assert_non_null(tag);
    for (size_t i = 0; i < ns_results_count(res); i++) {
        assert_non_null(strstr(ns_results_hit(res, i)->title, tag));
        ns_error err;
        assert_non_null(ns_results_snippet(res, i, 80, &err));
    }
    ns_results_free(res);
    ns_reader_close(r);
}

/* Xapian auto-commits every XAPIAN_FLUSH_THRESHOLD changes, except inside a
 * transaction: uncommitted work must still be discarded past it. */
static void test_discard_past_flush_threshold(void **state)
{
    fixture *f = *state;
    setenv("XAPIAN_FLUSH_THRESHOLD", "10", 1);
    ns_writer *w = open_writer(f->index, NULL);
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    for (int i = 0; i < 50; i++) {
        char id[16];
        snprintf(id, sizeof id, "n%d", i);
        ns_doc d = doc_init(id, "Never committed");
        put(w, &d, NULL);
    }
    assert_int_equal(ns_writer_doc_count(w), 50);
    ns_writer_close(w);
    ns_reader *r = open_reader(f->index);
    assert_int_equal(ns_reader_doc_count(r), 0);
    ns_reader_close(r);
}

static void test_status_names_and_languages(void **state)
{
    (void)state;
    for (int s = NS_OK; s <= NS_ERR_INTERNAL; s++)
        assert_non_null(ns_status_str((ns_status)s));
    assert_string_equal(ns_status_str(NS_ERR_LOCKED), "index locked by another writer");
    int english = 0;
    for (const char **l = ns_languages(); *l; l++)
        english |= strcmp(*l, "english") == 0;
    assert_true(english);
    /* NULL handles are harmless. */
    ns_writer_close(NULL);
    ns_reader_close(NULL);
    ns_results_free(NULL);
    assert_int_equal(ns_results_count(NULL), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_put_commit_count),
        T(test_reput_replaces),
        T(test_related_never_replaces_article),
        T(test_stored_fields),
        T(test_close_without_commit_discards),
        T(test_giant_values_do_not_break_put),
        T(test_invalid_documents),
        T(test_stemming_symmetry),
        T(test_wildcards_expand_through_words),
        T(test_every_new_word_is_listed),
        T(test_title_words_reach_spelling),
        T(test_phrase_order),
        T(test_field_prefixes),
        T(test_empty_and_hostile_queries),
        T(test_quality_breaks_ties),
        T(test_plain_baselines),
        T(test_all_but_one_word_first),
        T(test_folded_boosts_score_the_same),
        T(test_folded_boosts_skip_only_the_hopeless),
        T(test_folded_boosts_long_document),
        T(test_floor_keeps_the_page),
        T(test_unknown_heat_is_zero_heat),
        T(test_boost_does_not_swamp_relevance),
        T(test_score_parts_add_up),
        T(test_one_search_splits_only_very_big_searches),
        T(test_snippets),
        T(test_snippets_irregular_stems),
        T(test_english_stems_keep_first_letter),
        T(test_second_writer_is_locked),
        T(test_schema_and_language),
        T(test_missing_index),
        T(test_reader_sees_commits_after_reopen),
        T(test_search_survives_concurrent_commits),
        T(test_discard_past_flush_threshold),
        T(test_status_names_and_languages),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
