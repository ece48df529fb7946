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
#define NS_SCHEMA_VERSION 5

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
    NS_ERR_INTERNAL,     /* anything else Xapian or C++ threw */
    NS_ERR_UNREACHABLE   /* a remote shard did not answer (named in the
                            message) */
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

/* How a file looked when it was read, stored on the document made from it
 * so that the next run can tell, without reading the file, whether it
 * changed (incremental indexing). */
typedef struct ns_file_stamp {
    int64_t mtime_ns;   /* modification time, nanoseconds since 1970 */
    int64_t size;       /* bytes */
    uint64_t hash;      /* the caller's hash of the content (0 = none) */
    int racy;           /* 1: the file was modified so shortly before it was
                           read that a later change could keep the same
                           mtime; the next run compares hashes instead */
} ns_file_stamp;

/* What a writer needs to know that the index must remember.  */
typedef struct ns_writer_options {
    const char *language;    /* libstemmer algorithm name; NULL = "english" */
    int whole_build;         /* 1: a new index used only if it is completed
                                (a full build's part or shard): title words
                                for "did you mean" may be held over commits,
                                and ns_writer_finish makes the last one */
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
    const ns_file_stamp *stamp;   /* with path: how that file looked when it
                                     was read; NULL = unknown (the next
                                     incremental run re-reads the file) */
} ns_doc;

/* Add the document, replacing any document with the same id.  A related
 * coverage document (parent_id set) never replaces an article that came
 * from its own file: that article is the better record of the story.
 * *replaced (may be NULL) is set to 1 when a document was replaced. */
ns_status ns_writer_put(ns_writer *writer, const ns_doc *doc, int *replaced,
                        ns_error *err);

/* Make everything put so far durable and visible to readers, atomically
 * (but for the title words a whole_build writer may hold). */
ns_status ns_writer_commit(ns_writer *writer, ns_error *err);

/* ns_writer_commit, holding nothing back: a whole build's last commit. */
ns_status ns_writer_finish(ns_writer *writer, ns_error *err);

/* Number of documents in the index as this writer sees it. */
uint64_t ns_writer_doc_count(const ns_writer *writer);

/* Release the writer and its lock.  Changes not committed are discarded
 * (never silently committed).  NULL is a no-op. */
void ns_writer_close(ns_writer *writer);

/* The language the index at `path` was built with, read without checking
 * its schema version (so that a rebuild can keep the language of an index
 * it is replacing because its schema is old).  Writes it NUL-terminated
 * into buf.  NS_ERR_NO_INDEX when there is no index, NS_ERR_SCHEMA when
 * it records no language, NS_ERR_TOO_BIG when buf is too small. */
ns_status ns_index_language(const char *path, char *buf, size_t len,
                            ns_error *err);

/* ---- Incremental indexing: the files an index was built from ---------- */

/* Called once per file the index holds documents for, in no particular
 * order.  `path` is the ns_doc.path it was put with; `stamp` is NULL when
 * its document carries none (put without one, or by an older nsearch).
 * Both are valid during the call only.  Return non-zero to stop. */
typedef int (*ns_file_visit_fn)(const char *path, const ns_file_stamp *stamp,
                                void *context);

/* List the files of the index at `path`, opened read-only (a writer may be
 * open on it).  Costs one sequential pass over the stamps, never a lookup
 * per file.  NS_ERR_NO_INDEX when there is no index there; NS_ERR_INVALID
 * when the visitor stopped the listing. */
ns_status ns_index_files(const char *path, ns_file_visit_fn visit,
                         void *context, ns_error *err);

/* Remove the documents put with ns_doc.path == `path`, and the related
 * coverage documents whose parent they were.  *removed (may be NULL) gets
 * the number of documents removed; no document is not an error. */
ns_status ns_writer_forget_file(ns_writer *writer, const char *path,
                                unsigned *removed, ns_error *err);

/* Remove the related coverage documents whose parent_id is `parent_id`:
 * before an article is put again, so coverage it dropped goes too. */
ns_status ns_writer_forget_related(ns_writer *writer, const char *parent_id,
                                   unsigned *removed, ns_error *err);

/* Store a new stamp on the documents of the file at `path` without
 * re-indexing them (the file was touched but its content is the same).
 * *found (may be NULL) is set to 1 when such a document exists. */
ns_status ns_writer_restamp(ns_writer *writer, const char *path,
                            const ns_file_stamp *stamp, int *found,
                            ns_error *err);

/* ---- Writing a sharded index ------------------------------------------ */

/* Check that the index `writer` has open is shard `shard` (from 0) of an
 * index split into `n_shards` (0: a whole index, no shard), recording it
 * when the index is new and empty.  The record is committed with the
 * writer's next commit.  NS_ERR_SCHEMA, with a message naming both, when
 * the index is another shard, of another split, or a shard where a whole
 * index is expected (or the reverse). */
ns_status ns_writer_check_shard(ns_writer *writer, unsigned shard,
                                unsigned n_shards, ns_error *err);

/* What an index holds under one identity. */
typedef enum ns_id_kind {
    NS_ID_NONE = 0,      /* nothing */
    NS_ID_ARTICLE,       /* an article (from its own file) */
    NS_ID_COVERAGE       /* related coverage of some article */
} ns_id_kind;

/* Remove the related coverage document whose identity is `id`, if that is
 * what the index holds under it (an article is never removed).  *found
 * (may be NULL) says what the index held.  For keeping one document per
 * identity across the shards of an index. */
ns_status ns_writer_forget_coverage(ns_writer *writer, const char *id,
                                    ns_id_kind *found, ns_error *err);

/* Merge the databases at sources[0..n_sources) (directories or stubs, not
 * open for writing) into a new database at `dest`, which must not exist,
 * with Xapian's compactor; document ids are renumbered, source by source.
 * On failure `dest` may hold a partial database: the caller removes it. */
ns_status ns_compact(const char *const *sources, size_t n_sources,
                     const char *dest, ns_error *err);

/* ---- Reading -------------------------------------------------------- */

typedef struct ns_reader ns_reader;

/* Open the index at `path` read-only, checking that it was built by a
 * schema and analysis chain this code understands (NS_ERR_SCHEMA if not,
 * NS_ERR_NO_INDEX if there is nothing there).  Release with ns_reader_close. */
ns_status ns_reader_open(const char *path, ns_reader **out, ns_error *err);

/* How a reader reaches remote shards (stub lines "remote HOST:PORT"). */
typedef struct ns_reader_options {
    double remote_timeout;   /* seconds a remote shard may take to answer
                                one request; 0 = NS_DEFAULT_REMOTE_TIMEOUT */
    double connect_timeout;  /* seconds to connect; 0 = the same default */
    unsigned search_threads; /* 0: two threads for a search with many
                                candidates (NS_SPLIT_MIN_CANDIDATES) in an
                                index of one local database; 1: one thread
                                always; 2: two whenever the search allows */
    int one_search;          /* nonzero: the reader will run one search (a
                                process per query), so with search_threads
                                0 a split needs
                                NS_SPLIT_MIN_CANDIDATES_ONE_SEARCH */
} ns_reader_options;

#define NS_DEFAULT_REMOTE_TIMEOUT 10.0
/* A pass that may score this many documents (by the words' frequencies)
 * is split between two threads by docid: below it, starting a thread
 * costs more than it saves. */
#define NS_SPLIT_MIN_CANDIDATES 5000
/* The same for a reader's one search: the second thread must first open
 * its own handle on the database, in a new process (README "Benchmarks":
 * at 300k articles a process per query was 1 ms slower with the split,
 * at every size of search up to 137,000 candidates). */
#define NS_SPLIT_MIN_CANDIDATES_ONE_SEARCH 200000

/* ns_reader_open with options (NULL = defaults).  The index may be a
 * database directory or a Xapian stub file listing shards - local
 * directories ("auto PATH", relative to the stub) and remote ones
 * ("remote HOST:PORT", served by xapian-tcpsrv) - searched as one index.
 * A shard that cannot be reached gives NS_ERR_UNREACHABLE naming it. */
ns_status ns_reader_open_with(const char *path, const ns_reader_options *options,
                              ns_reader **out, ns_error *err);

/* Language of the analysis chain the index was built with (owned). */
const char *ns_reader_language(const ns_reader *reader);

uint64_t ns_reader_doc_count(const ns_reader *reader);

/* NULL is a no-op. */
void ns_reader_close(ns_reader *reader);

/* How results are ranked (README "Ranking" has the measurements):
 *
 *   score = bm25(query)                                text relevance
 *         + title_weight  * bm25(query over titles)    title evidence
 *         + phrase_weight * bm25(adjacent query pairs) proximity evidence
 *         + quality_weight * quality/100               absent quality = 50
 *         + heat_weight * heat/(heat + NS_HEAT_PIVOT)  heat -1: adds 0
 *         + recency_weight * max(floor, 2^(-age/half_life))  with --recent
 *
 * The static parts are bounded by their weights and saturate, so none can
 * swamp a strong text match; all parts only rank documents the words
 * match.  Every part is a built-in Xapian query or posting source, so the
 * same scores come back from remote shards. */
typedef struct ns_rank_options {
    double bm25_k1;          /* default NS_DEFAULT_BM25_K1 */
    double bm25_b;           /* default NS_DEFAULT_BM25_B */
    double title_weight;     /* default NS_DEFAULT_TITLE_WEIGHT */
    double phrase_weight;    /* default NS_DEFAULT_PHRASE_WEIGHT */
    double quality_weight;   /* default NS_DEFAULT_QUALITY_WEIGHT */
    double heat_weight;      /* default NS_DEFAULT_HEAT_WEIGHT */
    double recency_half_life;/* seconds; 0 (default) = no recency part */
    double recency_weight;   /* default NS_DEFAULT_RECENCY_WEIGHT */
    double recency_floor;    /* 0..1, default NS_DEFAULT_RECENCY_FLOOR */
    unsigned expand_terms;   /* pseudo-relevance feedback: terms added to
                                long queries (0 = off) */
    unsigned expand_min_words; /* a query is long from this many words */
    int plain_bm25;          /* 1: the baseline - Xapian's BM25 with its
                                default parameters over the same parsed
                                query (OR of the words), nothing else; the
                                other fields are ignored.  For evaluation
                                and benchmarks. */
    int plain_all_words;     /* with plain_bm25: the documents with every
                                word (OP_AND, as `quest -o and` and
                                nsearch's first pass) rather than any */
} ns_rank_options;

#define NS_DEFAULT_BM25_K1 1.2
#define NS_DEFAULT_BM25_B 0.75
#define NS_DEFAULT_TITLE_WEIGHT 0.0
#define NS_DEFAULT_PHRASE_WEIGHT 0.0
#define NS_DEFAULT_QUALITY_WEIGHT 0.1
#define NS_DEFAULT_HEAT_WEIGHT 0.1
#define NS_DEFAULT_RECENCY_WEIGHT 0.2
#define NS_DEFAULT_RECENCY_FLOOR 0.1
#define NS_DEFAULT_EXPAND_TERMS 10
#define NS_DEFAULT_EXPAND_MIN_WORDS 5
/* Fixed at index time: heat at which the heat part reaches half its
 * weight.  Part of the schema. */
#define NS_HEAT_PIVOT 50.0

/* Fill `options` with the defaults. */
void ns_rank_options_init(ns_rank_options *options);

typedef enum ns_sort {
    NS_SORT_RELEVANCE = 0,   /* score (default) */
    NS_SORT_DATE,            /* newest first, then score */
    NS_SORT_QUALITY,         /* highest first, then score */
    NS_SORT_HEAT             /* hottest first, then score */
} ns_sort;

/* Facets: counts of values over all matches, asked for with a bit mask. */
typedef enum ns_facet {
    NS_FACET_TOPIC = 0,
    NS_FACET_PROVIDER,
    NS_FACET_CATEGORY,
    NS_FACET_YEAR,
    NS_FACET_COUNT           /* how many kinds there are */
} ns_facet;
#define NS_FACET_BIT(facet) (1u << (facet))

/* Marks "no bound" for ns_search_request.since and .until: zero, so a
 * zero-initialised request has none (1970-01-01T00:00:00Z itself cannot be
 * a bound, which no news search needs). */
#define NS_NO_DATE 0

typedef struct ns_search_request {
    const char *query;       /* user syntax, UTF-8 */
    unsigned offset;         /* skip this many results */
    unsigned limit;          /* return at most this many (0: count only) */
    int64_t now;             /* "now" for recency, epoch seconds; 0 = the
                                current time */
    int64_t since;           /* only articles dated at or after (epoch
                                seconds), or NS_NO_DATE */
    int64_t until;           /* only articles dated at or before, or
                                NS_NO_DATE */
    int published_only;      /* 1: leave out articles marked published:
                                false (drafts) */
    int all;                 /* 1: every article; 0 (default): one result
                                per story, the rest counted in `more` */
    ns_sort sort;
    unsigned facets;         /* NS_FACET_BIT()s to count over all matches */
    ns_rank_options rank;
} ns_search_request;

/* Fill `request` with the defaults: no query, limit 10, no date bounds,
 * one result per story, by relevance, default ranking.  (A request that is
 * all zero bytes means the same except for limit 0 and the ranking, which
 * ns_rank_options_init fills.) */
void ns_search_request_init(ns_search_request *request);

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
    double score;            /* total: relevance + the static parts */
    double relevance;        /* the text parts (BM25, title, proximity) */
    double quality_part;
    double heat_part;
    double recency_part;     /* 0 unless --recent */
    int all_words;           /* 1 when every query word matched; 0 for the
                                partial matches listed after them */
    unsigned more;           /* other matching articles of the same story
                                folded under this one (0 with all) */
    const char *more_providers; /* their providers, ", "-separated, at
                                most NS_MORE_PROVIDERS of them ("" if
                                none) */
} ns_hit;

#define NS_MORE_PROVIDERS 5

typedef struct ns_results ns_results;

/* Run a search.  Readers never fail because a writer is committing: the
 * shim reopens and re-runs the whole query (bounded) on
 * DatabaseModifiedError.  A query that cannot be parsed gives NS_ERR_QUERY
 * with the reason in err.  An empty query gives NS_ERR_QUERY too.
 * On success *out owns the results: release with ns_results_free. */
ns_status ns_search(ns_reader *reader, const ns_search_request *request,
                    ns_results **out, ns_error *err);

size_t ns_results_count(const ns_results *results);

/* Number of matching documents: exact when ns_results_total_is_exact
 * says so, else Xapian's estimate.  With one result per story it counts
 * stories. */
uint64_t ns_results_estimated_total(const ns_results *results);

/* 1 when the total is exact (cheap to know: all matches were counted). */
int ns_results_total_is_exact(const ns_results *results);

/* 2 when a pass of the search ranked two halves of the index on two
 * threads (ns_reader_options.search_threads), else 1. */
unsigned ns_results_threads(const ns_results *results);

/* Things the person searching should know, e.g. that broken syntax was
 * searched as plain words, or that a wildcard matched too many words.
 * Owned by results; i < ns_results_note_count. */
size_t ns_results_note_count(const ns_results *results);
const char *ns_results_note(const ns_results *results, size_t i);

/* A query with a likelier spelling that finds more ("did you mean"), or
 * NULL.  Owned by results. */
const char *ns_results_suggestion(const ns_results *results);

/* Facet counts, largest first (ties by value): the i-th value of `facet`
 * and its count in *count.  NULL when i is past the end.  Owned by
 * results. */
size_t ns_results_facet_size(const ns_results *results, ns_facet facet);
const char *ns_results_facet_value(const ns_results *results, ns_facet facet,
                                   size_t i, uint64_t *count);

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
