/* article_docs.c - article -> ns_doc mapping (see article_docs.h). */
#include "article_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *article_docs_id(const struct article *article, const char *path)
{
    if (article->web_url)
        return article->web_url;
    if (article->original_url)
        return article->original_url;
    return path;
}

int article_docs_is_coverage(const struct article_related *related, const char *id)
{
    /* Without a URL there is no identity to deduplicate on; without a
     * title nothing to show. */
    return related->url && related->title && strcmp(related->url, id) != 0;
}

static ns_status put_related(ns_writer *writer,
                             const struct article_related *related,
                             const char *story, ns_error *err)
{
    ns_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = related->url;
    doc.title = related->title;
    doc.excerpt = related->excerpt;
    doc.url = related->url;
    doc.provider_name = related->provider_name;
    doc.provider_domain = related->provider_domain;
    doc.date_iso = related->date_iso;
    doc.date_epoch = related->date_epoch;
    doc.quality = related->quality;
    doc.heat = -1;           /* related entries carry no heat of their own */
    doc.published = -1;
    doc.story_key = story;
    doc.parent_id = story;
    return ns_writer_put(writer, &doc, NULL, err);
}

/* Joins the titles and excerpts of the related entries, one per line.
 * Returns NULL when there are none, or on out of memory (*nomem set). */
static char *coverage_text(const struct article *article, int *nomem)
{
    size_t n = 0;
    for (size_t i = 0; i < article->n_related; i++) {
        const struct article_related *r = &article->related[i];
        n += (r->title ? strlen(r->title) + 1 : 0) +
             (r->excerpt ? strlen(r->excerpt) + 1 : 0);
    }
    *nomem = 0;
    if (n == 0)
        return NULL;
    char *text = malloc(n + 1), *p = text;
    if (!text) {
        *nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < article->n_related; i++) {
        const char *parts[2] = {article->related[i].title,
                                article->related[i].excerpt};
        for (int k = 0; k < 2; k++)
            if (parts[k])
                p += sprintf(p, "%s\n", parts[k]);
    }
    *p = '\0';
    return text;
}

ns_status article_docs_put(ns_writer *writer, const struct article *article,
                           const char *path, const ns_file_stamp *stamp,
                           unsigned *n_docs, ns_error *err)
{
    return article_docs_put_filtered(writer, article, path, stamp, NULL, NULL, n_docs, err);
}

ns_status article_docs_put_filtered(ns_writer *writer, const struct article *article,
                                    const char *path, const ns_file_stamp *stamp,
                                    article_coverage_fn admit, void *context,
                                    unsigned *n_docs, ns_error *err)
{
    const char *id = article_docs_id(article, path);
    if (n_docs)
        *n_docs = 0;
    ns_status forgot = ns_writer_forget_related(writer, id, NULL, err);
    if (forgot != NS_OK)
        return forgot;
    ns_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = id;
    doc.path = path;
    doc.title = article->title;
    doc.excerpt = article->excerpt;
    doc.body = article->body;
    doc.url = article->web_url ? article->web_url : article->original_url;
    doc.category = article->category;
    doc.type = article->type;
    doc.provider_name = article->provider_name;
    doc.provider_domain = article->provider_domain;
    doc.topics = (const char *const *)article->topics;
    doc.n_topics = article->n_topics;
    doc.date_iso = article->date_iso;
    doc.date_epoch = article->date_epoch;
    doc.quality = article->quality;
    doc.heat = article->heat;
    doc.published = article->published;
    doc.story_key = id;
    doc.stamp = stamp;
    int nomem;
    char *coverage = coverage_text(article, &nomem);
    if (nomem) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return NS_ERR_NOMEM;
    }
    doc.coverage = coverage;

    unsigned put = 0;
    ns_status status = ns_writer_put(writer, &doc, NULL, err);
    free(coverage);
    if (status == NS_OK)
        put++;
    for (size_t i = 0; status == NS_OK && i < article->n_related; i++) {
        const struct article_related *related = &article->related[i];
        if (!article_docs_is_coverage(related, id))
            continue;
        int keep = 1;
        if (admit && (status = admit(context, related->url, &keep, err)) != NS_OK)
            break;
        if (!keep)
            continue;
        status = put_related(writer, related, id, err);
        if (status == NS_OK)
            put++;
    }
    if (n_docs)
        *n_docs = put;
    return status;
}
