/* index_lock.h - one nsearch-index per index at a time.
 *
 * Xapian's own writer lock cannot say who holds it, is only taken once the
 * database is opened, and does not cover a --rebuild, which writes a new
 * generation beside the live one.  So the indexer takes its own lock
 * first: flock() on "<index>.lock" beside the index, with the holder's pid
 * and start time written inside for the message a second indexer prints.
 *
 * The kernel releases a flock when its holder dies, however it dies, so a
 * lock left by a killed run never blocks the next one; the stale text in
 * the file is ignored because only the flock counts.  The file is never
 * deleted: unlinking a lock file while another process waits on it lets
 * two processes hold "the" lock on two different files.
 */
#ifndef NSEARCH_INDEX_LOCK_H
#define NSEARCH_INDEX_LOCK_H

#include <stddef.h>

struct index_lock {
    int fd;
    char *path;
};

enum index_lock_result {
    INDEX_LOCK_TAKEN = 0,
    INDEX_LOCK_BUSY = 1,        /* held by another process (holder filled) */
    INDEX_LOCK_INTERRUPTED = 2, /* stop() asked to give up while waiting */
    INDEX_LOCK_ERROR = -1       /* could not open the lock file (why filled) */
};

/* Take the lock of the index at `index`.  wait_seconds < 0: do not wait;
 * otherwise wait up to that long (0 = forever), calling `waiting` (may be
 * NULL) once with the holder's description when the wait starts and
 * polling `stop` (may be NULL).  `holder`/`why` receive text for the
 * caller's messages.  On INDEX_LOCK_TAKEN, release with index_lock_release. */
enum index_lock_result index_lock_take(struct index_lock *lock, const char *index,
                                       double wait_seconds, int (*stop)(void),
                                       void (*waiting)(const char *holder, void *context),
                                       void *context, char *holder, size_t holder_len,
                                       char *why, size_t why_len);

/* Release the lock (the file stays).  Safe on a lock never taken. */
void index_lock_release(struct index_lock *lock);

#endif
