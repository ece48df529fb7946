/* article.c - one article file (YAML front matter + body) into a struct
 * article.
 *
 * The file is checked as bytes first (UTF-8, no NUL), then split at the
 * `---` lines, then the front matter goes through libyaml's event parser.
 * Events rather than yaml_parser_load: a pull parser lets the limits below
 * stop a hostile file while it is being read (an alias is refused the
 * moment it appears, a deep nest at level MAX_DEPTH + 1), instead of after
 * libyaml has built the whole tree.  The walk is a small recursive descent
 * over the only shapes the format has; anything else is skipped without
 * being copied, which is also how `secured` never leaves libyaml's buffers.
 *
 * Limits (struct article_limits, article.h) bound what one file may cost:
 * its size before it is read, then nesting depth and node count while it
 * is parsed, the length of each text field kept, and the number of
 * related entries, topics and body words kept.  Aliases are refused
 * outright.  Every string handed out has its control characters (other
 * than tab and newline) replaced by spaces: an article is printed on
 * terminals, and an escape sequence in a title must not be able to
 * rewrite what the screen shows.
 *
 * Positions: libyaml counts code points from the start of the text it was
 * given and treats U+2028, U+0085 and lone CR as line breaks, so its
 * line/column can disagree with a text editor's.  Every error position is
 * therefore recomputed from a byte offset into the whole file: lines are
 * counted by '\n', columns in bytes, both 1-based.  Problems of the file
 * as a whole (no `---`, no title at all) point at 1:1; I/O problems, which
 * have no position, at 0:0.
 */
#include "article.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "content_hash.h"
#include "iso_date.h"
#include "utf8.h"

static const char utf8_bom[3] = { '\xEF', '\xBB', '\xBF' };

/* Why each default is what it is:
 * - depth 64: the format needs 4 levels (related > entry > provider >
 *   field); 64 leaves room for any unknown field a real exporter writes
 *   while stopping "[[[[..." bombs, which cost libyaml stack and memory;
 * - 100,000 nodes: the seed article has about 70; this bounds the work a
 *   file made of millions of tiny nodes can cause;
 * - 64 KiB a field: a longer title or url is corrupt data, not news (the
 *   body is bounded by the file size and its word count instead);
 * - 100 related entries, 1,000 topics: one story must not flood the index
 *   with coverage documents or one document with keyword terms;
 * - 100,000 body words: a long book chapter; bounds the terms and
 *   positions one document adds, whatever the file size allows. */
void article_limits_init(struct article_limits *limits)
{
    limits->max_file_bytes = ARTICLE_DEFAULT_MAX_BYTES;
    limits->max_field_bytes = ARTICLE_DEFAULT_MAX_FIELD_BYTES;
    limits->max_depth = ARTICLE_DEFAULT_MAX_DEPTH;
    limits->max_nodes = ARTICLE_DEFAULT_MAX_NODES;
    limits->max_related = ARTICLE_DEFAULT_MAX_RELATED;
    limits->max_topics = ARTICLE_DEFAULT_MAX_TOPICS;
    limits->max_body_words = ARTICLE_DEFAULT_MAX_BODY_WORDS;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* Fill *err with a message and no position. */
static int fail(struct article_error *err, const char *fmt, ...)
{
    va_list ap;

    err->line = 0;
    err->column = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* Fill *err with a message at byte `offset` of text (the whole file). */
static int fail_at(struct article_error *err, const char *text,
                   size_t offset, const char *fmt, ...)
{
    unsigned line = 1;
    size_t line_start = 0;
    va_list ap;

    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    err->line = line;
    err->column = (unsigned)(offset - line_start + 1);
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Small string helpers                                                */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
           || c == '\f';
}

/* Narrow s[0..*len) to its non-whitespace middle. */
static const char *trim(const char *s, size_t *len)
{
    while (*len > 0 && is_space(s[0])) {
        s++;
        (*len)--;
    }
    while (*len > 0 && is_space(s[*len - 1]))
        (*len)--;
    return s;
}

/* Replace, in place, the control characters of valid UTF-8 text that a
 * terminal acts on - C0 but tab and newline, DEL, and C1 (U+0080-U+009F,
 * two bytes: C2 80..C2 9F) - by spaces, and CRLF line ends by LF.  Escape
 * sequences (ESC, CSI) and carriage returns could otherwise recolour or
 * overwrite the screen when a result is printed, and the highlight
 * markers (\x01, \x02) must only ever come from snippets.  Returns the
 * new length (shorter by the CRs dropped). */
static size_t blank_controls(char *s, size_t len)
{
    size_t out = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
            continue;           /* CRLF: the LF stays */
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            s[out++] = ' ';
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F) {
            s[out++] = ' ';     /* C1: both bytes become spaces */
            s[out++] = ' ';
            i++;
        } else {
            s[out++] = s[i];
        }
    }
    s[out] = '\0';
    return out;
}

/* Set *dst to a malloc'ed, trimmed copy of s[0..len) with its control
 * characters blanked, or NULL when that is empty.  Returns -1 only when
 * out of memory. */
static int copy_trimmed(const char *s, size_t len, char **dst)
{
    s = trim(s, &len);
    *dst = NULL;
    if (len == 0)
        return 0;
    *dst = malloc(len + 1);
    if (!*dst)
        return -1;
    memcpy(*dst, s, len);
    (*dst)[len] = '\0';
    len = blank_controls(*dst, len);
    /* Blanking may have made new whitespace at either end. */
    size_t kept = len;
    const char *start = trim(*dst, &kept);
    if (kept == 0) {
        free(*dst);
        *dst = NULL;
    } else if (start != *dst || kept != len) {
        memmove(*dst, start, kept);
        (*dst)[kept] = '\0';
    }
    return 0;
}

/* Length of the prefix of s[0..len) that holds its first `max_words`
 * whitespace-separated words (all of it when it has no more). */
static size_t words_prefix(const char *s, size_t len, size_t max_words)
{
    size_t words = 0, i = 0;

    for (;;) {
        while (i < len && is_space(s[i]))
            i++;
        if (i == len)
            return len;
        if (words == max_words)
            return i;
        while (i < len && !is_space(s[i]))
            i++;
        words++;
    }
}

/* ASCII-only, so the answer does not depend on the locale. */
static int equals_ignore_case(const char *s, size_t len, const char *word)
{
    size_t i = 0;

    for (; i < len && word[i]; i++) {
        char a = s[i], b = word[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return i == len && word[i] == '\0';
}

/* Strict decimal integer with optional sign; -1 if not one or overflow. */
static int parse_int64(const char *s, size_t len, int64_t *out)
{
    int neg = 0;
    int64_t v = 0;
    size_t i = 0;

    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i++;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        int digit = s[i] - '0';
        if (v > (INT64_MAX - digit) / 10)
            return -1;
        v = v * 10 + digit;
    }
    *out = neg ? -v : v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Bytes and front matter framing                                      */

/* Does the text start like UTF-16: a UTF-16 byte order mark, or ASCII
 * with a NUL byte after (little-endian) or before (big-endian) each
 * character? */
static const char *utf16_kind(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;

    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return "UTF-16 text (byte order mark FF FE)";
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return "UTF-16 text (byte order mark FE FF)";
    if (len >= 4 && u[0] && !u[1] && u[2] && !u[3])
        return "UTF-16 text (little-endian, no byte order mark)";
    if (len >= 4 && !u[0] && u[1] && !u[2] && u[3])
        return "UTF-16 text (big-endian, no byte order mark)";
    return NULL;
}

/* First NUL or ill-formed UTF-8 byte anywhere in the file. */
static int check_bytes(const char *text, size_t len,
                       struct article_error *err)
{
    size_t bad = utf8_find_invalid(text, len);
    const char *nul = memchr(text, '\0', bad);
    const char *utf16 = utf16_kind(text, len);

    if (len == 0)
        return fail_at(err, text, 0, "empty file");
    /* Said first: "NUL byte" at 1:2 would leave the person guessing. */
    if (utf16 && (nul || bad < len))
        return fail_at(err, text, 0, "%s: articles must be UTF-8", utf16);
    if (nul)
        return fail_at(err, text, (size_t)(nul - text), "NUL byte");
    if (bad < len)
        return fail_at(err, text, bad, "invalid UTF-8");
    return 0;
}

/* End of the line starting at `start` (index of its '\n', or len). */
static size_t line_end(const char *text, size_t len, size_t start)
{
    const char *nl = memchr(text + start, '\n', len - start);
    return nl ? (size_t)(nl - text) : len;
}

/* Is text[start..end) a `---` line (trailing blanks and CR allowed)? */
static int is_delimiter(const char *text, size_t start, size_t end)
{
    if (end - start < 3 || memcmp(text + start, "---", 3) != 0)
        return 0;
    for (size_t i = start + 3; i < end; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
            return 0;
    return 1;
}

/* Where the parts of an article lie in the file (byte offsets). */
struct layout {
    size_t yaml_start, yaml_end;    /* front matter, without the `---`s */
    size_t body_start;              /* after the closing line; may be len */
};

static int find_layout(const char *text, size_t len, struct layout *lay,
                       struct article_error *err)
{
    size_t start = len >= 3 && memcmp(text, utf8_bom, 3) == 0 ? 3 : 0;
    size_t end = line_end(text, len, start);

    if (!is_delimiter(text, start, end))
        return fail_at(err, text, 0,
                       "front matter: no opening '---' line");
    lay->yaml_start = end < len ? end + 1 : len;
    for (size_t at = lay->yaml_start; at < len; at = end + 1) {
        end = line_end(text, len, at);
        if (is_delimiter(text, at, end)) {
            lay->yaml_end = at;
            lay->body_start = end < len ? end + 1 : len;
            return 0;
        }
    }
    return fail_at(err, text, 0, "front matter: no closing '---' line");
}

/* ------------------------------------------------------------------ */
/* Event reader: libyaml events with the limits applied                */

struct reader {
    yaml_parser_t parser;
    yaml_event_t event;          /* the current event, valid iff has_event */
    int has_event;
    unsigned depth;              /* open collections */
    size_t nodes;                /* nodes seen so far */
    const struct article_limits *limits;
    const char *text;            /* the whole file, for positions */
    size_t yaml_start, yaml_len; /* where libyaml's input lies in it */
    struct article_error *err;
};

/* Error at a libyaml mark (code points from the start of the YAML). */
static int fail_at_mark(struct reader *r, yaml_mark_t mark, const char *fmt,
                        ...)
{
    const char *yaml = r->text + r->yaml_start;
    size_t off = utf8_skip_chars(yaml, r->yaml_len, mark.index);
    char message[sizeof r->err->message];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return fail_at(r->err, r->text, r->yaml_start + off, "%s", message);
}

/* Error for a field's value at the current event. */
static int fail_field(struct reader *r, const char *name, const char *what)
{
    return fail_at_mark(r, r->event.start_mark, "%s: %s", name, what);
}

/* Translate a libyaml failure into *err. */
static int fail_yaml(struct reader *r)
{
    const yaml_parser_t *p = &r->parser;
    const char *problem = p->problem ? p->problem : "syntax error";

    if (p->error == YAML_MEMORY_ERROR)
        return fail(r->err, "out of memory");
    if (p->error == YAML_READER_ERROR)    /* offset in bytes, not a mark */
        return fail_at(r->err, r->text, r->yaml_start + p->problem_offset,
                       "YAML: %s", problem);
    /* "found unexpected end of stream" points at the end of the front
     * matter; the construct left open (a quote, a bracket) is where a
     * person must look. */
    if (p->context)
        return fail_at_mark(r, p->context_mark, "YAML: %s %s that starts here",
                            problem, p->context);
    return fail_at_mark(r, p->problem_mark, "YAML: %s", problem);
}

/* Count a node and police depth; the current event is a node start. */
static int apply_limits(struct reader *r)
{
    const yaml_event_t *e = &r->event;

    switch (e->type) {
    case YAML_ALIAS_EVENT:
        return fail_at_mark(r, e->start_mark, "YAML aliases are not allowed");
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (++r->depth > r->limits->max_depth)
            return fail_at_mark(r, e->start_mark,
                                "YAML nesting deeper than %u levels",
                                r->limits->max_depth);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        r->depth--;
        return 0;
    case YAML_SCALAR_EVENT:
        break;
    default:
        return 0;
    }
    if (++r->nodes > r->limits->max_nodes)
        return fail_at_mark(r, e->start_mark,
                            "front matter has more than %zu YAML nodes",
                            r->limits->max_nodes);
    return 0;
}

/* Advance to the next event. */
static int next_event(struct reader *r)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = 0;
    }
    if (!yaml_parser_parse(&r->parser, &r->event))
        return fail_yaml(r);
    r->has_event = 1;
    return apply_limits(r);
}

/* Consume the node whose first event is current, leaving its last event
 * current. */
static int skip_node(struct reader *r)
{
    unsigned depth = 0;

    for (;;) {
        switch (r->event.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
        if (depth == 0)
            return 0;
        if (next_event(r))
            return -1;
    }
}

/* ------------------------------------------------------------------ */
/* Scalars                                                             */

static int is_scalar(const struct reader *r)
{
    return r->event.type == YAML_SCALAR_EVENT;
}

static const char *scalar_text(const struct reader *r)
{
    return (const char *)r->event.data.scalar.value;
}

static size_t scalar_len(const struct reader *r)
{
    return r->event.data.scalar.length;
}

/* YAML null: an untagged plain `~`, `null` (any of its three spellings)
 * or nothing at all.  A quoted "null" is a string. */
static int is_null(const struct reader *r)
{
    const char *s;
    size_t n;

    if (!is_scalar(r) || !r->event.data.scalar.plain_implicit)
        return 0;
    s = scalar_text(r);
    n = scalar_len(r);
    return n == 0 || (n == 1 && s[0] == '~')
           || (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4)
                          || !memcmp(s, "NULL", 4)));
}

/* Copy the current scalar, trimmed, into *dst (NULL for null or blank).
 * Any scalar counts as text: `title: 1987` is a title. */
static int take_string(struct reader *r, const char *name, char **dst)
{
    if (!is_scalar(r))
        return fail_field(r, name, "expected a string");
    if (is_null(r))
        return 0;
    if (scalar_len(r) > r->limits->max_field_bytes)
        return fail_at_mark(r, r->event.start_mark,
                            "%s: longer than %zu bytes", name,
                            r->limits->max_field_bytes);
    if (memchr(scalar_text(r), '\0', scalar_len(r)))   /* from "\0" */
        return fail_field(r, name, "contains a NUL character");
    if (copy_trimmed(scalar_text(r), scalar_len(r), dst))
        return fail(r->err, "out of memory");
    return 0;
}

/* An integer in [lo, hi] into *dst; null leaves *dst alone.  A quoted
 * number is accepted: exporters quote inconsistently, and what matters is
 * that the text is a number. */
static int take_int(struct reader *r, const char *name, int64_t lo,
                    int64_t hi, const char *what, int64_t *dst)
{
    int64_t v;
    size_t len;
    const char *s;

    if (is_null(r))
        return 0;
    if (!is_scalar(r))
        return fail_field(r, name, what);
    len = scalar_len(r);
    s = trim(scalar_text(r), &len);
    if (parse_int64(s, len, &v) || v < lo || v > hi)
        return fail_field(r, name, what);
    *dst = v;
    return 0;
}

/* YAML 1.1 booleans (true/false/yes/no/on/off, any case), quoted or not. */
static int take_bool(struct reader *r, const char *name, int *dst)
{
    static const char *const yes[] = { "true", "yes", "on" };
    static const char *const no[] = { "false", "no", "off" };
    size_t len;
    const char *s;

    if (is_null(r))
        return 0;
    if (!is_scalar(r))
        return fail_field(r, name, "expected true or false");
    len = scalar_len(r);
    s = trim(scalar_text(r), &len);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        int is_yes = equals_ignore_case(s, len, yes[i]);
        if (is_yes || equals_ignore_case(s, len, no[i])) {
            *dst = is_yes;
            return 0;
        }
    }
    return fail_field(r, name, "expected true or false");
}

/* quality: 0..100, as an int. */
static int take_quality(struct reader *r, const char *name, int *dst)
{
    int64_t v = *dst;

    if (take_int(r, name, 0, 100, "expected an integer from 0 to 100", &v))
        return -1;
    *dst = (int)v;
    return 0;
}

/* An ISO 8601 date into its normalised copy and epoch seconds. */
static int take_date(struct reader *r, const char *name, char **iso,
                     int64_t *epoch)
{
    struct iso_date d;
    size_t len;
    const char *s;

    if (is_null(r))
        return 0;
    if (!is_scalar(r))
        return fail_field(r, name, "not an ISO 8601 date");
    len = scalar_len(r);
    s = trim(scalar_text(r), &len);
    if (iso_date_parse(s, len, &d))
        return fail_field(r, name, "not an ISO 8601 date");
    if (copy_trimmed(d.text, ISO_DATE_LEN, iso))
        return fail(r->err, "out of memory");
    *epoch = d.epoch;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Mappings                                                            */

struct field {
    const char *key;    /* as written in the file */
    const char *name;   /* as named in messages, e.g. "related.title" */
};

struct mapping_spec;
/* Read the value of fields[index] (its first event is current) into dst. */
typedef int (*field_reader)(struct reader *r, const struct mapping_spec *spec,
                            int index, void *dst);

struct mapping_spec {
    const char *path;               /* "" at top level, else e.g. "provider" */
    const struct field *fields;     /* at most 32: duplicates use a bitmask */
    int n_fields;
    field_reader read;
};

/* Index of the field the current key scalar names, or -1. */
static int find_field(const struct reader *r, const struct mapping_spec *spec)
{
    for (int i = 0; i < spec->n_fields; i++) {
        const char *key = spec->fields[i].key;
        if (strlen(key) == scalar_len(r)
            && memcmp(key, scalar_text(r), scalar_len(r)) == 0)
            return i;
    }
    return -1;
}

static int fail_duplicate(struct reader *r, const struct mapping_spec *spec,
                          int index)
{
    const char *key = spec->fields[index].key;

    if (*spec->path)
        return fail_at_mark(r, r->event.start_mark, "%s: duplicate key '%s'",
                            spec->path, key);
    return fail_at_mark(r, r->event.start_mark, "duplicate key '%s'", key);
}

/* Walk the mapping whose start event is current, handing each known
 * field's value to spec->read and skipping everything else (non-scalar
 * keys included).  Duplicates are refused for known keys only: a repeated
 * key we ignore cannot make us keep the wrong value. */
static int read_mapping(struct reader *r, const struct mapping_spec *spec,
                        void *dst)
{
    uint32_t seen = 0;

    for (;;) {
        int index = -1;

        if (next_event(r))
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (is_scalar(r))
            index = find_field(r, spec);
        else if (skip_node(r))
            return -1;
        if (index >= 0 && (seen & (UINT32_C(1) << index)))
            return fail_duplicate(r, spec, index);
        if (index >= 0)
            seen |= UINT32_C(1) << index;
        if (next_event(r))
            return -1;
        if (index < 0 ? skip_node(r) : spec->read(r, spec, index, dst))
            return -1;
    }
}

/* ------------------------------------------------------------------ */
/* Provider: {name, domain}, or a plain string taken as the name        */

struct provider_dst {
    char **name;
    char **domain;
};

enum { PROVIDER_NAME, PROVIDER_DOMAIN };

static int read_provider_field(struct reader *r,
                               const struct mapping_spec *spec, int index,
                               void *dst)
{
    struct provider_dst *p = dst;
    char **target = index == PROVIDER_NAME ? p->name : p->domain;

    return take_string(r, spec->fields[index].name, target);
}

static const struct field provider_fields[] = {
    [PROVIDER_NAME] = { "name", "provider.name" },
    [PROVIDER_DOMAIN] = { "domain", "provider.domain" },
};
static const struct field related_provider_fields[] = {
    [PROVIDER_NAME] = { "name", "related.provider.name" },
    [PROVIDER_DOMAIN] = { "domain", "related.provider.domain" },
};

static int take_provider(struct reader *r, const struct field *fields,
                         const char *name, struct provider_dst p)
{
    const struct mapping_spec spec = { name, fields, 2, read_provider_field };

    if (is_scalar(r))
        return take_string(r, fields[PROVIDER_NAME].name, p.name);
    if (r->event.type != YAML_MAPPING_START_EVENT)
        return fail_field(r, name, "expected a mapping");
    return read_mapping(r, &spec, &p);
}

/* ------------------------------------------------------------------ */
/* Topics: a list of strings, or one string                            */

static int add_topic(struct reader *r, struct article *a)
{
    char *topic = NULL, **grown;

    if (!is_scalar(r))
        return fail_field(r, "topics", "expected a list of strings");
    if (take_string(r, "topics", &topic))
        return -1;
    if (!topic || a->n_topics >= r->limits->max_topics) {
        free(topic);    /* checked, but past the limit: dropped */
        return 0;
    }
    /* The capacity is implied: n_topics rounded up to a power of two, so
     * the array doubles when n_topics reaches one. */
    if ((a->n_topics & (a->n_topics - 1)) == 0) {
        size_t cap = a->n_topics ? a->n_topics * 2 : 1;
        grown = realloc(a->topics, cap * sizeof *grown);
        if (!grown) {
            free(topic);
            return fail(r->err, "out of memory");
        }
        a->topics = grown;
    }
    a->topics[a->n_topics++] = topic;
    return 0;
}

static int take_topics(struct reader *r, struct article *a)
{
    if (is_scalar(r))
        return add_topic(r, a);
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return fail_field(r, "topics", "expected a list of strings");
    for (;;) {
        if (next_event(r))
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (add_topic(r, a))
            return -1;
    }
}

/* ------------------------------------------------------------------ */
/* Related: a list of mappings                                         */

/* A related entry while it is read: both urls, to pick one at the end. */
struct related_draft {
    struct article_related entry;
    char *web_url;
    char *original_url;
};

enum {
    REL_TITLE, REL_EXCERPT, REL_DATE, REL_WEB_URL, REL_ORIGINAL_URL,
    REL_PROVIDER, REL_QUALITY
};

static const struct field related_fields[] = {
    [REL_TITLE] = { "title", "related.title" },
    [REL_EXCERPT] = { "excerpt", "related.excerpt" },
    [REL_DATE] = { "publishedDateTime", "related.publishedDateTime" },
    [REL_WEB_URL] = { "webUrl", "related.webUrl" },
    [REL_ORIGINAL_URL] = { "originalUrl", "related.originalUrl" },
    [REL_PROVIDER] = { "provider", "related.provider" },
    [REL_QUALITY] = { "quality", "related.quality" },
};

static int read_related_field(struct reader *r,
                              const struct mapping_spec *spec, int index,
                              void *dst)
{
    struct related_draft *d = dst;
    struct article_related *e = &d->entry;
    const char *name = spec->fields[index].name;

    switch (index) {
    case REL_TITLE: return take_string(r, name, &e->title);
    case REL_EXCERPT: return take_string(r, name, &e->excerpt);
    case REL_DATE: return take_date(r, name, &e->date_iso, &e->date_epoch);
    case REL_WEB_URL: return take_string(r, name, &d->web_url);
    case REL_ORIGINAL_URL: return take_string(r, name, &d->original_url);
    case REL_PROVIDER:
        return take_provider(r, related_provider_fields, name,
                             (struct provider_dst){ &e->provider_name,
                                                    &e->provider_domain });
    default: return take_quality(r, name, &e->quality);
    }
}

static void related_clear(struct article_related *e)
{
    free(e->title);
    free(e->excerpt);
    free(e->url);
    free(e->provider_name);
    free(e->provider_domain);
    free(e->date_iso);
    memset(e, 0, sizeof *e);
}

/* Read one entry (its mapping start is current); keep it if it has a
 * title and there is room. */
static int add_related(struct reader *r, struct article *a)
{
    static const struct mapping_spec spec = {
        "related", related_fields,
        (int)(sizeof related_fields / sizeof related_fields[0]),
        read_related_field
    };
    struct related_draft d = { .entry = { .quality = -1 } };
    int rc = read_mapping(r, &spec, &d);

    d.entry.url = d.web_url ? d.web_url : d.original_url;
    if (d.entry.url == d.web_url)
        free(d.original_url);
    else
        free(d.web_url);
    if (rc == 0 && d.entry.title && a->n_related < r->limits->max_related) {
        /* Doubling, as for topics: capacity is n_related rounded up to a
         * power of two. */
        if ((a->n_related & (a->n_related - 1)) == 0) {
            size_t cap = a->n_related ? a->n_related * 2 : 1;
            struct article_related *grown =
                realloc(a->related, cap * sizeof *grown);
            if (!grown) {
                related_clear(&d.entry);
                return fail(r->err, "out of memory");
            }
            a->related = grown;
        }
        a->related[a->n_related++] = d.entry;
        return 0;
    }
    related_clear(&d.entry);
    return rc;
}

static int take_related(struct reader *r, struct article *a)
{
    if (is_null(r))
        return 0;
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return fail_field(r, "related", "expected a list of mappings");
    for (;;) {
        if (next_event(r))
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (r->event.type != YAML_MAPPING_START_EVENT)
            return fail_field(r, "related", "expected a list of mappings");
        if (add_related(r, a))
            return -1;
    }
}

/* ------------------------------------------------------------------ */
/* The article mapping                                                 */

enum {
    F_TITLE, F_EXCERPT, F_CATEGORY, F_TYPE, F_DATE, F_ORIGINAL_URL,
    F_WEB_URL, F_QUALITY, F_HEAT, F_PUBLISHED, F_PROVIDER, F_TOPICS,
    F_RELATED, F_IMAGES, F_SECURED
};

static const struct field article_fields[] = {
    [F_TITLE] = { "title", "title" },
    [F_EXCERPT] = { "excerpt", "excerpt" },
    [F_CATEGORY] = { "category", "category" },
    [F_TYPE] = { "type", "type" },
    [F_DATE] = { "publishedDateTime", "publishedDateTime" },
    [F_ORIGINAL_URL] = { "originalUrl", "originalUrl" },
    [F_WEB_URL] = { "webUrl", "webUrl" },
    [F_QUALITY] = { "quality", "quality" },
    [F_HEAT] = { "heat", "heat" },
    [F_PUBLISHED] = { "published", "published" },
    [F_PROVIDER] = { "provider", "provider" },
    [F_TOPICS] = { "topics", "topics" },
    [F_RELATED] = { "related", "related" },
    /* Listed so that duplicates are caught; their values are skipped. */
    [F_IMAGES] = { "images", "images" },
    [F_SECURED] = { "secured", "secured" },
};

/* A title that is present must not be blank. */
static int take_title(struct reader *r, struct article *a)
{
    if (take_string(r, "title", &a->title))
        return -1;
    return a->title ? 0 : fail_field(r, "title", "missing");
}

static int read_article_field(struct reader *r,
                              const struct mapping_spec *spec, int index,
                              void *dst)
{
    struct article *a = dst;
    const char *name = spec->fields[index].name;

    switch (index) {
    case F_TITLE: return take_title(r, a);
    case F_EXCERPT: return take_string(r, name, &a->excerpt);
    case F_CATEGORY: return take_string(r, name, &a->category);
    case F_TYPE: return take_string(r, name, &a->type);
    case F_DATE: return take_date(r, name, &a->date_iso, &a->date_epoch);
    case F_ORIGINAL_URL: return take_string(r, name, &a->original_url);
    case F_WEB_URL: return take_string(r, name, &a->web_url);
    case F_QUALITY: return take_quality(r, name, &a->quality);
    case F_HEAT:
        return take_int(r, name, -1, INT64_MAX, "expected an integer >= -1",
                        &a->heat);
    case F_PUBLISHED: return take_bool(r, name, &a->published);
    case F_PROVIDER:
        return take_provider(r, provider_fields, name,
                             (struct provider_dst){ &a->provider_name,
                                                    &a->provider_domain });
    case F_TOPICS: return take_topics(r, a);
    case F_RELATED: return take_related(r, a);
    default: return skip_node(r);       /* images, secured */
    }
}

/* STREAM-START [DOCUMENT-START mapping DOCUMENT-END] STREAM-END; an empty
 * front matter is an empty stream, and leaves the title missing. */
static int read_document(struct reader *r, struct article *a)
{
    static const struct mapping_spec spec = {
        "", article_fields,
        (int)(sizeof article_fields / sizeof article_fields[0]),
        read_article_field
    };

    if (next_event(r) || next_event(r))     /* stream start, then ... */
        return -1;
    if (r->event.type == YAML_STREAM_END_EVENT)
        return 0;
    if (next_event(r))                      /* ... the root node */
        return -1;
    if (r->event.type != YAML_MAPPING_START_EVENT)
        return fail_at_mark(r, r->event.start_mark,
                            "front matter is not a mapping");
    if (read_mapping(r, &spec, a) || next_event(r) || next_event(r))
        return -1;
    if (r->event.type != YAML_STREAM_END_EVENT)
        return fail_at_mark(r, r->event.start_mark,
                            "front matter: more than one YAML document");
    return 0;
}

static int parse_front_matter(const char *text, const struct layout *lay,
                              const struct article_limits *limits,
                              struct article *a, struct article_error *err)
{
    struct reader r = {
        .limits = limits,
        .text = text,
        .yaml_start = lay->yaml_start,
        .yaml_len = lay->yaml_end - lay->yaml_start,
        .err = err,
    };
    int rc;

    if (!yaml_parser_initialize(&r.parser))
        return fail(err, "out of memory");
    yaml_parser_set_input_string(&r.parser,
                                 (const unsigned char *)text + r.yaml_start,
                                 r.yaml_len);
    yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
    rc = read_document(&r, a);
    if (r.has_event)
        yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Public entry points                                                 */

static void article_init(struct article *a)
{
    memset(a, 0, sizeof *a);
    a->quality = -1;
    a->heat = -1;
    a->published = -1;
}

int article_parse(const char *text, size_t len, struct article *out,
                  struct article_error *err)
{
    return article_parse_limited(text, len, NULL, out, err);
}

int article_parse_limited(const char *text, size_t len,
                          const struct article_limits *limits,
                          struct article *out, struct article_error *err)
{
    struct article_error ignored;
    struct article_limits defaults;
    struct layout lay = { 0, 0, 0 };

    if (!limits) {
        article_limits_init(&defaults);
        limits = &defaults;
    }
    if (!err)
        err = &ignored;
    memset(err, 0, sizeof *err);
    article_init(out);
    if (len == 0)
        text = "";      /* callers may pass NULL for nothing */
    if (check_bytes(text, len, err) || find_layout(text, len, &lay, err)
        || parse_front_matter(text, &lay, limits, out, err))
        goto failed;
    if (!out->title) {
        fail_at(err, text, 0, "title: missing");
        goto failed;
    }
    if (copy_trimmed(text + lay.body_start,
                     words_prefix(text + lay.body_start, len - lay.body_start,
                                  limits->max_body_words),
                     &out->body)) {
        fail(err, "out of memory");
        goto failed;
    }
    return 0;
failed:
    article_free(out);
    return -1;
}

/* Describe errno after a failed call named `what`. */
static int fail_errno(struct article_error *err, const char *what, int errnum)
{
    char buf[128];

    if (strerror_r(errnum, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", errnum);
    return fail(err, "%s: %s", what, buf);
}

/* Read all of fd into a malloc'ed buffer.  `hint` (the size fstat saw)
 * sizes the first allocation; a file that grows meanwhile is followed up
 * to max_bytes, one that shrinks yields what was there. */
static int read_all(int fd, size_t hint, size_t max_bytes, char **buf,
                    size_t *len, struct article_error *err)
{
    /* One byte past the limit is room enough to notice a file that grew. */
    size_t limit = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;
    size_t cap = hint < limit ? hint + 1 : limit, used = 0;
    char *data = malloc(cap), *grown;

    for (;;) {
        if (!data)
            return fail(err, "out of memory");
        if (used == cap) {
            if (cap >= limit) {
                free(data);
                return fail(err, "file is larger than %zu bytes", max_bytes);
            }
            cap = cap < limit / 2 ? cap * 2 : limit;
            grown = realloc(data, cap);
            if (!grown)
                free(data);
            data = grown;
            continue;
        }
        ssize_t n = read(fd, data + used, cap - used);
        if (n == 0)
            break;
        if (n < 0 && errno != EINTR) {
            free(data);
            return fail_errno(err, "read", errno);
        }
        used += n > 0 ? (size_t)n : 0;
    }
    *buf = data;
    *len = used;
    return 0;
}

int article_read_file(const char *path, size_t max_bytes, struct article *out,
                      struct article_error *err)
{
    return article_read_file_stamped(path, max_bytes, out, err, NULL);
}

int article_read_file_stamped(const char *path, size_t max_bytes,
                              struct article *out, struct article_error *err,
                              struct article_source *source)
{
    struct article_limits limits;

    article_limits_init(&limits);
    limits.max_file_bytes = max_bytes;
    return article_read_file_limited(path, &limits, out, err, source);
}

int article_read_file_limited(const char *path,
                              const struct article_limits *limits,
                              struct article *out, struct article_error *err,
                              struct article_source *source)
{
    struct article_error ignored;
    struct article_limits defaults;
    struct stat st;
    char *data = NULL;
    size_t len = 0, max_bytes;
    int fd, rc;

    if (!limits) {
        article_limits_init(&defaults);
        limits = &defaults;
    }
    max_bytes = limits->max_file_bytes;
    if (!err)
        err = &ignored;
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    memset(&st, 0, sizeof st);
    if (source)
        memset(source, 0, sizeof *source);
    /* O_NONBLOCK: opening a FIFO planted in the corpus must not hang. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        rc = errno == ENOENT ? -2 : -1;
        fail_errno(err, "open", errno);
        return rc;
    }
    if (fstat(fd, &st) != 0)
        rc = fail_errno(err, "fstat", errno);
    else if (!S_ISREG(st.st_mode))
        rc = fail(err, "not a regular file");
    else if ((uintmax_t)st.st_size > max_bytes)
        rc = fail(err, "file is larger than %zu bytes", max_bytes);
    else
        rc = read_all(fd, (size_t)st.st_size, max_bytes, &data, &len, err);
    close(fd);
    if (source && S_ISREG(st.st_mode)) {
        source->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
                           st.st_mtim.tv_nsec;
        source->size = (int64_t)st.st_size;
        source->hash = rc == 0 ? content_hash(data, len) : 0;
    }
    if (rc == 0)
        rc = article_parse_limited(data, len, limits, out, err);
    free(data);
    return rc;
}

void article_free(struct article *a)
{
    free(a->title);
    free(a->excerpt);
    free(a->body);
    free(a->category);
    free(a->type);
    free(a->web_url);
    free(a->original_url);
    free(a->provider_name);
    free(a->provider_domain);
    free(a->date_iso);
    for (size_t i = 0; i < a->n_topics; i++)
        free(a->topics[i]);
    free(a->topics);
    for (size_t i = 0; i < a->n_related; i++)
        related_clear(&a->related[i]);
    free(a->related);
    memset(a, 0, sizeof *a);
}
