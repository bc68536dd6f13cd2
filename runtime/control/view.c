/* The view. Its lists are made when the configuration changes (the order
 * by name depends on nothing else), so that a status request in the steady
 * state allocates and sorts nothing. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int view_init(struct view *v, TALLOC_CTX *mem, struct sup *s)
{
	v->mem = mem;
	v->sup = s;
	v->list = v->by_name = NULL;
	v->conf_by_name = NULL;
	v->cap = 0;
	v->generation = s->generation - 1;
	return view_resize(v);
}

static int view_cmp(const void *a, const void *b)
{
	const struct proc *pa = *(struct proc *const *)a, *pb = *(struct proc *const *)b;
	int g = strcmp(pa->cf->group, pb->cf->group);

	return g ? g : strcmp(pa->cf->name, pb->cf->name);
}

static int view_cmp_conf(const void *a, const void *b)
{
	const struct conf_proc *pa = *(const struct conf_proc *const *)a;
	const struct conf_proc *pb = *(const struct conf_proc *const *)b;

	return strcmp(pa->name, pb->name);
}

int view_resize(struct view *v)
{
	const struct sup *s = v->sup;
	size_t n = s->conf->nprocs + 1, i;

	if (v->generation == s->generation && v->list)
		return 0;
	if (!v->list || v->cap < n) {
		talloc_free(v->list);
		talloc_free(v->by_name);
		talloc_free(v->conf_by_name);
		v->list = talloc_array(v->mem, struct proc *, n);
		v->by_name = talloc_array(v->mem, struct proc *, n);
		v->conf_by_name = talloc_array(v->mem, const struct conf_proc *, n);
		v->cap = v->list && v->by_name && v->conf_by_name ? n : 0;
		if (!v->cap)
			return -1;
	}
	memcpy(v->by_name, s->procs, s->conf->nprocs * sizeof(*v->by_name));
	qsort(v->by_name, s->conf->nprocs, sizeof(*v->by_name), view_cmp);
	for (i = 0; i < s->conf->nprocs; i++)
		v->conf_by_name[i] = &s->conf->procs[i];
	qsort(v->conf_by_name, s->conf->nprocs, sizeof(*v->conf_by_name), view_cmp_conf);
	v->generation = s->generation;
	return 0;
}

struct proc *view_next_sorted(struct view *v, size_t *i)
{
	while (*i < v->sup->conf->nprocs) {
		struct proc *p = v->by_name[(*i)++];

		if (!p->hidden)
			return p;
	}
	return NULL;
}

const struct conf_proc *view_next_config(struct view *v, size_t *i)
{
	return *i < v->sup->conf->nprocs ? v->conf_by_name[(*i)++] : NULL;
}

size_t view_sorted(struct view *v, struct proc ***out)
{
	size_t i = 0, n = 0;
	struct proc *p;

	*out = v->list;
	if (view_resize(v) < 0)
		return 0;
	*out = v->list;
	while ((p = view_next_sorted(v, &i)))
		v->list[n++] = p;
	return n;
}

size_t view_ordered(struct view *v, const char *group, struct proc ***out)
{
	const struct conf *c = v->sup->conf;
	size_t i, n = 0;

	/* sized on reload already; this only covers a reload not seen yet */
	*out = v->list;
	if (view_resize(v) < 0)
		return 0;
	*out = v->list;
	for (i = 0; i < c->nprocs; i++) {
		struct proc *p = v->sup->procs[c->order[i]];

		if (!p->hidden && (!group || strcmp(p->cf->group, group) == 0))
			v->list[n++] = p;
	}
	return n;
}

/* Splits "g:x", "g:*", "g:" or "x". *PROC is NULL for a whole group. */
static void view_split(const char *ns, char *group, size_t glen, const char **proc)
{
	const char *colon = strchr(ns, ':');

	if (!colon) {
		snprintf(group, glen, "%s", ns);
		*proc = ns;
		return;
	}
	snprintf(group, glen, "%.*s", (int)(colon - ns), ns);
	*proc = colon[1] && strcmp(colon + 1, "*") != 0 ? colon + 1 : NULL;
}

struct proc *view_lookup(struct view *v, const char *ns)
{
	char group[256];
	const char *name;
	struct proc *p;

	view_split(ns, group, sizeof(group), &name);
	if (!name)
		return NULL;
	p = sup_find(v->sup, name);
	if (!p || strcmp(p->cf->group, group) != 0 || p->hidden)
		return NULL;
	return p;
}

bool view_resolve(struct view *v, const char *ns, struct proc **p, char *group, size_t glen)
{
	const char *name;

	*p = NULL;
	view_split(ns, group, glen, &name);
	if (!sup_group_active(v->sup, group))
		return false;
	if (name) {
		*p = view_lookup(v, ns);
		if (!*p)
			return false;
	}
	return true;
}

time_t view_wall(int64_t mono)
{
	return time(NULL) - (time_t)((loop_now() - mono) / 1000);
}

bool view_ever_started(const struct proc *p)
{
	return p->laststart > INT64_MIN / 4;
}

int view_exitcode(const struct proc *p)
{
	if (p->state == PROC_BACKOFF || p->state == PROC_FATAL)
		return 0;
	if (WIFSIGNALED(p->exitstatus))
		return -1;
	return WIFEXITED(p->exitstatus) ? WEXITSTATUS(p->exitstatus) : 0;
}

static void view_uptime(long secs, char *buf, size_t len)
{
	long days = secs / 86400;

	secs %= 86400;
	if (days > 0)
		snprintf(buf, len, "%ld day%s, %ld:%02ld:%02ld", days, days == 1 ? "" : "s",
			 secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
}

void view_describe(const struct proc *p, time_t now, char *buf, size_t len)
{
	char up[64], rd[256];

	switch (p->state) {
	case PROC_RUNNING: {
		long secs = (long)(now - view_wall(p->laststart));

		view_uptime(secs < 0 ? 0 : secs, up, sizeof(up));
		ready_describe(p, rd, sizeof(rd));
		snprintf(buf, len, "pid %d, uptime %s%s", (int)p->pid, up, rd);
		break;
	}
	case PROC_STARTING: ready_describe_wait(p, buf, len); break;
	case PROC_BACKOFF:
	case PROC_FATAL:
		if (p->spawnerr[0])
			snprintf(buf, len, "%s", p->spawnerr);
		else
			snprintf(buf, len, "unknown error (try \"tail %s\")", p->cf->name);
		break;
	case PROC_STOPPED:
	case PROC_EXITED:
		if (view_ever_started(p)) {
			time_t stop = p->laststop ? view_wall(p->laststop) : 0;
			struct tm tm;

			localtime_r(&stop, &tm);
			strftime(buf, len, "%b %d %I:%M %p", &tm);
		} else {
			snprintf(buf, len, "Not started");
		}
		break;
	default: buf[0] = '\0'; break;
	}
}
