/* The XML-RPC methods called without a socket: an engine with faked
 * children (engine_fake.h), the view and the wait slots, and calls made as
 * the endpoint makes them. Each checks the value or fault supervisord
 * would give and what the engine did. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fake.h"
#include "control/methods.h"
#include "control/rpc.h"
#include "leak.h"

struct world {
	struct ev_ring ring;
	struct loop loop;
	struct sup sup;
	struct view view;
	struct ops ops;
	struct rpc *rpc;
	struct xr_value params; /* an array of up to 4 */
	struct xr_value args[4];
};

static int setup(void **state)
{
	static const char *const names[] = {"web", "w1", "w2"};
	struct http_limits lim = HTTP_DEFAULT_LIMITS;
	struct world *w;
	struct conf *c;

	leak_fixture_mark = leak_mark();
	fake_reset();
	w = talloc_zero(NULL, struct world);
	assert_non_null(w);
	assert_int_equal(ev_ring_init(&w->ring, w, 256, 4096), 0);
	c = fake_conf(w, 3, names);
	c->procs[1].group = c->procs[2].group = "workers";
	c->procs[2].autostart = false;
	fake_order(c);
	sup_init(&w->sup, w, &w->loop, &w->ring, "/nonexistent.svct", c);
	assert_int_equal(view_init(&w->view, w, &w->sup), 0);
	assert_int_equal(ops_init(&w->ops, w, &w->sup, &w->view, NULL, &lim), 0);
	w->rpc = rpc_new(w, &w->sup, &w->view, &w->ops, &lim);
	assert_non_null(w->rpc);
	sup_pass(&w->sup, fake.now);
	fake.now += 1001;
	sup_pass(&w->sup, fake.now); /* web and w1 RUNNING */
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	size_t i;

	for (i = 0; i < w->sup.conf->nprocs; i++)
		proc_fini(w->sup.procs[i]);
	talloc_free(w);
	leak_check(NULL, leak_fixture_mark);
	return 0;
}

/* Calls M with string or int arguments ("s:web", "i:0"), as the endpoint
 * would after parsing. */
static struct op_res call(struct world *w, rpc_method *m, int n, ...)
{
	struct rpc_call x = {.r = w->rpc, .w = &w->ops.waits[0], .now = fake.now};
	struct op_res res = {0};
	va_list ap;
	int i;

	xr_arena_reset(&w->rpc->arena);
	memset(&w->params, 0, sizeof(w->params));
	w->params.type = XR_ARRAY;
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *a = va_arg(ap, const char *);
		struct xr_value *v = &w->args[i];

		memset(v, 0, sizeof(*v));
		if (a[0] == 'i') {
			v->type = XR_INT;
			v->u.i = atoll(a + 2);
		} else {
			v->type = XR_STRING;
			v->u.str.s = a + 2;
			v->u.str.len = strlen(a + 2);
		}
		if (i > 0)
			w->args[i - 1].next = v;
	}
	va_end(ap);
	w->params.u.list.first = n ? &w->args[0] : NULL;
	w->params.u.list.last = n ? &w->args[n - 1] : NULL;
	w->params.u.list.n = (size_t)n;
	x.params = &w->params;
	x.nparams = (size_t)n;
	op_clear(x.w);
	m(&x, &res);
	return res;
}

static pid_t named_pid(struct world *w, const char *name)
{
	struct proc *p = sup_find(&w->sup, name);

	assert_non_null(p);
	return p->pid;
}

static const char *member_str(struct xr_value *st, const char *name)
{
	struct xr_value *v = xr_get(st, name);

	assert_non_null(v);
	return v->u.str.s;
}

static void test_process_info(void **state)
{
	struct world *w = *state;
	struct op_res r = call(w, m_all_process_info, 0);
	struct xr_value *v;

	assert_int_equal(r.fault, 0);
	assert_int_equal(r.v->u.list.n, 3);
	/* sorted by group, then name */
	v = xr_at(r.v, 0);
	assert_string_equal(member_str(v, "name"), "web");
	assert_string_equal(member_str(v, "statename"), "RUNNING");
	v = xr_at(r.v, 1);
	assert_string_equal(member_str(v, "group"), "workers");
	assert_string_equal(member_str(v, "name"), "w1");
	assert_string_equal(member_str(xr_at(r.v, 2), "statename"), "STOPPED");
	assert_string_equal(member_str(xr_at(r.v, 2), "description"), "Not started");

	r = call(w, m_process_info, 1, "s:workers:w1");
	assert_int_equal(r.fault, 0);
	assert_int_equal(xr_get(r.v, "pid")->u.i, named_pid(w, "w1"));
	r = call(w, m_process_info, 1, "s:w1");
	assert_int_equal(r.fault, XR_BAD_NAME);
	assert_string_equal(r.text, "BAD_NAME: w1");
	r = call(w, m_process_info, 0);
	assert_int_equal(r.fault, XR_INCORRECT_PARAMETERS);
}

static void test_start_stop(void **state)
{
	struct world *w = *state;
	struct proc *p = sup_find(&w->sup, "w2");
	struct op_res r;

	r = call(w, m_start_process, 2, "s:workers:w2", "i:0");
	assert_int_equal(r.fault, 0);
	assert_true(r.v->u.i);
	assert_int_equal(p->state, PROC_STARTING);
	r = call(w, m_start_process, 1, "s:workers:w2");
	assert_int_equal(r.fault, XR_ALREADY_STARTED);
	/* stop with wait: the slot waits until the engine reaps the child */
	r = call(w, m_stop_process, 1, "s:workers:w2");
	assert_true(r.wait);
	assert_int_equal(p->state, PROC_STOPPING);
	memset(&r, 0, sizeof(r));
	assert_false(op_check(&w->ops, &w->ops.waits[0], &r));
	sup_reaped(&w->sup, p->pid, 0, fake.now);
	assert_true(op_check(&w->ops, &w->ops.waits[0], &r));
	assert_int_equal(r.fault, 0);
	assert_true(r.v->u.i);
	r = call(w, m_stop_process, 1, "s:workers:w2");
	assert_int_equal(r.fault, XR_NOT_RUNNING);
}

/* A group's stop answers with one result struct a process, encoded in
 * the wait's early list; the engine stopped exactly the group. */
static void test_group_stop(void **state)
{
	struct world *w = *state;
	unsigned kills = fake.kills;
	struct op_res r = call(w, m_stop_group, 2, "s:workers", "i:0");
	struct op_wait *slot = &w->ops.waits[0];

	assert_int_equal(r.fault, 0);
	assert_false(r.wait);
	assert_null(r.v);
	assert_int_equal(fake.kills, kills + 1);
	assert_int_equal(fake.kill_pid[kills], named_pid(w, "w1"));
	assert_non_null(memmem(slot->early.data, slot->early.len, "<string>w1</string>", 19));
	assert_non_null(memmem(slot->early.data, slot->early.len, "<string>OK</string>", 19));
	r = call(w, m_stop_group, 1, "s:nogroup");
	assert_int_equal(r.fault, XR_BAD_NAME);
}

static void test_signal(void **state)
{
	struct world *w = *state;
	struct op_res r = call(w, m_signal_process, 2, "s:web", "s:HUP");

	assert_int_equal(r.fault, 0);
	assert_int_equal(fake.kill_sig[fake.kills - 1], SIGHUP);
	r = call(w, m_signal_process, 2, "s:web", "s:SIGUSR2");
	assert_int_equal(fake.kill_sig[fake.kills - 1], SIGUSR2);
	r = call(w, m_signal_process, 2, "s:web", "s:BOGUS");
	assert_int_equal(r.fault, XR_BAD_SIGNAL);
	r = call(w, m_signal_process, 2, "s:workers:w2", "s:HUP");
	assert_int_equal(r.fault, XR_NOT_RUNNING);
}

/* removeProcessGroup needs the group down; it is then gone from every
 * view until addProcessGroup brings it back and starts its autostarts. */
static void test_remove_add_group(void **state)
{
	struct world *w = *state;
	struct proc *w1 = sup_find(&w->sup, "w1");
	struct op_res r = call(w, m_remove_group, 1, "s:workers");

	assert_int_equal(r.fault, XR_STILL_RUNNING);
	call(w, m_stop_group, 2, "s:workers", "i:0");
	sup_reaped(&w->sup, w1->pid, 0, fake.now);
	r = call(w, m_remove_group, 1, "s:workers");
	assert_int_equal(r.fault, 0);
	r = call(w, m_all_process_info, 0);
	assert_int_equal(r.v->u.list.n, 1);
	r = call(w, m_process_info, 1, "s:workers:w1");
	assert_int_equal(r.fault, XR_BAD_NAME);
	r = call(w, m_start_group, 1, "s:workers");
	assert_int_equal(r.fault, XR_BAD_NAME);
	fake.now += 2000;
	sup_pass(&w->sup, fake.now);
	assert_int_equal(w1->state, PROC_STOPPED); /* hidden: never started */
	r = call(w, m_add_group, 1, "s:workers");
	assert_int_equal(r.fault, 0);
	r = call(w, m_add_group, 1, "s:workers");
	assert_int_equal(r.fault, XR_ALREADY_ADDED);
	sup_pass(&w->sup, fake.now);
	assert_int_equal(w1->state, PROC_STARTING);
	assert_int_equal(sup_find(&w->sup, "w2")->state, PROC_STOPPED);
}

static void test_shutdown(void **state)
{
	struct world *w = *state;
	struct op_res r = call(w, m_shutdown, 0);

	assert_int_equal(r.fault, 0);
	assert_true(w->sup.shutdown);
	assert_non_null(strstr(fake.log, "shutdown requested by a client"));
	r = call(w, m_all_process_info, 0);
	assert_int_equal(r.fault, XR_SHUTDOWN_STATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_process_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_add_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
	};

	atexit(leak_untrack);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
