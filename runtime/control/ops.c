/* The waits. A wait records the processes it waits for; op_check looks at
 * them only after the engine published a change, and never after a reload
 * freed them (op_stale). */
#include "ops.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define OPS_BASE (16u << 10) /* a slot's group results before they allocate */

void op_fault(struct op_res *res, int code, const char *detail)
{
	res->fault = code;
	if (detail)
		snprintf(res->text, sizeof(res->text), "%s: %.280s", xr_fault_name(code), detail);
	else
		snprintf(res->text, sizeof(res->text), "%s", xr_fault_name(code));
}

int op_code(enum sup_outcome o)
{
	static const int codes[] = {
		[SUP_OK] = XR_SUCCESS,
		[SUP_BAD_NAME] = XR_BAD_NAME,
		[SUP_NO_FILE] = XR_NO_FILE,
		[SUP_NOT_EXECUTABLE] = XR_NOT_EXECUTABLE,
		[SUP_ALREADY_STARTED] = XR_ALREADY_STARTED,
		[SUP_NOT_RUNNING] = XR_NOT_RUNNING,
		[SUP_SPAWN_ERROR] = XR_SPAWN_ERROR,
		[SUP_FAILED] = XR_FAILED,
		[SUP_ALREADY_ADDED] = XR_ALREADY_ADDED,
		[SUP_STILL_RUNNING] = XR_STILL_RUNNING,
		[SUP_SHUTTING_DOWN] = XR_SHUTDOWN_STATE,
		[SUP_CANT_REREAD] = XR_CANT_REREAD,
	};

	return (size_t)o < sizeof(codes) / sizeof(codes[0]) ? codes[o] : XR_FAILED;
}

static int ops_owner_gone(struct ops **owner)
{
	munmap((*owner)->bases, (*owner)->nbase);
	return 0;
}

/* The results a wait collects start in storage mapped here once, touched
 * only by the slots that use it; a larger answer allocates for itself. */
static int ops_map(struct ops *o)
{
	struct ops **owner;

	o->nbase = (size_t)o->nwaits * 2 * OPS_BASE;
	o->bases = mmap(NULL, o->nbase, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (o->bases == MAP_FAILED) {
		o->bases = NULL;
		return -1;
	}
	/* unmapped with the memory the slots hang off */
	owner = talloc(o->mem, struct ops *);
	if (!owner) {
		munmap(o->bases, o->nbase);
		o->bases = NULL;
		return -1;
	}
	*owner = o;
	talloc_set_destructor(owner, ops_owner_gone);
	return 0;
}

int ops_init(struct ops *o, TALLOC_CTX *mem, struct sup *s, struct view *v, struct xr_arena *a,
	     const struct http_limits *lim)
{
	unsigned i, nconns = lim->maxconns;
	size_t maxout = lim->maxout;

	memset(o, 0, sizeof(*o));
	o->mem = mem;
	o->sup = s;
	o->view = v;
	o->arena = a;
	o->nwaits = nconns;
	o->waits = talloc_zero_array(mem, struct op_wait, nconns);
	if (!o->waits || ops_map(o) < 0)
		return -1;
	for (i = 0; i < nconns; i++) {
		char *base = o->bases + (size_t)i * 2 * OPS_BASE;

		buf_init_base(&o->waits[i].early, mem, base, OPS_BASE, maxout);
		buf_init_base(&o->waits[i].acc, mem, base + OPS_BASE, OPS_BASE, maxout);
		buf_set_pool(&o->waits[i].early, lim->pool);
		buf_set_pool(&o->waits[i].acc, lim->pool);
	}
	return ops_resize(o);
}

/* One block for every slot: it is mapped lazily, so only the slots that
 * wait make pages resident. */
int ops_resize(struct ops *o)
{
	size_t room = o->sup->conf->nprocs + 1, total = room * o->nwaits;
	unsigned i;

	if (o->procs && o->room >= room)
		return 0;
	talloc_free(o->procs);
	talloc_free(o->codes);
	o->procs = talloc_array(o->mem, struct proc *, total);
	o->codes = talloc_array(o->mem, int, total);
	if (!o->procs || !o->codes) {
		o->room = 0;
		return -1;
	}
	o->room = room;
	/* a wait that held processes lost them with the old arrays: it is
	   failed without a look at them (generation 0 is never the engine's) */
	for (i = 0; i < o->nwaits; i++) {
		if (o->waits[i].nprocs > 0)
			o->waits[i].generation = 0;
		o->waits[i].procs = o->procs + (size_t)i * room;
		o->waits[i].codes = o->codes + (size_t)i * room;
	}
	return 0;
}

bool ops_dirty(struct ops *o)
{
	bool d = o->dirty;

	o->dirty = false;
	return d;
}

struct op_wait *ops_slot(struct ops *o, struct http_conn *c)
{
	return &o->waits[http_conn_index(c)];
}

void op_clear(struct op_wait *w)
{
	w->kind = W_NONE;
	w->group = w->multicall = false;
	w->done = NULL;
	w->done_ctx = NULL;
	w->nprocs = 0;
	w->fault = 0;
	buf_release(&w->early, BUF_KEEP);
}

void op_forget(struct op_wait *w)
{
	op_clear(w);
	buf_forget(&w->early);
	buf_forget(&w->acc);
}

void op_add(struct ops *o, struct op_wait *w, struct proc *p)
{
	if (w->nprocs == 0)
		w->generation = o->sup->generation;
	o->dirty = true;
	if (w->nprocs >= o->room)
		return; /* cannot happen: sized for every process on reload */
	w->codes[w->nprocs] = 0;
	w->procs[w->nprocs++] = p;
}

bool op_stale(const struct ops *o, const struct op_wait *w)
{
	return w->kind != W_NONE && w->nprocs > 0 && w->generation != o->sup->generation;
}

/* 0 while P is still on its way, else the call's result code. */
static int op_settled(const struct proc *p, enum op_kind kind)
{
	if (kind == W_STOP)
		return proc_state_stopped(p->state) && !p->start_pending ? XR_SUCCESS : 0;
	if (p->state == PROC_RUNNING)
		return XR_SUCCESS;
	if (p->start_pending || p->state == PROC_STARTING)
		return 0;
	if (p->spawnerr[0])
		return XR_SPAWN_ERROR;
	return XR_ABNORMAL_TERMINATION;
}

/* RES for an engine outcome: the detail is the engine's text, or the
 * name asked for. */
static int op_outcome(enum sup_outcome rc, const char *ns, const char *err, struct op_res *res)
{
	if (rc == SUP_OK)
		return 0;
	op_fault(res, op_code(rc),
		 rc == SUP_NO_FILE || rc == SUP_NOT_EXECUTABLE || rc == SUP_FAILED ? err : ns);
	return res->fault;
}

int op_start_one(struct ops *o, struct proc *p, const char *ns, bool wait, bool *waiting,
		 struct op_res *res, int64_t now)
{
	char err[300] = "";
	int rc = op_outcome(sup_start(o->sup, p, now, err, sizeof(err)), ns, err, res);

	*waiting = rc == 0 && wait && p->state != PROC_RUNNING;
	return rc;
}

int op_stop_one(struct ops *o, struct proc *p, const char *ns, bool wait, bool *waiting,
		struct op_res *res, int64_t now)
{
	char err[300] = "";
	bool pending = p->start_pending;
	int rc = op_outcome(sup_stop(o->sup, p, now, err, sizeof(err)), ns, err, res);

	*waiting = rc == 0 && !pending && wait && !proc_state_stopped(p->state);
	return rc;
}

struct xr_value *op_result(struct xr_arena *a, const struct proc *p, int code, const char *text)
{
	struct xr_value *st = xr_struct(a);

	xr_member(a, st, "name", xr_string(a, p->cf->name));
	xr_member(a, st, "group", xr_string(a, p->cf->group));
	xr_member(a, st, "status", xr_int(a, code));
	xr_member(a, st, "description", xr_string(a, text));
	return st;
}

void op_early(struct ops *o, struct op_wait *w, const struct proc *p, int code, const char *text)
{
	struct xr_arena *a = o->arena;
	size_t mark = a->used;

	xr_encode_value(&w->early, op_result(a, p, code, text));
	buf_str(&w->early, "\n");
	a->used = mark;
	if (code != XR_SUCCESS && !w->fault)
		w->fault = code;
}

bool op_apply_all(struct ops *o, struct op_wait *w, struct proc **procs, size_t n,
		  enum op_kind kind, bool wait, int64_t now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct proc *p = procs[i];
		struct op_res one = {0};
		char ns[300];
		bool waiting;
		int rc;

		conf_namespec(p->cf, ns, sizeof(ns));
		if (kind == W_START) {
			if (proc_state_running(p->state))
				continue;
			rc = op_start_one(o, p, ns, wait, &waiting, &one, now);
		} else {
			if (!proc_state_running(p->state) && !p->start_pending)
				continue;
			rc = op_stop_one(o, p, ns, wait, &waiting, &one, now);
		}
		if (rc)
			op_early(o, w, p, rc, one.text);
		else if (waiting)
			op_add(o, w, p);
		else
			op_early(o, w, p, XR_SUCCESS, "OK");
	}
	return w->nprocs > 0;
}

bool op_check(struct ops *o, struct op_wait *w, struct op_res *res)
{
	size_t i;

	for (i = 0; i < w->nprocs; i++) {
		if (!w->codes[i])
			w->codes[i] =
				op_settled(w->procs[i], w->kind == W_RESTART ? W_STOP : w->kind);
		if (!w->codes[i])
			return false;
	}
	/* all settled: the results in the order of the request */
	for (i = 0; i < w->nprocs; i++) {
		int code = w->codes[i];
		char ns[300];

		conf_namespec(w->procs[i]->cf, ns, sizeof(ns));
		if (w->group) {
			struct op_res f = {0};

			/* supervisord's RPCError text: "SPAWN_ERROR: name" */
			if (code != XR_SUCCESS)
				op_fault(&f, code, ns);
			op_early(o, w, w->procs[i], code, code == XR_SUCCESS ? "OK" : f.text);
		} else if (code != XR_SUCCESS) {
			op_fault(res, code, w->name);
			w->fault = code;
		}
	}
	w->nprocs = 0;
	if (!w->group && !res->fault)
		res->v = xr_bool(o->arena, true);
	return true;
}

static int op_panel_start(struct ops *o, struct op_wait *w, struct proc **procs, size_t n,
			  int64_t now)
{
	struct op_res res = {0};
	bool waiting;
	size_t i;
	int rc = 0;

	w->kind = W_START;
	for (i = 0; i < n; i++) {
		rc = op_start_one(o, procs[i], procs[i]->cf->name, true, &waiting, &res, now);
		if (rc)
			break;
		if (waiting)
			op_add(o, w, procs[i]);
	}
	if (rc || w->nprocs == 0) {
		op_clear(w);
		return rc;
	}
	return -1;
}

int op_panel(struct ops *o, struct http_conn *c, struct proc *p, enum op_panel op, op_done_fn *done,
	     void *ctx)
{
	struct op_wait *w = ops_slot(o, c);
	int64_t now = loop_now();
	struct proc **procs = &p;
	size_t n = 1;

	op_clear(w);
	if (o->sup->shutdown)
		return XR_SHUTDOWN_STATE;
	if (ops_resize(o) < 0)
		return XR_FAILED;
	if (!p) {
		struct proc **all;

		n = view_ordered(o->view, NULL, &all);
		procs = xr_alloc(o->arena, (n + 1) * sizeof(*procs));
		if (!procs)
			return XR_FAILED;
		memcpy(procs, all, n * sizeof(*procs));
	}
	w->group = true;
	w->done = done;
	w->done_ctx = ctx;
	if (op == OP_START)
		return op_panel_start(o, w, procs, n, now);
	w->kind = op == OP_RESTART ? W_RESTART : W_STOP;
	w->target = p;
	op_apply_all(o, w, procs, n, W_STOP, true, now);
	if (w->nprocs > 0)
		return -1;
	if (op == OP_RESTART)
		return op_panel(o, c, p, OP_START, done, ctx);
	op_clear(w);
	return 0;
}

void op_panel_resume(struct ops *o, struct http_conn *c, struct op_wait *w)
{
	op_done_fn *done = w->done;
	void *ctx = w->done_ctx;
	struct proc *target = w->target;
	bool restart = w->kind == W_RESTART;
	int fault = w->fault;

	op_clear(w);
	if (restart && !fault)
		fault = op_panel(o, c, target, OP_START, done, ctx);
	if (fault >= 0)
		done(ctx, c, fault);
}
