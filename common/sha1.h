/* SHA-1 as hex (nettle's): svcc stores auth passwords as "{SHA}" + the
 * hex digest, and svcd hashes a client's password to compare it. */
#ifndef SVC_SHA1_H
#define SVC_SHA1_H

#include <stddef.h>

#define SHA1_HEXLEN 40

/* The digest of LEN bytes at BUF as 40 lowercase hex digits and a NUL. */
void sha1_hex(const void *buf, size_t len, char out[SHA1_HEXLEN + 1]);

#endif
