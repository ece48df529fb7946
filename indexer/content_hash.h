/* content_hash.h - 64-bit FNV-1a, for change detection and for shards.
 *
 * content_hash: the index stores it with each file's mtime and size, so a
 * file whose mtime cannot be trusted (touched, restored, modified within
 * one clock tick of being read) is compared by content instead of being
 * re-indexed.  Not cryptographic: files are not adversaries here, and a
 * collision only means one edit goes unnoticed until the file changes
 * again.
 *
 * fnv1a64: the plain, documented FNV-1a (offset basis 0xcbf29ce484222325,
 * prime 0x100000001b3) over bytes, so its value depends on neither the
 * machine's byte order nor this code: the shard an article id goes to
 * (shard_set.h) is fnv1a64(id) mod N, and must stay what it was when the
 * index was built.
 */
#ifndef NSEARCH_CONTENT_HASH_H
#define NSEARCH_CONTENT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a 64 of `len` bytes ("" gives 0xcbf29ce484222325). */
uint64_t fnv1a64(const void *data, size_t len);

/* FNV-1a 64 with the length mixed in.  Never 0 (0 means "no hash" in a
 * stamp). */
uint64_t content_hash(const void *data, size_t len);

#endif
