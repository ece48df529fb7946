/* file_index.cc - what incremental indexing asks of the index: which files
 * it was built from (and how they looked), forgetting a file, and
 * re-stamping a file whose content did not change.
 *
 * Listing must stay cheap on a large index, because a run where nothing
 * changed does little else: the stamps (with their paths) live in one value
 * slot, so listing is one sequential pass over that value stream.  Only
 * documents without a stamp (indexed by an older nsearch) need the slower
 * pass over the XF terms, and only when some exist.
 */
#include <string>
#include <vector>

#include <xapian.h>

#include "docdata.h"
#include "file_stamp.h"
#include "schema.h"
#include "status.h"
#include "writer.h"
#include "xapian_shim.h"

namespace {

using namespace ns::schema;
using ns::schema::boolean_term;

/* Thrown to unwind out of a listing the visitor stopped. */
struct Stopped {};

void visit_or_stop(ns_file_visit_fn visit, void *context, const std::string &path,
                   const ns_file_stamp *stamp)
{
    if (visit(path.c_str(), stamp, context) != 0)
        throw Stopped();
}

/* Files whose documents carry no (readable) stamp: found through their XF
 * terms, the path read from the document data. */
void list_unstamped(const Xapian::Database &db, ns_file_visit_fn visit, void *context)
{
    for (Xapian::TermIterator t = db.allterms_begin(PREFIX_FILE); t != db.allterms_end(PREFIX_FILE);
         ++t) {
        for (Xapian::PostingIterator p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
            Xapian::Document doc = db.get_document(*p, Xapian::DOC_ASSUME_VALID);
            ns_file_stamp stamp;
            std::string path;
            if (ns::decode_file_stamp(doc.get_value(SLOT_FILE), &stamp, &path))
                continue; /* listed by the value pass */
            path = ns::decode_docdata(doc.get_data()).path;
            if (!path.empty())
                visit_or_stop(visit, context, path, nullptr);
        }
    }
}

std::vector<Xapian::docid> postings(const Xapian::Database &db, const std::string &term)
{
    std::vector<Xapian::docid> ids;
    for (Xapian::PostingIterator p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
        ids.push_back(*p);
    return ids;
}

unsigned forget_related(Xapian::WritableDatabase &db, const std::string &parent_id)
{
    unsigned n = 0;
    /* Collected first: deleting while a posting list is being walked is
     * not something to rely on. */
    for (Xapian::docid id : postings(db, boolean_term(PREFIX_PARENT, parent_id))) {
        db.delete_document(id);
        ++n;
    }
    return n;
}

} // namespace

extern "C" ns_status ns_index_files(const char *path, ns_file_visit_fn visit, void *context,
                                    ns_error *err)
{
    if (!path || !*path || !visit)
        return ns::set_error(err, NS_ERR_INVALID, "ns_index_files", "path and visit are required");
    try {
        Xapian::Database db(path);
        Xapian::doccount stamped = 0;
        for (Xapian::ValueIterator v = db.valuestream_begin(SLOT_FILE);
             v != db.valuestream_end(SLOT_FILE); ++v) {
            ns_file_stamp stamp;
            std::string file;
            if (ns::decode_file_stamp(*v, &stamp, &file)) {
                visit_or_stop(visit, context, file, &stamp);
                ++stamped;
            }
        }
        /* Every document is either stamped or related coverage (which has
         * no file of its own): the common case, and the end of it. */
        if (db.get_doccount() > stamped + db.get_termfreq(TERM_RELATED))
            list_unstamped(db, visit, context);
        return NS_OK;
    } catch (const Stopped &) {
        return ns::set_error(err, NS_ERR_INVALID, "ns_index_files", "stopped by the caller");
    } catch (...) {
        return ns::status_from_exception(err, std::string("listing the files of index ") + path);
    }
}

extern "C" ns_status ns_writer_forget_file(ns_writer *writer, const char *path, unsigned *removed,
                                           ns_error *err)
{
    if (removed)
        *removed = 0;
    if (!writer || !path)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_forget_file",
                             "writer and path are required");
    try {
        unsigned n = 0;
        for (Xapian::docid id : postings(writer->db, boolean_term(PREFIX_FILE, path))) {
            /* The raw id is in the data (the Q term may be a hash). */
            std::string article_id = ns::decode_docdata(writer->db.get_document(id).get_data()).id;
            writer->db.delete_document(id);
            ++n;
            n += forget_related(writer->db, article_id);
        }
        if (removed)
            *removed = n;
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("removing the documents of ") + path);
    }
}

extern "C" ns_status ns_writer_forget_related(ns_writer *writer, const char *parent_id,
                                              unsigned *removed, ns_error *err)
{
    if (removed)
        *removed = 0;
    if (!writer || !parent_id)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_forget_related",
                             "writer and parent_id are required");
    try {
        unsigned n = forget_related(writer->db, parent_id);
        if (removed)
            *removed = n;
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("removing the coverage of ") + parent_id);
    }
}

extern "C" ns_status ns_writer_restamp(ns_writer *writer, const char *path,
                                       const ns_file_stamp *stamp, int *found, ns_error *err)
{
    if (found)
        *found = 0;
    if (!writer || !path || !stamp)
        return ns::set_error(err, NS_ERR_INVALID, "ns_writer_restamp",
                             "writer, path and stamp are required");
    try {
        std::string value = ns::encode_file_stamp(*stamp, path);
        for (Xapian::docid id : postings(writer->db, boolean_term(PREFIX_FILE, path))) {
            Xapian::Document doc = writer->db.get_document(id);
            doc.add_value(SLOT_FILE, value);
            /* Only a value changed: Xapian rewrites the value, not the
             * postings. */
            writer->db.replace_document(id, doc);
            if (found)
                *found = 1;
        }
        return NS_OK;
    } catch (...) {
        return ns::status_from_exception(err, std::string("re-stamping ") + path);
    }
}
