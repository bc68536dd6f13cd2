/* The XML-RPC methods on processes: their info, start and stop (of one,
 * a group or all, waiting or not) and signals. */
#include "methods.h"

#include "common/signame.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void m_process_info(struct rpc_call *x, struct op_res *res)
{
	const char *ns;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(ns = rpc_str_arg(x, 0, res)))
		return;
	p = view_lookup(x->r->view, ns);
	if (!p) {
		op_fault(res, XR_BAD_NAME, ns);
		return;
	}
	res->v = rpc_info(&x->r->arena, p);
}

void m_all_process_info(struct rpc_call *x, struct op_res *res)
{
	struct proc **procs;
	size_t n, i;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res) || rpc_stream_info(x, res))
		return;
	n = view_sorted(x->r->view, &procs);
	res->v = xr_array(&x->r->arena);
	for (i = 0; i < n; i++)
		xr_append(&x->r->arena, res->v, rpc_info(&x->r->arena, procs[i]));
}

/* startProcess / stopProcess on a group or everything: NS NULL is all. */
static void rpc_many(struct rpc_call *x, const char *group, enum op_kind kind, bool wait,
		     struct op_res *res)
{
	struct op_wait *w = x->w;
	struct proc **procs;
	size_t n;

	n = view_ordered(x->r->view, group, &procs);
	op_clear(w);
	w->kind = kind;
	w->group = true;
	/* the view's array is reused by the calls below: copy first */
	{
		struct proc **copy = xr_alloc(&x->r->arena, (n + 1) * sizeof(*copy));

		if (!copy)
			return;
		memcpy(copy, procs, n * sizeof(*copy));
		if (op_apply_all(x->r->ops, x->w, copy, n, kind, wait, x->now)) {
			res->wait = true;
			return;
		}
	}
	op_check(x->r->ops, w, res);
	res->v = NULL; /* the early list is the answer */
	res->wait = false;
}

static void m_start(struct rpc_call *x, struct op_res *res, bool stop)
{
	char group[256];
	const char *ns;
	struct proc *p;
	bool wait, waiting;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 2, res) || !(ns = rpc_str_arg(x, 0, res))
	    || !rpc_bool_arg(x, 1, &wait, res)
	    || !rpc_resolve(x->r, ns, &p, group, sizeof(group), res))
		return;
	if (!p) {
		rpc_many(x, group, stop ? W_STOP : W_START, wait, res);
		return;
	}
	if ((stop ? op_stop_one : op_start_one)(x->r->ops, p, ns, wait, &waiting, res, x->now))
		return;
	if (!waiting) {
		res->v = xr_bool(&x->r->arena, true);
		return;
	}
	op_clear(x->w);
	x->w->kind = stop ? W_STOP : W_START;
	snprintf(x->w->name, sizeof(x->w->name), "%s", ns);
	op_add(x->r->ops, x->w, p);
	res->wait = true;
}

void m_start_process(struct rpc_call *x, struct op_res *res)
{
	m_start(x, res, false);
}

void m_stop_process(struct rpc_call *x, struct op_res *res)
{
	m_start(x, res, true);
}

static void m_group(struct rpc_call *x, struct op_res *res, bool stop)
{
	const char *g;
	bool wait;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 2, res) || !(g = rpc_str_arg(x, 0, res))
	    || !rpc_bool_arg(x, 1, &wait, res))
		return;
	if (!sup_group_active(x->r->sup, g)) {
		op_fault(res, XR_BAD_NAME, g);
		return;
	}
	rpc_many(x, g, stop ? W_STOP : W_START, wait, res);
}

void m_start_group(struct rpc_call *x, struct op_res *res)
{
	m_group(x, res, false);
}

void m_stop_group(struct rpc_call *x, struct op_res *res)
{
	m_group(x, res, true);
}

static void m_all(struct rpc_call *x, struct op_res *res, bool stop)
{
	bool wait;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 1, res) || !rpc_bool_arg(x, 0, &wait, res))
		return;
	rpc_many(x, NULL, stop ? W_STOP : W_START, wait, res);
}

void m_start_all(struct rpc_call *x, struct op_res *res)
{
	m_all(x, res, false);
}

void m_stop_all(struct rpc_call *x, struct op_res *res)
{
	m_all(x, res, true);
}

static int rpc_signal_one(struct rpc_call *x, struct proc *p, int sig, const char *ns,
			  struct op_res *res)
{
	char err[128] = "";
	enum sup_outcome rc = sup_signal(x->r->sup, p, sig, err, sizeof(err));

	if (rc != SUP_OK)
		op_fault(res, op_code(rc), rc == SUP_FAILED ? err : ns);
	return res->fault;
}

static void rpc_signal_many(struct rpc_call *x, const char *group, const char *signame,
			    struct op_res *res)
{
	struct xr_arena *a = &x->r->arena;
	int sig = signame_number(signame, SIGNAME_LOOSE);
	struct proc **procs;
	size_t n, i;

	n = view_ordered(x->r->view, group, &procs);
	res->v = xr_array(a);
	for (i = 0; i < n; i++) {
		struct op_res one = {0};
		char ns[300];

		if (procs[i]->state != PROC_RUNNING && procs[i]->state != PROC_STARTING
		    && procs[i]->state != PROC_STOPPING)
			continue;
		conf_namespec(procs[i]->cf, ns, sizeof(ns));
		if (sig < 0)
			op_fault(&one, XR_BAD_SIGNAL, signame);
		else
			rpc_signal_one(x, procs[i], sig, ns, &one);
		xr_append(a, res->v,
			  op_result(a, procs[i], one.fault ? one.fault : XR_SUCCESS,
				    one.fault ? one.text : "OK"));
	}
}

void m_signal_process(struct rpc_call *x, struct op_res *res)
{
	char group[256];
	const char *ns, *sig;
	struct proc *p;
	int n;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !(ns = rpc_str_arg(x, 0, res))
	    || !(sig = rpc_str_arg(x, 1, res))
	    || !rpc_resolve(x->r, ns, &p, group, sizeof(group), res))
		return;
	if (!p) {
		rpc_signal_many(x, group, sig, res);
		return;
	}
	n = signame_number(sig, SIGNAME_LOOSE);
	if (n < 0) {
		op_fault(res, XR_BAD_SIGNAL, sig);
		return;
	}
	if (rpc_signal_one(x, p, n, ns, res) == 0)
		res->v = xr_bool(&x->r->arena, true);
}

void m_signal_group(struct rpc_call *x, struct op_res *res)
{
	const char *g, *sig;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !(g = rpc_str_arg(x, 0, res))
	    || !(sig = rpc_str_arg(x, 1, res)))
		return;
	if (!sup_group_active(x->r->sup, g)) {
		op_fault(res, XR_BAD_NAME, g);
		return;
	}
	rpc_signal_many(x, g, sig, res);
}

void m_signal_all(struct rpc_call *x, struct op_res *res)
{
	const char *sig;

	if (rpc_up(x, res) && rpc_nargs(x, 1, 1, res) && (sig = rpc_str_arg(x, 0, res)))
		rpc_signal_many(x, NULL, sig, res);
}

/* supervisord writes what it is given to the child's stdin at once and
 * keeps the rest; svcd keeps nothing of a child's input, so what the pipe
 * cannot take now is refused whole (proc_write_stdin). */
void m_send_stdin(struct rpc_call *x, struct op_res *res)
{
	char group[256];
	const char *ns, *chars;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !(ns = rpc_str_arg(x, 0, res))
	    || !(chars = rpc_str_arg(x, 1, res)))
		return;
	if (!*ns) {
		op_fault(res, XR_BAD_NAME, ns);
		return;
	}
	if (!rpc_resolve(x->r, ns, &p, group, sizeof(group), res))
		return;
	if (!p) {
		op_fault(res, XR_BAD_NAME, ns);
		return;
	}
	if (!p->pid || p->state == PROC_STOPPING) {
		op_fault(res, XR_NOT_RUNNING, ns);
		return;
	}
	if (proc_write_stdin(p, chars, strlen(chars)) < 0) {
		if (errno == EAGAIN)
			op_fault(res, XR_FAILED, "its standard input is full");
		else
			op_fault(res, XR_NO_FILE, ns);
		return;
	}
	res->v = xr_bool(&x->r->arena, true);
}
