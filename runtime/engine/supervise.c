/* The set of processes. Start: a process queued to start (want_start) is
 * started once every process it is `after` is RUNNING, in priority order.
 * Shutdown: processes stop in reverse order, one (group priority, priority)
 * layer at a time, and never before the processes that depend on them are
 * down. Reload: the difference is applied; unchanged processes are kept as
 * they are, same struct, same pid. */
#include "supervise.h"

#include <string.h>
#include "mainlog.h"

static struct proc *sup_new_proc(struct sup *s, const struct conf_proc *cf)
{
	struct proc *p = talloc(s->mem, struct proc);

	proc_init(p, cf, s->loop);
	return p;
}

static void sup_size(struct sup *s)
{
	size_t n = s->conf->nprocs ? s->conf->nprocs : 1;

	s->procs = talloc_realloc(s->mem, s->procs, struct proc *, n);
	s->scratch = talloc_realloc(s->mem, s->scratch, bool, n);
}

void sup_init(struct sup *s, TALLOC_CTX *mem, struct loop *l, struct conf *conf)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->mem = mem;
	s->loop = l;
	s->conf = talloc_steal(mem, conf);
	sup_size(s);
	for (i = 0; i < conf->nprocs; i++) {
		s->procs[i] = sup_new_proc(s, &conf->procs[i]);
		s->procs[i]->want_start = conf->procs[i].autostart;
	}
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
	proc_status_text(status, text, sizeof(text));
	mainlog_info("reaped unknown pid %d (%s)", (int)pid, text);
}

static void sup_timers(struct proc **procs, size_t n, int64_t now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (procs[i]->deadline >= 0 && procs[i]->deadline <= now)
			proc_event(procs[i], PROC_EV_TIMER, now);
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

		if (!p->want_start || p->wait_old || !sup_deps_ready(s, p))
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
		while (first > 0 && sup_same_layer(&c->procs[c->order[first - 1]],
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
		int64_t d = procs[i]->deadline;

		if (d >= 0 && (best < 0 || d < best))
			best = d;
	}
	return best;
}

int64_t sup_pass(struct sup *s, int64_t now)
{
	sup_timers(s->procs, s->conf->nprocs, now);
	sup_timers(s->retired, s->nretired, now);
	sup_bury(s);
	if (s->shutdown)
		sup_ordered_stop(s, now);
	else
		sup_starts(s, now);
	return sup_nearest(s->retired, s->nretired,
			   sup_nearest(s->procs, s->conf->nprocs, -1));
}

void sup_shutdown(struct sup *s)
{
	size_t i;

	s->shutdown = true;
	for (i = 0; i < s->conf->nprocs; i++) {
		s->procs[i]->want_start = false;
		s->procs[i]->no_restart = true;
	}
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

static void sup_retire(struct sup *s, struct proc *p, int64_t now)
{
	s->retired[s->nretired++] = p;
	sup_stop_one(p, now);
}

void sup_reload(struct sup *s, struct conf *newconf, int64_t now)
{
	struct conf *old = s->conf;
	struct proc **oldprocs = s->procs;
	bool *kept = talloc_zero_array(s->mem, bool, old->nprocs ? old->nprocs : 1);
	size_t i;

	s->retired = talloc_realloc(s->mem, s->retired, struct proc *,
				    s->nretired + old->nprocs + 1);
	s->conf = talloc_steal(s->mem, newconf);
	s->procs = NULL;
	sup_size(s);
	for (i = 0; i < newconf->nprocs; i++) {
		const struct conf_proc *cf = &newconf->procs[i];
		ssize_t j = conf_find(old, cf->name);
		struct proc *p;

		if (j >= 0 && conf_proc_equal(old, &old->procs[j], newconf, cf)) {
			p = oldprocs[j];
			proc_rebind(p, cf);
			kept[j] = true;
		} else {
			p = sup_new_proc(s, cf);
			p->want_start = cf->autostart;
			if (j >= 0) {
				struct proc *o = oldprocs[j];

				mainlog_info("reload: '%s' changed", cf->name);
				p->want_start = cf->autostart || !proc_is_down(o);
				p->wait_old = true;
				kept[j] = true;
				sup_retire(s, o, now);
			} else {
				mainlog_info("reload: '%s' added", cf->name);
			}
		}
		s->procs[i] = p;
	}
	for (i = 0; i < old->nprocs; i++) {
		if (!kept[i]) {
			mainlog_info("reload: '%s' removed", old->procs[i].name);
			sup_retire(s, oldprocs[i], now);
		}
	}
	if (!s->graveyard)
		s->graveyard = talloc_new(s->mem);
	talloc_steal(s->graveyard, old);
	talloc_free(oldprocs);
	talloc_free(kept);
}

void sup_reopen_logs(struct sup *s)
{
	size_t i;

	for (i = 0; i < s->conf->nprocs; i++)
		proc_reopen_logs(s->procs[i]);
	for (i = 0; i < s->nretired; i++)
		proc_reopen_logs(s->retired[i]);
}
