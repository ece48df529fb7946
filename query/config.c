/* config.c - reading the ranking settings file (see config.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

static int parse_number(const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(value) || value < min ||
        value > max)
        return -1;
    *out = value;
    return 0;
}

int config_apply(ns_rank_options *rank, const char *key, const char *value,
                 const char **why)
{
    static const struct {
        const char *key;
        size_t offset;
        double min, max;
    } numbers[] = {
        {"k1", offsetof(ns_rank_options, bm25_k1), 0, 100},
        {"b", offsetof(ns_rank_options, bm25_b), 0, 1},
        {"title_weight", offsetof(ns_rank_options, title_weight), 0, 1000},
        {"phrase_weight", offsetof(ns_rank_options, phrase_weight), 0, 1000},
        {"quality_weight", offsetof(ns_rank_options, quality_weight), 0, 1000},
        {"heat_weight", offsetof(ns_rank_options, heat_weight), 0, 1000},
        {"recency_weight", offsetof(ns_rank_options, recency_weight), 0, 1000},
        {"recency_floor", offsetof(ns_rank_options, recency_floor), 0, 1},
    };
    double number;
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        if (strcmp(key, numbers[i].key) != 0)
            continue;
        if (parse_number(value, numbers[i].min, numbers[i].max, &number) != 0) {
            *why = "value out of range or not a number";
            return -1;
        }
        *(double *)((char *)rank + numbers[i].offset) = number;
        return 0;
    }
    if (strcmp(key, "recent") == 0) {
        if (strcmp(value, "off") == 0) {
            rank->recency_half_life = 0;
            return 0;
        }
        if (duration_parse(value, &rank->recency_half_life) != 0) {
            *why = "expected a half-life such as 7d, 12h or off";
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "expand_terms") == 0 || strcmp(key, "expand_min_words") == 0) {
        if (parse_number(value, 0, 100, &number) != 0 || number != floor(number)) {
            *why = "expected a whole number from 0 to 100";
            return -1;
        }
        if (strcmp(key, "expand_terms") == 0)
            rank->expand_terms = (unsigned)number;
        else
            rank->expand_min_words = (unsigned)number;
        return 0;
    }
    *why = "unknown setting";
    return -1;
}

static char *config_path(void)
{
    const char *env = getenv("NSEARCH_CONFIG");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *path = NULL;
    if (env && *env)
        return strdup(env);
    size_t n = (xdg ? strlen(xdg) : 0) + (home ? strlen(home) : 0) + 32;
    if (!(path = malloc(n)))
        return NULL;
    if (xdg && *xdg)
        snprintf(path, n, "%s/nsearch/config", xdg);
    else if (home && *home)
        snprintf(path, n, "%s/.config/nsearch/config", home);
    else
        path[0] = '\0';
    return path;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
                       end[-1] == '\r'))
        *--end = '\0';
    return s;
}

int config_load(ns_rank_options *rank)
{
    char *path = config_path();
    if (!path || !*path) {
        free(path);
        return 0;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        int missing = errno == ENOENT;
        if (!missing)
            fprintf(stderr, "nsearch: %s: %s\n", path, strerror(errno));
        free(path);
        return missing ? 0 : -1;
    }
    char line[1024];
    unsigned number = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        number++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *text = trim(line);
        if (!*text)
            continue;
        char *eq = strchr(text, '=');
        const char *why = "expected key = value";
        if (eq) {
            *eq = '\0';
            if (config_apply(rank, trim(text), trim(eq + 1), &why) == 0)
                continue;
        }
        fprintf(stderr, "nsearch: %s:%u: %s\n", path, number, why);
        rc = -1;
    }
    fclose(f);
    free(path);
    return rc;
}
