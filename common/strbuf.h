/* A growable string under talloc: appends in amortised constant time, where
 * talloc_strdup_append() would copy and re-measure the string each time. */
#ifndef SVC_STRBUF_H
#define SVC_STRBUF_H

#include <stddef.h>
#include <talloc.h>

struct strbuf {
	char *s; /* NUL-terminated, a talloc child of the context given */
	size_t len, cap;
};

void strbuf_init(struct strbuf *b, TALLOC_CTX *ctx);
void strbuf_add(struct strbuf *b, const char *s, size_t len);
void strbuf_addc(struct strbuf *b, char c);
void strbuf_adds(struct strbuf *b, const char *s);

/* The string, shrunk to fit; the buffer is empty afterwards. */
char *strbuf_take(struct strbuf *b);

#endif
