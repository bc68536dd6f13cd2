/* Text helpers all three programs share: UTF-8 sequences and JSON
 * strings. */
#ifndef SVC_TEXT_H
#define SVC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A continuation byte (10xxxxxx). */
static inline bool utf8_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* The length of the valid UTF-8 sequence at S, reading at most N bytes
 * (a NUL stops it too), with its code point in *CP; 0 when it is not one:
 * overlong, a surrogate, past U+10FFFF, or cut short. */
size_t utf8_decode(const void *s, size_t n, uint32_t *cp);

/* LEN bytes at S as a JSON string, quotes included. Non-ASCII UTF-8
 * passes through; a byte that is not UTF-8 becomes U+FFFD, so the output
 * is always valid JSON. */
void json_string(FILE *out, const char *s, size_t len);

#endif
