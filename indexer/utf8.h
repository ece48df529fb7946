/* utf8.h - strict UTF-8 checks over byte buffers.
 *
 * Article files must be valid UTF-8 so that every string the indexer hands
 * to Xapian is valid too; errors are reported by byte offset so the caller
 * can turn them into file line:column.
 */
#ifndef NSEARCH_UTF8_H
#define NSEARCH_UTF8_H

#include <stddef.h>

/* Offset of the first byte of the first ill-formed sequence in s[0..len)
 * (overlong forms, surrogates and code points above U+10FFFF are
 * ill-formed), or len when the whole buffer is valid. */
size_t utf8_find_invalid(const char *s, size_t len);

/* Bytes in the one well-formed sequence at s[0..avail) (1 for ASCII), or
 * 0 when it is ill-formed or cut short.  For callers that repair text
 * rather than reject it (the JSON and terminal views). */
size_t utf8_sequence_length(const char *s, size_t avail);

/* Offset just past the first n code points of the valid UTF-8 in
 * s[0..len), or len if it holds fewer.  Converts libyaml's marks, which
 * count code points, into byte offsets. */
size_t utf8_skip_chars(const char *s, size_t len, size_t n);

#endif
