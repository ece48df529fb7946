/* rng.h - the generator's own pseudo-random numbers (splitmix64).
 *
 * rand() differs between C libraries and has hidden global state; the
 * corpus must be the same bytes for the same seed on every machine, so the
 * generator carries its own small, well-mixed PRNG.  Each article gets a
 * stream of its own derived from (seed, article number), so articles do not
 * depend on each other and any slice of a corpus can be regenerated alone.
 */
#ifndef NSEARCH_CORPUS_RNG_H
#define NSEARCH_CORPUS_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A stream for item `n` of the run seeded with `seed`. */
static inline struct rng rng_for(uint64_t seed, uint64_t n)
{
    struct rng mix = {seed * 0xD1B54A32D192ED03ULL ^ n};
    struct rng r = {rng_next(&mix) ^ (n * 0x9E3779B97F4A7C15ULL)};
    rng_next(&r);
    return r;
}

/* Uniform in [0, 1), 53 random bits. */
static inline double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [0, n); n > 0.  The modulo bias is below 2^-40 for the
 * small n used here, far under anything a benchmark could notice. */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
    return rng_next(r) % n;
}

/* 1 with probability p. */
static inline int rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

#endif
