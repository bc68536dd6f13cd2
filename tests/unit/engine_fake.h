/* A fake world for the engine's unit tests: the clock, fork+exec and kill
 * are replaced at link time (-Wl,--wrap, see the Makefile), and the main
 * log lines are kept for the tests to read. Configurations are built in
 * memory as the table loader would build them. */
#ifndef SVC_ENGINE_FAKE_H
#define SVC_ENGINE_FAKE_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <talloc.h>
#include "engine/conf.h"
#include "engine/mainlog.h"
#include "engine/spawn.h"

struct fake {
	int64_t now;     /* the clock, ms */
	unsigned spawns; /* spawn_proc calls */
	pid_t next_pid;
	bool spawn_fails;
	char spawned[64][64]; /* names, in order */
	unsigned kills;
	pid_t kill_pid[64];
	int kill_sig[64];
	bool kill_fails;
	char log[8192]; /* the main log lines, each ending "\n" */
};

static struct fake fake;

static inline void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.now = 100000;
	fake.next_pid = 1000;
}

int64_t __wrap_loop_now(void);
int64_t __wrap_loop_now(void)
{
	return fake.now;
}

pid_t __wrap_spawn_proc(const struct conf_proc *p, struct spawn_fds *fds, char *err, size_t errlen);
pid_t __wrap_spawn_proc(const struct conf_proc *p, struct spawn_fds *fds, char *err, size_t errlen)
{
	fds->in_w = fds->out_r = fds->err_r = fds->note_r = -1;
	if (fake.spawn_fails) {
		snprintf(err, errlen, "can't find command '%s'", p->argv[0]);
		return -1;
	}
	if (fake.spawns < 64)
		snprintf(fake.spawned[fake.spawns], sizeof(fake.spawned[0]), "%s", p->name);
	fake.spawns++;
	return fake.next_pid++;
}

int __wrap_kill(pid_t pid, int sig);
int __wrap_kill(pid_t pid, int sig)
{
	if (fake.kill_fails) {
		errno = EPERM;
		return -1;
	}
	if (fake.kills < 64) {
		fake.kill_pid[fake.kills] = pid;
		fake.kill_sig[fake.kills] = sig;
	}
	fake.kills++;
	return 0;
}

void __wrap_mainlog(enum mainlog_level level, const char *fmt, ...);
void __wrap_mainlog(enum mainlog_level level, const char *fmt, ...)
{
	size_t n = strlen(fake.log);
	va_list ap;

	(void)level;
	if (n + 256 >= sizeof(fake.log))
		n = 0; /* only the latest lines matter */
	va_start(ap, fmt);
	vsnprintf(fake.log + n, sizeof(fake.log) - n - 1, fmt, ap);
	va_end(ap);
	strcat(fake.log, "\n");
}

/* One process as the loader makes it: /bin/true, startsecs 1 s, three
 * retries, SIGTERM then SIGKILL after 10 s, exit code 0 expected. */
static inline void fake_proc(struct conf_proc *cf, TALLOC_CTX *mem, const char *name,
			     const char *group)
{
	memset(cf, 0, sizeof(*cf));
	cf->name = talloc_strdup(mem, name);
	cf->group = talloc_strdup(mem, group ? group : name);
	cf->argv = talloc_zero_array(mem, char *, 2);
	cf->argv[0] = talloc_strdup(mem, "/bin/true");
	cf->envp = talloc_zero_array(mem, char *, 1);
	cf->path_env = "/usr/bin:/bin";
	cf->umask = -1;
	cf->autostart = true;
	cf->autorestart = CONF_RESTART_FALSE;
	cf->exitcodes[0] = 1;
	cf->startsecs = 1000;
	cf->stopwait = 10000;
	cf->startretries = 3;
	cf->stopsignal = SIGTERM;
}

static inline int fake_cmp_order(const void *a, const void *b, void *ctx)
{
	const struct conf_proc *p = ctx;
	const struct conf_proc *x = &p[*(const size_t *)a], *y = &p[*(const size_t *)b];
	int d;

	if (x->group_priority != y->group_priority)
		return x->group_priority < y->group_priority ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	d = strcmp(x->group, y->group);
	return d ? d : strcmp(x->name, y->name);
}

/* A configuration of N processes named by NAMES ("a", "b"...), each in
 * its own group, priority 999; the caller may edit the processes, then
 * calls fake_order. */
static inline struct conf *fake_conf(TALLOC_CTX *mem, size_t n, const char *const *names)
{
	struct conf *c = talloc_zero(mem, struct conf);
	size_t i;

	c->procs = talloc_zero_array(c, struct conf_proc, n + 1);
	c->order = talloc_zero_array(c, size_t, n + 1);
	c->nprocs = n;
	c->umask = 022;
	for (i = 0; i < n; i++) {
		fake_proc(&c->procs[i], c, names[i], NULL);
		c->procs[i].priority = 999;
	}
	return c;
}

/* The start order, as the loader computes it. */
static inline void fake_order(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nprocs; i++)
		c->order[i] = i;
	qsort_r(c->order, c->nprocs, sizeof(*c->order), fake_cmp_order, c->procs);
}

/* Process I depends on process J (`after`). */
static inline void fake_after(struct conf *c, size_t i, size_t j)
{
	struct conf_proc *p = &c->procs[i];

	p->deps = talloc_realloc(c, p->deps, size_t, p->ndeps + 1);
	p->deps[p->ndeps++] = j;
}

#endif
