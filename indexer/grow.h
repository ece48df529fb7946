/* grow.h - room for one more element in the indexer's growable arrays.
 *
 * The indexer keeps its lists (files scanned, files known, paths, events)
 * in plain arrays that double when full; this is the one place that
 * doubles them, so every list grows, and fails, the same way.
 */
#ifndef NSEARCH_INDEXER_GROW_H
#define NSEARCH_INDEXER_GROW_H

#include <stddef.h>

/* Make room for element number `count` in `items`, an array of `*cap`
 * elements of `size` bytes: returns `items` itself while count < *cap,
 * else the array reallocated to twice *cap (to `first` when it is 0) with
 * *cap updated.  Returns NULL when out of memory or when the size would
 * overflow; `items` and *cap are then unchanged and still owned by the
 * caller. */
void *grow_for_one(void *items, size_t *cap, size_t count, size_t size, size_t first);

#endif
