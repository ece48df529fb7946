/* xapian_shim.h - the whole contract between nsearch's C code and Xapian.
 *
 * Everything nsearch does with an index goes through this header: opening
 * it (read-only or for writing), turning articles into documents with one
 * analysis chain (tokenize, case-fold, Snowball stem through libstemmer),
 * parsing queries with that same chain, ranking, and making snippets.
 *
 * The implementation (the .cc files in shim/) is the only C++ in the project.  No C++
 * type and no exception ever crosses this header: every function catches
 * everything and reports it as an ns_status plus a message written into the
 * caller's ns_error.  Handles are opaque.  Strings passed in are borrowed
 * for the duration of the call only; strings handed out are owned by the
 * handle they came from unless a function says otherwise.
 */
#ifndef NSEARCH_XAPIAN_SHIM_H
#define NSEARCH_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bump when terms, values or document data change shape: an index built
 * with another version is refused with NS_ERR_SCHEMA (rebuild it). */
#define NS_SCHEMA_VERSION 1

typedef enum ns_status {
    NS_OK = 0,
    NS_ERR_NOMEM,        /* out of memory */
    NS_ERR_INVALID,      /* bad argument from the caller */
    NS_ERR_NO_INDEX,     /* no index at that path, or not readable */
    NS_ERR_LOCKED,       /* another writer holds the index */
    NS_ERR_SCHEMA,       /* built with another schema or analysis chain */
    NS_ERR_LANGUAGE,     /* libstemmer does not know the language */
    NS_ERR_QUERY,        /* the query could not be parsed */
    NS_ERR_TOO_BIG,      /* an input exceeded a limit (e.g. term length) */
    NS_ERR_IO,           /* disk full, read-only, I/O error, corruption */
    NS_ERR_INTERNAL      /* anything else Xapian or C++ threw */
} ns_status;

/* Static, never NULL: a short English name for a status. */
const char *ns_status_str(ns_status status);

/* Where a failing call writes its human-readable reason.  Always
 * NUL-terminated after a failing call; untouched on success. */
typedef struct ns_error {
    char message[512];
} ns_error;

/* ---- Analysis chain -------------------------------------------------- */

/* Languages libstemmer knows (static, NULL-terminated; e.g. "english"). */
const char **ns_languages(void);

/* ---- Writing -------------------------------------------------------- */

typedef struct ns_writer ns_writer;

/* What a writer needs to know that the index must remember.  */
typedef struct ns_writer_options {
    const char *language;    /* libstemmer algorithm name; NULL = "english" */
} ns_writer_options;

/* Open (creating if missing) the index at `path` for writing.  Only one
 * writer may hold an index: a second gets NS_ERR_LOCKED at once.  An
 * existing index built with another schema or language gives NS_ERR_SCHEMA.
 * On success *out owns the handle: release it with ns_writer_close. */
ns_status ns_writer_open(const char *path, const ns_writer_options *options,
                         ns_writer **out, ns_error *err);

/* One document to index.  Every string may be NULL (absent); all borrowed.
 * Integers use the sentinels given. */
typedef struct ns_doc {
    const char *id;               /* required: unique identity (url or path) */
    const char *path;             /* file it came from, NULL if none */
    const char *title;            /* required */
    const char *excerpt;
    const char *body;
    const char *url;
    const char *category;
    const char *type;
    const char *provider_name;
    const char *provider_domain;
    const char *const *topics;    /* n_topics strings */
    size_t n_topics;
    const char *date_iso;         /* normalised "YYYY-MM-DDTHH:MM:SSZ" or NULL */
    int64_t date_epoch;           /* seconds since 1970, valid iff date_iso */
    int quality;                  /* 0..100, or -1 when absent */
    int64_t heat;                 /* >= 0, or -1 unknown */
    int published;                /* 1 true, 0 false, -1 absent */
    const char *coverage;         /* other outlets' titles and excerpts of
                                     this story, searched as part of the
                                     article (not shown); NULL if none */
    const char *story_key;        /* groups one story's coverage; NULL = id */
    const char *parent_id;        /* set for related coverage, NULL otherwise */
} ns_doc;

/* Add the document, replacing any document with the same id.  A related
 * coverage document (parent_id set) never replaces an article that came
 * from its own file: that article is the better record of the story.
 * *replaced (may be NULL) is set to 1 when a document was replaced. */
ns_status ns_writer_put(ns_writer *writer, const ns_doc *doc, int *replaced,
                        ns_error *err);

/* Make everything put so far durable and visible to readers, atomically. */
ns_status ns_writer_commit(ns_writer *writer, ns_error *err);

/* Number of documents in the index as this writer sees it. */
uint64_t ns_writer_doc_count(const ns_writer *writer);

/* Release the writer and its lock.  Changes not committed are discarded
 * (never silently committed).  NULL is a no-op. */
void ns_writer_close(ns_writer *writer);

/* ---- Reading -------------------------------------------------------- */

typedef struct ns_reader ns_reader;

/* Open the index at `path` read-only, checking that it was built by a
 * schema and analysis chain this code understands (NS_ERR_SCHEMA if not,
 * NS_ERR_NO_INDEX if there is nothing there).  Release with ns_reader_close. */
ns_status ns_reader_open(const char *path, ns_reader **out, ns_error *err);

/* Language of the analysis chain the index was built with (owned). */
const char *ns_reader_language(const ns_reader *reader);

uint64_t ns_reader_doc_count(const ns_reader *reader);

/* NULL is a no-op. */
void ns_reader_close(ns_reader *reader);

/* How results are ranked: score = bm25 + quality_weight * quality/100
 *                                 + heat_weight * heat/(heat + heat_pivot)
 * where unknown heat (-1) contributes 0 and absent quality counts as 50. */
typedef struct ns_rank_options {
    double bm25_k1;          /* default 1.2 */
    double bm25_b;           /* default 0.75 */
    double quality_weight;   /* default NS_DEFAULT_QUALITY_WEIGHT */
    double heat_weight;      /* default NS_DEFAULT_HEAT_WEIGHT */
    int plain_bm25;          /* 1: the baseline - Xapian's BM25 with its
                                default parameters over the same parsed
                                query, nothing else (no static parts, no
                                proximity, no fallback); the other fields
                                are ignored.  For evaluation and benchmarks. */
} ns_rank_options;

#define NS_DEFAULT_QUALITY_WEIGHT 1.0
#define NS_DEFAULT_HEAT_WEIGHT 1.0
/* Fixed at index time: heat at which the heat part reaches half its
 * weight.  Part of the schema. */
#define NS_HEAT_PIVOT 50.0

/* Fill `options` with the defaults. */
void ns_rank_options_init(ns_rank_options *options);

typedef struct ns_search_request {
    const char *query;       /* user syntax, UTF-8 */
    unsigned offset;         /* skip this many results */
    unsigned limit;          /* return at most this many */
    ns_rank_options rank;
} ns_search_request;

/* One result.  All strings owned by the ns_results they came from; a
 * string field absent from the article is "" (never NULL). */
typedef struct ns_hit {
    unsigned rank;           /* 1-based, counting the offset */
    const char *id;
    const char *path;
    const char *title;
    const char *excerpt;
    const char *url;
    const char *provider;    /* provider name, else domain */
    const char *date_iso;
    const char *story_key;
    int quality;             /* -1 absent */
    int64_t heat;            /* -1 unknown */
    int published;           /* 1, 0, -1 absent */
    int is_related;          /* 1 for related coverage of another article */
    double score;            /* total: relevance + quality_part + heat_part */
    double relevance;        /* BM25 part */
    double quality_part;
    double heat_part;
} ns_hit;

typedef struct ns_results ns_results;

/* Run a search.  Readers never fail because a writer is committing: the
 * shim reopens and re-runs the whole query (bounded) on
 * DatabaseModifiedError.  A query that cannot be parsed gives NS_ERR_QUERY
 * with the reason in err.  An empty query gives NS_ERR_QUERY too.
 * On success *out owns the results: release with ns_results_free. */
ns_status ns_search(ns_reader *reader, const ns_search_request *request,
                    ns_results **out, ns_error *err);

size_t ns_results_count(const ns_results *results);

/* Estimated number of matching documents (Xapian's estimate). */
uint64_t ns_results_estimated_total(const ns_results *results);

/* The i-th hit (0-based, i < ns_results_count), owned by results. */
const ns_hit *ns_results_hit(const ns_results *results, size_t i);

/* Markers the snippet puts around highlighted words: plain control
 * characters so callers render them (bold, nothing, JSON spans) without
 * parsing HTML. */
#define NS_HL_START '\x01'
#define NS_HL_END '\x02'

/* A snippet of about `length` bytes of the hit's excerpt (or of the start
 * of its body, stored at index time, when it has no excerpt), with matched words - stemmed forms included - between
 * NS_HL_START and NS_HL_END.  Plain text, not HTML.  Owned by results,
 * valid until ns_results_free; NULL only on error. */
const char *ns_results_snippet(ns_results *results, size_t i, size_t length,
                               ns_error *err);

/* NULL is a no-op. */
void ns_results_free(ns_results *results);

#ifdef __cplusplus
}
#endif

#endif
