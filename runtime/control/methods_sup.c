/* The XML-RPC methods on svcd itself: versions, state, pid, shutdown and
 * restart, and its configuration: getAllConfigInfo, reloadConfig,
 * addProcessGroup, removeProcessGroup (the engine applies them). */
#include "methods.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine/mainlog.h"

#define RPC_API_VERSION        "3.0"
#define RPC_SUPERVISOR_VERSION "4.2.5"
#define RPC_IDENTIFICATION     "supervisor"

void m_api_version(struct rpc_call *x, struct op_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_API_VERSION);
}

void m_supervisor_version(struct rpc_call *x, struct op_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_SUPERVISOR_VERSION);
}

void m_identification(struct rpc_call *x, struct op_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_IDENTIFICATION);
}

void m_state(struct rpc_call *x, struct op_res *res)
{
	struct xr_arena *a = &x->r->arena;
	bool down = x->r->sup->shutdown;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	res->v = xr_struct(a);
	xr_member(a, res->v, "statecode", xr_int(a, down ? -1 : 1));
	xr_member(a, res->v, "statename", xr_string(a, down ? "SHUTDOWN" : "RUNNING"));
}

void m_pid(struct rpc_call *x, struct op_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_int(&x->r->arena, getpid());
}

void m_shutdown(struct rpc_call *x, struct op_res *res)
{
	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	mainlog_warn("shutdown requested by a client");
	sup_shutdown(x->r->sup);
	res->v = xr_bool(&x->r->arena, true);
}

void m_restart(struct rpc_call *x, struct op_res *res)
{
	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	mainlog_warn("restart requested by a client");
	sup_request_restart(x->r->sup);
	res->v = xr_bool(&x->r->arena, true);
}

static int rpc_cmp_cf(const void *a, const void *b)
{
	const struct conf_proc *pa = *(const struct conf_proc *const *)a;
	const struct conf_proc *pb = *(const struct conf_proc *const *)b;

	return strcmp(pa->name, pb->name);
}

void m_all_config_info(struct rpc_call *x, struct op_res *res)
{
	struct rpc *r = x->r;
	const struct conf *c = r->sup->pending ? r->sup->pending : r->sup->conf;
	const struct conf_proc **list;
	size_t i;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	/* the running table's order by name is made once per reload: that
	   reply can be streamed; a table only re-read is listed whole */
	if (!r->sup->pending && rpc_stream_config(x, res))
		return;
	list = xr_alloc(&r->arena, (c->nprocs + 1) * sizeof(*list));
	if (!list)
		return;
	for (i = 0; i < c->nprocs; i++)
		list[i] = &c->procs[i];
	qsort(list, c->nprocs, sizeof(*list), rpc_cmp_cf);
	res->v = xr_array(&r->arena);
	for (i = 0; i < c->nprocs; i++)
		xr_append(&r->arena, res->v,
			  rpc_config_info(&r->arena, list[i],
					  sup_group_active(r->sup, list[i]->group)));
}

void m_reload_config(struct rpc_call *x, struct op_res *res)
{
	static const enum sup_change order[] = {SUP_ADDED, SUP_CHANGED, SUP_REMOVED};
	struct rpc *r = x->r;
	struct xr_arena *a = &r->arena;
	struct sup_group_change *changes;
	struct xr_value *all;
	size_t n, i, k;
	char err[1024];
	enum sup_outcome rc;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	rc = sup_reread(r->sup, err, sizeof(err));
	if (rc != SUP_OK) {
		op_fault(res, op_code(rc), err);
		return;
	}
	changes = xr_alloc(a,
			   (r->sup->conf->nprocs + r->sup->pending->nprocs + 1) * sizeof(*changes));
	if (!changes)
		return;
	n = sup_group_changes(r->sup, r->sup->pending, changes);
	all = xr_array(a);
	for (k = 0; k < 3; k++) {
		struct xr_value *list = xr_array(a);

		for (i = 0; i < n; i++) {
			if (changes[i].change == order[k])
				xr_append(a, list, xr_string(a, changes[i].group));
		}
		xr_append(a, all, list);
	}
	res->v = xr_array(a);
	xr_append(a, res->v, all);
}

/* addProcessGroup and removeProcessGroup: the engine's outcome. */
static void rpc_group_op(struct rpc_call *x, struct op_res *res, bool add)
{
	const char *g;
	enum sup_outcome rc;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(g = rpc_str_arg(x, 0, res)))
		return;
	rc = add ? sup_add_group(x->r->sup, g, x->now) : sup_remove_group(x->r->sup, g);
	if (rc != SUP_OK)
		op_fault(res, op_code(rc), g);
	else
		res->v = xr_bool(&x->r->arena, true);
}

void m_add_group(struct rpc_call *x, struct op_res *res)
{
	rpc_group_op(x, res, true);
}

void m_remove_group(struct rpc_call *x, struct op_res *res)
{
	rpc_group_op(x, res, false);
}

void m_remote_event(struct rpc_call *x, struct op_res *res)
{
	const char *type, *data;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !(type = rpc_str_arg(x, 0, res))
	    || !(data = rpc_str_arg(x, 1, res)))
		return;
	if (!sup_remote_event(x->r->sup, type, data)) {
		op_fault(res, XR_FAILED, "the event is too long");
		return;
	}
	res->v = xr_bool(&x->r->arena, true);
}
