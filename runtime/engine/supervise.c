/* The set of processes. Start: a process queued to start (want_start) is
 * started once every process it is `after` is RUNNING, in priority order.
 * Shutdown: processes stop in reverse order, one (group priority, priority)
 * layer at a time, and never before the processes that depend on them are
 * down. Reload: the difference is applied; unchanged processes are kept as
 * they are, same struct, same pid. */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/atomic.h"
#include "common/buf.h"
#include "common/evtype.h"
#include "mainlog.h"
#include "tree.h"
#include "spawn.h"

static struct proc *sup_new_proc(struct sup *s, const struct conf_proc *cf)
{
	struct proc *p = talloc(s->mem, struct proc);

	if (!p) {
		mainlog_crit("out of memory for process '%s'", cf->name);
		abort();
	}
	proc_init(p, cf, s->loop, s->events, s->next_id++);
	p->essential_exit = &s->exit_status;
	if (proc_init_buffers(p, p) < 0) {
		mainlog_crit("out of memory for the buffers of '%s'", cf->name);
		abort();
	}
	return p;
}

static void sup_size(struct sup *s)
{
	size_t n = s->conf->nprocs ? s->conf->nprocs : 1;

	s->procs = talloc_realloc(s->mem, s->procs, struct proc *, n);
	s->scratch = talloc_realloc(s->mem, s->scratch, bool, n);
	if (!s->procs || !s->scratch) {
		mainlog_crit("out of memory for %zu processes", n);
		abort();
	}
}

/* The pools are made again whenever the processes are. */
static void sup_listeners(struct sup *s)
{
	if (lsn_build(&s->lsn, s->parent, s) < 0) {
		mainlog_crit("out of memory for the event listener pools");
		abort();
	}
}

/* Groups are announced only while a listener wants them: finding each
 * group once takes a scan of the processes per process. */
static bool sup_group_events(const struct sup *s)
{
	return s->lsn.wanted
		& (UINT32_C(1) << EVT_PROCESS_GROUP_ADDED
		   | UINT32_C(1) << EVT_PROCESS_GROUP_REMOVED);
}

/* True when GROUP came before position K of ORDER. */
static bool sup_group_seen(const struct conf *c, const size_t *order, size_t k, const char *group)
{
	for (size_t i = 0; i < k; i++)
		if (strcmp(c->procs[order[i]].group, group) == 0)
			return true;
	return false;
}

static void sup_notified(void *arg, const struct notify_msg *m);

static void sup_notify_socket(struct sup *s)
{
	if (s->conf->sdnotify && notify_open(&s->nsock, s->loop, sup_notified, s) < 0)
		mainlog_error("can't open the notify socket: %s", strerror(errno));
}

/* The file of the processes a user stopped: beside the pidfile, its
 * ".pid" replaced by ".stopped". False when there is no pidfile. */
static bool sup_state_path(const struct sup *s, char *out, size_t len)
{
	const char *pid = s->conf->pidfile;
	size_t n;

	if (!pid || !*pid)
		return false;
	n = strlen(pid);
	if (n > 4 && strcmp(pid + n - 4, ".pid") == 0)
		n -= 4;
	return (size_t)snprintf(out, len, "%.*s.stopped", (int)n, pid) < len;
}

/* Rewritten atomically after the requests that changed it: a first line
 * "table PATH" (a file of another table's svcd is not this one's), then
 * one name a line. */
static void sup_state_save(struct sup *s)
{
	char path[4096], err[512];
	struct buf b;

	if (!sup_state_path(s, path, sizeof(path)))
		return;
	buf_init(&b, NULL, (size_t)1 << 26);
	buf_printf(&b, "table %s\n", s->table);
	for (size_t i = 0; i < s->conf->nprocs; i++) {
		if (s->procs[i]->user_stopped)
			buf_printf(&b, "%s\n", s->procs[i]->cf->name);
	}
	if (b.overflow)
		mainlog_error("out of memory for the list of stopped processes");
	else if (atomic_write(path, buf_cstr(&b), b.len, err, sizeof(err)) < 0)
		mainlog_error("%s", err);
	buf_release(&b, 0);
}

/* The file, when it is a regular file of svcd's own user (not a link):
 * anyone else could keep every process down. */
static FILE *sup_state_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		mainlog_warn("%s is not a file of svcd's user: ignored", path);
		close(fd);
		return NULL;
	}
	return fdopen(fd, "r");
}

/* At start-up and after a restart: a process a user stopped stays
 * stopped until a user starts it. */
static void sup_state_load(struct sup *s)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	bool mine = false;

	if (!sup_state_path(s, path, sizeof(path)) || !(f = sup_state_open(path)))
		return;
	while ((n = getline(&line, &cap, f)) > 0) {
		struct proc *p;

		/* a line cut short (no newline) is not a name */
		if (line[n - 1] != '\n')
			break;
		line[n - 1] = '\0';
		if (!mine) {
			mine = strncmp(line, "table ", 6) == 0 && strcmp(line + 6, s->table) == 0;
			if (!mine)
				break;
			continue;
		}
		p = sup_find(s, line);
		if (p) {
			p->user_stopped = true;
			p->want_start = false;
			mainlog_info("'%s' was stopped by a user: it is not started", line);
		}
	}
	free(line);
	fclose(f);
}

static void sup_setup(struct sup *s, struct conf *conf)
{
	size_t i;

	s->mem = talloc_new(s->parent);
	if (!s->mem) {
		mainlog_crit("out of memory for the processes");
		abort();
	}
	s->conf = talloc_steal(s->mem, conf);
	s->procs = NULL;
	s->scratch = NULL;
	s->retired = NULL;
	s->nretired = 0;
	s->graveyard = NULL;
	s->pending = NULL;
	s->shutdown = s->restart = false;
	s->generation++;
	sup_size(s);
	for (i = 0; i < conf->nprocs; i++) {
		s->procs[i] = sup_new_proc(s, &conf->procs[i]);
		s->procs[i]->want_start = conf->procs[i].autostart;
	}
	sup_state_load(s);
	sup_listeners(s);
	sup_notify_socket(s);
	for (i = 0; sup_group_events(s) && i < conf->nprocs; i++) {
		const char *g = conf->procs[conf->order[i]].group;

		if (!sup_group_seen(conf, conf->order, i, g))
			ev_publish_group(s->events, g, true);
	}
	ev_publish_sup(s->events, EV_SUP_RUNNING);
}

void sup_init(struct sup *s, TALLOC_CTX *mem, struct loop *l, struct ev_ring *events,
	      const char *table, struct conf *conf)
{
	memset(s, 0, sizeof(*s));
	s->parent = mem;
	s->loop = l;
	s->events = events;
	s->table = talloc_strdup(mem, table);
	if (!s->table) {
		mainlog_crit("out of memory for the table's name");
		abort();
	}
	s->next_id = 1;
	s->nsock.src.fd = -1;
	s->exit_status = -1;
	sup_setup(s, conf);
}

void sup_limits(const struct conf *c)
{
	struct rlimit rl;

	umask((mode_t)c->umask);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < c->minfds) {
		rl.rlim_cur = c->minfds;
		if (rl.rlim_max < rl.rlim_cur && geteuid() == 0)
			rl.rlim_max = rl.rlim_cur;
		if (rl.rlim_cur <= rl.rlim_max)
			setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int sup_mainlog(const struct conf *c)
{
	if (c->log_syslog)
		mainlog_to_syslog((enum mainlog_level)c->loglevel);
	if (!c->logfile)
		return 0;
	return mainlog_open(c->logfile, c->log_maxbytes, c->log_backups,
			    (enum mainlog_level)c->loglevel);
}

static void sup_settings_or_log(const struct conf *c)
{
	sup_limits(c);
	if (sup_mainlog(c) < 0)
		mainlog_error("can't open log file %s: %s", c->logfile, strerror(errno));
}

/* An exec probe's child, reaped like any other. */
static bool sup_probe_reaped(struct proc **procs, size_t n, pid_t pid, int status)
{
	for (size_t i = 0; i < n; i++) {
		if (procs[i]->rd.probe.pid == pid && ready_reaped(procs[i], pid, status))
			return true;
	}
	return false;
}

void sup_reaped(struct sup *s, pid_t pid, int status, int64_t now)
{
	char text[64];
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++) {
		if (s->procs[i]->pid == pid) {
			proc_reaped(s->procs[i], status, now);
			return;
		}
	}
	for (i = 0; i < s->nretired; i++) {
		if (s->retired[i]->pid == pid) {
			proc_reaped(s->retired[i], status, now);
			return;
		}
	}
	if (sup_probe_reaped(s->procs, s->conf->nprocs, pid, status)
	    || sup_probe_reaped(s->retired, s->nretired, pid, status))
		return;
	proc_status_text(status, text, sizeof(text));
	mainlog_info("reaped unknown pid %d (%s)", (int)pid, text);
}

static void sup_timers(struct proc **procs, size_t n, int64_t now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (procs[i]->deadline >= 0 && procs[i]->deadline <= now)
			proc_event(procs[i], PROC_EV_TIMER, now);
		if (procs[i]->rd.due >= 0 && procs[i]->rd.due <= now)
			ready_timer(procs[i], now);
	}
}

/* True when P may start now; logs once when a dependency is FATAL. */
static bool sup_deps_ready(struct sup *s, struct proc *p)
{
	const struct conf_proc *cf = p->cf;
	bool ready = true, fatal = false;
	size_t k;

	for (k = 0; k < cf->ndeps; k++) {
		struct proc *d = s->procs[cf->deps[k]];

		if (d->state == PROC_RUNNING)
			continue;
		ready = false;
		if (d->state == PROC_FATAL && !fatal) {
			fatal = true;
			if (!p->dep_fatal_logged)
				mainlog_warn("%s is waiting for %s, which is in FATAL state",
					     cf->name, d->cf->name);
		}
	}
	p->dep_fatal_logged = fatal;
	return ready;
}

static void sup_starts(struct sup *s, int64_t now)
{
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++) {
		struct proc *p = s->procs[s->conf->order[i]];

		if (!p->want_start || p->hidden || p->wait_old || !sup_deps_ready(s, p))
			continue;
		p->want_start = false;
		proc_event(p, PROC_EV_START, now);
	}
}

static bool sup_same_layer(const struct conf_proc *a, const struct conf_proc *b)
{
	return a->group_priority == b->group_priority && a->priority == b->priority;
}

static void sup_stop_one(struct proc *p, int64_t now)
{
	p->want_start = false;
	p->no_restart = true;
	if (p->state == PROC_BACKOFF)
		proc_event(p, PROC_EV_GIVEUP, now);
	else
		proc_event(p, PROC_EV_STOP, now);
}

/* scratch[i]: some process that depends on process i is not down yet. */
static void sup_mark_needed(struct sup *s)
{
	size_t i, k;

	memset(s->scratch, 0, s->conf->nprocs * sizeof(*s->scratch));
	for (i = 0; i < s->conf->nprocs; i++) {
		const struct proc *p = s->procs[i];

		if (proc_is_down(p))
			continue;
		for (k = 0; k < p->cf->ndeps; k++)
			s->scratch[p->cf->deps[k]] = true;
	}
}

static void sup_ordered_stop(struct sup *s, int64_t now)
{
	const struct conf *c = s->conf;
	bool blocked = false;
	size_t i = c->nprocs;

	sup_mark_needed(s);
	while (i > 0 && !blocked) {
		size_t first = i - 1, j;

		/* the layer is order[first .. i-1] */
		while (first > 0
		       && sup_same_layer(&c->procs[c->order[first - 1]],
					 &c->procs[c->order[i - 1]]))
			first--;
		for (j = first; j < i; j++) {
			size_t idx = c->order[j];

			if (!s->scratch[idx])
				sup_stop_one(s->procs[idx], now);
		}
		/* a process held up by its dependants does not hold up the
		   lower layers, where those dependants may be */
		for (j = first; j < i; j++) {
			size_t idx = c->order[j];

			if (!proc_is_down(s->procs[idx]) && !s->scratch[idx])
				blocked = true;
		}
		i = first;
	}
}

static struct proc *sup_find_in(struct proc **procs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(procs[i]->cf->name, name) == 0)
			return procs[i];
	}
	return NULL;
}

struct proc *sup_find(struct sup *s, const char *name)
{
	return sup_find_in(s->procs, s->conf->nprocs, name);
}

/* Drops retired processes that are down; their successors may start. */
static void sup_bury(struct sup *s)
{
	size_t i = 0;

	while (i < s->nretired) {
		struct proc *r = s->retired[i], *next;

		if (!proc_is_down(r)) {
			i++;
			continue;
		}
		s->retired[i] = s->retired[--s->nretired];
		next = sup_find(s, r->cf->name);
		if (next && !sup_find_in(s->retired, s->nretired, r->cf->name))
			next->wait_old = false;
		proc_fini(r);
		talloc_free(r);
	}
	if (s->nretired == 0 && s->graveyard) {
		talloc_free(s->graveyard);
		s->graveyard = NULL;
	}
}

static int64_t sup_nearest(struct proc **procs, size_t n, int64_t best)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int64_t d = procs[i]->deadline, r = procs[i]->rd.due;

		if (d >= 0 && (best < 0 || d < best))
			best = d;
		if (r >= 0 && (best < 0 || r < best))
			best = r;
	}
	return best;
}

int64_t sup_pass(struct sup *s, int64_t now)
{
	int64_t best, tick;

	sup_timers(s->procs, s->conf->nprocs, now);
	sup_timers(s->retired, s->nretired, now);
	sup_bury(s);
	if (s->exit_status >= 0 && !s->shutdown)
		sup_shutdown(s);
	if (s->shutdown)
		sup_ordered_stop(s, now);
	else
		sup_starts(s, now);
	tick = lsn_pass(&s->lsn, now);
	best = sup_nearest(s->retired, s->nretired, sup_nearest(s->procs, s->conf->nprocs, -1));
	return tick >= 0 && (best < 0 || tick < best) ? tick : best;
}

void sup_flush(struct sup *s)
{
	if (s->state_dirty) {
		s->state_dirty = false;
		sup_state_save(s);
	}
}

bool sup_remote_event(struct sup *s, const char *type, const char *data)
{
	return ev_publish_remote(s->events, type, data);
}

void sup_shutdown(struct sup *s)
{
	size_t i;

	if (!s->shutdown)
		ev_publish_sup(s->events, EV_SUP_SHUTDOWN);
	s->shutdown = true;
	for (i = 0; i < s->conf->nprocs; i++) {
		s->procs[i]->want_start = false;
		s->procs[i]->no_restart = true;
	}
}

bool sup_started(const struct sup *s)
{
	for (size_t i = 0; i < s->conf->nprocs; i++) {
		const struct proc *p = s->procs[i];

		/* a process retried for ever never goes FATAL: its first failed
		   start is as far as svcd's readiness waits for it */
		bool given_up = p->state == PROC_FATAL
			|| (p->state == PROC_BACKOFF
			    && p->cf->startretries == TABLE_RETRIES_INFINITE);

		if (p->cf->autostart && !p->hidden && !p->was_running && !given_up
		    && !p->dep_fatal_logged)
			return false;
	}
	return true;
}

/* A message counts for the process that sent it or that the sender
 * descends from (a script's systemd-notify has a pid of its own). */
static struct proc *sup_notifier(struct sup *s, pid_t sender)
{
	pid_t pid = sender;

	for (int depth = 0; pid > 1 && depth < 32; depth++) {
		for (size_t i = 0; i < s->conf->nprocs; i++) {
			struct proc *p = s->procs[i];

			if (p->pid == pid && p->cf->ready.kind == TABLE_PROBE_SDNOTIFY)
				return p;
		}
		pid = tree_parent(pid);
	}
	return NULL;
}

/* Only svcd's user and the users its sdnotify processes run as can be
 * one of theirs: anyone else is turned away before any /proc lookup. */
static bool sup_notify_uid(const struct sup *s, uid_t uid)
{
	if (uid == geteuid())
		return true;
	for (size_t i = 0; i < s->conf->nprocs; i++) {
		const struct conf_proc *cf = s->procs[i]->cf;

		if (cf->ready.kind == TABLE_PROBE_SDNOTIFY && cf->user && cf->uid == uid)
			return true;
	}
	return false;
}

#define SUP_NOTIFY_LOG_GAP 10000 /* ms between two lines about foreign senders */

static void sup_notified(void *arg, const struct notify_msg *m)
{
	struct sup *s = arg;
	struct proc *p = sup_notify_uid(s, m->uid) ? sup_notifier(s, m->pid) : NULL;
	int64_t now = loop_now();

	if (p) {
		ready_notified(p, m, now);
		return;
	}
	/* a flood must not fill the log */
	s->notify_ignored++;
	if (s->notify_logged && now - s->notify_logged < SUP_NOTIFY_LOG_GAP)
		return;
	mainlog_warn("notify message from pid %d (uid %u) ignored: it is not a process of svcd's "
		     "with ready sdnotify, nor one of theirs (%u ignored since the last such line)",
		     (int)m->pid, (unsigned)m->uid, s->notify_ignored);
	s->notify_ignored = 0;
	s->notify_logged = now;
}

bool sup_done(const struct sup *s)
{
	size_t i;

	if (!s->shutdown || s->nretired > 0)
		return false;
	for (i = 0; i < s->conf->nprocs; i++) {
		if (!proc_is_down(s->procs[i]))
			return false;
	}
	return true;
}

void sup_request_restart(struct sup *s)
{
	sup_shutdown(s);
	s->restart = true;
}

void sup_restart(struct sup *s)
{
	struct conf_error e;
	struct conf *c = conf_load(s->parent, s->table, &e);
	size_t i;

	if (!c) {
		mainlog_error("restart: the table can't be loaded, the old one is used: %s",
			      e.text);
		c = talloc_steal(s->parent, s->conf);
	}
	for (i = 0; i < s->conf->nprocs; i++)
		proc_fini(s->procs[i]);
	if (c != s->conf)
		sup_settings_or_log(c);
	else
		sup_limits(c);
	lsn_clear(&s->lsn);
	talloc_free(s->mem);
	sup_setup(s, c);
}

static void sup_retire(struct sup *s, struct proc *p, int64_t now)
{
	s->retired[s->nretired++] = p;
	sup_stop_one(p, now);
}

/* ---- the difference between two configurations ---- */

/* For every process of NC, the index of the process of the same name in
 * OLD, or -1; SAME[i] when it would run the same way in the same group.
 * The one diff both reloads and reloadConfig's report use. */
static void sup_match(const struct conf *old, const struct conf *nc, ssize_t *match, bool *same)
{
	size_t i;

	for (i = 0; i < nc->nprocs; i++) {
		const struct conf_proc *cf = &nc->procs[i];
		ssize_t j = conf_find(old, cf->name);

		match[i] = j;
		same[i] = j >= 0 && strcmp(old->procs[j].group, cf->group) == 0
			&& conf_proc_equal(old, &old->procs[j], nc, cf);
	}
}

static bool sup_group_hidden(const struct sup *s, const char *group)
{
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++) {
		if (s->procs[i]->hidden && strcmp(s->conf->procs[i].group, group) == 0)
			return true;
	}
	return false;
}

bool sup_group_active(const struct sup *s, const char *group)
{
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++) {
		if (!s->procs[i]->hidden && strcmp(s->conf->procs[i].group, group) == 0)
			return true;
	}
	return false;
}

/* A process of the new configuration that takes the place of OLD (NULL
 * when new). */
static struct proc *sup_successor(struct sup *s, const struct conf_proc *cf, struct proc *old,
				  int64_t now)
{
	struct proc *p = sup_new_proc(s, cf);

	p->want_start = cf->autostart;
	if (!old) {
		mainlog_info("reload: '%s' added", cf->name);
		return p;
	}
	mainlog_info("reload: '%s' changed", cf->name);
	p->user_stopped = old->user_stopped;
	p->want_start = !old->user_stopped && (cf->autostart || !proc_is_down(old));
	p->wait_old = true;
	sup_retire(s, old, now);
	return p;
}

/* PROCESS_GROUP_REMOVED and _ADDED for the groups a reload took away or
 * brought (OLD lives on in the graveyard until its processes are gone). */
static void sup_publish_groups(struct sup *s, const struct conf *old, const struct conf *nc)
{
	if (!sup_group_events(s))
		return;
	for (size_t i = 0; i < old->nprocs; i++) {
		const char *g = old->procs[old->order[i]].group;

		if (!sup_group_seen(old, old->order, i, g) && !conf_has_group(nc, g))
			ev_publish_group(s->events, g, false);
	}
	for (size_t i = 0; i < nc->nprocs; i++) {
		const char *g = nc->procs[nc->order[i]].group;

		if (!sup_group_seen(nc, nc->order, i, g) && !conf_has_group(old, g)
		    && sup_group_active(s, g))
			ev_publish_group(s->events, g, true);
	}
}

/* Applies NEWCONF. Groups that were out of the active configuration stay
 * out; so do the groups NEWCONF adds, other than ONLY, when ONLY is set. */
static void sup_apply(struct sup *s, struct conf *newconf, int64_t now, const char *only)
{
	struct conf *old = s->conf;
	struct proc **oldprocs = s->procs;
	size_t n = old->nprocs + newconf->nprocs + 1, i;
	bool *kept = talloc_zero_array(s->mem, bool, n), *same = talloc_array(s->mem, bool, n);
	bool *hidden = talloc_array(s->mem, bool, n);
	ssize_t *match = talloc_array(s->mem, ssize_t, n);

	s->retired = talloc_realloc(s->mem, s->retired, struct proc *, s->nretired + n);
	if (!kept || !same || !hidden || !match || !s->retired) {
		mainlog_crit("out of memory applying a configuration");
		abort();
	}
	sup_match(old, newconf, match, same);
	for (i = 0; i < newconf->nprocs; i++) {
		const char *g = newconf->procs[i].group;

		hidden[i] = sup_group_hidden(s, g)
			|| (only && strcmp(g, only) != 0 && !sup_group_active(s, g));
	}
	s->conf = talloc_steal(s->mem, newconf);
	s->procs = NULL;
	sup_size(s);
	for (i = 0; i < newconf->nprocs; i++) {
		ssize_t j = match[i];

		if (j >= 0)
			kept[j] = true;
		if (same[i]) {
			s->procs[i] = oldprocs[j];
			proc_rebind(s->procs[i], &newconf->procs[i]);
		} else {
			s->procs[i] = sup_successor(s, &newconf->procs[i],
						    j >= 0 ? oldprocs[j] : NULL, now);
		}
		s->procs[i]->hidden = hidden[i];
	}
	for (i = 0; i < old->nprocs; i++) {
		if (!kept[i]) {
			mainlog_info("reload: '%s' removed", old->procs[i].name);
			sup_retire(s, oldprocs[i], now);
		}
	}
	if (!s->graveyard)
		s->graveyard = talloc_new(s->mem);
	if (!s->graveyard) {
		mainlog_crit("out of memory applying a configuration");
		abort();
	}
	talloc_steal(s->graveyard, old);
	talloc_free(oldprocs);
	talloc_free(kept);
	talloc_free(same);
	talloc_free(hidden);
	talloc_free(match);
	s->generation++;
	sup_listeners(s);
	sup_notify_socket(s);
	sup_publish_groups(s, old, newconf);
	ev_publish_sup(s->events, EV_SUP_RELOADED);
}

void sup_reload(struct sup *s, struct conf *newconf, int64_t now)
{
	/* a table read by reloadConfig before is older than this one */
	talloc_free(s->pending);
	s->pending = NULL;
	sup_settings_or_log(newconf);
	sup_apply(s, newconf, now, NULL);
}

void sup_reload_table(struct sup *s, int64_t now)
{
	struct conf_error e;
	struct conf *c = conf_load(s->parent, s->table, &e);

	if (!c) {
		mainlog_error("reload refused, the running configuration is kept: %s", e.text);
		return;
	}
	sup_reload(s, c, now);
}

static int sup_cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct sup_group_change *)a)->group,
		      ((const struct sup_group_change *)b)->group);
}

/* Adds GROUP to OUT[0 .. *N) unless it is there. */
static void sup_note(struct sup_group_change *out, size_t *n, const char *group,
		     enum sup_change change)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp(out[i].group, group) == 0)
			return;
	}
	out[*n].group = group;
	out[*n].change = change;
	(*n)++;
}

size_t sup_group_changes(const struct sup *s, const struct conf *nc, struct sup_group_change *out)
{
	const struct conf *old = s->conf;
	size_t n = 0, i, m = nc->nprocs + 1;
	ssize_t *match = talloc_array(NULL, ssize_t, m);
	bool *same = talloc_array(match, bool, m);
	bool *kept = talloc_zero_array(match, bool, old->nprocs + 1);

	if (!match || !same || !kept) {
		talloc_free(match);
		return 0;
	}
	sup_match(old, nc, match, same);
	for (i = 0; i < nc->nprocs; i++) {
		const char *g = nc->procs[i].group;

		if (same[i])
			kept[match[i]] = true;
		if (!sup_group_active(s, g))
			sup_note(out, &n, g, SUP_ADDED);
	}
	/* a group differs when one of its processes is new, changed, moved
	   or gone */
	for (i = 0; i < nc->nprocs; i++) {
		if (!same[i] && sup_group_active(s, nc->procs[i].group))
			sup_note(out, &n, nc->procs[i].group, SUP_CHANGED);
	}
	for (i = 0; i < old->nprocs; i++) {
		const char *g = old->procs[i].group;

		if (kept[i] || !sup_group_active(s, g))
			continue;
		sup_note(out, &n, g, conf_has_group(nc, g) ? SUP_CHANGED : SUP_REMOVED);
	}
	talloc_free(match);
	qsort(out, n, sizeof(*out), sup_cmp_change);
	return n;
}

/* ---- what a client may ask ---- */

enum sup_outcome sup_start(struct sup *s, struct proc *p, int64_t now, char *err, size_t errlen)
{
	char path[4096], ns[300];

	(void)s;
	if (spawn_resolve(p->cf, path, sizeof(path), err, errlen) < 0)
		return strstr(err, "not executable") ? SUP_NOT_EXECUTABLE : SUP_NO_FILE;
	if (proc_state_running(p->state))
		return SUP_ALREADY_STARTED;
	if (p->state == PROC_UNKNOWN) {
		conf_namespec(p->cf, ns, sizeof(ns));
		snprintf(err, errlen, "%s is in an unknown process state", ns);
		return SUP_FAILED;
	}
	p->want_start = false;
	if (p->user_stopped) {
		p->user_stopped = false;
		s->state_dirty = true;
	}
	proc_event(p, PROC_EV_START, now);
	if (!p->start_pending && p->state != PROC_STARTING && p->state != PROC_RUNNING
	    && p->spawnerr[0])
		return SUP_SPAWN_ERROR;
	return SUP_OK;
}

/* A client stopped P: remembered, written at the end of the pass. */
static void sup_user_stop(struct sup *s, struct proc *p)
{
	if (!p->user_stopped) {
		p->user_stopped = true;
		s->state_dirty = true;
	}
}

enum sup_outcome sup_stop(struct sup *s, struct proc *p, int64_t now, char *err, size_t errlen)
{
	p->want_start = false;
	if (p->start_pending) {
		proc_event(p, PROC_EV_STOP, now);
		sup_user_stop(s, p);
		return SUP_OK;
	}
	if (!proc_state_running(p->state))
		return SUP_NOT_RUNNING;
	proc_event(p, PROC_EV_STOP, now);
	if (p->state == PROC_UNKNOWN) {
		snprintf(err, errlen, "kill failed");
		return SUP_FAILED;
	}
	sup_user_stop(s, p);
	return SUP_OK;
}

enum sup_outcome sup_signal(struct sup *s, struct proc *p, int sig, char *err, size_t errlen)
{
	(void)s;
	if (p->state != PROC_RUNNING && p->state != PROC_STARTING && p->state != PROC_STOPPING)
		return SUP_NOT_RUNNING;
	if (kill(p->pid, sig) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return SUP_FAILED;
	}
	return SUP_OK;
}

int sup_clear_logs(struct sup *s, struct proc *p)
{
	int a = logfile_clear(&p->out), b = logfile_clear(&p->err);

	(void)s;
	return a < 0 || b < 0 ? -1 : 0;
}

/* Takes GROUP out of (HIDE) or back into the active configuration. */
/* A group taken out or brought back is announced when that changes it. */
static void sup_set_hidden(struct sup *s, const char *group, bool hide)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++) {
		if (strcmp(s->conf->procs[i].group, group) != 0)
			continue;
		changed |= s->procs[i]->hidden != hide;
		s->procs[i]->hidden = hide;
		s->procs[i]->want_start = !hide && s->conf->procs[i].autostart;
	}
	if (changed)
		ev_publish_group(s->events, group, !hide);
}

enum sup_outcome sup_remove_group(struct sup *s, const char *group)
{
	size_t i;

	if (!sup_group_active(s, group))
		return SUP_BAD_NAME;
	for (i = 0; i < s->conf->nprocs; i++) {
		if (strcmp(s->conf->procs[i].group, group) == 0 && !proc_is_down(s->procs[i]))
			return SUP_STILL_RUNNING;
	}
	sup_set_hidden(s, group, true);
	/* update stops, removes and adds a group: that is no user's stop */
	for (i = 0; i < s->conf->nprocs; i++) {
		if (strcmp(s->conf->procs[i].group, group) == 0 && s->procs[i]->user_stopped) {
			s->procs[i]->user_stopped = false;
			s->state_dirty = true;
		}
	}
	return SUP_OK;
}

enum sup_outcome sup_add_group(struct sup *s, const char *group, int64_t now)
{
	if (sup_group_active(s, group))
		return SUP_ALREADY_ADDED;
	if (s->pending && conf_has_group(s->pending, group)) {
		struct conf *nc = s->pending;

		s->pending = NULL;
		sup_settings_or_log(nc);
		sup_apply(s, nc, now, group);
		sup_set_hidden(s, group, false);
		return SUP_OK;
	}
	if (!sup_group_hidden(s, group))
		return SUP_BAD_NAME;
	sup_set_hidden(s, group, false);
	return SUP_OK;
}

enum sup_outcome sup_reread(struct sup *s, char *err, size_t errlen)
{
	struct conf_error e;
	struct conf *nc = conf_load(s->mem, s->table, &e);

	if (!nc) {
		snprintf(err, errlen, "%s", e.text);
		return SUP_CANT_REREAD;
	}
	talloc_free(s->pending);
	s->pending = nc;
	return SUP_OK;
}

void sup_reopen_logs(struct sup *s)
{
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++)
		proc_reopen_logs(s->procs[i]);
	for (i = 0; i < s->nretired; i++)
		proc_reopen_logs(s->retired[i]);
}
