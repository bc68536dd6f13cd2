/* Capture mode, as supervisor/dispatchers.py does it: the same tokens, the
 * same wait for more than a token's length, the same split, and a block
 * bounded as its BoundIO bounds it (a write that would pass the limit
 * first drops as many bytes from the front). */
#include "capture.h"

#include <string.h>

static const char begin_token[] = "<!--XSUPERVISOR:BEGIN-->";
static const char end_token[] = "<!--XSUPERVISOR:END-->";

/* The held bytes and one read of a pipe, side by side. */
static char capture_scratch[sizeof(((struct capture *)0)->held) + 64 * 1024];

int capture_init(struct capture *c, TALLOC_CTX *mem, long long maxbytes)
{
	memset(c, 0, sizeof(*c));
	c->max = maxbytes > CAPTURE_MAX ? CAPTURE_MAX : (size_t)maxbytes;
	c->cap = c->max + sizeof(capture_scratch);
	c->buf = talloc_size(mem, c->cap);
	return c->buf ? 0 : -1;
}

void capture_reset(struct capture *c)
{
	c->on = false;
	c->nheld = c->len = 0;
}

/* BoundIO.write; what is kept never passes max plus one read (cap). */
static void capture_keep(struct capture *c, const char *buf, size_t len)
{
	if (c->len + len > c->max) {
		size_t drop = len < c->len ? len : c->len;

		memmove(c->buf, c->buf + drop, c->len - drop);
		c->len -= drop;
	}
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
}

static void capture_log(struct capture *c, const char *buf, size_t len,
			const struct capture_out *out)
{
	if (len == 0)
		return;
	if (c->on)
		capture_keep(c, buf, len);
	out->log(out->arg, buf, len, c->on);
}

static void capture_toggle(struct capture *c, const struct capture_out *out)
{
	c->on = !c->on;
	if (c->on)
		return;
	/* BoundIO may hold a little more than maxbytes: an event carries the
	   last CAPTURE_MAX bytes at most */
	if (c->len > CAPTURE_MAX)
		out->emit(out->arg, c->buf + c->len - CAPTURE_MAX, CAPTURE_MAX);
	else
		out->emit(out->arg, c->buf, c->len);
	c->len = 0;
}

/* find_prefix_at_end: the longest end of D (shorter than TOKEN) that
 * begins TOKEN. */
static size_t capture_prefix_at_end(const char *d, size_t n, const char *token, size_t tl)
{
	for (size_t l = tl - 1; l > 0; l--)
		if (l <= n && memcmp(d + n - l, token, l) == 0)
			return l;
	return 0;
}

void capture_feed(struct capture *c, const char *buf, size_t len, const struct capture_out *out)
{
	char *d = capture_scratch;
	size_t n;

	if (len > sizeof(capture_scratch) - c->nheld)
		len = sizeof(capture_scratch) - c->nheld;
	memcpy(d, c->held, c->nheld);
	memcpy(d + c->nheld, buf, len);
	n = c->nheld + len;
	c->nheld = 0;
	while (n > 0) {
		const char *token = c->on ? end_token : begin_token;
		size_t tl = strlen(token), hold;
		const char *at;

		if (n <= tl) {
			memcpy(c->held, d, n);
			c->nheld = n;
			return;
		}
		at = memmem(d, n, token, tl);
		if (!at) {
			hold = capture_prefix_at_end(d, n, token, tl);
			capture_log(c, d, n - hold, out);
			memcpy(c->held, d + n - hold, hold);
			c->nheld = hold;
			return;
		}
		capture_log(c, d, (size_t)(at - d), out);
		capture_toggle(c, out);
		n -= (size_t)(at - d) + tl;
		d = (char *)at + tl;
	}
}

void capture_flush(struct capture *c, const struct capture_out *out)
{
	capture_log(c, c->held, c->nheld, out);
	c->nheld = 0;
}
