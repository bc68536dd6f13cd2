/* The one growable buffer: bounded (the runtime's replies) or not (the
 * compiler's text), optionally starting in storage given by the caller,
 * always NUL-terminated. */
#include "buf.h"
#include "oom.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void buf_init(struct buf *b, TALLOC_CTX *mem, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->mem = mem;
	b->max = max;
}

void buf_init_base(struct buf *b, TALLOC_CTX *mem, char *base, size_t basecap, size_t max)
{
	buf_init(b, mem, max);
	b->base = b->data = base;
	b->basecap = b->cap = basecap;
}

/* The base's pages used so far: the text and the NUL after it. */
static void buf_touch(struct buf *b)
{
	size_t used = b->len + 1 < b->basecap ? b->len + 1 : b->basecap;

	if (b->base && b->data == b->base && used > b->touched)
		b->touched = used;
}

void buf_set_pool(struct buf *b, struct buf_pool *pool)
{
	b->pool = pool;
}

/* The allocated storage is gone (freed or given away): uncount it. */
static void buf_uncharge(struct buf *b)
{
	if (b->pool)
		b->pool->used -= b->charged;
	b->charged = 0;
}

/* Whether growing the allocated storage to CAP bytes fits the pool. */
static bool buf_charge(struct buf *b, size_t cap)
{
	size_t extra = cap - b->charged;

	if (b->pool && extra > b->pool->limit - b->pool->used)
		return false;
	if (b->pool)
		b->pool->used += extra;
	b->charged = cap;
	return true;
}

void buf_reset(struct buf *b)
{
	buf_touch(b);
	b->len = 0;
	b->overflow = false;
	if (b->data)
		b->data[0] = '\0';
}

void buf_release(struct buf *b, size_t keep)
{
	buf_reset(b);
	if (b->base ? b->data == b->base : b->cap <= keep)
		return;
	talloc_free(b->data);
	buf_uncharge(b);
	b->data = b->base;
	b->cap = b->basecap;
}

void buf_forget(struct buf *b)
{
	size_t page = 4096;

	buf_release(b, 0);
	if (!b->base || b->touched == 0)
		return;
	madvise(b->base, (b->touched + page - 1) / page * page, MADV_DONTNEED);
	b->touched = 0;
}

/* Room for N more bytes and the NUL after them. */
static bool buf_room(struct buf *b, size_t n)
{
	size_t cap, old;
	char *d;

	if (b->overflow)
		return false;
	if (n >= b->max || b->len >= b->max - n) {
		b->overflow = true;
		return false;
	}
	n++;
	if (b->len + n <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n)
		cap *= 2;
	if (cap > b->max)
		cap = b->max;
	old = b->charged;
	if (!buf_charge(b, cap)) {
		b->overflow = true;
		return false;
	}
	if (b->data == b->base && b->base) {
		/* outgrowing the base: the rest of this reply is allocated */
		d = talloc_array(b->mem, char, cap);
		if (d) {
			memcpy(d, b->base, b->len);
			b->touched = b->basecap;
		}
	} else {
		d = talloc_realloc(b->mem, b->data, char, cap);
	}
	if (!d) {
		if (b->pool)
			b->pool->used -= cap - old;
		b->charged = old;
		b->overflow = true;
		if (b->max == BUF_UNLIMITED)
			oom();
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || !buf_room(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

char *buf_take(struct buf *b)
{
	char *s;

	if (b->overflow)
		return NULL;
	buf_touch(b);
	if (!b->data || b->data == b->base)
		s = talloc_strndup(b->mem, b->data ? b->data : "", b->len);
	else
		s = talloc_realloc(b->mem, b->data, char, b->len + 1);
	if (!s && b->max == BUF_UNLIMITED)
		oom();
	if (s) {
		s[b->len] = '\0';
		buf_uncharge(b);
		if (b->data != b->base)
			b->data = b->base;
		b->cap = b->basecap;
	}
	b->len = 0;
	return s;
}

void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}
