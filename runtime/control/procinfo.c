/* The structs of a process: getProcessInfo's (also for getAllProcessInfo
 * and its streamed form) and getAllConfigInfo's. */
#include "methods.h"
#include "common/shellword.h"

#include <stdio.h>
#include <time.h>
#include "engine/tree.h"

/* svc's own keys (supervisorctl ignores them): the tree's usage, and
 * whether a user stopped the process. */
static void rpc_usage(struct xr_arena *a, struct xr_value *st, const struct proc *p)
{
	struct tree_usage u = {0};

	if (p->pid > 0)
		tree_usage(p->cf->name, p->pid, &u);
	xr_member(a, st, "cpu_seconds", xr_double(a, u.cpu));
	xr_member(a, st, "rss_kb", xr_int(a, (int64_t)(u.rss / 1024)));
	xr_member(a, st, "stopped_by_user", xr_bool(a, p->user_stopped));
}

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
	rpc_usage(a, st, p);
	return st;
}

static struct xr_value *rpc_log_conf(struct xr_arena *a, struct xr_value *st,
				     const struct conf_log *l, bool out)
{
	xr_member(a, st, out ? "stdout_capture_maxbytes" : "stderr_capture_maxbytes",
		  xr_int(a, l->capture));
	xr_member(a, st, out ? "stdout_events_enabled" : "stderr_events_enabled",
		  xr_bool(a, l->events));
	xr_member(a, st, out ? "stdout_logfile" : "stderr_logfile",
		  xr_string(a, l->path ? l->path : "none"));
	xr_member(a, st, out ? "stdout_logfile_backups" : "stderr_logfile_backups",
		  xr_int(a, l->backups));
	xr_member(a, st, out ? "stdout_logfile_maxbytes" : "stderr_logfile_maxbytes",
		  xr_int(a, l->maxbytes));
	xr_member(a, st, out ? "stdout_syslog" : "stderr_syslog", xr_bool(a, l->syslog));
	return st;
}

struct xr_value *rpc_config_info(struct xr_arena *a, const struct conf_proc *cf, bool inuse)
{
	struct xr_value *st = xr_struct(a), *codes = xr_array(a);
	char cmdbase[2048];
	struct buf cmd;
	int i;

	/* as svcc wrote it into the INI, which is what supervisord reports */
	buf_init_base(&cmd, NULL, cmdbase, sizeof(cmdbase), sizeof(cmdbase));
	for (size_t k = 0; cf->argv[k]; k++) {
		if (k)
			buf_addc(&cmd, ' ');
		shellword_quote(&cmd, cf->argv[k]);
	}
	for (i = 0; i < 256; i++) {
		if (conf_exit_expected(cf, i))
			xr_append(a, codes, xr_int(a, i));
	}
	xr_member(a, st, "autostart", xr_bool(a, cf->autostart));
	xr_member(a, st, "command", xr_string(a, buf_cstr(&cmd)));
	xr_member(a, st, "directory", xr_string(a, cf->directory ? cf->directory : "none"));
	xr_member(a, st, "exitcodes", codes);
	xr_member(a, st, "group", xr_string(a, cf->group));
	xr_member(a, st, "group_prio", xr_int(a, cf->group_priority));
	xr_member(a, st, "inuse", xr_bool(a, inuse));
	xr_member(a, st, "killasgroup", xr_bool(a, cf->killasgroup));
	xr_member(a, st, "name", xr_string(a, cf->name));
	xr_member(a, st, "process_prio", xr_int(a, cf->priority));
	xr_member(a, st, "redirect_stderr", xr_bool(a, cf->err.merge));
	xr_member(a, st, "serverurl", xr_string(a, "none")); /* supervisord's, unset */
	xr_member(a, st, "startretries", xr_int(a, cf->startretries));
	xr_member(a, st, "startsecs", xr_int(a, cf->startsecs / 1000));
	rpc_log_conf(a, st, &cf->out, true);
	rpc_log_conf(a, st, &cf->err, false);
	xr_member(a, st, "stopsignal", xr_int(a, cf->stopsignal));
	xr_member(a, st, "stopwaitsecs", xr_int(a, cf->stopwait / 1000));
	xr_member(a, st, "uid", cf->user ? xr_int(a, cf->uid) : xr_string(a, "none"));
	return st;
}
