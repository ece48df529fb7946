/* grow.c - doubling growth of the indexer's arrays (grow.h). */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>

void *grow_for_one(void *items, size_t *cap, size_t count, size_t size, size_t first)
{
    if (count < *cap)
        return items;
    size_t more = *cap ? *cap * 2 : first;
    if (more <= *cap || size == 0 || more > SIZE_MAX / size)
        return NULL;
    void *bigger = realloc(items, more * size);
    if (!bigger)
        return NULL;
    *cap = more;
    return bigger;
}
