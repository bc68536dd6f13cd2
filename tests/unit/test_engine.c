/* The supervision engine without a child or a clock: every cell of
 * proc.c's state x event table, the rules around it (backoff, FATAL, the
 * spawn gap, SIGKILL), start order with `after` and priorities, the
 * reverse ordered stop, the reload diff, and the requests a client makes.
 * fork+exec, kill, the clock and the main log are faked (engine_fake.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/wait.h>

#include "engine_fake.h"
#include "engine/events.h"
#include "engine/proc.h"
#include "engine/supervise.h"
#include "leak.h"

struct cell {
	enum proc_state from;
	enum proc_event ev;
	enum proc_state to;
	unsigned spawns; /* spawn_proc calls the event makes */
	int sig;         /* the signal sent, 0: none */
};

/* The table of proc.c, cell by cell. A TIMER fires past the deadline;
 * an EXIT is exit status 0, within startsecs for STARTING. */
static const struct cell cells[] = {
	{PROC_STOPPED, PROC_EV_START, PROC_STARTING, 1, 0},
	{PROC_STOPPED, PROC_EV_STOP, PROC_STOPPED, 0, 0},
	{PROC_STOPPED, PROC_EV_EXIT, PROC_STOPPED, 0, 0},
	{PROC_STOPPED, PROC_EV_TIMER, PROC_STOPPED, 0, 0},
	{PROC_STOPPED, PROC_EV_GIVEUP, PROC_STOPPED, 0, 0},
	{PROC_STARTING, PROC_EV_START, PROC_STARTING, 0, 0},
	{PROC_STARTING, PROC_EV_STOP, PROC_STOPPING, 0, SIGTERM},
	{PROC_STARTING, PROC_EV_EXIT, PROC_BACKOFF, 0, 0},
	{PROC_STARTING, PROC_EV_TIMER, PROC_RUNNING, 0, 0},
	{PROC_STARTING, PROC_EV_GIVEUP, PROC_STARTING, 0, 0},
	{PROC_RUNNING, PROC_EV_START, PROC_RUNNING, 0, 0},
	{PROC_RUNNING, PROC_EV_STOP, PROC_STOPPING, 0, SIGTERM},
	{PROC_RUNNING, PROC_EV_EXIT, PROC_EXITED, 0, 0},
	{PROC_RUNNING, PROC_EV_TIMER, PROC_RUNNING, 0, 0},
	{PROC_RUNNING, PROC_EV_GIVEUP, PROC_RUNNING, 0, 0},
	{PROC_BACKOFF, PROC_EV_START, PROC_BACKOFF, 0, 0},
	{PROC_BACKOFF, PROC_EV_STOP, PROC_STOPPED, 0, 0},
	{PROC_BACKOFF, PROC_EV_EXIT, PROC_BACKOFF, 0, 0},
	{PROC_BACKOFF, PROC_EV_TIMER, PROC_STARTING, 1, 0},
	{PROC_BACKOFF, PROC_EV_GIVEUP, PROC_FATAL, 0, 0},
	{PROC_STOPPING, PROC_EV_START, PROC_STOPPING, 0, 0},
	{PROC_STOPPING, PROC_EV_STOP, PROC_STOPPING, 0, 0},
	{PROC_STOPPING, PROC_EV_EXIT, PROC_STOPPED, 0, 0},
	{PROC_STOPPING, PROC_EV_TIMER, PROC_STOPPING, 0, SIGKILL},
	{PROC_STOPPING, PROC_EV_GIVEUP, PROC_STOPPING, 0, 0},
	{PROC_EXITED, PROC_EV_START, PROC_STARTING, 1, 0},
	{PROC_EXITED, PROC_EV_STOP, PROC_EXITED, 0, 0},
	{PROC_EXITED, PROC_EV_EXIT, PROC_EXITED, 0, 0},
	{PROC_EXITED, PROC_EV_TIMER, PROC_EXITED, 0, 0},
	{PROC_EXITED, PROC_EV_GIVEUP, PROC_EXITED, 0, 0},
	{PROC_FATAL, PROC_EV_START, PROC_STARTING, 1, 0},
	{PROC_FATAL, PROC_EV_STOP, PROC_FATAL, 0, 0},
	{PROC_FATAL, PROC_EV_EXIT, PROC_FATAL, 0, 0},
	{PROC_FATAL, PROC_EV_TIMER, PROC_FATAL, 0, 0},
	{PROC_FATAL, PROC_EV_GIVEUP, PROC_FATAL, 0, 0},
	{PROC_UNKNOWN, PROC_EV_START, PROC_UNKNOWN, 0, 0},
	{PROC_UNKNOWN, PROC_EV_STOP, PROC_UNKNOWN, 0, 0},
	{PROC_UNKNOWN, PROC_EV_EXIT, PROC_STOPPED, 0, 0},
	{PROC_UNKNOWN, PROC_EV_TIMER, PROC_UNKNOWN, 0, 0},
	{PROC_UNKNOWN, PROC_EV_GIVEUP, PROC_UNKNOWN, 0, 0},
	/* readiness (ready.c sends READY only with a ready condition) */
	{PROC_STOPPED, PROC_EV_READY, PROC_STOPPED, 0, 0},
	{PROC_STOPPED, PROC_EV_RESTART, PROC_STOPPED, 0, 0},
	{PROC_STARTING, PROC_EV_READY, PROC_RUNNING, 0, 0},
	{PROC_STARTING, PROC_EV_RESTART, PROC_STOPPING, 0, SIGTERM},
	{PROC_RUNNING, PROC_EV_READY, PROC_RUNNING, 0, 0},
	{PROC_RUNNING, PROC_EV_RESTART, PROC_STOPPING, 0, SIGTERM},
	{PROC_BACKOFF, PROC_EV_READY, PROC_BACKOFF, 0, 0},
	{PROC_BACKOFF, PROC_EV_RESTART, PROC_BACKOFF, 0, 0},
	{PROC_STOPPING, PROC_EV_READY, PROC_STOPPING, 0, 0},
	{PROC_STOPPING, PROC_EV_RESTART, PROC_STOPPING, 0, 0},
	{PROC_EXITED, PROC_EV_READY, PROC_EXITED, 0, 0},
	{PROC_EXITED, PROC_EV_RESTART, PROC_EXITED, 0, 0},
	{PROC_FATAL, PROC_EV_READY, PROC_FATAL, 0, 0},
	{PROC_FATAL, PROC_EV_RESTART, PROC_FATAL, 0, 0},
	{PROC_UNKNOWN, PROC_EV_READY, PROC_UNKNOWN, 0, 0},
	{PROC_UNKNOWN, PROC_EV_RESTART, PROC_UNKNOWN, 0, 0},
};

struct world {
	TALLOC_CTX *mem;
	struct ev_ring ring;
	struct ev_sub sub;
	struct conf_proc cf;
	struct proc p;
};

static int setup(void **state)
{
	struct world *w;

	leak_fixture_mark = leak_mark();
	w = talloc_zero(NULL, struct world);
	assert_non_null(w);
	w->mem = w;
	fake_reset();
	assert_int_equal(ev_ring_init(&w->ring, w, 64, 4096), 0);
	ev_subscribe(&w->ring, &w->sub, false);
	fake_proc(&w->cf, w, "x", NULL);
	proc_init(&w->p, &w->cf, NULL, &w->ring, 7);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	proc_fini(&w->p);
	talloc_free(w);
	leak_check(NULL, leak_fixture_mark);
	return 0;
}

/* P put in state S as the machine would have left it there. */
static void put_in(struct proc *p, enum proc_state s)
{
	int64_t now = fake.now;

	p->state = s;
	p->pid = 0;
	p->deadline = -1;
	p->laststart = now - 60000;
	switch (s) {
	case PROC_STARTING:
		p->pid = 500;
		p->laststart = now;
		p->deadline = now + p->cf->startsecs + 1;
		break;
	case PROC_RUNNING:
	case PROC_UNKNOWN: p->pid = 500; break;
	case PROC_BACKOFF:
		p->backoff = 1;
		p->deadline = now + 1000;
		break;
	case PROC_STOPPING:
		p->pid = 500;
		p->kill_at = now + p->cf->stopwait;
		p->deadline = now + 2000;
		break;
	default: break;
	}
}

static void fire(struct proc *p, enum proc_event ev)
{
	if (ev == PROC_EV_TIMER) {
		/* past every deadline a state sets: startsecs, backoff, kill_at */
		fake.now += p->cf->stopwait + 1;
	} else if (ev == PROC_EV_EXIT) {
		fake.now += 10; /* within startsecs */
		p->exitstatus = 0;
		p->pid = 0;
	}
	proc_event(p, ev, fake.now);
}

static void test_every_cell(void **state)
{
	struct world *w = *state;
	size_t i, seen[PROC_NSTATES][PROC_NEVENTS] = {{0}};

	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		const struct cell *c = &cells[i];
		struct ev e;
		bool got;

		fake_reset();
		put_in(&w->p, c->from);
		w->sub.cursor = w->ring.next;
		fire(&w->p, c->ev);
		seen[c->from][c->ev]++;
		if (w->p.state != c->to || fake.spawns != c->spawns
		    || (c->sig ? fake.kills != 1 || fake.kill_sig[0] != c->sig : fake.kills != 0))
			fail_msg("%s x event %d: %s, %u spawns, %u kills (sig %d)",
				 proc_state_name(c->from), c->ev, proc_state_name(w->p.state),
				 fake.spawns, fake.kills, fake.kills ? fake.kill_sig[0] : 0);
		/* every change of state is on the event stream, nothing else */
		got = ev_next(&w->ring, &w->sub, &e);
		if (c->to != c->from) {
			assert_true(got);
			assert_int_equal(e.kind, EV_PROC_STATE);
			assert_int_equal(e.proc, 7);
			assert_int_equal(e.from, c->from);
			while (ev_next(&w->ring, &w->sub, &e))
				;
			assert_int_equal(e.to, c->to);
		} else if (got) {
			fail_msg("%s x event %d: an event without a change",
				 proc_state_name(c->from), c->ev);
		}
	}
	for (i = 0; i < PROC_NSTATES * PROC_NEVENTS; i++)
		assert_int_equal(seen[i / PROC_NEVENTS][i % PROC_NEVENTS], 1);
}

/* startretries 3: the 4th failed start in a row is FATAL. */
static void test_backoff_then_fatal(void **state)
{
	struct world *w = *state;
	unsigned i;

	proc_event(&w->p, PROC_EV_START, fake.now);
	for (i = 1; i <= 4; i++) {
		assert_int_equal(w->p.state, PROC_STARTING);
		fake.now += 10;
		proc_reaped(&w->p, 0, fake.now);
		assert_int_equal(w->p.state, PROC_BACKOFF);
		assert_int_equal(w->p.backoff, i);
		assert_string_equal(w->p.spawnerr,
				    "Exited too quickly (process log may have details)");
		/* the Nth failure waits N seconds */
		fake.now += (int64_t)i * 1000 - 1;
		proc_event(&w->p, PROC_EV_TIMER, fake.now);
		if (i <= 3) {
			assert_int_equal(w->p.state, PROC_BACKOFF);
			fake.now += 1;
			proc_event(&w->p, PROC_EV_TIMER, fake.now);
		}
	}
	assert_int_equal(w->p.state, PROC_FATAL);
	assert_int_equal(fake.spawns, 4);
	assert_non_null(strstr(fake.log, "gave up: x entered FATAL state"));
}

/* Never more than one spawn a second, even for a start asked for. */
static void test_spawn_gap(void **state)
{
	struct world *w = *state;

	w->cf.startsecs = 0;
	proc_event(&w->p, PROC_EV_START, fake.now);
	fake.now += 200;
	proc_reaped(&w->p, 0, fake.now);
	assert_int_equal(w->p.state, PROC_EXITED);
	proc_event(&w->p, PROC_EV_START, fake.now);
	assert_int_equal(fake.spawns, 1);
	assert_true(w->p.start_pending);
	assert_int_equal(w->p.deadline, fake.now + 800);
	fake.now += 800;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(fake.spawns, 2);
	assert_int_equal(w->p.state, PROC_STARTING);
}

/* SIGTERM, "waiting for" every 2 s, SIGKILL at stopwait, again each
 * stopwait until reaped. */
static void test_stop_escalation(void **state)
{
	struct world *w = *state;

	put_in(&w->p, PROC_RUNNING);
	proc_event(&w->p, PROC_EV_STOP, fake.now);
	assert_int_equal(fake.kills, 1);
	fake.now += 2000;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(fake.kills, 1);
	assert_non_null(strstr(fake.log, "waiting for x to stop"));
	fake.now += 8000;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(fake.kills, 2);
	assert_int_equal(fake.kill_sig[1], SIGKILL);
	assert_int_equal(fake.kill_pid[1], 500);
	fake.now += 5;
	proc_reaped(&w->p, SIGKILL, fake.now);
	assert_int_equal(w->p.state, PROC_STOPPED);
	assert_non_null(strstr(fake.log, "stopped: x (terminated by SIGKILL)"));
}

/* A kill that fails for another reason than "no such process". */
static void test_kill_fails_unknown(void **state)
{
	struct world *w = *state;

	put_in(&w->p, PROC_RUNNING);
	fake.kill_fails = true;
	proc_event(&w->p, PROC_EV_STOP, fake.now);
	assert_int_equal(w->p.state, PROC_UNKNOWN);
	proc_reaped(&w->p, 0, fake.now + 1);
	assert_int_equal(w->p.state, PROC_STOPPED);
}

static void test_spawn_error_backoff(void **state)
{
	struct world *w = *state;

	fake.spawn_fails = true;
	proc_event(&w->p, PROC_EV_START, fake.now);
	assert_int_equal(w->p.state, PROC_BACKOFF);
	assert_string_equal(w->p.spawnerr, "can't find command '/bin/true'");
	assert_non_null(strstr(fake.log, "spawnerr: can't find command"));
}

/* With ready: RUNNING waits for READY, not startsecs; not ready within
 * the timeout is a stop, then a failed start. */
static void test_ready_timeout(void **state)
{
	struct world *w = *state;

	w->cf.ready.kind = TABLE_PROBE_NOTIFY;
	w->cf.ready.timeout = 5000;
	proc_event(&w->p, PROC_EV_START, fake.now);
	assert_int_equal(w->p.deadline, fake.now + 5000);
	fake.now += w->cf.startsecs + 1;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(w->p.state, PROC_STARTING);
	fake.now += 5000;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(w->p.state, PROC_STOPPING);
	assert_int_equal(fake.kill_sig[0], SIGTERM);
	assert_non_null(strstr(fake.log, "not ready: x within 5 seconds (timeout)"));
	proc_reaped(&w->p, SIGTERM, fake.now);
	assert_int_equal(w->p.state, PROC_BACKOFF);
	assert_int_equal(w->p.backoff, 1);
	assert_string_equal(w->p.spawnerr, "not ready within 5 seconds");
}

/* With ready, an exit after startsecs but before ready fails the start;
 * READY makes it RUNNING and resets the failures. */
static void test_ready_rules(void **state)
{
	struct world *w = *state;

	w->cf.ready.kind = TABLE_PROBE_NOTIFY;
	w->cf.ready.timeout = 60000;
	proc_event(&w->p, PROC_EV_START, fake.now);
	fake.now += 3000;
	proc_reaped(&w->p, 0, fake.now);
	assert_int_equal(w->p.state, PROC_BACKOFF);
	fake.now += 1000;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(w->p.state, PROC_STARTING);
	proc_event(&w->p, PROC_EV_READY, fake.now);
	assert_int_equal(w->p.state, PROC_RUNNING);
	assert_int_equal(w->p.backoff, 0);
	assert_int_equal(w->p.deadline, -1);
	assert_non_null(
		strstr(fake.log, "success: x entered RUNNING state, process is ready (notify)"));
}

/* RESTART (unhealthy): the stop sequence, then a start whatever
 * autorestart says; a client's stop meanwhile wins. */
static void test_restart(void **state)
{
	struct world *w = *state;

	w->cf.autorestart = CONF_RESTART_FALSE;
	put_in(&w->p, PROC_RUNNING);
	proc_event(&w->p, PROC_EV_RESTART, fake.now);
	assert_int_equal(w->p.state, PROC_STOPPING);
	proc_reaped(&w->p, SIGTERM, fake.now);
	assert_int_equal(w->p.state, PROC_STARTING);
	assert_int_equal(fake.spawns, 1);

	put_in(&w->p, PROC_RUNNING);
	proc_event(&w->p, PROC_EV_RESTART, fake.now);
	proc_event(&w->p, PROC_EV_STOP, fake.now);
	proc_reaped(&w->p, SIGTERM, fake.now);
	assert_int_equal(w->p.state, PROC_STOPPED);
	assert_int_equal(fake.spawns, 1);
}

/* essential: an exit autorestart will not restart gives its status; FATAL
 * gives 1; a stop or a restart gives nothing. */
static void test_essential(void **state)
{
	struct world *w = *state;
	int status = -1;

	w->cf.essential = true;
	w->cf.autorestart = CONF_RESTART_FALSE;
	w->p.essential_exit = &status;
	put_in(&w->p, PROC_RUNNING);
	proc_event(&w->p, PROC_EV_STOP, fake.now);
	proc_reaped(&w->p, SIGTERM, fake.now);
	assert_int_equal(status, -1);
	put_in(&w->p, PROC_RUNNING);
	proc_reaped(&w->p, 7 << 8, fake.now);
	assert_int_equal(status, 7);
	assert_non_null(strstr(fake.log, "essential process x is gone (exit status 7)"));
	status = -1;
	put_in(&w->p, PROC_RUNNING);
	proc_reaped(&w->p, SIGSEGV, fake.now);
	assert_int_equal(status, 128 + SIGSEGV);
	status = -1;
	put_in(&w->p, PROC_BACKOFF);
	w->p.backoff = w->cf.startretries + 1;
	fake.now += 10000;
	proc_event(&w->p, PROC_EV_TIMER, fake.now);
	assert_int_equal(w->p.state, PROC_FATAL);
	assert_int_equal(status, 1);
}

/* autorestart true: an exit from RUNNING spawns again. */
static void test_autorestart(void **state)
{
	struct world *w = *state;

	w->cf.autorestart = CONF_RESTART_UNEXPECTED;
	put_in(&w->p, PROC_RUNNING);
	proc_reaped(&w->p, 0, fake.now); /* expected: stays down */
	assert_int_equal(w->p.state, PROC_EXITED);
	assert_int_equal(fake.spawns, 0);
	put_in(&w->p, PROC_RUNNING);
	proc_reaped(&w->p, 1 << 8, fake.now); /* exit status 1: not expected */
	assert_int_equal(w->p.state, PROC_STARTING);
	assert_int_equal(fake.spawns, 1);
	assert_string_equal(w->p.spawnerr, "");
}

/* ---- the set of processes ---- */

struct sworld {
	struct ev_ring ring;
	struct loop loop;
	struct sup sup;
};

static int ssetup(void **state)
{
	struct sworld *w;

	leak_fixture_mark = leak_mark();
	fake_reset();
	w = talloc_zero(NULL, struct sworld);
	assert_int_equal(ev_ring_init(&w->ring, w, 256, 4096), 0);
	*state = w;
	return 0;
}

static int steardown(void **state)
{
	struct sworld *w = *state;
	size_t i;

	if (w->sup.conf) {
		for (i = 0; i < w->sup.conf->nprocs; i++)
			proc_fini(w->sup.procs[i]);
	}
	talloc_free(w);
	leak_check(NULL, leak_fixture_mark);
	return 0;
}

static int64_t pass(struct sworld *w)
{
	return sup_pass(&w->sup, fake.now);
}

/* Every spawned process is promoted: the clock past startsecs, a pass. */
static void promote_all(struct sworld *w)
{
	fake.now += 1001;
	pass(w);
}

static struct proc *named(struct sworld *w, const char *name)
{
	struct proc *p = sup_find(&w->sup, name);

	assert_non_null(p);
	return p;
}

/* c after b after a; d has the lowest priority and no dependency. Each
 * starts once what it is after is RUNNING; d starts first by priority. */
static void test_start_order(void **state)
{
	static const char *const names[] = {"c", "b", "a", "d"};
	struct sworld *w = *state;
	struct conf *c = fake_conf(w, 4, names);

	fake_after(c, 0, 1);
	fake_after(c, 1, 2);
	c->procs[3].priority = 1;
	fake_order(c);
	sup_init(&w->sup, w, &w->loop, &w->ring, "/nonexistent.svct", c);
	pass(w);
	assert_int_equal(fake.spawns, 2);
	assert_string_equal(fake.spawned[0], "d");
	assert_string_equal(fake.spawned[1], "a");
	assert_int_equal(named(w, "b")->state, PROC_STOPPED);
	promote_all(w);
	assert_int_equal(named(w, "a")->state, PROC_RUNNING);
	assert_int_equal(fake.spawns, 3);
	assert_string_equal(fake.spawned[2], "b");
	promote_all(w);
	assert_int_equal(fake.spawns, 4);
	assert_string_equal(fake.spawned[3], "c");
}

/* Shutdown stops in reverse, one priority layer at a time: c first, b
 * once c is down, a once b is. */
static void test_reverse_stop(void **state)
{
	static const char *const names[] = {"a", "b", "c"};
	struct sworld *w = *state;
	struct conf *c = fake_conf(w, 3, names);
	unsigned k;

	fake_after(c, 2, 1);
	fake_after(c, 1, 0);
	c->procs[0].priority = 1;
	c->procs[1].priority = 2;
	c->procs[2].priority = 3;
	fake_order(c);
	sup_init(&w->sup, w, &w->loop, &w->ring, "/nonexistent.svct", c);
	pass(w);
	promote_all(w);
	promote_all(w);
	promote_all(w);
	assert_int_equal(named(w, "c")->state, PROC_RUNNING);
	k = fake.kills;
	sup_shutdown(&w->sup);
	pass(w);
	assert_int_equal(fake.kills, k + 1);
	assert_int_equal(fake.kill_pid[k], named(w, "c")->pid);
	sup_reaped(&w->sup, named(w, "c")->pid, 0, fake.now);
	pass(w);
	assert_int_equal(fake.kills, k + 2);
	assert_int_equal(fake.kill_pid[k + 1], named(w, "b")->pid);
	assert_false(sup_done(&w->sup));
	sup_reaped(&w->sup, named(w, "b")->pid, 0, fake.now);
	pass(w);
	assert_int_equal(fake.kill_pid[k + 2], named(w, "a")->pid);
	sup_reaped(&w->sup, named(w, "a")->pid, 0, fake.now);
	pass(w);
	assert_true(sup_done(&w->sup));
}

/* {a, b, d} to {a, b', c}: a kept (same struct, same pid), b changed
 * (stopped, then started again once down), c added, d removed; and the
 * group report reloadConfig gives for the same two tables. */
static void test_reload_diff(void **state)
{
	static const char *const one[] = {"a", "b", "d"}, *const two[] = {"a", "b", "c"};
	struct sworld *w = *state;
	struct conf *c1 = fake_conf(w, 3, one), *c2 = fake_conf(w, 3, two);
	struct sup_group_change ch[8];
	struct proc *a, *b;
	pid_t apid, bpid, dpid;
	size_t n;

	fake_order(c1);
	c2->procs[1].argv[0] = talloc_strdup(c2, "/bin/false");
	fake_order(c2);
	sup_init(&w->sup, w, &w->loop, &w->ring, "/nonexistent.svct", c1);
	pass(w);
	promote_all(w);
	a = named(w, "a");
	b = named(w, "b");
	apid = a->pid;
	bpid = b->pid;
	dpid = named(w, "d")->pid;
	n = sup_group_changes(&w->sup, c2, ch);
	assert_int_equal(n, 3);
	assert_string_equal(ch[0].group, "b");
	assert_int_equal(ch[0].change, SUP_CHANGED);
	assert_string_equal(ch[1].group, "c");
	assert_int_equal(ch[1].change, SUP_ADDED);
	assert_string_equal(ch[2].group, "d");
	assert_int_equal(ch[2].change, SUP_REMOVED);

	sup_reload(&w->sup, c2, fake.now);
	assert_ptr_equal(named(w, "a"), a);
	assert_int_equal(a->pid, apid);
	assert_ptr_not_equal(named(w, "b"), b);
	assert_true(named(w, "b")->wait_old);
	assert_null(sup_find(&w->sup, "d"));
	assert_non_null(strstr(fake.log, "reload: 'b' changed"));
	assert_non_null(strstr(fake.log, "reload: 'c' added"));
	assert_non_null(strstr(fake.log, "reload: 'd' removed"));
	pass(w);
	/* the old b is being stopped; the new one waits for it */
	assert_int_equal(named(w, "b")->state, PROC_STOPPED);
	sup_reaped(&w->sup, bpid, 0, fake.now);
	sup_reaped(&w->sup, dpid, 0, fake.now);
	pass(w);
	pass(w);
	assert_int_equal(named(w, "b")->state, PROC_STARTING);
	assert_int_equal(w->sup.nretired, 0);
}

/* What a client asks: start and stop with their outcomes, groups taken
 * out and added back. */
static void test_requests(void **state)
{
	static const char *const names[] = {"a", "b"};
	struct sworld *w = *state;
	struct conf *c = fake_conf(w, 2, names);
	char err[256];
	struct proc *a;

	c->procs[0].autostart = false;
	c->procs[1].autostart = false;
	fake_order(c);
	sup_init(&w->sup, w, &w->loop, &w->ring, "/nonexistent.svct", c);
	pass(w);
	a = named(w, "a");
	assert_int_equal(sup_stop(&w->sup, a, fake.now, err, sizeof(err)), SUP_NOT_RUNNING);
	assert_int_equal(sup_start(&w->sup, a, fake.now, err, sizeof(err)), SUP_OK);
	assert_int_equal(a->state, PROC_STARTING);
	assert_int_equal(sup_start(&w->sup, a, fake.now, err, sizeof(err)), SUP_ALREADY_STARTED);
	assert_int_equal(sup_signal(&w->sup, a, SIGUSR1, err, sizeof(err)), SUP_OK);
	assert_int_equal(fake.kill_sig[fake.kills - 1], SIGUSR1);
	assert_int_equal(sup_remove_group(&w->sup, "a"), SUP_STILL_RUNNING);
	assert_int_equal(sup_stop(&w->sup, a, fake.now, err, sizeof(err)), SUP_OK);
	assert_int_equal(a->state, PROC_STOPPING);
	sup_reaped(&w->sup, a->pid, 0, fake.now);
	assert_int_equal(sup_remove_group(&w->sup, "a"), SUP_OK);
	assert_false(sup_group_active(&w->sup, "a"));
	assert_int_equal(sup_remove_group(&w->sup, "a"), SUP_BAD_NAME);
	assert_int_equal(sup_add_group(&w->sup, "b", fake.now), SUP_ALREADY_ADDED);
	assert_int_equal(sup_add_group(&w->sup, "zz", fake.now), SUP_BAD_NAME);
	assert_int_equal(sup_add_group(&w->sup, "a", fake.now), SUP_OK);
	assert_true(sup_group_active(&w->sup, "a"));
	/* a missing command is refused before anything changes */
	named(w, "b")->cf->argv[0][1] = 'X';
	assert_int_equal(sup_start(&w->sup, named(w, "b"), fake.now, err, sizeof(err)),
			 SUP_NO_FILE);
	assert_int_equal(named(w, "b")->state, PROC_STOPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_then_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_escalation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_fails_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_error_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_autorestart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ready_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ready_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_essential, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_order, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_reverse_stop, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_reload_diff, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_requests, ssetup, steardown),
	};

	atexit(leak_untrack);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
