/* article.h - reading one article file into a struct article.
 *
 * An article file is UTF-8 text: YAML front matter between two `---`
 * lines, then an optional body.  The front matter is parsed with libyaml
 * (never by hand); this module validates it against the article format
 * (types, ranges, dates, UTF-8) and reports the first problem with the
 * line and column where it is, so the indexer can print PATH:LINE:COL.
 *
 * The `secured` field is opaque ciphertext: it is never copied out of the
 * parser's buffers.  Unknown fields are ignored.  Every field but title may
 * be missing.  Every string handed out is valid UTF-8 without NUL bytes,
 * and its control characters other than tab and newline are blanked to
 * spaces (an escape sequence in a title must not reach a terminal).
 */
#ifndef NSEARCH_ARTICLE_H
#define NSEARCH_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* Largest article file read by default (bytes). */
#define ARTICLE_DEFAULT_MAX_BYTES (4u * 1024u * 1024u)

/* What one article file may cost: each bound stops a file made to exhaust
 * memory or time (README "Security").  The defaults are far above what
 * real news needs; a file past a bound is rejected with a message naming
 * it, except for the counts of related entries, topics and body words,
 * where what is past the bound is dropped and the rest kept.  YAML aliases
 * are not a limit: they are always refused, since the format needs none
 * and expanding them is how a few bytes become gigabytes. */
#define ARTICLE_DEFAULT_MAX_FIELD_BYTES 65536u
#define ARTICLE_DEFAULT_MAX_DEPTH 64u
#define ARTICLE_DEFAULT_MAX_NODES 100000u
#define ARTICLE_DEFAULT_MAX_RELATED 100u
#define ARTICLE_DEFAULT_MAX_TOPICS 1000u
#define ARTICLE_DEFAULT_MAX_BODY_WORDS 100000u

struct article_limits {
    size_t max_file_bytes;   /* larger files are refused unread */
    size_t max_field_bytes;  /* longest text field (title, excerpt, urls,
                                topics...); longer is refused.  Skipped
                                fields (images, secured, unknown) are never
                                copied and not limited but by the file */
    unsigned max_depth;      /* deepest YAML nesting; deeper is refused */
    size_t max_nodes;        /* YAML nodes in the front matter; more is
                                refused */
    size_t max_related;      /* related entries kept (later ones are still
                                checked, then dropped) */
    size_t max_topics;       /* topics kept (later ones dropped) */
    size_t max_body_words;   /* body words kept (whitespace-separated);
                                the body is cut after the last one, which
                                bounds the terms a document gets */
};

/* Fill *limits with the defaults above. */
void article_limits_init(struct article_limits *limits);

/* Other outlets' coverage of the same story (an entry of `related:`). */
struct article_related {
    char *title;             /* NULL when absent: such an entry is skipped */
    char *excerpt;
    char *url;               /* webUrl, else originalUrl; NULL if neither */
    char *provider_name;
    char *provider_domain;
    char *date_iso;          /* normalised "YYYY-MM-DDTHH:MM:SSZ" or NULL */
    int64_t date_epoch;      /* valid iff date_iso */
    int quality;             /* 0..100, -1 absent */
};

struct article {
    char *title;             /* never NULL after a successful parse */
    char *excerpt;
    char *body;              /* text after the closing `---`, NULL if blank */
    char *category;
    char *type;
    char *web_url;
    char *original_url;
    char *provider_name;
    char *provider_domain;
    char *date_iso;          /* normalised "YYYY-MM-DDTHH:MM:SSZ" or NULL */
    int64_t date_epoch;      /* valid iff date_iso */
    int quality;             /* 0..100, -1 absent */
    int64_t heat;            /* >= 0, -1 unknown or absent */
    int published;           /* 1 true, 0 false, -1 absent */
    char **topics;
    size_t n_topics;
    struct article_related *related;
    size_t n_related;
};

/* Why a file was rejected, and where (1-based; 0 when not known). */
struct article_error {
    unsigned line;
    unsigned column;
    char message[256];
};

/* Parse `len` bytes of an article held in memory.  On success returns 0
 * and fills *out (release with article_free).  On failure returns -1,
 * leaves *out empty (safe to article_free) and describes the problem in
 * *err. */
int article_parse(const char *text, size_t len, struct article *out,
                  struct article_error *err);

/* article_parse within `limits` (NULL: the defaults; max_file_bytes is not
 * used here, the caller holds the text already). */
int article_parse_limited(const char *text, size_t len,
                          const struct article_limits *limits,
                          struct article *out, struct article_error *err);

/* Read and parse the file at `path`, refusing files over `max_bytes`.
 * Returns 0 on success, -1 with *err filled on a bad article, and -2 when
 * the file vanished before it could be opened (not an error for a walker:
 * it was deleted between scan and read). */
int article_read_file(const char *path, size_t max_bytes, struct article *out,
                      struct article_error *err);

/* How a file looked when article_read_file_stamped opened it. */
struct article_source {
    int64_t mtime_ns;        /* st_mtim of the open file, ns since 1970 */
    int64_t size;            /* st_size of the open file */
    uint64_t hash;           /* content_hash of the bytes read; 0 if none */
};

/* article_read_file, also describing the file it read in *source (when
 * the file could be read, whatever its content).  mtime and size come from
 * the open descriptor before reading, so a change made while the file is
 * read shows up as a newer mtime next time rather than being lost. */
int article_read_file_stamped(const char *path, size_t max_bytes,
                              struct article *out, struct article_error *err,
                              struct article_source *source);

/* article_read_file_stamped within `limits` (NULL: the defaults);
 * `source` may be NULL. */
int article_read_file_limited(const char *path,
                              const struct article_limits *limits,
                              struct article *out, struct article_error *err,
                              struct article_source *source);

/* Release everything *a owns and zero it.  Safe on a zeroed article. */
void article_free(struct article *a);

#endif
