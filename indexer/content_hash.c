/* content_hash.c - FNV-1a, 64 bits (see content_hash.h). */
#include "content_hash.h"

uint64_t content_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 0x100000001b3ULL;
    }
    /* The length too, so a file and its zero-padded twin differ. */
    hash ^= (uint64_t)len;
    hash *= 0x100000001b3ULL;
    return hash ? hash : 1;
}
