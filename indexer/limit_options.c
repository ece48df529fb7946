/* limit_options.c - parsing nsearch-index's --max-* options (see
 * limit_options.h). */
#include "limit_options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One option: where its value goes and what it may be. */
struct limit_option {
    const char *name;
    int is_size;           /* takes K/M/G suffixes */
    uintmax_t min, max;
    const char *what;      /* for --help */
};

/* Upper bounds keep a typo from disabling a limit: 1 GiB a file is far past
 * anything the reader should hold in memory at once. */
static const struct limit_option options[] = {
    {"max-file-size", 1, 1, 1024u * 1024u * 1024u, "largest article file read"},
    {"max-field-size", 1, 1, 1024u * 1024u * 1024u, "longest title, excerpt, url, topic..."},
    {"max-depth", 0, 1, 10000, "deepest YAML nesting"},
    {"max-nodes", 0, 1, 100000000, "YAML nodes in one front matter"},
    {"max-related", 0, 0, 1000000, "related entries kept per article"},
    {"max-topics", 0, 0, 1000000, "topics kept per article"},
    {"max-body-words", 0, 0, 100000000, "body words indexed per article"},
};

/* Strict: digits, then for sizes at most one K, M or G. */
static int parse_number(const char *text, int is_size, uintmax_t *out)
{
    char *end;
    uintmax_t v, scale = 1;

    if (*text < '0' || *text > '9')
        return -1;
    errno = 0;
    v = strtoumax(text, &end, 10);
    if (errno)
        return -1;
    if (is_size && *end) {
        switch (*end++) {
        case 'K': case 'k': scale = 1024u; break;
        case 'M': case 'm': scale = 1024u * 1024u; break;
        case 'G': case 'g': scale = 1024u * 1024u * 1024u; break;
        default: return -1;
        }
    }
    if (*end || v > UINTMAX_MAX / scale)
        return -1;
    *out = v * scale;
    return 0;
}

static void store(struct article_limits *l, size_t i, uintmax_t v)
{
    switch (i) {
    case 0: l->max_file_bytes = (size_t)v; break;
    case 1: l->max_field_bytes = (size_t)v; break;
    case 2: l->max_depth = (unsigned)v; break;
    case 3: l->max_nodes = (size_t)v; break;
    case 4: l->max_related = (size_t)v; break;
    case 5: l->max_topics = (size_t)v; break;
    default: l->max_body_words = (size_t)v; break;
    }
}

int limit_option_apply(struct article_limits *limits, const char *name,
                       const char *value, char *why, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
        const struct limit_option *o = &options[i];
        uintmax_t v;
        if (strcmp(name, o->name) != 0)
            continue;
        if (parse_number(value, o->is_size, &v) != 0 || v < o->min || v > o->max) {
            snprintf(why, len, "--%s %s: expected %s from %ju to %ju%s", o->name,
                     value, o->is_size ? "a size" : "a whole number", o->min, o->max,
                     o->is_size ? " (suffix K, M or G allowed)" : "");
            return -1;
        }
        store(limits, i, v);
        return 0;
    }
    snprintf(why, len, "--%s: not a limit option", name);
    return -1;
}

void limit_options_usage(FILE *out)
{
    struct article_limits d;
    article_limits_init(&d);
    const uintmax_t defaults[] = {d.max_file_bytes, d.max_field_bytes, d.max_depth,
                                  d.max_nodes, d.max_related, d.max_topics,
                                  d.max_body_words};
    fputs("\nLimits on one article file (a file past one is reported and skipped;\n"
          "related entries, topics and body words past theirs are dropped):\n", out);
    for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
        char flag[40];
        snprintf(flag, sizeof flag, "--%s %s", options[i].name,
                 options[i].is_size ? "SIZE" : "N");
        fprintf(out, "  %-24s %s (default %ju)\n", flag, options[i].what, defaults[i]);
    }
}
