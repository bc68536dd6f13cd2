/* Event listener pools, as supervisord's EventListenerPool and
 * PEventListenerDispatcher (supervisor/process.py, dispatchers.py): the
 * same serials (kept across reloads), buffer rule, protocol states and log
 * lines. Each pool keeps its events in fixed slots made when it is built:
 * BUFFER + listeners small ones and listeners + 2 large ones. */
#include "listener.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "common/evtype.h"
#include "mainlog.h"
#include "proc.h"
#include "supervise.h"

/* The header line without the pool's name: its words, the server's name,
 * two 20-digit serials, the longest event name and a length. */
#define LSN_HEAD 192

/* The header's server: supervisord's `identifier`, which svc has no key
 * for, at its default. */
#define LSN_SERVER "supervisor"
#define LSN_DATA   (64 * 1024 + 512) /* the longest payload */
#define LSN_SMALL  512               /* room enough for a state, group or tick */

struct lsn_event {
	uint64_t serial, poolserial;
	size_t len; /* of the envelope: the header line, then the payload */
};

struct lsn_pool {
	const char *name;
	uint32_t mask;
	unsigned cap; /* buffer */
	/* Slots: BUFFER + listeners small ones (any event fits but a log
	   chunk, a captured block or a long remote event), then listeners + 2
	   large ones, so a large event always finds one. */
	unsigned nsmall, nlarge;
	size_t headroom; /* LSN_HEAD and the pool's name */
	char *small, *large;
	struct lsn_event *ev; /* per slot */
	int *free_small, *free_large;
	unsigned nfree_small, nfree_large;
	int *queue; /* cap slot indices, oldest at head */
	unsigned head, count;
	uint64_t serial; /* the last pool serial given; UINT64_MAX: none */
	struct proc **members;
	size_t nmembers;
};

static char lsn_payload[LSN_DATA];

static const int tick_period[3] = {5, 60, 3600};

static const char *lsn_state_name(enum lsn_state s)
{
	static const char *const names[] = {"ACKNOWLEDGED", "READY", "BUSY", "UNKNOWN"};

	return names[s];
}

/* ---- building ---- */

static struct lsn_pool *lsn_pool_of(struct lsn_set *ls, const char *name)
{
	for (size_t i = 0; i < ls->npools; i++)
		if (strcmp(ls->pools[i].name, name) == 0)
			return &ls->pools[i];
	return NULL;
}

static int lsn_pool_alloc(TALLOC_CTX *mem, struct lsn_pool *p)
{
	p->nsmall = p->cap + (unsigned)p->nmembers;
	p->nlarge = (unsigned)p->nmembers + 2;
	p->headroom = LSN_HEAD + strlen(p->name);
	p->small = talloc_size(mem, (size_t)p->nsmall * (p->headroom + LSN_SMALL));
	p->large = talloc_size(mem, (size_t)p->nlarge * (p->headroom + LSN_DATA));
	p->ev = talloc_zero_array(mem, struct lsn_event, p->nsmall + p->nlarge);
	p->free_small = talloc_array(mem, int, p->nsmall);
	p->free_large = talloc_array(mem, int, p->nlarge);
	p->queue = talloc_array(mem, int, p->cap);
	p->members = talloc_array(mem, struct proc *, p->nmembers);
	if (!p->small || !p->large || !p->ev || !p->free_small || !p->free_large || !p->queue
	    || !p->members)
		return -1;
	for (unsigned i = 0; i < p->nsmall; i++)
		p->free_small[i] = (int)(p->nsmall - 1 - i);
	for (unsigned i = 0; i < p->nlarge; i++)
		p->free_large[i] = (int)(p->nsmall + p->nlarge - 1 - i);
	p->nfree_small = p->nsmall;
	p->nfree_large = p->nlarge;
	p->nmembers = 0;
	p->serial = UINT64_MAX;
	return 0;
}

/* Counts the pools and their members, then fills them. */
static int lsn_make_pools(struct lsn_set *ls, TALLOC_CTX *mem, struct sup *s)
{
	const struct conf *c = s->conf;
	size_t i, n = 0;

	for (i = 0; i < c->nprocs; i++)
		n += c->procs[i].listener;
	ls->pools = n ? talloc_zero_array(mem, struct lsn_pool, n) : NULL;
	if (n && !ls->pools)
		return -1;
	for (i = 0; i < c->nprocs; i++) {
		const struct conf_proc *cp = &c->procs[i];
		struct lsn_pool *p;

		if (!cp->listener)
			continue;
		p = lsn_pool_of(ls, cp->group);
		if (!p) {
			p = &ls->pools[ls->npools++];
			p->name = cp->group;
			p->mask = cp->events;
			p->cap = cp->buffer ? cp->buffer : 1;
		}
		p->nmembers++;
		ls->wanted |= p->mask;
	}
	for (i = 0; i < ls->npools; i++)
		if (lsn_pool_alloc(mem, &ls->pools[i]) < 0)
			return -1;
	for (i = 0; i < c->nprocs; i++) {
		struct lsn_pool *p =
			c->procs[i].listener ? lsn_pool_of(ls, c->procs[i].group) : NULL;

		s->procs[i]->lsn.pool = p;
		if (p)
			p->members[p->nmembers++] = s->procs[i];
	}
	return 0;
}

static void lsn_carry(struct lsn_set *ls, const struct lsn_pool *old);
static void lsn_hook(void *arg, const struct ev *e);

int lsn_build(struct lsn_set *ls, TALLOC_CTX *mem, struct sup *s)
{
	struct lsn_pool *old = ls->pools;
	size_t nold = ls->npools;
	TALLOC_CTX *oldmem = ls->mem;

	if (!ls->sup) {
		ls->serial = UINT64_MAX;
		memset(ls->ticks, 0xff, sizeof(ls->ticks));
	}
	ls->pools = NULL;
	ls->npools = 0;
	ls->wanted = 0;
	ls->sup = s;
	ls->mem = talloc_new(mem);
	if (!ls->mem || lsn_make_pools(ls, ls->mem, s) < 0) {
		talloc_free(oldmem);
		return -1;
	}
	for (size_t i = 0; i < nold; i++)
		lsn_carry(ls, &old[i]);
	talloc_free(oldmem);
	ev_set_hook(s->events,
		    &(struct ev_hook){lsn_hook, ls,
				      (ls->wanted
				       & (UINT32_C(1) << EVT_PROCESS_LOG_STDOUT
					  | UINT32_C(1) << EVT_PROCESS_LOG_STDERR))
					      != 0});
	return 0;
}

void lsn_clear(struct lsn_set *ls)
{
	for (size_t i = 0; i < ls->npools; i++)
		for (size_t k = 0; k < ls->pools[i].nmembers; k++)
			ls->pools[i].members[k]->lsn.pool = NULL;
	ls->pools = NULL;
	ls->npools = 0;
	ls->wanted = 0;
	talloc_free(ls->mem);
	ls->mem = NULL;
}

/* ---- the buffer ---- */

static bool lsn_is_small(const struct lsn_pool *p, int slot)
{
	return (unsigned)slot < p->nsmall;
}

static char *lsn_text(const struct lsn_pool *p, int slot)
{
	if (lsn_is_small(p, slot))
		return p->small + (size_t)slot * (p->headroom + LSN_SMALL);
	return p->large + (size_t)(slot - (int)p->nsmall) * (p->headroom + LSN_DATA);
}

static void lsn_slot_give(struct lsn_pool *p, int slot)
{
	if (lsn_is_small(p, slot))
		p->free_small[p->nfree_small++] = slot;
	else
		p->free_large[p->nfree_large++] = slot;
}

static void lsn_discard(struct lsn_pool *p, int slot)
{
	mainlog_error("pool %s event buffer overflowed, discarding event %" PRIu64, p->name,
		      p->ev[slot].serial);
	lsn_slot_give(p, slot);
}

/* The oldest large event of the queue leaves it: there are room for
 * listeners + 2 large events (log chunks, captured blocks, long remote
 * events), a limit of svc's, said as such. */
static void lsn_drop_large(struct lsn_pool *p)
{
	for (unsigned k = 0; k < p->count; k++) {
		unsigned at = (p->head + k) % p->cap;
		int slot = p->queue[at];

		if (lsn_is_small(p, slot))
			continue;
		for (; k + 1 < p->count; k++, at = (at + 1) % p->cap)
			p->queue[at] = p->queue[(at + 1) % p->cap];
		p->count--;
		mainlog_error(
			"pool %s has no room for more large events, discarding event %" PRIu64,
			p->name, p->ev[slot].serial);
		lsn_slot_give(p, slot);
		return;
	}
}

/* A slot for an envelope of LEN bytes (the queue has room: see
 * lsn_make_room). */
static int lsn_slot_take(struct lsn_pool *p, size_t len)
{
	if (len <= p->headroom + LSN_SMALL && p->nfree_small)
		return p->free_small[--p->nfree_small];
	if (!p->nfree_large)
		lsn_drop_large(p);
	return p->nfree_large ? p->free_large[--p->nfree_large] : -1;
}

/* supervisord's rule: a full buffer drops its oldest event to take one. */
static void lsn_make_room(struct lsn_pool *p)
{
	int old;

	if (p->count < p->cap)
		return;
	old = p->queue[p->head];
	p->head = (p->head + 1) % p->cap;
	p->count--;
	lsn_discard(p, old);
}

static void lsn_queue(struct lsn_pool *p, int slot, bool head)
{
	lsn_make_room(p);
	if (head) {
		p->head = (p->head + p->cap - 1) % p->cap;
		p->queue[p->head] = slot;
	} else {
		p->queue[(p->head + p->count) % p->cap] = slot;
	}
	p->count++;
}

/* A listener rejected SLOT or died holding it: it goes first again. */
static void lsn_requeue(struct lsn_pool *p, int slot)
{
	mainlog_debug("rebuffering event %" PRIu64 " for pool %s (buf size=%u, max=%u)",
		      p->ev[slot].serial, p->name, p->count, p->cap);
	lsn_queue(p, slot, true);
}

/* The rest of an event need not be written any more (sent, or given up). */
static void lsn_unwatch(struct proc *p)
{
	if (p->in_watched)
		loop_del(p->loop, &p->in);
	p->in_watched = false;
}

/* Event SLOT of pool FROM, copied into a free slot of TO. */
static int lsn_copy(struct lsn_pool *to, const struct lsn_pool *from, int slot, bool queued)
{
	int n;

	/* only what will be queued needs room in the queue */
	if (queued)
		lsn_make_room(to);
	n = lsn_slot_take(to, from->ev[slot].len);
	if (n < 0)
		return -1;
	to->ev[n] = from->ev[slot];
	memcpy(lsn_text(to, n), lsn_text(from, slot), from->ev[slot].len);
	return n;
}

/* A reload keeps what a pool of the same name held: its queue in order,
 * the events its kept listeners are handling, and the events of the
 * listeners it retired, back at the head of the queue. A listener that is
 * no member of a pool any more forgets its pool. */
static void lsn_carry(struct lsn_set *ls, const struct lsn_pool *old)
{
	struct lsn_pool *np = lsn_pool_of(ls, old->name);

	if (np)
		np->serial = old->serial;
	for (unsigned k = 0; np && k < old->count; k++) {
		int n = lsn_copy(np, old, old->queue[(old->head + k) % old->cap], true);

		if (n >= 0)
			lsn_queue(np, n, false);
	}
	for (size_t k = 0; k < old->nmembers; k++) {
		struct proc *m = old->members[k];
		bool kept = np && m->lsn.pool == np;
		int n = m->lsn.event >= 0 && np ? lsn_copy(np, old, m->lsn.event, !kept) : -1;

		m->lsn.event = kept ? n : -1;
		if (!kept) {
			/* what it was being sent goes to the others; it is done */
			lsn_unwatch(m);
			m->lsn.sent = 0;
			if (n >= 0)
				lsn_queue(np, n, true);
		}
		if (m->lsn.pool == old)
			m->lsn.pool = NULL;
	}
}

static uint64_t lsn_next_serial(uint64_t *serial)
{
	*serial = *serial == UINT64_MAX ? 0 : *serial + 1;
	return *serial;
}

/* Python's len() of the payload as text: its characters, not its bytes. */
static size_t lsn_chars(const char *s, size_t n)
{
	size_t chars = 0;

	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}

/* Takes the payload in lsn_payload (LEN bytes) as event TYPE of POOL. */
static void lsn_accept(struct lsn_set *ls, struct lsn_pool *p, enum evtype type, size_t len,
		       uint64_t *serial, bool *numbered)
{
	struct lsn_event *e;
	char *text;
	int slot, n;

	if (!*numbered) {
		lsn_next_serial(&ls->serial);
		*serial = ls->serial;
		*numbered = true;
	}
	lsn_make_room(p);
	slot = lsn_slot_take(p, p->headroom + len);
	if (slot < 0)
		return;
	e = &p->ev[slot];
	e->serial = *serial;
	e->poolserial = lsn_next_serial(&p->serial);
	text = lsn_text(p, slot);
	/* the slot has room for this line whatever the numbers: never cut */
	n = snprintf(text, p->headroom,
		     "ver:3.0 server:" LSN_SERVER " serial:%" PRIu64 " pool:%s poolserial:%" PRIu64
		     " eventname:%s len:%zu\n",
		     e->serial, p->name, e->poolserial, evtype_name(type),
		     lsn_chars(lsn_payload, len));
	e->len = (size_t)n + len;
	memcpy(text + n, lsn_payload, len);
	lsn_queue(p, slot, false);
}

static void lsn_offer(struct lsn_set *ls, enum evtype type, size_t len)
{
	uint32_t bit = UINT32_C(1) << type;
	uint64_t serial = 0;
	bool numbered = false;

	for (size_t i = 0; i < ls->npools; i++) {
		const struct lsn_pool *p = &ls->pools[i];

		/* a pool taken out by removeProcessGroup is unsubscribed, as in
		   supervisord: its members are all hidden together */
		if ((p->mask & bit) && !(p->nmembers && p->members[0]->hidden))
			lsn_accept(ls, &ls->pools[i], type, len, &serial, &numbered);
	}
}

/* ---- payloads, as supervisor/events.py words them ---- */

static struct proc *lsn_find(const struct sup *s, uint64_t id)
{
	for (size_t i = 0; i < s->conf->nprocs; i++)
		if (s->procs[i]->id == id)
			return s->procs[i];
	for (size_t i = 0; i < s->nretired; i++)
		if (s->retired[i]->id == id)
			return s->retired[i];
	return NULL;
}

static size_t lsn_say(size_t at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t lsn_say(size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at >= sizeof(lsn_payload))
		return at;
	va_start(ap, fmt);
	n = vsnprintf(lsn_payload + at, sizeof(lsn_payload) - at, fmt, ap);
	va_end(ap);
	if (n < 0)
		return at;
	at += (size_t)n;
	return at < sizeof(lsn_payload) ? at : sizeof(lsn_payload) - 1;
}

static const enum evtype state_type[PROC_NSTATES] = {
	[PROC_STOPPED] = EVT_PROCESS_STATE_STOPPED,   [PROC_STARTING] = EVT_PROCESS_STATE_STARTING,
	[PROC_RUNNING] = EVT_PROCESS_STATE_RUNNING,   [PROC_BACKOFF] = EVT_PROCESS_STATE_BACKOFF,
	[PROC_STOPPING] = EVT_PROCESS_STATE_STOPPING, [PROC_EXITED] = EVT_PROCESS_STATE_EXITED,
	[PROC_FATAL] = EVT_PROCESS_STATE_FATAL,       [PROC_UNKNOWN] = EVT_PROCESS_STATE_UNKNOWN,
};

static void lsn_proc_state(struct lsn_set *ls, const struct ev *e)
{
	enum evtype type = state_type[e->to];
	const struct proc *p;
	size_t n;

	if (!(ls->wanted & UINT32_C(1) << type) || !(p = lsn_find(ls->sup, e->proc)))
		return;
	n = lsn_say(0, "processname:%s groupname:%s from_state:%s", p->cf->name, p->cf->group,
		    proc_state_name((enum proc_state)e->from));
	if (type == EVT_PROCESS_STATE_STARTING || type == EVT_PROCESS_STATE_BACKOFF)
		n = lsn_say(n, " tries:%u", e->tries);
	else if (type == EVT_PROCESS_STATE_EXITED)
		n = lsn_say(n, " expected:%d pid:%d", e->expected, e->pid);
	else if (type != EVT_PROCESS_STATE_FATAL && type != EVT_PROCESS_STATE_UNKNOWN)
		n = lsn_say(n, " pid:%d", e->pid);
	lsn_offer(ls, type, n);
}

static void lsn_log(struct lsn_set *ls, const struct ev *e)
{
	enum evtype type = e->stream == 2 ? EVT_PROCESS_LOG_STDERR : EVT_PROCESS_LOG_STDOUT;
	const struct proc *p;
	size_t n;

	if (!(ls->wanted & UINT32_C(1) << type) || !(p = lsn_find(ls->sup, e->proc)))
		return;
	if (!(e->stream == 2 ? p->cf->err.events : p->cf->out.events))
		return;
	n = lsn_say(0, "processname:%s groupname:%s pid:%d channel:%s\n", p->cf->name, p->cf->group,
		    (int)p->pid, e->stream == 2 ? "stderr" : "stdout");
	n += ev_log_data(ls->sup->events, e, lsn_payload + n, sizeof(lsn_payload) - n);
	lsn_offer(ls, type, n);
}

static void lsn_comm(struct lsn_set *ls, const struct ev *e)
{
	enum evtype type = e->stream == 2 ? EVT_PROCESS_COMMUNICATION_STDERR
					  : EVT_PROCESS_COMMUNICATION_STDOUT;
	const struct proc *p;
	size_t n;

	if (!(ls->wanted & UINT32_C(1) << type) || !(p = lsn_find(ls->sup, e->proc)))
		return;
	n = lsn_say(0, "processname:%s groupname:%s pid:%d\n", p->cf->name, p->cf->group,
		    (int)p->pid);
	n += ev_log_data(ls->sup->events, e, lsn_payload + n, sizeof(lsn_payload) - n);
	lsn_offer(ls, type, n);
}

static void lsn_event(struct lsn_set *ls, const struct ev *e)
{
	size_t n;

	switch (e->kind) {
	case EV_PROC_STATE: lsn_proc_state(ls, e); break;
	case EV_LOG: lsn_log(ls, e); break;
	case EV_COMM: lsn_comm(ls, e); break;
	case EV_SUP_STATE:
		if (e->to == EV_SUP_RUNNING)
			lsn_offer(ls, EVT_SUPERVISOR_STATE_CHANGE_RUNNING, 0);
		else if (e->to == EV_SUP_SHUTDOWN)
			lsn_offer(ls, EVT_SUPERVISOR_STATE_CHANGE_STOPPING, 0);
		break;
	case EV_GROUP:
		n = lsn_say(0, "groupname:");
		n += ev_log_data(ls->sup->events, e, lsn_payload + n, sizeof(lsn_payload) - n - 1);
		lsn_payload[n++] = '\n';
		lsn_offer(ls, e->to ? EVT_PROCESS_GROUP_ADDED : EVT_PROCESS_GROUP_REMOVED, n);
		break;
	case EV_REMOTE:
		n = lsn_say(0, "type:");
		n += ev_log_data(ls->sup->events, e, lsn_payload + n, sizeof(lsn_payload) - n);
		lsn_offer(ls, EVT_REMOTE_COMMUNICATION, n);
		break;
	case EV_TICK:
		n = lsn_say(0, "when:%" PRId64, (int64_t)e->data);
		lsn_offer(ls,
			  e->to == 5            ? EVT_TICK_5
				  : e->to == 60 ? EVT_TICK_60
						: EVT_TICK_3600,
			  n);
		break;
	}
}

/* Events come in as they are published: the bytes of a log chunk are then
 * still in the data ring, and the process is still there to be named. */
static void lsn_hook(void *arg, const struct ev *e)
{
	struct lsn_set *ls = arg;

	if (ls->npools)
		lsn_event(ls, e);
}

/* ---- ticks, from the one timer ---- */


/* Publishes the ticks whose slice changed; returns the next one due. */
static int64_t lsn_ticks(struct lsn_set *ls, int64_t now)
{
	int64_t wall = ev_wall_ms(), secs = wall / 1000, due = -1;

	for (int i = 0; i < 3; i++) {
		int period = tick_period[i];
		int64_t slice = secs - secs % period, next;

		if (!(ls->wanted & UINT32_C(1) << (EVT_TICK_5 + i)))
			continue;
		if (ls->ticks[i] < 0)
			ls->ticks[i] = slice;
		else if (slice != ls->ticks[i]) {
			ls->ticks[i] = slice;
			ev_publish_tick(ls->sup->events, period, slice);
		}
		next = now + (slice + period) * 1000 - wall;
		if (due < 0 || next < due)
			due = next;
	}
	return due;
}

/* ---- sending ---- */

static void lsn_change(struct proc *p, enum lsn_state st)
{
	mainlog_debug("%s: %s -> %s", p->cf->name, lsn_state_name(p->lsn.state),
		      lsn_state_name(st));
	p->lsn.state = st;
	if (st == LSN_UNKNOWN)
		mainlog_warn("%s: has entered the UNKNOWN state and will no longer receive events, "
			     "this usually indicates the process violated the eventlistener "
			     "protocol",
			     p->cf->name);
}

/* Writes what the pipe takes of P's event. Returns -1 on a broken pipe. */
static int lsn_push(struct proc *p)
{
	struct lsn_pool *pool = p->lsn.pool;
	const struct lsn_event *e = &pool->ev[p->lsn.event];
	const char *text = lsn_text(pool, p->lsn.event);

	while (p->lsn.sent < e->len) {
		ssize_t n = write(p->in.fd, text + p->lsn.sent, e->len - p->lsn.sent);

		if (n > 0) {
			p->lsn.sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (!p->in_watched && loop_add(p->loop, &p->in, EPOLLOUT) == 0)
				p->in_watched = true;
			return 0;
		}
		return -1;
	}
	lsn_unwatch(p);
	return 0;
}

void lsn_writable(struct proc *p)
{
	if (p->lsn.pool && p->lsn.event >= 0 && lsn_push(p) < 0)
		lsn_unwatch(p);
}

/* Sends SLOT to the first ready listener; false when none took it. */
static bool lsn_send(struct lsn_pool *pool, int slot)
{
	for (size_t i = 0; i < pool->nmembers; i++) {
		struct proc *p = pool->members[i];

		if (p->state != PROC_RUNNING || p->lsn.state != LSN_READY)
			continue;
		p->lsn.event = slot;
		p->lsn.sent = 0;
		if (p->in.fd < 0 || lsn_push(p) < 0) {
			p->lsn.event = -1;
			mainlog_debug("epipe occurred while sending event %" PRIu64
				      " to listener %s, listener state unchanged",
				      pool->ev[slot].serial, p->cf->name);
			continue;
		}
		p->lsn.state = LSN_BUSY;
		mainlog_debug("event %" PRIu64 " sent to listener %s", pool->ev[slot].serial,
			      p->cf->name);
		return true;
	}
	return false;
}

static void lsn_dispatch(struct lsn_pool *pool)
{
	while (pool->count) {
		int slot = pool->queue[pool->head];

		pool->head = (pool->head + 1) % pool->cap;
		pool->count--;
		if (!lsn_send(pool, slot)) {
			lsn_queue(pool, slot, true);
			break;
		}
	}
}

int64_t lsn_pass(struct lsn_set *ls, int64_t now)
{
	int64_t due = -1;

	if (!ls->sup)
		return -1;
	if (ls->wanted
	    & (UINT32_C(1) << EVT_TICK_5 | UINT32_C(1) << EVT_TICK_60
	       | UINT32_C(1) << EVT_TICK_3600))
		due = lsn_ticks(ls, now);
	lsn_send_all(ls);
	return due;
}

void lsn_send_all(struct lsn_set *ls)
{
	for (size_t i = 0; i < ls->npools; i++)
		lsn_dispatch(&ls->pools[i]);
}

/* ---- the listener's side ---- */

void lsn_spawned(struct proc *p)
{
	p->lsn.state = LSN_ACKNOWLEDGED;
	p->lsn.event = -1;
	p->lsn.len = p->lsn.rlen = 0;
	p->lsn.resultlen = -1;
}

/* The event P held goes back to the head of its pool's buffer. */
static void lsn_reject(struct proc *p)
{
	if (p->lsn.event < 0)
		return;
	lsn_requeue(p->lsn.pool, p->lsn.event);
	p->lsn.event = -1;
}

/* Its event is done with: handled, or rejected and queued again. */
static void lsn_release(struct proc *p)
{
	if (p->lsn.event >= 0)
		lsn_slot_give(p->lsn.pool, p->lsn.event);
	p->lsn.event = -1;
}

void lsn_gone(struct proc *p)
{
	lsn_unwatch(p);
	if (p->lsn.pool)
		lsn_reject(p);
}

static void lsn_consume(struct proc *p, size_t n)
{
	memmove(p->lsn.buf, p->lsn.buf + n, p->lsn.len - n);
	p->lsn.len -= n;
}

/* Python's int() of the text after "RESULT " (7 bytes, not checked, as
 * supervisord slices them off): blanks around, a sign, digits. */
static bool lsn_result_len(const char *line, size_t n, long *out)
{
	size_t i = n < 7 ? n : 7;
	bool neg = false, any = false;
	long v = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i < n && (line[i] == '+' || line[i] == '-'))
		neg = line[i++] == '-';
	for (; i < n && line[i] >= '0' && line[i] <= '9'; i++, any = true)
		if (v < 100000000)
			v = v * 10 + (line[i] - '0');
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (!any || i != n || neg)
		return false;
	*out = v;
	return true;
}

static void lsn_result(struct proc *p)
{
	if (p->lsn.rlen == 2 && p->lsn.resultlen == 2 && memcmp(p->lsn.result, "OK", 2) == 0) {
		mainlog_debug("%s: event was processed", p->cf->name);
		lsn_change(p, LSN_ACKNOWLEDGED);
		lsn_release(p);
	} else {
		mainlog_warn("%s: event was rejected", p->cf->name);
		lsn_change(p, LSN_ACKNOWLEDGED);
		lsn_reject(p);
	}
	p->lsn.rlen = 0;
	p->lsn.resultlen = -1;
}

/* BUSY: the RESULT line, then its bytes. Returns false to wait for more. */
static bool lsn_busy(struct proc *p)
{
	struct lsn_proc *l = &p->lsn;

	if (l->resultlen < 0) {
		char *nl = memchr(l->buf, '\n', l->len);
		size_t n = nl ? (size_t)(nl - l->buf) : l->len;

		if (!nl && l->len < sizeof(l->buf))
			return false;
		if (!lsn_result_len(l->buf, n, &l->resultlen)) {
			mainlog_warn("%s: bad result line: '%.*s'", p->cf->name, (int)n, l->buf);
			lsn_change(p, LSN_UNKNOWN);
			l->len = 0;
			l->resultlen = -1;
			lsn_reject(p);
			return false;
		}
		lsn_consume(p, nl ? n + 1 : n);
	}
	while (l->len && (long)l->rlen < l->resultlen) {
		if (l->rlen < sizeof(l->result))
			l->result[l->rlen] = l->buf[0];
		l->rlen++;
		lsn_consume(p, 1);
	}
	if ((long)l->rlen >= l->resultlen)
		lsn_result(p);
	return l->len > 0;
}

void lsn_input(struct proc *p, const char *buf, size_t len)
{
	struct lsn_proc *l = &p->lsn;

	while (len) {
		size_t take = sizeof(l->buf) - l->len < len ? sizeof(l->buf) - l->len : len;

		memcpy(l->buf + l->len, buf, take);
		l->len += take;
		buf += take;
		len -= take;
		for (bool more = true; more && l->len;) {
			switch (l->state) {
			case LSN_UNKNOWN:
				l->len = 0;
				more = false;
				break;
			case LSN_ACKNOWLEDGED:
				if (l->len < 6)
					more = false;
				else if (memcmp(l->buf, "READY\n", 6) == 0) {
					lsn_change(p, LSN_READY);
					lsn_consume(p, 6);
				} else {
					lsn_change(p, LSN_UNKNOWN);
					l->len = 0;
				}
				break;
			case LSN_READY:
				lsn_change(p, LSN_UNKNOWN);
				l->len = 0;
				break;
			case LSN_BUSY: more = lsn_busy(p); break;
			}
		}
	}
}
