/* article_docs.h - turning one parsed article into the index's documents.
 *
 * An article file becomes one document, identified by its webUrl, else its
 * originalUrl, else its path; each `related` entry with a title and a URL
 * becomes a document of its own carrying the article's id as its story key,
 * so results can group one story's coverage.  Only this module knows that
 * mapping; the shim only sees ns_doc.
 */
#ifndef NSEARCH_ARTICLE_DOCS_H
#define NSEARCH_ARTICLE_DOCS_H

#include "article.h"
#include "xapian_shim.h"

/* Put the article read from `path` and its related coverage into the
 * index, first removing the coverage an earlier version of the article
 * brought (an entry dropped from `related` must not outlive it).  `stamp`
 * (may be NULL) is stored with the article for incremental runs.  *n_docs
 * (may be NULL) gets the number of documents put.  Returns NS_OK or the
 * shim's failure (err filled). */
ns_status article_docs_put(ns_writer *writer, const struct article *article,
                           const char *path, const ns_file_stamp *stamp,
                           unsigned *n_docs, ns_error *err);

/* Decides whether the related entry with this URL is put (*keep 0: it
 * is not): how a sharded index keeps one document per URL across shards
 * (shard_set.h, partition.h).  A failure (err filled) ends the put. */
typedef ns_status (*article_coverage_fn)(void *context, const char *url, int *keep,
                                         ns_error *err);

/* article_docs_put, asking `admit` (may be NULL: every entry is put) about
 * each related entry first. */
ns_status article_docs_put_filtered(ns_writer *writer, const struct article *article,
                                    const char *path, const ns_file_stamp *stamp,
                                    article_coverage_fn admit, void *context,
                                    unsigned *n_docs, ns_error *err);

/* 1 when the related entry becomes a document of its own for the article
 * whose id is `id`: it has a URL (its identity) and a title, and is not
 * the article itself. */
int article_docs_is_coverage(const struct article_related *related, const char *id);

/* The identity the article's main document gets (borrowed from article or
 * path). */
const char *article_docs_id(const struct article *article, const char *path);

#endif
