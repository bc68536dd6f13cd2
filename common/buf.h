/* The one growable buffer of svc (see buf.c). */
#ifndef SVC_BUF_H
#define SVC_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

/* MAX for a buffer without a limit: running out of memory there calls the
 * program's handler (common/oom.h), since its text cannot be cut short. */
#define BUF_UNLIMITED SIZE_MAX

/* A buffer that grows with talloc up to MAX bytes, and keeps its storage
 * across buf_reset so a reused buffer stops allocating once it reached its
 * high-water mark. Appends past MAX (or that memory cannot hold) set
 * `overflow` and are dropped; the data is always NUL-terminated. */
struct buf {
	TALLOC_CTX *mem;
	char *data;
	size_t len, cap, max;
	bool overflow;
	char *base;            /* storage given at init (buf_init_base), or NULL */
	size_t basecap;        /* its size */
	size_t touched;        /* the most of it ever written since the last forget */
	struct buf_pool *pool; /* shared limit on what outgrows the bases */
	size_t charged;        /* bytes of allocated storage counted in pool */
};

/* A limit shared by many buffers on the storage they allocate beyond
 * their bases: a server's replies together, not one connection, are what
 * must fit in memory. An append that would pass it overflows. */
struct buf_pool {
	size_t used, limit;
};

void buf_init(struct buf *b, TALLOC_CTX *mem, size_t max);
/* A buffer that writes into BASE (BASECAP bytes, page-aligned, owned by
 * the caller) and only allocates for what outgrows it. */
void buf_init_base(struct buf *b, TALLOC_CTX *mem, char *base, size_t basecap, size_t max);
/* Empties B, frees what outgrew the base and gives the base's pages back
 * to the kernel (they read as zeros, and count for nothing, until used). */
void buf_forget(struct buf *b);
/* Counts what B allocates from now on in POOL (NULL: no shared limit). */
void buf_set_pool(struct buf *b, struct buf_pool *pool);
void buf_reset(struct buf *b);
/* Empties B and gives its memory back when it grew past KEEP bytes: one
 * large reply must not hold its size for ever. A buffer with a base goes
 * back to it. */
void buf_release(struct buf *b, size_t keep);
/* What a buffer may keep between replies. */
#define BUF_KEEP (64u * 1024)
void buf_add(struct buf *b, const void *p, size_t n);
void buf_str(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_addc(struct buf *b, char c);
/* The text so far, "" when nothing was added. */
static inline const char *buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}
/* The text as a talloc string under the buffer's context (NULL after an
 * overflow); the buffer is empty afterwards. */
char *buf_take(struct buf *b);

#endif
