/* sbuf.h - a growable byte buffer for building article files in memory.
 *
 * Allocation failure is fatal for the generator (it is a batch tool with
 * nothing to roll back), so the append functions cannot fail: they print
 * a message and exit.  That keeps the article writer free of error paths.
 */
#ifndef NSEARCH_CORPUS_SBUF_H
#define NSEARCH_CORPUS_SBUF_H

#include <stddef.h>

struct sbuf {
    char *data;
    size_t len;
    size_t cap;
};

void sbuf_reserve(struct sbuf *b, size_t extra);
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sbuf_free(struct sbuf *b);

/* malloc/realloc that exit with a message on failure. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
