/* getProcessInfo's struct of a process, for getProcessInfo,
 * getAllProcessInfo and their streamed form. */
#include "methods.h"

#include <stdio.h>
#include <time.h>

struct xr_value *rpc_info(struct xr_arena *a, const struct proc *p)
{
	struct xr_value *st = xr_struct(a);
	time_t now = time(NULL);
	char desc[300];

	view_describe(p, now, desc, sizeof(desc));
	xr_member(a, st, "name", xr_string(a, p->cf->name));
	xr_member(a, st, "group", xr_string(a, p->cf->group));
	xr_member(a, st, "start", xr_int(a, view_ever_started(p) ? view_wall(p->laststart) : 0));
	xr_member(a, st, "stop", xr_int(a, p->laststop ? view_wall(p->laststop) : 0));
	xr_member(a, st, "now", xr_int(a, now));
	xr_member(a, st, "state", xr_int(a, proc_state_code(p->state)));
	xr_member(a, st, "statename", xr_string(a, proc_state_name(p->state)));
	xr_member(a, st, "spawnerr", xr_string(a, p->spawnerr));
	xr_member(a, st, "exitstatus", xr_int(a, view_exitcode(p)));
	xr_member(a, st, "logfile", xr_string(a, p->cf->out.path ? p->cf->out.path : ""));
	xr_member(a, st, "stdout_logfile", xr_string(a, p->cf->out.path ? p->cf->out.path : ""));
	xr_member(a, st, "stderr_logfile", xr_string(a, p->cf->err.path ? p->cf->err.path : ""));
	xr_member(a, st, "pid", xr_int(a, p->pid));
	xr_member(a, st, "description", xr_string(a, desc));
	return st;
}
