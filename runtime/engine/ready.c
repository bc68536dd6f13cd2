/* Readiness and health. While STARTING with a ready condition, the
 * process is watched the way its kind says; the first success asks
 * proc.c for RUNNING. While RUNNING with health, a probe runs every
 * `every` (the first after `grace`), each try bounded by `timeout` and by
 * the next try; `failures` failures in a row log "unhealthy:" and ask for
 * a restart. A success resets the count. */
#include "ready.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mainlog.h"
#include "proc.h"
#include "tree.h"

static struct proc *ready_proc(struct readiness *r)
{
	return (struct proc *)((char *)r - offsetof(struct proc, rd));
}

static int64_t ready_min(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static void ready_due(struct readiness *r)
{
	if (r->phase == READY_OFF) {
		r->due = -1;
		return;
	}
	r->due = ready_min(r->probe.running ? r->try_end : -1,
			   ready_min(r->next_try, ready_min(r->watchdog_at, r->rss_at)));
}

static bool ready_is_probe(enum table_probe_kind k)
{
	return k == TABLE_PROBE_TCP || k == TABLE_PROBE_HTTP || k == TABLE_PROBE_EXEC;
}

static const struct conf_probe *ready_probe_cf(const struct proc *p)
{
	return p->rd.phase == READY_WAITING ? &p->cf->ready : &p->cf->health;
}

static void ready_health_result(struct proc *p, bool ok, const char *why, int64_t now)
{
	struct readiness *r = &p->rd;

	if (ok) {
		r->fails = 0;
		r->healthy = 1;
		return;
	}
	r->fails++;
	r->healthy = 0;
	snprintf(r->why, sizeof(r->why), "%s", why);
	mainlog_debug("health check of %s failed (%u of %u): %s", p->cf->name, r->fails,
		      p->cf->health.failures, why);
	if (r->fails < p->cf->health.failures)
		return;
	mainlog_warn("unhealthy: %s (%u failure%s: %s)", p->cf->name, r->fails,
		     r->fails == 1 ? "" : "s", why);
	proc_event(p, PROC_EV_RESTART, now);
}

static void ready_probe_done(struct probe *pr, bool ok, const char *why)
{
	struct readiness *r = (struct readiness *)((char *)pr - offsetof(struct readiness, probe));
	struct proc *p = ready_proc(r);
	int64_t now = loop_now();

	if (r->phase == READY_WAITING) {
		if (ok)
			proc_event(p, PROC_EV_READY, now);
		else
			snprintf(r->why, sizeof(r->why), "%s", why);
	} else if (r->phase == READY_LIVE) {
		ready_health_result(p, ok, why, now);
	}
	ready_due(r);
}

static void ready_line_done(struct proc *p)
{
	if (p->rd.phase == READY_WAITING)
		proc_event(p, PROC_EV_READY, loop_now());
}

/* ready log: each line of output (its first READY_LINE_MAX bytes) is
 * matched as it completes. */
static void ready_watch(void *arg, const char *buf, size_t len)
{
	struct proc *p = arg;
	struct readiness *r = &p->rd;

	for (size_t i = 0; i < len && r->phase == READY_WAITING; i++) {
		if (buf[i] != '\n') {
			if (r->linelen < READY_LINE_MAX)
				r->line[r->linelen++] = buf[i];
			continue;
		}
		r->line[r->linelen] = '\0';
		r->linelen = 0;
		if (regexec(p->cf->ready.re, r->line, 0, NULL, 0) == 0)
			ready_line_done(p);
	}
}

static void ready_close_note(struct readiness *r, struct loop *l)
{
	if (r->note.fd < 0)
		return;
	loop_del(l, &r->note);
	close(r->note.fd);
	r->note.fd = -1;
}

/* ready notify: a line, that is anything up to a newline, says ready;
 * the pipe is closed after it, as s6 does. */
static void ready_note_readable(struct loop_src *src, uint32_t events)
{
	struct readiness *r = (struct readiness *)((char *)src - offsetof(struct readiness, note));
	struct proc *p = ready_proc(r);
	char buf[READY_NOTE_MAX];
	ssize_t n;

	(void)events;
	while ((n = read(src->fd, buf, sizeof(buf))) < 0 && errno == EINTR)
		;
	if (n < 0 && errno == EAGAIN)
		return;
	if (n > 0 && !memchr(buf, '\n', (size_t)n)) {
		r->note_len += (size_t)n;
		if (r->note_len < READY_NOTE_MAX)
			return;
		/* a line that never ends would keep svcd reading */
		mainlog_warn("'%s' wrote %zu bytes on its notify descriptor without a newline: "
			     "svcd stops reading it",
			     p->cf->name, r->note_len);
		ready_close_note(r, p->loop);
		return;
	}
	ready_close_note(r, p->loop);
	if (n > 0 && r->phase == READY_WAITING)
		proc_event(p, PROC_EV_READY, loop_now());
}

void ready_init(struct proc *p)
{
	struct readiness *r = &p->rd;

	memset(r, 0, sizeof(*r));
	probe_init(&r->probe, p->loop, ready_probe_done);
	r->note.fd = -1;
	r->note.fn = ready_note_readable;
	r->due = r->next_try = r->try_end = r->watchdog_at = r->rss_at = -1;
	r->healthy = -1;
}

int ready_init_line(struct proc *p, TALLOC_CTX *mem)
{
	struct readiness *r = &p->rd;

	if (p->cf->ready.kind == TABLE_PROBE_LOG) {
		r->line = talloc_size(mem, READY_LINE_MAX + 1);
		if (!r->line)
			return -1;
	}
	return 0;
}

void ready_rebind(struct proc *p)
{
	if (p->rd.probe.running) {
		p->rd.probe.proc = p->cf;
		p->rd.probe.cf = ready_probe_cf(p);
	}
}

void ready_spawned(struct proc *p, int note, int64_t now)
{
	struct readiness *r = &p->rd;
	const struct conf_probe *cf = &p->cf->ready;

	ready_stop(p);
	r->ready = false;
	r->mainpid = 0;
	r->healthy = -1;
	r->fails = 0;
	r->why[0] = r->status[0] = '\0';
	if (cf->kind == TABLE_PROBE_NONE) {
		if (note >= 0)
			close(note);
		return;
	}
	r->phase = READY_WAITING;
	r->note_len = 0;
	if (note >= 0) {
		r->note.fd = note;
		if (loop_add(p->loop, &r->note, EPOLLIN) < 0) {
			mainlog_warn("can't watch the notify pipe of '%s': %s", p->cf->name,
				     strerror(errno));
			close(note);
			r->note.fd = -1;
		}
	}
	if (ready_is_probe(cf->kind))
		r->next_try = now + cf->every;
	if (cf->kind == TABLE_PROBE_LOG) {
		r->linelen = 0;
		p->pout.watch = ready_watch;
		p->pout.watch_arg = p;
	}
	ready_due(r);
}

void ready_running(struct proc *p, int64_t now)
{
	struct readiness *r = &p->rd;
	const struct conf_proc *cf = p->cf;

	r->ready = r->phase == READY_WAITING;
	ready_stop(p);
	if (cf->health.kind == TABLE_PROBE_NONE && cf->ready.watchdog <= 0 && cf->maxrss == 0)
		return;
	r->phase = READY_LIVE;
	if (cf->health.kind != TABLE_PROBE_NONE)
		r->next_try = now + cf->health.grace;
	if (cf->ready.kind == TABLE_PROBE_SDNOTIFY && cf->ready.watchdog > 0)
		r->watchdog_at = now + cf->ready.watchdog;
	if (cf->maxrss > 0)
		r->rss_at = now + cf->maxrss_every;
	ready_due(r);
}

void ready_stop(struct proc *p)
{
	struct readiness *r = &p->rd;

	r->phase = READY_OFF;
	probe_cancel(&r->probe);
	ready_close_note(r, p->loop);
	if (p->pout.watch == ready_watch)
		p->pout.watch = NULL;
	r->next_try = r->try_end = r->watchdog_at = r->rss_at = -1;
	r->due = -1;
}

/* maxrss: the tree's resident memory, every maxrss_every; past the
 * limit, a restart. */
static void ready_rss(struct proc *p, int64_t now)
{
	struct tree_usage u;

	p->rd.rss_at = now + p->cf->maxrss_every;
	tree_usage(p->cf->name, p->pid, &u);
	if (u.rss <= p->cf->maxrss)
		return;
	p->rd.rss_at = -1;
	mainlog_warn("maxrss: %s uses %llu KiB, more than its %llu KiB: restarting", p->cf->name,
		     (unsigned long long)(u.rss / 1024),
		     (unsigned long long)(p->cf->maxrss / 1024));
	proc_event(p, PROC_EV_RESTART, now);
}

static void ready_watchdog(struct proc *p, int64_t now)
{
	struct readiness *r = &p->rd;
	char secs[32];

	r->watchdog_at = -1;
	if (p->cf->ready.watchdog % 1000 == 0)
		snprintf(secs, sizeof(secs), "%llds", (long long)(p->cf->ready.watchdog / 1000));
	else
		snprintf(secs, sizeof(secs), "%lldms", (long long)p->cf->ready.watchdog);
	snprintf(r->why, sizeof(r->why), "no WATCHDOG=1 for %s", secs);
	r->healthy = 0;
	mainlog_warn("unhealthy: %s (watchdog: %s)", p->cf->name, r->why);
	proc_event(p, PROC_EV_RESTART, now);
}

void ready_timer(struct proc *p, int64_t now)
{
	struct readiness *r = &p->rd;

	if (r->phase == READY_LIVE && r->watchdog_at >= 0 && now >= r->watchdog_at) {
		ready_watchdog(p, now);
		ready_due(r);
		return;
	}
	if (r->phase == READY_LIVE && r->rss_at >= 0 && now >= r->rss_at) {
		ready_rss(p, now);
		if (r->phase != READY_LIVE) {
			ready_due(r);
			return;
		}
	}
	if (r->probe.running && r->try_end >= 0 && now >= r->try_end)
		probe_expire(&r->probe);
	if (r->phase != READY_OFF && r->next_try >= 0 && now >= r->next_try && !r->probe.running) {
		const struct conf_probe *cf = ready_probe_cf(p);
		int64_t budget = cf->every;

		/* a health try has its own timeout, and never outlives the next */
		if (r->phase == READY_LIVE && cf->timeout < budget)
			budget = cf->timeout;
		r->try_end = now + budget;
		r->next_try = now + cf->every;
		probe_start(&r->probe, p->cf, cf);
	}
	ready_due(r);
}

/* True when PID is a descendant of ANCESTOR. */
static bool ready_descends(pid_t pid, pid_t ancestor)
{
	for (int depth = 0; pid > 1 && depth < 32; depth++) {
		pid = tree_parent(pid);
		if (pid == ancestor)
			return true;
	}
	return false;
}

/* MAINPID= from the main process itself, naming one of its descendants
 * (a daemon's forked child): svcd follows that pid once the one it
 * started exits. From anyone else it is ignored, as systemd ignores it
 * under NotifyAccess=main. */
static void ready_mainpid(struct proc *p, const struct notify_msg *m)
{
	if (m->pid != p->pid || m->mainpid == p->pid)
		return;
	if (!ready_descends(m->mainpid, p->pid)) {
		mainlog_warn("'%s' gave MAINPID=%d, which is not one of its processes: ignored",
			     p->cf->name, (int)m->mainpid);
		return;
	}
	p->rd.mainpid = m->mainpid;
	mainlog_info("'%s' gave MAINPID=%d: svcd follows it when pid %d exits", p->cf->name,
		     (int)m->mainpid, (int)p->pid);
}

void ready_notified(struct proc *p, const struct notify_msg *m, int64_t now)
{
	struct readiness *r = &p->rd;

	if (m->mainpid)
		ready_mainpid(p, m);
	if (m->has_status)
		snprintf(r->status, sizeof(r->status), "%s", m->status);
	if (m->watchdog && r->phase == READY_LIVE && r->watchdog_at >= 0) {
		r->watchdog_at = now + p->cf->ready.watchdog;
		ready_due(r);
	}
	if (m->ready && r->phase == READY_WAITING && p->cf->ready.kind == TABLE_PROBE_SDNOTIFY)
		proc_event(p, PROC_EV_READY, now);
}

bool ready_reaped(struct proc *p, pid_t pid, int status)
{
	bool mine = probe_reaped(&p->rd.probe, pid, status);

	if (mine)
		ready_due(&p->rd);
	return mine;
}

void ready_describe(const struct proc *p, char *buf, size_t len)
{
	const struct readiness *r = &p->rd;
	size_t n = 0;

	buf[0] = '\0';
	if (r->ready)
		n += (size_t)snprintf(buf + n, len - n, ", ready");
	if (n < len && p->cf->health.kind != TABLE_PROBE_NONE && r->healthy == 1)
		n += (size_t)snprintf(buf + n, len - n, ", healthy");
	else if (n < len && r->healthy == 0 && r->fails > 0)
		n += (size_t)snprintf(buf + n, len - n, ", unhealthy (%u failure%s: %s)", r->fails,
				      r->fails == 1 ? "" : "s", r->why);
	if (n < len && r->status[0])
		snprintf(buf + n, len - n, ", %s", r->status);
}

void ready_describe_wait(const struct proc *p, char *buf, size_t len)
{
	const struct readiness *r = &p->rd;

	if (r->phase != READY_WAITING)
		buf[0] = '\0';
	else if (r->status[0])
		snprintf(buf, len, "waiting to be ready: %s", r->status);
	else if (r->why[0])
		snprintf(buf, len, "waiting to be ready (%s)", r->why);
	else
		snprintf(buf, len, "waiting to be ready");
}
