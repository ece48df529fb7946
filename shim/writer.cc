/* writer.cc - the ns_writer handle: open, put, commit, close.
 *
 * Xapian commits pending changes when a WritableDatabase is closed or
 * destroyed (and swallows errors doing so), but the contract says closing
 * without ns_writer_commit discards them.  So the writer always works
 * inside an unflushed transaction: begin_transaction(false) after opening
 * and after each commit, cancel_transaction() on close.  Inside a
 * transaction Xapian 1.4 does not auto-flush, so changes are held in memory
 * until the caller commits; the indexer commits every few thousand
 * documents to bound that.
 */
#include <memory>
#include <string>

#include <xapian.h>

#include "analysis.h"
#include "boost_table.h"
#include "document.h"
#include "metadata.h"
#include "schema.h"
#include "shards.h"
#include "status.h"
#include "stemmer.h"
#include "writer.h"
#include "xapian_shim.h"

namespace {

/* Best effort: keep the writer inside a transaction so close discards. */
void ensure_transaction(ns_writer &w)
{
    if (!w.in_transaction) {
        w.db.begin_transaction(false);
        w.in_transaction = true;
    }
}

/* Does the document `docid` carry the related-coverage marker? */
bool is_related(const Xapian::Database &db, Xapian::docid docid)
{
    Xapian::TermIterator t = db.termlist_begin(docid);
    t.skip_to(ns::schema::TERM_RELATED);
    return t != db.termlist_end(docid) && *t == ns::schema::TERM_RELATED;
}

} // namespace

extern "C" ns_status ns_writer_open(const char *path, const ns_writer_options *options,
                                    ns_writer **out, ns_error *err)
{
    if (out)
        *out = nullptr;
    if (!path || !*path || !out)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_open", "path and out are required");
    try {
        auto w = std::make_unique<ns_writer>();
        w->path = path;
        w->language = options && options->language ? options->language : "english";
        /* Before touching the disk: an unknown language creates nothing. */
        Xapian::Stem stem = ns::make_stem(w->language);
        w->analyzer.emplace(stem);
        /* No DB_RETRY_LOCK: a held lock must be reported at once. */
        w->db = Xapian::WritableDatabase(w->path, Xapian::DB_CREATE_OR_OPEN);
        w->analyzer->set_database(w->db); /* where title words go for spelling */
        w->analyzer->hold_spelling(options && options->whole_build);
        if (ns::check_or_record_schema(w->db, w->path, w->language))
            w->db.commit(); /* an index on disk always says how it was built */
        w->directory = ns::database_directory(w->path);
        w->boosts.load(w->directory, w->db);
        ensure_transaction(*w);
        *out = w.release();
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("opening index at ") + path +
                                                  " for writing");
    }
}

extern "C" ns_status ns_writer_put(ns_writer *writer, const ns_doc *doc, int *replaced,
                                   ns_error *err)
{
    if (replaced)
        *replaced = 0;
    if (!writer || !doc)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_put", "writer and doc are required");
    try {
        Xapian::Document xdoc = ns::build_document(*doc, *writer->analyzer);
        std::string term = ns::id_term(doc->id);
        /* Reads see this writer's uncommitted changes too. */
        Xapian::PostingIterator p = writer->db.postlist_begin(term);
        bool exists = p != writer->db.postlist_end(term);
        if (exists && doc->parent_id && !is_related(writer->db, *p))
            return NS_OK; /* the article's own file is the better record */
        Xapian::docid did = writer->db.replace_document(term, xdoc);
        writer->boosts.set(did, ns::quality_code(doc->quality), ns::heat_code(doc->heat),
                           ns::document_length(xdoc));
        if (replaced)
            *replaced = exists ? 1 : 0;
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("indexing ") +
                                                  (doc->id ? doc->id : "(no id)"));
    }
}

namespace {

void commit_now(ns_writer &w)
{
    if (w.in_transaction) {
        w.in_transaction = false;
        w.db.commit_transaction();
    }
    w.db.commit();
    ensure_transaction(w);
}

ns_status commit(ns_writer *writer, bool last, const char *caller, ns_error *err)
{
    if (!writer)
        return ns::set_error(err, NS_ERR_INVALID, caller, "writer is required");
    try {
        ns::IndexAnalyzer &analyzer = *writer->analyzer;
        analyzer.write_words();
        if (!analyzer.holds_spelling())
            analyzer.write_spelling();
        commit_now(*writer);
        /* Held title words go in a commit of their own: Xapian's spelling
         * changes for them (~35 MiB at most) then never sit beside a
         * batch's postings. */
        if (analyzer.held_spelling_due(last)) {
            analyzer.write_spelling();
            commit_now(*writer);
        }
        /* The commit stands whatever happens here: a reader that finds
         * no table for this revision builds one from the value slots. */
        try {
            writer->boosts.write(writer->directory, writer->db);
        } catch (...) {
        }
        return NS_OK;
    } catch (...) {
        ns_status status = ns::status_from_exception(err, "committing index at " + writer->path);
        /* Re-enter a transaction if we can, so a later close discards
         * rather than retrying the failed commit behind the caller's back. */
        try {
            ensure_transaction(*writer);
        } catch (...) {
        }
        return status;
    }
}

} // namespace

extern "C" ns_status ns_writer_commit(ns_writer *writer, ns_error *err)
{
    return commit(writer, false, "ns_writer_commit", err);
}

extern "C" ns_status ns_writer_finish(ns_writer *writer, ns_error *err)
{
    return commit(writer, true, "ns_writer_finish", err);
}

extern "C" uint64_t ns_writer_doc_count(const ns_writer *writer)
{
    if (!writer)
        return 0;
    try {
        return writer->db.get_doccount();
    } catch (...) {
        return 0;
    }
}

extern "C" void ns_writer_close(ns_writer *writer)
{
    if (!writer)
        return;
    /* Errors have nowhere to go here; the lock is released with the
     * handle either way. */
    try {
        if (writer->in_transaction)
            writer->db.cancel_transaction();
    } catch (...) {
    }
    writer->in_transaction = false;
    try {
        writer->db.close();
    } catch (...) {
    }
    delete writer;
}
