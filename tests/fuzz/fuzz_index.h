/* fuzz_index.h - a small index for the fuzz targets that search.
 *
 * The query and snippet targets need an index to search; building it once
 * at start-up from real article files (tests/fixtures/news by default) with
 * nsearch's own reader and writer keeps the fuzzed path the one
 * nsearch-index and nsearch take.  The index lives in a temporary directory
 * removed at exit.
 */
#ifndef NSEARCH_FUZZ_INDEX_H
#define NSEARCH_FUZZ_INDEX_H

#include "xapian_shim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Build the index from the article files in $NSEARCH_FUZZ_ARTICLES (else
 * tests/fixtures/news, relative to the working directory) and open it.
 * Exits the process with a message on failure: a fuzz target that cannot
 * set up must not report "no crash". */
ns_reader *fuzz_open_fixture_index(void);

/* Write a NUL-terminated copy of data[0..size) (up to its first NUL) into
 * a new malloc'ed string; exits on out of memory. */
char *fuzz_strndup(const unsigned char *data, size_t size);

#ifdef __cplusplus
}
#endif

#endif
