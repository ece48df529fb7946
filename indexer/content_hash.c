/* content_hash.c - FNV-1a, 64 bits (see content_hash.h). */
#include "content_hash.h"

#define FNV_OFFSET_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

uint64_t fnv1a64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t hash = FNV_OFFSET_BASIS;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= FNV_PRIME;
    }
    return hash;
}

uint64_t content_hash(const void *data, size_t len)
{
    /* The length too, so a file and its zero-padded twin differ. */
    uint64_t hash = (fnv1a64(data, len) ^ (uint64_t)len) * FNV_PRIME;
    return hash ? hash : 1;
}
