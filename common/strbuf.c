/* A growable string under talloc (see strbuf.h). */
#include <stdlib.h>
#include <string.h>
#include "strbuf.h"

void strbuf_init(struct strbuf *b, TALLOC_CTX *ctx)
{
	b->cap = 32;
	b->len = 0;
	b->s = talloc_array(ctx, char, b->cap);
	if (!b->s)
		abort();
	b->s[0] = '\0';
}

void strbuf_add(struct strbuf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		while (b->len + len + 1 > b->cap)
			b->cap *= 2;
		b->s = talloc_realloc(NULL, b->s, char, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void strbuf_addc(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

char *strbuf_take(struct strbuf *b)
{
	char *s = talloc_realloc(NULL, b->s, char, b->len + 1);

	b->s = NULL;
	b->len = b->cap = 0;
	return s ? s : NULL;
}
