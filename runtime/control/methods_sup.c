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

static struct xr_value *rpc_log_conf(struct xr_arena *a, struct xr_value *st,
				     const struct conf_log *l, bool out)
{
	xr_member(a, st, out ? "stdout_capture_maxbytes" : "stderr_capture_maxbytes", xr_int(a, 0));
	xr_member(a, st, out ? "stdout_events_enabled" : "stderr_events_enabled",
		  xr_bool(a, false));
	xr_member(a, st, out ? "stdout_logfile" : "stderr_logfile",
		  xr_string(a, l->path ? l->path : "none"));
	xr_member(a, st, out ? "stdout_logfile_backups" : "stderr_logfile_backups",
		  xr_int(a, l->backups));
	xr_member(a, st, out ? "stdout_logfile_maxbytes" : "stderr_logfile_maxbytes",
		  xr_int(a, l->maxbytes));
	xr_member(a, st, out ? "stdout_syslog" : "stderr_syslog", xr_bool(a, false));
	return st;
}

static struct xr_value *rpc_config_info(struct rpc *r, const struct conf_proc *cf, bool inuse)
{
	struct xr_arena *a = &r->arena;
	struct xr_value *st = xr_struct(a), *codes = xr_array(a);
	char cmd[2048] = "";
	size_t k, len = 0;
	int i;

	for (k = 0; cf->argv[k] && len < sizeof(cmd) - 1; k++)
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, "%s%s", k ? " " : "",
					cf->argv[k]);
	for (i = 0; i < 256; i++) {
		if (conf_exit_expected(cf, i))
			xr_append(a, codes, xr_int(a, i));
	}
	xr_member(a, st, "autostart", xr_bool(a, cf->autostart));
	xr_member(a, st, "command", xr_string(a, cmd));
	xr_member(a, st, "directory", xr_string(a, cf->directory ? cf->directory : "none"));
	xr_member(a, st, "exitcodes", codes);
	xr_member(a, st, "group", xr_string(a, cf->group));
	xr_member(a, st, "group_prio", xr_int(a, cf->group_priority));
	xr_member(a, st, "inuse", xr_bool(a, inuse));
	xr_member(a, st, "killasgroup", xr_bool(a, cf->killasgroup));
	xr_member(a, st, "name", xr_string(a, cf->name));
	xr_member(a, st, "process_prio", xr_int(a, cf->priority));
	xr_member(a, st, "redirect_stderr", xr_bool(a, cf->err.merge));
	xr_member(a, st, "serverurl", xr_string(a, "AUTO"));
	xr_member(a, st, "startretries", xr_int(a, cf->startretries));
	xr_member(a, st, "startsecs", xr_int(a, cf->startsecs / 1000));
	rpc_log_conf(a, st, &cf->out, true);
	rpc_log_conf(a, st, &cf->err, false);
	xr_member(a, st, "stopsignal", xr_int(a, cf->stopsignal));
	xr_member(a, st, "stopwaitsecs", xr_int(a, cf->stopwait / 1000));
	xr_member(a, st, "uid", cf->user ? xr_int(a, cf->uid) : xr_string(a, "none"));
	return st;
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
	list = xr_alloc(&r->arena, (c->nprocs + 1) * sizeof(*list));
	if (!list)
		return;
	for (i = 0; i < c->nprocs; i++)
		list[i] = &c->procs[i];
	qsort(list, c->nprocs, sizeof(*list), rpc_cmp_cf);
	res->v = xr_array(&r->arena);
	for (i = 0; i < c->nprocs; i++)
		xr_append(&r->arena, res->v,
			  rpc_config_info(r, list[i], sup_group_active(r->sup, list[i]->group)));
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
