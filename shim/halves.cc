/* halves.cc - a docid-range filter, a second database handle and unshared
 * query copies, for searching two halves of an index on two threads. */
#include "halves.h"

#include <algorithm>

namespace ns {

DocidRangeSource::DocidRangeSource(Xapian::docid first, Xapian::docid last)
    : first_(std::max<Xapian::docid>(first, 1)), last_(last)
{
}

void DocidRangeSource::init(const Xapian::Database &db)
{
    did_ = 0;
    last_ = std::min(last_, db.get_lastdocid());
    Xapian::doccount span = last_ >= first_ ? last_ - first_ + 1 : 0;
    max_ = std::min(span, db.get_doccount());
    /* Deleted documents leave gaps: assume they are spread evenly. */
    double live = db.get_lastdocid() ? double(db.get_doccount()) / db.get_lastdocid() : 0;
    est_ = std::min(max_, static_cast<Xapian::doccount>(span * live));
}

void DocidRangeSource::next(double)
{
    did_ = did_ == 0 ? first_ : did_ + 1;
}

void DocidRangeSource::skip_to(Xapian::docid did, double)
{
    /* The matcher may skip to where we are or before (it moves forward
     * only): the docid stays. */
    did_ = std::max({did_, did, first_});
}

DocidRangeSource *DocidRangeSource::clone() const
{
    return new DocidRangeSource(first_, last_);
}

std::string DocidRangeSource::get_description() const
{
    return "DocidRangeSource(" + std::to_string(first_) + ".." + std::to_string(last_) + ")";
}

bool second_handle_matches(SecondHandle &second, const std::string &dir, Xapian::rev revision)
{
    if (!second.open) {
        second.db = Xapian::Database(dir);
        second.tables.set_directories({dir});
        second.open = true;
    }
    if (second.db.get_revision() != revision && second.db.reopen())
        second.tables.set_directories({dir});
    return second.db.get_revision() == revision;
}

Xapian::Query unshared_copy(const Xapian::Query &q)
{
    return Xapian::Query::unserialise(q.serialise());
}

} // namespace ns
