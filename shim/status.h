/* status.h - how the shim turns failures into an ns_status and a message.
 *
 * Inside the shim, failing code throws (Xapian does, and so does ours via
 * ns::Failure); at the header boundary every extern "C" function catches
 * everything and calls ns::status_from_exception.  Keeping the mapping in
 * one place means every entry point reports the same error the same way.
 */
#ifndef NSEARCH_SHIM_STATUS_H
#define NSEARCH_SHIM_STATUS_H

#include <stdexcept>
#include <string>

#include "xapian_shim.h"

namespace ns {

/* A failure the shim itself detected, carrying the status to report. */
class Failure : public std::runtime_error {
  public:
    Failure(ns_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    ns_status status() const { return status_; }

  private:
    ns_status status_;
};

/* Write "context: message" into err (which may be NULL) and return status. */
ns_status set_error(ns_error *err, ns_status status, const std::string &context,
                    const std::string &message);

/* Call only inside a catch block: classify the exception being handled,
 * describe it in err and return its status.  Never throws. */
ns_status status_from_exception(ns_error *err, const std::string &context) noexcept;

} // namespace ns

#endif
