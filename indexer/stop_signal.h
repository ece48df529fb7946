/* stop_signal.h - SIGINT and SIGTERM ask the indexer to stop cleanly.
 *
 * The handler only records the signal; the run polls it at article
 * boundaries, commits what it has done, releases the lock and exits with
 * 128 + the signal number (130, 143), as a shell would report it.  The
 * handler re-arms the default action, so a second Ctrl-C kills at once -
 * still safe, since every commit is atomic.
 */
#ifndef NSEARCH_STOP_SIGNAL_H
#define NSEARCH_STOP_SIGNAL_H

/* Install the handlers.  Returns 0 or -1. */
int stop_signal_install(void);

/* The signal number received, or 0. */
int stop_signal_received(void);

/* 1 once a stop was asked for: the poll function given to the scan, the
 * lock wait and the run. */
int stop_requested(void);

#endif
