/* The event ring. Serials start at 1; event N sits at N % cap. A reader
 * whose cursor is older than next - cap has lost what lay between. */
#include "events.h"

#include <string.h>
#include <time.h>
#include "loop.h"

int ev_ring_init(struct ev_ring *r, TALLOC_CTX *mem, size_t cap, size_t datacap)
{
	memset(r, 0, sizeof(*r));
	r->ring = talloc_zero_array(mem, struct ev, cap ? cap : 1);
	r->data = talloc_array(mem, char, datacap ? datacap : 1);
	if (!r->ring || !r->data)
		return -1;
	r->cap = cap ? cap : 1;
	r->datacap = datacap ? datacap : 1;
	r->next = 1;
	return 0;
}

void ev_ring_fini(struct ev_ring *r)
{
	talloc_free(r->ring);
	talloc_free(r->data);
	memset(r, 0, sizeof(*r));
}

int64_t ev_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ev_set_hook(struct ev_ring *r, const struct ev_hook *h)
{
	r->hook = *h;
}

static void ev_tell(struct ev_ring *r, const struct ev *e)
{
	if (r->hook.fn)
		r->hook.fn(r->hook.arg, e);
}

static struct ev *ev_put(struct ev_ring *r, enum ev_kind kind)
{
	struct ev *e = &r->ring[r->next % r->cap];

	memset(e, 0, sizeof(*e));
	e->serial = r->next++;
	e->mono = loop_now();
	e->wall = ev_wall_ms();
	e->kind = kind;
	e->data = r->datanext;
	return e;
}

void ev_publish_proc(struct ev_ring *r, uint64_t proc, int from, int to,
		     const struct ev_proc_info *info)
{
	struct ev *e;

	if (!r->ring)
		return;
	e = ev_put(r, EV_PROC_STATE);
	e->proc = proc;
	e->from = from;
	e->to = to;
	e->pid = info->pid;
	e->tries = info->tries;
	e->expected = info->expected;
	ev_tell(r, e);
}

/* Appends LEN bytes to E's data, which ev_put began where the data ring
 * stands. */
static void ev_put_data(struct ev_ring *r, struct ev *e, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		r->data[(r->datanext + i) % r->datacap] = buf[i];
	r->datanext += len;
	e->len += len;
}

void ev_publish_group(struct ev_ring *r, const char *group, bool added)
{
	struct ev *e;
	size_t len = strlen(group);

	if (!r->ring || len > r->datacap)
		return;
	e = ev_put(r, EV_GROUP);
	e->to = added;
	ev_put_data(r, e, group, len);
	ev_tell(r, e);
}

bool ev_publish_remote(struct ev_ring *r, const char *type, const char *data)
{
	size_t tlen = strlen(type), dlen = strlen(data);
	struct ev *e;

	if (!r->ring || tlen + dlen > EV_REMOTE_MAX || tlen + dlen > r->datacap / 2)
		return false;
	e = ev_put(r, EV_REMOTE);
	ev_put_data(r, e, type, tlen);
	ev_put_data(r, e, "\n", 1);
	ev_put_data(r, e, data, dlen);
	ev_tell(r, e);
	return true;
}

void ev_publish_comm(struct ev_ring *r, uint64_t proc, int stream, const char *buf, size_t len)
{
	struct ev *e;

	if (!r->ring)
		return;
	if (len > r->datacap / 2) {
		buf += len - r->datacap / 2;
		len = r->datacap / 2;
	}
	e = ev_put(r, EV_COMM);
	e->proc = proc;
	e->stream = stream;
	ev_put_data(r, e, buf, len);
	ev_tell(r, e);
}

void ev_publish_tick(struct ev_ring *r, int period, int64_t slice)
{
	struct ev *e;

	if (!r->ring)
		return;
	e = ev_put(r, EV_TICK);
	e->to = period;
	e->data = (uint64_t)slice;
	ev_tell(r, e);
}

void ev_publish_sup(struct ev_ring *r, int state)
{
	struct ev *e;

	if (!r->ring)
		return;
	e = ev_put(r, EV_SUP_STATE);
	e->to = state;
	ev_tell(r, e);
}

void ev_publish_log(struct ev_ring *r, uint64_t proc, int stream, const char *buf, size_t len)
{
	struct ev *e;

	if (!r->ring || (r->log_wanted == 0 && !r->hook.logs) || len == 0)
		return;
	/* only the tail of a chunk larger than the data ring can be kept */
	if (len > r->datacap) {
		buf += len - r->datacap;
		len = r->datacap;
	}
	e = ev_put(r, EV_LOG);
	e->proc = proc;
	e->stream = stream;
	ev_put_data(r, e, buf, len);
	ev_tell(r, e);
}

void ev_subscribe(struct ev_ring *r, struct ev_sub *s, bool logs)
{
	s->cursor = r->next;
	s->lost = 0;
	s->logs = logs;
	if (logs)
		r->log_wanted++;
}

void ev_want_logs(struct ev_ring *r, struct ev_sub *s, bool on)
{
	if (on == s->logs)
		return;
	s->logs = on;
	if (on)
		r->log_wanted++;
	else if (r->log_wanted > 0)
		r->log_wanted--;
}

static void ev_catch_up(const struct ev_ring *r, struct ev_sub *s)
{
	if (r->next > r->cap && s->cursor < r->next - r->cap) {
		s->lost += r->next - r->cap - s->cursor;
		s->cursor = r->next - r->cap;
	}
}

bool ev_next(struct ev_ring *r, struct ev_sub *s, struct ev *e)
{
	ev_catch_up(r, s);
	while (s->cursor < r->next) {
		const struct ev *at = &r->ring[s->cursor % r->cap];

		s->cursor++;
		if (at->kind == EV_LOG && !s->logs)
			continue;
		*e = *at;
		return true;
	}
	return false;
}

bool ev_pending(const struct ev_ring *r, const struct ev_sub *s)
{
	return s->cursor < r->next;
}

size_t ev_log_data(const struct ev_ring *r, const struct ev *e, char *out, size_t len)
{
	size_t i, n = e->len < len ? e->len : len;

	if (r->datanext > r->datacap && e->data < r->datanext - r->datacap)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = r->data[(e->data + i) % r->datacap];
	return n;
}
