/* main.c - nsearch: search the index and print ranked results.
 *
 * Usage: nsearch [OPTION]... QUERY...
 *        nsearch [OPTION]... --queries FILE
 *
 * The words of QUERY are joined with spaces and handed to the shim, which
 * parses them with the same analysis chain the indexer used.  --queries
 * runs a file of "ID<TAB>QUERY" lines through exactly the same path (the
 * relevance evaluation uses it with --format trec).
 *
 * Exit status: 0 results, 1 no results, 2 usage or query error,
 * 3 missing or unreadable index.
 */
#include "config.h"
#include "duration.h"
#include "index_location.h"
#include "query_limits.h"
#include "render.h"
#include "xapian_shim.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    EXIT_RESULTS = 0,
    EXIT_NO_RESULTS = 1,
    EXIT_USAGE = 2,
    EXIT_NO_INDEX = 3
};

#define DEFAULT_LIMIT 10
/* More results than anyone reads in a terminal; bounds the work a query
 * from a script can ask for. */
#define MAX_LIMIT 10000
#define MAX_OFFSET 1000000

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_TREC, FORMAT_TSV, FORMAT_PATHS };

struct options {
    const char *index_flag;
    enum format format;
    int explain;
    int count_only;
    const char *queries_file;
    const char *run_id;
    const char *since;       /* as typed: resolved once "now" is known */
    const char *until;
    ns_search_request request; /* everything but the query text */
    ns_reader_options reader;
    struct query_limits limits;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch [OPTION]... QUERY...\n"
            "       nsearch [OPTION]... --queries FILE\n"
            "Search the news index; QUERY words are joined with spaces.\n"
            "\n"
            "  --index DIR          index to search (default: $NSEARCH_INDEX, else\n"
            "                       $XDG_DATA_HOME/nsearch/index, else\n"
            "                       ~/.local/share/nsearch/index)\n"
            "  -n, --limit N        show the top N results (default %d)\n"
            "      --offset K       skip the first K results\n"
            "      --json           one JSON object (same as --format json)\n"
            "      --format FORMAT  text (default), json, tsv, paths or trec\n"
            "      --explain        show the parts of each result's score\n"
            "      --count          print only the number of matches\n"
            "      --all            list every article, not one per story\n"
            "      --sort ORDER     relevance (default), date, quality or heat\n"
            "      --since WHEN     only articles from WHEN on (2020-11-01, 7d, 12h)\n"
            "      --until WHEN     only articles up to WHEN\n"
            "      --published      leave out drafts (published: false)\n"
            "      --facets LIST    count topic,provider,category,year over all\n"
            "                       matches\n"
            "      --remote-timeout S  seconds to wait for a remote shard (10)\n"
            "      --threads N      1: search on one thread; 2: rank two halves of\n"
            "                       the index at once (default: 2 for searches with\n"
            "                       many candidates: 5,000, or 200,000 for a\n"
            "                       single QUERY)\n"
            "      --queries FILE   run each \"ID<TAB>QUERY\" line of FILE\n"
            "      --run-id NAME    run name in TREC output (default nsearch)\n"
            "\n"
            "Ranking (also settable in ~/.config/nsearch/config):\n"
            "      --k1 X, --b X            BM25 parameters\n"
            "      --title-weight X         weight of title matches\n"
            "      --phrase-weight X        weight of adjacent query words\n"
            "      --quality-weight X       weight of quality (0-100)\n"
            "      --heat-weight X          weight of heat\n"
            "      --recent HALF_LIFE       favour recent articles (7d, 12h, off)\n"
            "      --recency-weight X, --recency-floor X\n"
            "      --expand-terms N         feedback terms for long queries\n"
            "      --plain-bm25             Xapian's plain BM25 (the baseline)\n"
            "\n"
            "Query syntax: words (all must match first, then some), \"a phrase\",\n"
            "-exclude, a OR b, a AND NOT b, (groups), title:word, topic:word,\n"
            "topic:\"two words\", provider:word, site:domain, category:word,\n"
            "type:word, published:true|false, date:2020-11-01..2020-11-30,\n"
            "date:2020-11-01.., prefix*.\n"
            "\n"
            "  -h, --help           show this help\n"
            "  -V, --version        show the version\n"
            "\n"
            "Exit status: 0 results, 1 no results, 2 usage or query error,\n"
            "3 missing or unreadable index.\n",
            DEFAULT_LIMIT);
    query_limits_usage(out);
}

static int parse_count(const char *text, unsigned min, unsigned max,
                       unsigned *out)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || end == text || value < (long)min || value > (long)max)
        return -1;
    *out = (unsigned)value;
    return 0;
}

/* Joins argv[first..argc) with single spaces into a new string. */
static char *join_words(int argc, char **argv, int first)
{
    size_t n = 1;
    for (int i = first; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *query = malloc(n);
    if (!query)
        return NULL;
    query[0] = '\0';
    for (int i = first; i < argc; i++) {
        if (i > first)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    return query;
}

static int parse_format(const char *text, enum format *out)
{
    static const char *const names[] = {"text", "json", "trec", "tsv", "paths"};
    for (int i = 0; i < 5; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (enum format)i;
            return 0;
        }
    return -1;
}

/* Ranking flags are the settings file's keys with '-' for '_'. */
static int apply_rank_flag(struct options *o, const char *flag,
                           const char *value)
{
    char key[32];
    const char *why;
    snprintf(key, sizeof key, "%s", flag);
    for (char *p = key; *p; p++)
        if (*p == '-')
            *p = '_';
    if (config_apply(&o->request.rank, key, value, &why) == 0)
        return 0;
    fprintf(stderr, "nsearch: --%s %s: %s\n", flag, value, why);
    return EXIT_USAGE;
}

enum { OPT_RANK = 1000, OPT_PLAIN, OPT_FORMAT, OPT_QUERIES, OPT_RUN_ID,
       OPT_OFFSET, OPT_JSON, OPT_EXPLAIN, OPT_INDEX, OPT_COUNT, OPT_ALL,
       OPT_SORT, OPT_SINCE, OPT_UNTIL, OPT_PUBLISHED, OPT_FACETS,
       OPT_QUERY_LIMIT, OPT_REMOTE_TIMEOUT, OPT_THREADS };

static int parse_sort(const char *text, ns_sort *out)
{
    static const char *const names[] = {"relevance", "date", "quality", "heat"};
    for (int i = 0; i < 4; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (ns_sort)i;
            return 0;
        }
    return -1;
}

/* "topic,provider" -> NS_FACET_BIT(NS_FACET_TOPIC) | ... */
static int parse_facets(const char *text, unsigned *mask)
{
    static const char *const names[NS_FACET_COUNT] = {"topic", "provider",
                                                       "category", "year"};
    *mask = 0;
    while (*text) {
        size_t n = strcspn(text, ",");
        int found = 0;
        for (int f = 0; f < NS_FACET_COUNT; f++)
            if (strlen(names[f]) == n && strncmp(text, names[f], n) == 0) {
                *mask |= NS_FACET_BIT(f);
                found = 1;
            }
        if (!found)
            return -1;
        text += n + (text[n] == ',');
    }
    return *mask ? 0 : -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option long_options[] = {
        {"index", required_argument, NULL, OPT_INDEX},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"json", no_argument, NULL, OPT_JSON},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"queries", required_argument, NULL, OPT_QUERIES},
        {"run-id", required_argument, NULL, OPT_RUN_ID},
        {"k1", required_argument, NULL, OPT_RANK},
        {"b", required_argument, NULL, OPT_RANK},
        {"title-weight", required_argument, NULL, OPT_RANK},
        {"phrase-weight", required_argument, NULL, OPT_RANK},
        {"quality-weight", required_argument, NULL, OPT_RANK},
        {"heat-weight", required_argument, NULL, OPT_RANK},
        {"recent", required_argument, NULL, OPT_RANK},
        {"recency-weight", required_argument, NULL, OPT_RANK},
        {"recency-floor", required_argument, NULL, OPT_RANK},
        {"expand-terms", required_argument, NULL, OPT_RANK},
        {"expand-min-words", required_argument, NULL, OPT_RANK},
        {"plain-bm25", no_argument, NULL, OPT_PLAIN},
        {"count", no_argument, NULL, OPT_COUNT},
        {"all", no_argument, NULL, OPT_ALL},
        {"sort", required_argument, NULL, OPT_SORT},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"published", no_argument, NULL, OPT_PUBLISHED},
        {"facets", required_argument, NULL, OPT_FACETS},
        {"remote-timeout", required_argument, NULL, OPT_REMOTE_TIMEOUT},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"max-query-bytes", required_argument, NULL, OPT_QUERY_LIMIT},
        {"max-query-words", required_argument, NULL, OPT_QUERY_LIMIT},
        {"max-query-wildcards", required_argument, NULL, OPT_QUERY_LIMIT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int opt, which, rc;
    while ((opt = getopt_long(argc, argv, "n:hV", long_options, &which)) != -1) {
        switch (opt) {
        case OPT_INDEX: o->index_flag = optarg; break;
        case 'n':
            if (parse_count(optarg, 1, MAX_LIMIT, &o->request.limit) != 0) {
                fprintf(stderr, "nsearch: -n takes a number from 1 to %d, "
                                "not '%s'\n", MAX_LIMIT, optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_OFFSET:
            if (parse_count(optarg, 0, MAX_OFFSET, &o->request.offset) != 0) {
                fprintf(stderr, "nsearch: --offset takes a number from 0 to "
                                "%d, not '%s'\n", MAX_OFFSET, optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_JSON: o->format = FORMAT_JSON; break;
        case OPT_FORMAT:
            if (parse_format(optarg, &o->format) != 0) {
                fprintf(stderr, "nsearch: --format takes text, json, tsv, "
                                "paths or trec, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_EXPLAIN: o->explain = 1; break;
        case OPT_QUERIES: o->queries_file = optarg; break;
        case OPT_RUN_ID: o->run_id = optarg; break;
        case OPT_RANK:
            if ((rc = apply_rank_flag(o, long_options[which].name, optarg)))
                return rc;
            break;
        case OPT_PLAIN: o->request.rank.plain_bm25 = 1; break;
        case OPT_COUNT: o->count_only = 1; break;
        case OPT_ALL: o->request.all = 1; break;
        case OPT_PUBLISHED: o->request.published_only = 1; break;
        case OPT_SINCE: o->since = optarg; break;
        case OPT_UNTIL: o->until = optarg; break;
        case OPT_SORT:
            if (parse_sort(optarg, &o->request.sort) != 0) {
                fprintf(stderr, "nsearch: --sort takes relevance, date, quality "
                                "or heat, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_QUERY_LIMIT: {
            char why[128];
            if (query_limit_option(&o->limits, long_options[which].name, optarg,
                                   why, sizeof why) != 0) {
                fprintf(stderr, "nsearch: %s\n", why);
                return EXIT_USAGE;
            }
            break;
        }
        case OPT_REMOTE_TIMEOUT: {
            char *end;
            double seconds = strtod(optarg, &end);
            if (*end || end == optarg || !(seconds > 0 && seconds <= 3600)) {
                fprintf(stderr, "nsearch: --remote-timeout takes seconds from "
                                "0 to 3600, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            o->reader.remote_timeout = o->reader.connect_timeout = seconds;
            break;
        }
        case OPT_THREADS:
            if (parse_count(optarg, 1, 2, &o->reader.search_threads) != 0) {
                fprintf(stderr, "nsearch: --threads takes 1 or 2, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_FACETS:
            if (parse_facets(optarg, &o->request.facets) != 0) {
                fprintf(stderr, "nsearch: --facets takes a comma-separated list "
                                "of topic, provider, category, year, not '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); exit(0);
        case 'V': printf("nsearch %s\n", NSEARCH_VERSION); exit(0);
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (o->queries_file ? optind < argc : optind >= argc) {
        fprintf(stderr, "nsearch: %s\n", o->queries_file
                                             ? "give QUERY words or --queries, not both"
                                             : "no QUERY given");
        usage(stderr);
        return EXIT_USAGE;
    }
    /* A process per query: a split would also open a second handle. */
    o->reader.one_search = o->queries_file == NULL;
    return 0;
}

static int open_index(const char *index, const ns_reader_options *options,
                      ns_reader **reader)
{
    ns_error err;
    ns_status status = ns_reader_open_with(index, options, reader, &err);
    if (status == NS_OK)
        return 0;
    fprintf(stderr, "nsearch: %s\n", err.message);
    if (status == NS_ERR_NO_INDEX)
        fprintf(stderr, "nsearch: build one with: nsearch-index --index %s "
                        "PATH...\n", index);
    return EXIT_NO_INDEX;
}

static void print_notes(const ns_results *results)
{
    for (size_t i = 0; i < ns_results_note_count(results); i++)
        fprintf(stderr, "nsearch: note: %s\n", ns_results_note(results, i));
    const char *suggestion = ns_results_suggestion(results);
    if (suggestion)
        fprintf(stderr, "nsearch: did you mean: %s\n", suggestion);
}

/* Writes one query's results; returns an exit status. */
static int search_one(ns_reader *reader, const char *query_id,
                      const char *query, const struct options *o)
{
    char why[128];
    /* Bounded before anything is searched: a query's cost grows with it. */
    if (query_check_limits(query, &o->limits, why, sizeof why) != 0) {
        fprintf(stderr, "nsearch: %s\n", why);
        return EXIT_USAGE;
    }
    ns_search_request request = o->request;
    request.query = query;
    if (o->count_only)
        request.limit = 0;

    ns_results *results = NULL;
    ns_error err;
    ns_status status = ns_search(reader, &request, &results, &err);
    if (status != NS_OK) {
        fprintf(stderr, "nsearch: %s\n", err.message);
        return status == NS_ERR_QUERY || status == NS_ERR_INVALID ? EXIT_USAGE
                                                                  : EXIT_NO_INDEX;
    }
    int rc = 0;
    uint64_t total = ns_results_estimated_total(results);
    if (o->format != FORMAT_JSON && o->format != FORMAT_TREC)
        print_notes(results);
    if (o->count_only && o->format != FORMAT_JSON) {
        printf("%s%llu\n", ns_results_total_is_exact(results) ? "" : "about ",
               (unsigned long long)total);
    } else if (o->format == FORMAT_JSON) {
        rc = render_json(stdout, query, results, &err);
    } else if (o->format == FORMAT_TREC) {
        render_trec(stdout, query_id, o->run_id, results);
    } else if (o->format == FORMAT_TSV) {
        render_tsv(stdout, results);
    } else if (o->format == FORMAT_PATHS) {
        render_paths(stdout, results);
    } else {
        struct render_options render;
        render_options_detect(&render, stdout);
        render.explain = o->explain;
        rc = render_text(stdout, results, &render, &err);
    }
    size_t count = o->count_only ? (size_t)total : ns_results_count(results);
    ns_results_free(results);
    if (rc != 0) {
        fprintf(stderr, "nsearch: %s\n", err.message);
        return EXIT_NO_INDEX;
    }
    if (count == 0 && !o->queries_file) {
        fprintf(stderr, "nsearch: no results for '%s'\n", query);
        return EXIT_NO_RESULTS;
    }
    return EXIT_RESULTS;
}

/* Runs every "ID<TAB>QUERY" line of the queries file. */
static int search_file(ns_reader *reader, const struct options *o)
{
    FILE *f = strcmp(o->queries_file, "-") == 0 ? stdin : fopen(o->queries_file, "r");
    if (!f) {
        fprintf(stderr, "nsearch: %s: %s\n", o->queries_file, strerror(errno));
        return EXIT_USAGE;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned number = 0;
    int rc = 0;
    while (rc != EXIT_NO_INDEX && getline(&line, &cap, f) != -1) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) {
            if (*line)
                fprintf(stderr, "nsearch: %s:%u: expected ID<TAB>QUERY\n",
                        o->queries_file, number);
            continue;
        }
        *tab = '\0';
        int one = search_one(reader, line, tab + 1, o);
        if (one > rc)
            rc = one;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return rc == EXIT_NO_RESULTS ? EXIT_RESULTS : rc;
}

/* "now" ($NSEARCH_NOW for reproducible runs, else the clock) and the
 * --since / --until moments relative to it. */
static int resolve_times(struct options *o)
{
    const char *now = getenv("NSEARCH_NOW");
    if (now && *now) {
        char *end;
        o->request.now = strtoll(now, &end, 10);
        if (*end || o->request.now <= 0) {
            fprintf(stderr, "nsearch: NSEARCH_NOW must be seconds since 1970\n");
            return EXIT_USAGE;
        }
    } else {
        o->request.now = (int64_t)time(NULL);
    }
    const char *flags[2] = {o->since, o->until};
    int64_t *bounds[2] = {&o->request.since, &o->request.until};
    for (int end = 0; end < 2; end++) {
        if (flags[end] && moment_parse(flags[end], o->request.now, end, bounds[end]) != 0) {
            fprintf(stderr, "nsearch: --%s takes a date (2020-11-01), a time "
                            "(2020-11-01T08:00:00Z) or an age (7d, 12h), not "
                            "'%s'\n", end ? "until" : "since", flags[end]);
            return EXIT_USAGE;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    memset(&o, 0, sizeof o);
    o.run_id = "nsearch";
    query_limits_init(&o.limits);
    ns_search_request_init(&o.request);
    o.request.limit = DEFAULT_LIMIT;
    if (config_load(&o.request.rank) != 0)
        return EXIT_USAGE;
    int rc = parse_options(argc, argv, &o);
    if (rc == 0)
        rc = resolve_times(&o);
    if (rc != 0)
        return rc;
    char *query = o.queries_file ? NULL : join_words(argc, argv, optind);
    char *index = index_location(o.index_flag);
    if ((!o.queries_file && !query) || !index) {
        fprintf(stderr, "nsearch: %s\n",
                index ? "out of memory"
                      : "no index location: give --index DIR or set NSEARCH_INDEX");
        free(query);
        free(index);
        return EXIT_USAGE;
    }
    ns_reader *reader = NULL;
    rc = open_index(index, &o.reader, &reader);
    if (rc == 0)
        rc = o.queries_file ? search_file(reader, &o)
                            : search_one(reader, "1", query, &o);
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "nsearch: writing results: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    ns_reader_close(reader);
    free(query);
    free(index);
    return rc;
}
