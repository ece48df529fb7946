/* main.c - nsearch: search the index and print ranked results.
 *
 * Usage: nsearch [--index DIR] [-n N] [--json] [--explain] QUERY...
 *
 * The words of QUERY are joined with spaces and handed to the shim, which
 * parses them with the same analysis chain the indexer used.
 *
 * Exit status: 0 results, 1 no results, 2 usage or query error,
 * 3 missing or unreadable index.
 */
#include "index_location.h"
#include "render.h"
#include "xapian_shim.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct options {
    const char *index_flag;
    unsigned limit;
    int json;
    int explain;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: nsearch [OPTION]... QUERY...\n"
            "Search the news index; QUERY words are joined with spaces.\n"
            "\n"
            "  --index DIR     index to search (default: $NSEARCH_INDEX, else\n"
            "                  $XDG_DATA_HOME/nsearch/index, else\n"
            "                  ~/.local/share/nsearch/index)\n"
            "  -n, --limit N   show the top N results (default %d)\n"
            "      --json      one JSON object instead of the text view\n"
            "      --explain   show the parts of each result's score\n"
            "  -h, --help      show this help\n"
            "  -V, --version   show the version\n"
            "\n"
            "Query syntax: words (all must match), \"a phrase\", -exclude,\n"
            "a OR b, a AND NOT b, (groups), title:word, topic:word,\n"
            "provider:word, site:domain, category:word, type:word,\n"
            "published:true|false, prefix*.\n"
            "\n"
            "Exit status: 0 results, 1 no results, 2 usage or query error,\n"
            "3 missing or unreadable index.\n",
            DEFAULT_LIMIT);
}

static int parse_limit(const char *text, unsigned *out)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || end == text || value < 1 || value > MAX_LIMIT)
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

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option long_options[] = {
        {"index", required_argument, NULL, 'i'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"explain", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "n:hV", long_options, NULL)) != -1) {
        switch (opt) {
        case 'i': o->index_flag = optarg; break;
        case 'n':
            if (parse_limit(optarg, &o->limit) != 0) {
                fprintf(stderr, "nsearch: -n takes a number from 1 to %d, "
                                "not '%s'\n", MAX_LIMIT, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j': o->json = 1; break;
        case 'e': o->explain = 1; break;
        case 'h': usage(stdout); exit(0);
        case 'V': printf("nsearch %s\n", NSEARCH_VERSION); exit(0);
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "nsearch: no QUERY given\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    return 0;
}

static int open_index(const char *index, ns_reader **reader)
{
    ns_error err;
    ns_status status = ns_reader_open(index, reader, &err);
    if (status == NS_OK)
        return 0;
    fprintf(stderr, "nsearch: %s\n", err.message);
    if (status == NS_ERR_NO_INDEX)
        fprintf(stderr, "nsearch: build one with: nsearch-index --index %s "
                        "PATH...\n", index);
    return EXIT_NO_INDEX;
}

static int search_and_print(ns_reader *reader, const char *query,
                            const struct options *o)
{
    ns_search_request request;
    memset(&request, 0, sizeof request);
    request.query = query;
    request.limit = o->limit;
    ns_rank_options_init(&request.rank);

    ns_results *results = NULL;
    ns_error err;
    ns_status status = ns_search(reader, &request, &results, &err);
    if (status != NS_OK) {
        fprintf(stderr, "nsearch: %s\n", err.message);
        return status == NS_ERR_QUERY ? EXIT_USAGE : EXIT_NO_INDEX;
    }
    int rc;
    if (o->json) {
        rc = render_json(stdout, query, results, &err);
    } else {
        struct render_options render;
        render_options_detect(&render, stdout);
        render.explain = o->explain;
        rc = render_text(stdout, results, &render, &err);
    }
    size_t count = ns_results_count(results);
    ns_results_free(results);
    if (rc != 0) {
        fprintf(stderr, "nsearch: %s\n", err.message);
        return EXIT_NO_INDEX;
    }
    if (count == 0) {
        fprintf(stderr, "nsearch: no results for '%s'\n", query);
        return EXIT_NO_RESULTS;
    }
    return EXIT_RESULTS;
}

int main(int argc, char **argv)
{
    struct options o = {NULL, DEFAULT_LIMIT, 0, 0};
    int rc = parse_options(argc, argv, &o);
    if (rc != 0)
        return rc;
    char *query = join_words(argc, argv, optind);
    char *index = index_location(o.index_flag);
    if (!query || !index) {
        fprintf(stderr, "nsearch: %s\n",
                query ? "no index location: give --index DIR or set "
                        "NSEARCH_INDEX" : "out of memory");
        free(query);
        free(index);
        return EXIT_USAGE;
    }
    ns_reader *reader = NULL;
    rc = open_index(index, &reader);
    if (rc == 0)
        rc = search_and_print(reader, query, &o);
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, "nsearch: writing results: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    ns_reader_close(reader);
    free(query);
    free(index);
    return rc;
}
