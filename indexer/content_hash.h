/* content_hash.h - a 64-bit hash of a file's bytes, for change detection.
 *
 * The index stores it with each file's mtime and size, so a file whose
 * mtime cannot be trusted (touched, restored, modified within one clock
 * tick of being read) is compared by content instead of being re-indexed.
 * Not cryptographic: files are not adversaries here, and a collision only
 * means one edit goes unnoticed until the file changes again.
 */
#ifndef NSEARCH_CONTENT_HASH_H
#define NSEARCH_CONTENT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Never 0 (0 means "no hash" in a stamp). */
uint64_t content_hash(const void *data, size_t len);

#endif
