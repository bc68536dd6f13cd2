/* svcctl's verbs, written from supervisorctl's documented behaviour: the
 * same RPC calls in the same order, the same output lines, and the same
 * exit statuses, including its quirks (status exits 3 for a stopped
 * process, `stop` of a stopped one exits 0, `restart` is stop then start). */
#include "ctlcmd.h"
#include "ctledit.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

enum verb_rc { VERB_OK, VERB_STOP, VERB_RAISE };

enum up_rc { UP_OK, UP_FAIL, UP_RAISE };

/* The words of a command's argument, split on whitespace as Python's
 * str.split() does. */
struct words {
	char **v;
	int n;
};

typedef enum verb_rc (*verb_fn)(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w);

/* supervisord's process states that count as "not running" for status. */
static bool ctl_stopped_state(long long s)
{
	return s == 0 || s == 100 || s == 200 || s == 1000;
}

static void out(struct ctl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
}

static struct words ctl_split(TALLOC_CTX *mem, const char *arg)
{
	struct words w = {must(talloc_array(mem, char *, strlen(arg) / 2 + 2)), 0};
	const char *p = arg;

	for (;;) {
		p += strspn(p, " \t\n\r\f\v");
		if (!*p)
			break;
		size_t n = strcspn(p, " \t\n\r\f\v");
		w.v[w.n++] = must(talloc_strndup(w.v, p, n));
		p += n;
	}
	w.v[w.n] = NULL;
	return w;
}

static bool ctl_has(const struct words *w, const char *s)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->v[i], s) == 0)
			return true;
	return false;
}

/* "name" when the group has the process's name, else "group:name"; a
 * missing name prints as Python's None, as supervisorctl's does. */
static const char *ctl_namespec(TALLOC_CTX *mem, const char *group, const char *name)
{
	if (name && strcmp(group, name) == 0)
		return name;
	return must(talloc_asprintf(mem, "%s:%s", group, name ? name : "None"));
}

/* "g:p" -> g, p; "g:" and "g:*" -> g, NULL; "x" -> x, x. */
static void ctl_split_namespec(TALLOC_CTX *mem, const char *spec, const char **group,
			       const char **name)
{
	const char *colon = strchr(spec, ':');

	if (!colon) {
		*group = *name = spec;
		return;
	}
	*group = must(talloc_strndup(mem, spec, (size_t)(colon - spec)));
	*name = colon[1] && strcmp(colon + 1, "*") != 0 ? colon + 1 : NULL;
}

static void ctl_exit_from_fault(struct ctl *c, long long code, long long ignored)
{
	if (code == ignored || code == XR_SUCCESS)
		return;
	if (code == XR_SPAWN_ERROR || code == XR_ABNORMAL_TERMINATION || code == XR_NOT_RUNNING)
		c->exitstatus = CTL_EXIT_NOT_RUNNING;
	else
		c->exitstatus = CTL_EXIT_GENERIC;
}

/* The reply must be an array: anything else is reported like a failure. */
static struct xr_value *ctl_list(struct ctl *c, struct xr_value *v)
{
	if (v && v->type != XR_ARRAY) {
		ctlrpc_fail(&c->rpc, "unexpected reply: not an array");
		return NULL;
	}
	return v;
}

#define EACH(it, arr) for (struct xr_value *it = (arr)->u.list.first; it; it = it->next)

/* --- help texts ------------------------------------------------------ */

struct help {
	const char *verb;
	const char *text;
};

static const struct help ctl_helps[] = {
	{"add", "add <name> [...]\tActivates any updates in config for process/group"},
	{"avail", "avail\t\t\tDisplay all configured processes"},
	{"clear",
	 "clear <name>\t\tClear a process' log files.\n"
	 "clear <name> <name>\tClear multiple process' log files\n"
	 "clear all\t\tClear all process' log files"},
	{"exit", "exit\tExit the supervisor shell."},
	{"fg", "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit"},
	{"maintail",
	 "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
	 "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
	 "maintail\tlast 1600 *bytes* of supervisor main log file\n"},
	{"open",
	 "open <url>\tConnect to a remote supervisord process.\n"
	 "\t\t(for UNIX domain socket, use unix:///socket/path)"},
	{"pid",
	 "pid\t\t\tGet the PID of supervisord.\n"
	 "pid <name>\t\tGet the PID of a single child process by name.\n"
	 "pid all\t\t\tGet the PID of every child process, one per line."},
	{"quit", "quit\tExit the supervisor shell."},
	{"reload", "reload \t\tRestart the remote supervisord."},
	{"remove", "remove <name> [...]\tRemoves process/group from active config"},
	{"reread", "reread \t\t\tReload the daemon's configuration files without add/remove"},
	{"restart",
	 "restart <name>\t\tRestart a process\n"
	 "restart <gname>:*\tRestart all processes in a group\n"
	 "restart <name> <name>\tRestart multiple processes or groups\n"
	 "restart all\t\tRestart all processes\n"
	 "Note: restart does not reread config files. For that, see reread and update."},
	{"shutdown", "shutdown \tShut the remote supervisord down."},
	{"signal",
	 "signal <signal name> <name>\t\tSignal a process\n"
	 "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
	 "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
	 "signal <signal name> all\t\tSignal all processes"},
	{"start",
	 "start <name>\t\tStart a process\n"
	 "start <gname>:*\t\tStart all processes in a group\n"
	 "start <name> <name>\tStart multiple processes or groups\n"
	 "start all\t\tStart all processes"},
	{"status",
	 "status <name>\t\tGet status for a single process\n"
	 "status <gname>:*\tGet status for all processes in a group\n"
	 "status <name> <name>\tGet status for multiple named processes\n"
	 "status\t\t\tGet all process status info"},
	{"stop",
	 "stop <name>\t\tStop a process\n"
	 "stop <gname>:*\t\tStop all processes in a group\n"
	 "stop <name> <name>\tStop multiple processes or groups\n"
	 "stop all\t\tStop all processes"},
	{"tail",
	 "tail [-f] <name> [stdout|stderr] (default stdout)\n"
	 "Ex:\n"
	 "tail -f <name>\t\tContinuous tail of named process stdout\n"
	 "\t\t\tCtrl-C to exit.\n"
	 "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
	 "tail <name> stderr\tlast 1600 *bytes* of process stderr"},
	{"update",
	 "update\t\t\tReload config and add/remove as necessary, and will restart affected "
	 "programs\n"
	 "update all\t\tReload config and add/remove as necessary, and will restart affected "
	 "programs\n"
	 "update <gname> [...]\tUpdate specific groups"},
	{"version", "version\t\t\tShow the version of the remote supervisord process"},
};

/* The topic list, laid out in columns as Python's cmd module does it. */
static const char ctl_topics[] = "\n"
				 "default commands (type help <topic>):\n"
				 "=====================================\n"
				 "add    exit      open  reload  restart   start   tail   \n"
				 "avail  fg        pid   remove  shutdown  status  update \n"
				 "clear  maintail  quit  reread  signal    stop    version\n";

static void ctl_help_for(struct ctl *c, const char *verb)
{
	for (size_t i = 0; i < sizeof ctl_helps / sizeof ctl_helps[0]; i++)
		if (strcmp(ctl_helps[i].verb, verb) == 0) {
			out(c, "%s", ctl_helps[i].text);
			return;
		}
	out(c, "*** No help on %s", verb);
}

static enum verb_rc verb_help(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)tmp;
	(void)w;
	if (strcmp(arg, "help") == 0) {
		out(c, "help\t\tPrint a list of available actions");
		out(c, "help <action>\tPrint help for <action>");
	} else if (arg[0])
		ctl_help_for(c, arg);
	else
		out(c, "%s", ctl_topics);
	return VERB_OK;
}

/* "Error: MSG", exit status STATUS, then the verb's help. */
static enum verb_rc ctl_usage(struct ctl *c, const char *verb, int status, const char *msg)
{
	out(c, "%s", msg);
	c->exitstatus = status;
	ctl_help_for(c, verb);
	return VERB_OK;
}

/* --- the version handshake ------------------------------------------- */

static enum up_rc ctl_upcheck(struct ctl *c, TALLOC_CTX *tmp)
{
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.getVersion", "");

	if (v) {
		const char *api = v->type == XR_STRING ? v->u.str.s : "?";
		if (strcmp(api, "3.0") == 0)
			return UP_OK;
		out(c,
		    "Sorry, this version of supervisorctl expects to talk to a server with "
		    "API version 3.0, but the remote version is %s.",
		    api);
		c->exitstatus = CTL_EXIT_NOT_INSTALLED;
		return UP_FAIL;
	}
	if (c->rpc.err == CTLRPC_FAULT) {
		if (c->rpc.fault_code != XR_UNKNOWN_METHOD) {
			c->exitstatus = CTL_EXIT_GENERIC;
			return UP_RAISE;
		}
		out(c,
		    "Sorry, supervisord responded but did not recognize the supervisor "
		    "namespace commands that supervisorctl uses to control it.  Please check "
		    "that the [rpcinterface:supervisor] section is enabled in the "
		    "configuration file (see sample.conf).");
		c->exitstatus = CTL_EXIT_UNIMPLEMENTED;
		ctlrpc_clear(&c->rpc);
		return UP_FAIL;
	}
	if (c->rpc.err == CTLRPC_SOCKET
	    && (c->rpc.sock_errno == ECONNREFUSED || c->rpc.sock_errno == ENOENT)) {
		bool refused = c->rpc.sock_errno == ECONNREFUSED;
		out(c, "%s %s", c->serverurl, refused ? "refused connection" : "no such file");
		c->exitstatus = refused ? CTL_EXIT_PRIVILEGES : CTL_EXIT_NOT_RUNNING;
		ctlrpc_clear(&c->rpc);
		return UP_FAIL;
	}
	if (c->rpc.err == CTLRPC_SOCKET)
		c->exitstatus = CTL_EXIT_GENERIC;
	return UP_RAISE;
}

/* Runs the handshake; returns from the verb unless it succeeded. */
#define UPCHECK(c, tmp) \
	do { \
		enum up_rc up_ = ctl_upcheck(c, tmp); \
		if (up_ != UP_OK) \
			return up_ == UP_RAISE ? VERB_RAISE : VERB_OK; \
	} while (0)

/* --- status ----------------------------------------------------------- */

/* status -v: svcd's usage of the process's tree (supervisord has none). */
static const char *ctl_usage_text(TALLOC_CTX *tmp, const struct xr_value *info)
{
	const struct xr_value *cpu = xr_get(info, "cpu_seconds");

	if (!cpu || cpu->type != XR_DOUBLE)
		return "";
	return must(talloc_asprintf(tmp, "  [cpu %.2fs, rss %.1f MiB]", cpu->u.d,
				    (double)ctlrpc_int(info, "rss_kb") / 1024));
}

/* STOPPED (by user): a client stopped it, and svcd keeps it stopped
 * across its restarts. */
static const char *ctl_state_text(TALLOC_CTX *tmp, const struct xr_value *info)
{
	const char *name = ctlrpc_str(info, "statename");

	/* longer than the column: a blank before the description */
	if (ctlrpc_int(info, "stopped_by_user") && strcmp(name, "STOPPED") == 0)
		return must(talloc_asprintf(tmp, "%s (by user) ", name));
	return name;
}

static void ctl_show_statuses(struct ctl *c, TALLOC_CTX *tmp, struct xr_value **infos, size_t n,
			      bool verbose)
{
	size_t width = 30;
	const char **specs = must(talloc_array(tmp, const char *, n + 1));

	for (size_t i = 0; i < n; i++) {
		specs[i] = ctl_namespec(tmp, ctlrpc_str(infos[i], "group"),
					ctlrpc_str(infos[i], "name"));
		if (strlen(specs[i]) > width)
			width = strlen(specs[i]);
	}
	for (size_t i = 0; i < n; i++)
		out(c, "%-*s%-10s%s%s", (int)width + 3, specs[i], ctl_state_text(tmp, infos[i]),
		    ctlrpc_str(infos[i], "description"),
		    verbose ? ctl_usage_text(tmp, infos[i]) : "");
}

static enum verb_rc verb_status(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	enum up_rc up = ctl_upcheck(c, tmp);
	if (up != UP_OK) {
		c->exitstatus = CTL_STATUS_UNKNOWN;
		return up == UP_RAISE ? VERB_RAISE : VERB_OK;
	}
	bool verbose = w->n > 0 && strcmp(w->v[0], "-v") == 0;

	if (verbose) {
		w->v++;
		w->n--;
	}
	struct xr_value *all =
		ctl_list(c, ctlrpc_call(&c->rpc, tmp, "supervisor.getAllProcessInfo", ""));
	if (!all)
		return VERB_RAISE;
	size_t n = 0, cap = all->u.list.n * (size_t)(w->n > 0 ? w->n : 1) + 1;
	struct xr_value **match = must(talloc_array(tmp, struct xr_value *, cap));

	if (w->n == 0 || ctl_has(w, "all")) {
		EACH(info, all)
		match[n++] = info;
	} else {
		for (int i = 0; i < w->n; i++) {
			const char *group, *name;
			bool found = false;
			ctl_split_namespec(tmp, w->v[i], &group, &name);
			EACH(info, all)
			{
				if (strcmp(ctlrpc_str(info, "group"), group) != 0)
					continue;
				if (name && strcmp(ctlrpc_str(info, "name"), name) != 0)
					continue;
				found = true;
				match[n++] = info;
			}
			if (found)
				continue;
			if (!name)
				out(c, "%s: ERROR (no such group)", group);
			else
				out(c, "%s: ERROR (no such process)", w->v[i]);
			c->exitstatus = CTL_STATUS_UNKNOWN;
		}
	}
	ctl_show_statuses(c, tmp, match, n, verbose);
	for (size_t i = 0; i < n; i++)
		if (ctl_stopped_state(ctlrpc_int(match[i], "state")))
			c->exitstatus = CTL_STATUS_NOT_RUNNING;
	return VERB_OK;
}

/* --- start, stop, signal, restart ------------------------------------ */

/* A result code supervisorctl does not expect: a failure to report. */
static const char *ctl_unknown_code(struct ctl *c, TALLOC_CTX *tmp, const char *spec,
				    long long code)
{
	ctlrpc_fail(&c->rpc,
		    must(talloc_asprintf(tmp, "Unknown result code %lld for %s", code, spec)));
	return NULL;
}

/* One result line; NULL (and a failure to report) for a code
 * supervisorctl does not expect. */
static const char *ctl_start_result(struct ctl *c, TALLOC_CTX *tmp, const char *spec,
				    long long code)
{
	const char *why;

	switch (code) {
	case XR_SUCCESS: return must(talloc_asprintf(tmp, "%s: started", spec));
	case XR_BAD_NAME: why = "no such process"; break;
	case XR_NO_FILE: why = "no such file"; break;
	case XR_NOT_EXECUTABLE: why = "file is not executable"; break;
	case XR_ALREADY_STARTED: why = "already started"; break;
	case XR_SPAWN_ERROR: why = "spawn error"; break;
	case XR_ABNORMAL_TERMINATION: why = "abnormal termination"; break;
	default: return ctl_unknown_code(c, tmp, spec, code);
	}
	return must(talloc_asprintf(tmp, "%s: ERROR (%s)", spec, why));
}

static const char *ctl_signal_result(struct ctl *c, TALLOC_CTX *tmp, const char *spec,
				     long long code, const char *desc, const char *success)
{
	const char *why;

	switch (code) {
	case XR_SUCCESS: return must(talloc_asprintf(tmp, "%s: %s", spec, success));
	case XR_FAILED: return desc;
	case XR_BAD_NAME: why = "no such process"; break;
	case XR_BAD_SIGNAL: why = "bad signal name"; break;
	case XR_NOT_RUNNING: why = "not running"; break;
	default: return ctl_unknown_code(c, tmp, spec, code);
	}
	return must(talloc_asprintf(tmp, "%s: ERROR (%s)", spec, why));
}

static const char *ctl_clear_result(struct ctl *c, TALLOC_CTX *tmp, const char *spec,
				    long long code, const char *desc, const char *success)
{
	(void)desc;
	(void)success;
	switch (code) {
	case XR_SUCCESS: return must(talloc_asprintf(tmp, "%s: cleared", spec));
	case XR_BAD_NAME: return must(talloc_asprintf(tmp, "%s: ERROR (no such process)", spec));
	case XR_FAILED: return must(talloc_asprintf(tmp, "%s: ERROR (failed)", spec));
	default: return ctl_unknown_code(c, tmp, spec, code);
	}
}

/* How one verb of the start/stop/signal/clear family words its results. */
struct action {
	const char *verb;
	const char *one;      /* method for one process */
	const char *group;    /* ... for a group, NULL: none */
	const char *all;      /* ... for all */
	const char *success;  /* "started", "stopped", ... */
	long long ignored;    /* the fault that does not change the status */
	int group_bad_status; /* exit status for an unknown group */
	const char *(*result)(struct ctl *c, TALLOC_CTX *tmp, const char *spec, long long code,
			      const char *desc, const char *success);
};

static const char *ctl_start_result_any(struct ctl *c, TALLOC_CTX *tmp, const char *spec,
					long long code, const char *desc, const char *success)
{
	(void)desc;
	(void)success;
	return ctl_start_result(c, tmp, spec, code);
}

static const struct action act_start = {
	"start",
	"supervisor.startProcess",
	"supervisor.startProcessGroup",
	"supervisor.startAllProcesses",
	"started",
	XR_ALREADY_STARTED,
	CTL_EXIT_INVALID_ARGS,
	ctl_start_result_any,
};
static const struct action act_stop = {
	"stop",
	"supervisor.stopProcess",
	"supervisor.stopProcessGroup",
	"supervisor.stopAllProcesses",
	"stopped",
	XR_NOT_RUNNING,
	CTL_EXIT_GENERIC,
	ctl_signal_result,
};
static const struct action act_signal = {
	"signal",
	"supervisor.signalProcess",
	"supervisor.signalProcessGroup",
	"supervisor.signalAllProcesses",
	"signalled",
	-1,
	CTL_EXIT_GENERIC,
	ctl_signal_result,
};
static const struct action act_clear = {
	"clear",
	"supervisor.clearProcessLogs",
	NULL,
	"supervisor.clearAllProcessLogs",
	"cleared",
	-1,
	CTL_EXIT_GENERIC,
	ctl_clear_result,
};

/* Prints an array of {name, group, status, description}. */
static enum verb_rc ctl_results(struct ctl *c, TALLOC_CTX *tmp, const struct action *a,
				struct xr_value *results)
{
	if (!ctl_list(c, results))
		return VERB_RAISE;
	EACH(r, results)
	{
		const char *spec = ctl_namespec(tmp, ctlrpc_str(r, "group"), ctlrpc_str(r, "name"));
		long long code = ctlrpc_int(r, "status");
		const char *line =
			a->result(c, tmp, spec, code, ctlrpc_str(r, "description"), a->success);
		if (!line)
			return VERB_RAISE;
		out(c, "%s", line);
		ctl_exit_from_fault(c, code, a->ignored);
	}
	return VERB_OK;
}

/* SIG is NULL except for signal. */
static enum verb_rc ctl_act_group(struct ctl *c, TALLOC_CTX *tmp, const struct action *a,
				  const char *group, const char *sig)
{
	struct xr_value *res = sig ? ctlrpc_call(&c->rpc, tmp, a->group, "ss", group, sig)
				   : ctlrpc_call(&c->rpc, tmp, a->group, "s", group);
	if (res)
		return ctl_results(c, tmp, a, res);
	if (c->rpc.err != CTLRPC_FAULT || c->rpc.fault_code != XR_BAD_NAME) {
		if (a == &act_stop || c->rpc.err == CTLRPC_FAULT)
			c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_RAISE;
	}
	ctlrpc_clear(&c->rpc);
	out(c, "%s: ERROR (no such group)", group);
	c->exitstatus = a->group_bad_status;
	return VERB_OK;
}

static enum verb_rc ctl_act_one(struct ctl *c, TALLOC_CTX *tmp, const struct action *a,
				const char *spec, const char *sig)
{
	const char *group, *name;

	ctl_split_namespec(tmp, spec, &group, &name);
	if (a->group && !name)
		return ctl_act_group(c, tmp, a, group, sig);
	struct xr_value *res = sig ? ctlrpc_call(&c->rpc, tmp, a->one, "ss", spec, sig)
				   : ctlrpc_call(&c->rpc, tmp, a->one, "s", spec);
	const char *shown = ctl_namespec(tmp, group, name);
	if (res) {
		out(c, "%s: %s", shown, a->success);
		return VERB_OK;
	}
	if (c->rpc.err != CTLRPC_FAULT)
		return VERB_RAISE;
	long long code = c->rpc.fault_code;
	const char *line = a->result(c, tmp, shown, code, c->rpc.fault_string, a->success);
	if (!line)
		return VERB_RAISE;
	ctlrpc_clear(&c->rpc);
	out(c, "%s", line);
	ctl_exit_from_fault(c, code, a->ignored);
	return VERB_OK;
}

/* The names in W (from FIRST on), or "all", for action A. */
static enum verb_rc ctl_act(struct ctl *c, TALLOC_CTX *tmp, const struct action *a, struct words *w,
			    int first, const char *sig)
{
	struct words names = {w->v + first, w->n - first};

	if (ctl_has(&names, "all")) {
		struct xr_value *res = sig ? ctlrpc_call(&c->rpc, tmp, a->all, "s", sig)
					   : ctlrpc_call(&c->rpc, tmp, a->all, "");
		return res ? ctl_results(c, tmp, a, res) : VERB_RAISE;
	}
	for (int i = 0; i < names.n; i++) {
		enum verb_rc rc = ctl_act_one(c, tmp, a, names.v[i], sig);
		if (rc != VERB_OK)
			return rc;
	}
	return VERB_OK;
}

static enum verb_rc verb_start(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n == 0)
		return ctl_usage(c, "start", CTL_EXIT_INVALID_ARGS,
				 "Error: start requires a process name");
	return ctl_act(c, tmp, &act_start, w, 0, NULL);
}

static enum verb_rc verb_stop(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n == 0)
		return ctl_usage(c, "stop", CTL_EXIT_GENERIC,
				 "Error: stop requires a process name");
	return ctl_act(c, tmp, &act_stop, w, 0, NULL);
}

static enum verb_rc verb_signal(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n < 2)
		return ctl_usage(c, "signal", CTL_EXIT_GENERIC,
				 "Error: signal requires a signal name and a process name");
	return ctl_act(c, tmp, &act_signal, w, 1, w->v[0]);
}

static enum verb_rc verb_restart(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	UPCHECK(c, tmp);
	if (w->n == 0)
		return ctl_usage(c, "restart", CTL_EXIT_GENERIC,
				 "Error: restart requires a process name");
	enum verb_rc rc = verb_stop(c, tmp, arg, w);
	return rc == VERB_OK ? verb_start(c, tmp, arg, w) : rc;
}

static enum verb_rc verb_clear(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n == 0)
		return ctl_usage(c, "clear", CTL_EXIT_GENERIC,
				 "Error: clear requires a process name");
	return ctl_act(c, tmp, &act_clear, w, 0, NULL);
}

/* --- tail and maintail ------------------------------------------------ */

static volatile sig_atomic_t ctl_interrupted;

static void ctl_on_sigint(int sig)
{
	(void)sig;
	ctl_interrupted = 1;
}

static int ctl_tail_sink(void *arg, const char *data, size_t len)
{
	struct ctl *c = arg;

	fwrite(data, 1, len, c->out);
	fflush(c->out);
	return ctl_interrupted;
}

/* Streams PATH until the server ends it or Ctrl-C. */
static enum verb_rc ctl_tailf(struct ctl *c, TALLOC_CTX *tmp, const char *path)
{
	struct sigaction sa = {.sa_handler = ctl_on_sigint}, old;
	int status;

	out(c, "==> Press Ctrl-C to exit <==");
	fflush(c->out);
	ctl_interrupted = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old); /* no SA_RESTART: the read must end */
	enum client_err e = client_stream(c->rpc.cl, path, ctl_tail_sink, c, &status);
	sigaction(SIGINT, &old, NULL);
	bool interrupted = ctl_interrupted;
	ctl_interrupted = 0;
	const char *url = must(talloc_asprintf(tmp, "%s%s", c->serverurl, path));
	if (interrupted) {
		out(c, "%s", "");
	} else if (e == CLIENT_SOCKET) {
		struct ctlrpc r = {
			.cl = c->rpc.cl, .err = CTLRPC_SOCKET, .sock_errno = c->rpc.cl->err};
		const char *line = ctlrpc_error_line(tmp, &r) + strlen("error: ");
		fflush(c->out);
		fprintf(stderr, "%s Cannot connect, error: %s\n", url, line);
	} else if (e == CLIENT_OK && status != 200) {
		fflush(c->out);
		fprintf(stderr, "%s Cannot read, status code %d\n", url, status);
	}
	return VERB_OK;
}

/* Python's int() on "-N": a whole optionally signed decimal number. */
static bool ctl_parse_int(const char *s, long long *v)
{
	char *end;

	s += strspn(s, " \t");
	if (!*s)
		return false;
	*v = strtoll(s, &end, 10);
	end += strspn(end, " \t");
	return *end == '\0';
}

/* Prints a log read; handles its faults the way supervisorctl does. */
static enum verb_rc ctl_print_log(struct ctl *c, struct xr_value *v, const char *who, bool bad_name)
{
	if (v) {
		if (v->type == XR_STRING || v->type == XR_BASE64) {
			fwrite(v->u.str.s, 1, v->u.str.len, c->out);
			fputc('\n', c->out);
		} else
			out(c, "%s", "");
		return VERB_OK;
	}
	if (c->rpc.err != CTLRPC_FAULT)
		return VERB_RAISE;
	c->exitstatus = CTL_EXIT_GENERIC;
	switch (c->rpc.fault_code) {
	case XR_NO_FILE: out(c, "%s: ERROR (no log file)", who); break;
	case XR_FAILED: out(c, "%s: ERROR (unknown error reading log)", who); break;
	case XR_BAD_NAME:
		if (bad_name) {
			out(c, "%s: ERROR (no such process name)", who);
			break;
		}
		return VERB_RAISE;
	default: return VERB_RAISE;
	}
	ctlrpc_clear(&c->rpc);
	return VERB_OK;
}

static enum verb_rc verb_tail(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n < 1)
		return ctl_usage(c, "tail", CTL_EXIT_GENERIC, "Error: too few arguments");
	if (w->n > 3)
		return ctl_usage(c, "tail", CTL_EXIT_GENERIC, "Error: too many arguments");
	const char *modifier = NULL, *name, *channel = "stdout";
	char **args = w->v;
	int n = w->n;
	if (args[0][0] == '-') {
		modifier = args[0];
		args++;
		n--;
	}
	if (n == 0) {
		out(c, "Error: tail requires process name");
		c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_OK;
	}
	name = args[0];
	if (n > 1) {
		char *ch = must(talloc_strdup(tmp, args[n - 1]));
		for (char *p = ch; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		if (strcmp(ch, "stdout") != 0 && strcmp(ch, "stderr") != 0) {
			out(c, "Error: bad channel '%s'", ch);
			c->exitstatus = CTL_EXIT_GENERIC;
			return VERB_OK;
		}
		channel = ch;
	}
	long long bytes = 1600;
	if (modifier && strcmp(modifier + 1, "f") == 0)
		return ctl_tailf(c, tmp,
				 must(talloc_asprintf(tmp, "/logtail/%s/%s", name, channel)));
	if (modifier && !ctl_parse_int(modifier + 1, &bytes)) {
		out(c, "Error: bad argument %s", modifier);
		c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_OK;
	}
	const char *method = strcmp(channel, "stdout") == 0 ? "supervisor.readProcessStdoutLog"
							    : "supervisor.readProcessStderrLog";
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, method, "sii", name, (int)-bytes, 0);
	return ctl_print_log(c, v, name, true);
}

static enum verb_rc verb_maintail(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	long long bytes = 1600;
	if (w->n > 1)
		return ctl_usage(c, "maintail", CTL_EXIT_GENERIC, "Error: too many arguments");
	if (w->n == 1) {
		const char *a = w->v[0];
		if (strcmp(a, "-f") == 0)
			return ctl_tailf(c, tmp, "/mainlogtail");
		if (a[0] != '-' || !ctl_parse_int(a + 1, &bytes)) {
			out(c, "Error: bad argument %s", a);
			c->exitstatus = CTL_EXIT_GENERIC;
			return VERB_OK;
		}
	}
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.readLog", "ii", (int)-bytes, 0);
	return ctl_print_log(c, v, "supervisord", false);
}

/* --- pid, version, quit ------------------------------------------------ */

static void ctl_print_int(struct ctl *c, const struct xr_value *v)
{
	if (v && v->type == XR_INT)
		out(c, "%lld", (long long)v->u.i);
	else
		out(c, "%s", v && v->type == XR_STRING ? v->u.str.s : "None");
}

static enum verb_rc verb_pid(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n == 0) {
		struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.getPID", "");
		if (!v)
			return VERB_RAISE;
		ctl_print_int(c, v);
		return VERB_OK;
	}
	if (ctl_has(w, "all")) {
		struct xr_value *all =
			ctl_list(c, ctlrpc_call(&c->rpc, tmp, "supervisor.getAllProcessInfo", ""));
		if (!all)
			return VERB_RAISE;
		EACH(info, all)
		ctl_print_int(c, xr_get(info, "pid"));
		return VERB_OK;
	}
	for (int i = 0; i < w->n; i++) {
		struct xr_value *info =
			ctlrpc_call(&c->rpc, tmp, "supervisor.getProcessInfo", "s", w->v[i]);
		if (!info) {
			if (c->rpc.err == CTLRPC_FAULT)
				c->exitstatus = CTL_EXIT_GENERIC;
			if (c->rpc.err != CTLRPC_FAULT || c->rpc.fault_code != XR_BAD_NAME)
				return VERB_RAISE;
			ctlrpc_clear(&c->rpc);
			out(c, "No such process %s", w->v[i]);
			continue;
		}
		ctl_print_int(c, xr_get(info, "pid"));
		if (ctlrpc_int(info, "pid") == 0)
			c->exitstatus = CTL_EXIT_NOT_RUNNING;
	}
	return VERB_OK;
}

static enum verb_rc verb_version(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (arg[0])
		return ctl_usage(c, "version", CTL_EXIT_GENERIC,
				 "Error: version accepts no arguments");
	UPCHECK(c, tmp);
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.getSupervisorVersion", "");
	if (!v)
		return VERB_RAISE;
	out(c, "%s", v->type == XR_STRING ? v->u.str.s : "");
	return VERB_OK;
}

static enum verb_rc verb_quit(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)tmp;
	(void)arg;
	(void)w;
	out(c, "%s", "");
	return VERB_STOP;
}

/* --- shutdown and reload --------------------------------------------- */

/* Asks QUESTION in the shell; true without asking otherwise. */
static bool ctl_confirm(struct ctl *c, const char *question)
{
	char line[256];

	if (!c->interactive)
		return true;
	fputs(question, c->out);
	fflush(c->out);
	if (!fgets(line, sizeof line, c->in))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static enum verb_rc verb_shutdown(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (arg[0])
		return ctl_usage(c, "shutdown", CTL_EXIT_GENERIC,
				 "Error: shutdown accepts no arguments");
	if (!ctl_confirm(c, "Really shut the remote supervisord process down y/N? "))
		return VERB_OK;
	if (ctlrpc_call(&c->rpc, tmp, "supervisor.shutdown", "")) {
		out(c, "Shut down");
		return VERB_OK;
	}
	if (c->rpc.err == CTLRPC_FAULT) {
		if (c->rpc.fault_code != XR_SHUTDOWN_STATE) {
			c->exitstatus = CTL_EXIT_GENERIC;
			return VERB_RAISE;
		}
		out(c, "ERROR: already shutting down");
	} else if (c->rpc.err == CTLRPC_SOCKET) {
		c->exitstatus = CTL_EXIT_GENERIC;
		if (c->rpc.sock_errno == ECONNREFUSED)
			out(c, "ERROR: %s refused connection (already shut down?)", c->serverurl);
		else if (c->rpc.sock_errno == ENOENT)
			out(c, "ERROR: %s no such file (already shut down?)", c->serverurl);
		else
			return VERB_RAISE;
	} else
		return VERB_RAISE;
	ctlrpc_clear(&c->rpc);
	return VERB_OK;
}

/* A fault of a verb that only knows SHUTDOWN_STATE: MSG for it, else raise. */
static enum verb_rc ctl_shutdown_fault(struct ctl *c, const char *msg)
{
	if (c->rpc.err != CTLRPC_FAULT)
		return VERB_RAISE;
	c->exitstatus = CTL_EXIT_GENERIC;
	if (c->rpc.fault_code != XR_SHUTDOWN_STATE)
		return VERB_RAISE;
	out(c, "%s", msg);
	ctlrpc_clear(&c->rpc);
	return VERB_OK;
}

static enum verb_rc verb_reload(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (arg[0])
		return ctl_usage(c, "reload", CTL_EXIT_GENERIC,
				 "Error: reload accepts no arguments");
	if (!ctl_confirm(c, "Really restart the remote supervisord process y/N? "))
		return VERB_OK;
	if (ctlrpc_call(&c->rpc, tmp, "supervisor.restart", "")) {
		out(c, "Restarted supervisord");
		return VERB_OK;
	}
	return ctl_shutdown_fault(c, "ERROR: already shutting down");
}

/* --- avail, reread, add, remove, update ------------------------------- */

static enum verb_rc verb_avail(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (arg[0])
		return ctl_usage(c, "avail", CTL_EXIT_GENERIC, "Error: avail accepts no arguments");
	struct xr_value *all = ctlrpc_call(&c->rpc, tmp, "supervisor.getAllConfigInfo", "");
	if (!all)
		return ctl_shutdown_fault(c, "ERROR: supervisor shutting down");
	if (!ctl_list(c, all))
		return VERB_RAISE;
	EACH(ci, all)
	{
		const char *spec =
			ctl_namespec(tmp, ctlrpc_str(ci, "group"), ctlrpc_str(ci, "name"));
		const char *prio =
			must(talloc_asprintf(tmp, "%lld:%lld", ctlrpc_int(ci, "group_prio"),
					     ctlrpc_int(ci, "process_prio")));
		out(c, "%-32s %-9s %-9s %s", spec, ctlrpc_int(ci, "inuse") ? "in use" : "avail",
		    ctlrpc_int(ci, "autostart") ? "auto" : "manual", prio);
	}
	return VERB_OK;
}

/* reloadConfig's [[added, changed, removed]]; NULL after reporting. */
static struct xr_value *ctl_changes(struct ctl *c, struct xr_value *v)
{
	struct xr_value *inner = v && v->type == XR_ARRAY ? xr_at(v, 0) : NULL;

	if (!v)
		return NULL;
	if (!inner || inner->type != XR_ARRAY || inner->u.list.n != 3) {
		ctlrpc_fail(&c->rpc, "unexpected reply to reloadConfig");
		return NULL;
	}
	for (size_t i = 0; i < 3; i++)
		if (xr_at(inner, i)->type != XR_ARRAY) {
			ctlrpc_fail(&c->rpc, "unexpected reply to reloadConfig");
			return NULL;
		}
	return inner;
}

struct change {
	const char *name, *what;
};

static int ctl_change_cmp(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->name, ((const struct change *)b)->name);
}

static void ctl_format_changes(struct ctl *c, TALLOC_CTX *tmp, struct xr_value *ch)
{
	static const char *const what[] = {"available", "changed", "disappeared"};
	size_t cap = 0, n = 0;

	for (size_t i = 0; i < 3; i++)
		cap += xr_at(ch, i)->u.list.n;
	struct change *list = must(talloc_array(tmp, struct change, cap + 1));
	for (size_t i = 0; i < 3; i++)
		EACH(g, xr_at(ch, i))
		{
			const char *name = g->type == XR_STRING ? g->u.str.s : "";
			size_t j;
			/* a name in two lists keeps the later one, as a dict would */
			for (j = 0; j < n && strcmp(list[j].name, name) != 0; j++)
				;
			list[j] = (struct change){name, what[i]};
			if (j == n)
				n++;
		}
	if (n == 0) {
		out(c, "No config updates to processes");
		return;
	}
	qsort(list, n, sizeof *list, ctl_change_cmp);
	for (size_t i = 0; i < n; i++)
		out(c, "%s: %s", list[i].name, list[i].what);
}

static enum verb_rc verb_reread(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (arg[0])
		return ctl_usage(c, "reread", CTL_EXIT_GENERIC,
				 "Error: reread accepts no arguments");
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.reloadConfig", "");
	if (!v && c->rpc.err == CTLRPC_FAULT && c->rpc.fault_code == XR_CANT_REREAD) {
		c->exitstatus = CTL_EXIT_GENERIC;
		out(c, "ERROR: %s", c->rpc.fault_string);
		ctlrpc_clear(&c->rpc);
		return VERB_OK;
	}
	if (!v)
		return ctl_shutdown_fault(c, "ERROR: supervisor shutting down");
	struct xr_value *ch = ctl_changes(c, v);
	if (!ch)
		return VERB_RAISE;
	ctl_format_changes(c, tmp, ch);
	return VERB_OK;
}

static enum verb_rc verb_add(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	for (int i = 0; i < w->n; i++) {
		if (ctlrpc_call(&c->rpc, tmp, "supervisor.addProcessGroup", "s", w->v[i])) {
			out(c, "%s: added process group", w->v[i]);
			continue;
		}
		if (c->rpc.err != CTLRPC_FAULT)
			return VERB_RAISE;
		switch (c->rpc.fault_code) {
		case XR_SHUTDOWN_STATE:
			out(c, "ERROR: shutting down");
			c->exitstatus = CTL_EXIT_GENERIC;
			break;
		case XR_ALREADY_ADDED: out(c, "ERROR: process group already active"); break;
		case XR_BAD_NAME:
			out(c, "ERROR: no such process/group: %s", w->v[i]);
			c->exitstatus = CTL_EXIT_GENERIC;
			break;
		default: c->exitstatus = CTL_EXIT_GENERIC; return VERB_RAISE;
		}
		ctlrpc_clear(&c->rpc);
	}
	return VERB_OK;
}

static enum verb_rc verb_remove(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	for (int i = 0; i < w->n; i++) {
		if (ctlrpc_call(&c->rpc, tmp, "supervisor.removeProcessGroup", "s", w->v[i])) {
			out(c, "%s: removed process group", w->v[i]);
			continue;
		}
		if (c->rpc.err != CTLRPC_FAULT)
			return VERB_RAISE;
		c->exitstatus = CTL_EXIT_GENERIC;
		if (c->rpc.fault_code == XR_STILL_RUNNING)
			out(c, "ERROR: process/group still running: %s", w->v[i]);
		else if (c->rpc.fault_code == XR_BAD_NAME)
			out(c, "ERROR: no such process/group: %s", w->v[i]);
		else
			return VERB_RAISE;
		ctlrpc_clear(&c->rpc);
	}
	return VERB_OK;
}

static bool ctl_in_list(const struct xr_value *list, const char *name)
{
	EACH(g, list)
	if (g->type == XR_STRING && strcmp(g->u.str.s, name) == 0)
		return true;
	return false;
}

/* update's check of the names it was given; false when a call failed. */
static bool ctl_update_check(struct ctl *c, TALLOC_CTX *tmp, struct words *w,
			     const struct xr_value *added)
{
	struct xr_value *all =
		ctl_list(c, ctlrpc_call(&c->rpc, tmp, "supervisor.getAllProcessInfo", ""));

	if (!all)
		return false;
	for (int i = 0; i < w->n; i++) {
		bool dup = false, known = ctl_in_list(added, w->v[i]);
		for (int j = 0; j < i; j++)
			dup = dup || strcmp(w->v[i], w->v[j]) == 0;
		EACH(info, all)
		known = known || strcmp(ctlrpc_str(info, "group"), w->v[i]) == 0;
		if (!known && !dup) {
			out(c, "ERROR: no such group: %s", w->v[i]);
			c->exitstatus = CTL_EXIT_GENERIC;
		}
	}
	return true;
}

static bool ctl_update_wanted(struct words *w, const char *g)
{
	return w->n == 0 || ctl_has(w, g);
}

/* The calls of one group's update; false when one of them failed. */
static bool ctl_update_removed(struct ctl *c, TALLOC_CTX *tmp, const char *g)
{
	struct xr_value *res =
		ctl_list(c, ctlrpc_call(&c->rpc, tmp, "supervisor.stopProcessGroup", "s", g));

	if (!res)
		return false;
	out(c, "%s: stopped", g);
	EACH(r, res)
	if (ctlrpc_int(r, "status") == XR_FAILED) {
		out(c, "%s: has problems; not removing", g);
		c->exitstatus = CTL_EXIT_GENERIC;
		return true;
	}
	if (!ctlrpc_call(&c->rpc, tmp, "supervisor.removeProcessGroup", "s", g))
		return false;
	out(c, "%s: removed process group", g);
	return true;
}

static bool ctl_update_changed(struct ctl *c, TALLOC_CTX *tmp, const char *g)
{
	if (!ctlrpc_call(&c->rpc, tmp, "supervisor.stopProcessGroup", "s", g))
		return false;
	out(c, "%s: stopped", g);
	if (!ctlrpc_call(&c->rpc, tmp, "supervisor.removeProcessGroup", "s", g)
	    || !ctlrpc_call(&c->rpc, tmp, "supervisor.addProcessGroup", "s", g))
		return false;
	out(c, "%s: updated process group", g);
	return true;
}

static enum verb_rc verb_update(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	struct xr_value *v = ctlrpc_call(&c->rpc, tmp, "supervisor.reloadConfig", "");
	if (!v)
		return ctl_shutdown_fault(c, "ERROR: already shutting down");
	struct xr_value *ch = ctl_changes(c, v);
	if (!ch)
		return VERB_RAISE;
	struct words names = *w;
	if (ctl_has(&names, "all"))
		names.n = 0;
	if (names.n > 0 && !ctl_update_check(c, tmp, &names, xr_at(ch, 0)))
		return VERB_RAISE;
	EACH(g, xr_at(ch, 2))
	if (ctl_update_wanted(&names, g->u.str.s) && !ctl_update_removed(c, tmp, g->u.str.s))
		return VERB_RAISE;
	EACH(g, xr_at(ch, 1))
	if (ctl_update_wanted(&names, g->u.str.s) && !ctl_update_changed(c, tmp, g->u.str.s))
		return VERB_RAISE;
	EACH(g, xr_at(ch, 0))
	{
		if (!ctl_update_wanted(&names, g->u.str.s))
			continue;
		if (!ctlrpc_call(&c->rpc, tmp, "supervisor.addProcessGroup", "s", g->u.str.s))
			return VERB_RAISE;
		out(c, "%s: added process group", g->u.str.s);
	}
	return VERB_OK;
}

/* --- open and fg -------------------------------------------------------- */

static void ctl_connect(struct ctl *c)
{
	talloc_free(c->rpc.cl);
	c->rpc.cl = client_new(c, c->serverurl, c->username, c->password);
}

static enum verb_rc verb_open(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)w;
	if (strncmp(arg, "unix:", 5) != 0 && strncmp(arg, "http:", 5) != 0) {
		out(c, "ERROR: url must be http:// or unix://");
		c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_OK;
	}
	c->serverurl = must(talloc_strdup(c, arg));
	ctl_connect(c);
	int old = c->exitstatus;
	struct words none = {NULL, 0};
	enum verb_rc rc = verb_status(c, tmp, "", &none);
	if (rc == VERB_OK)
		c->exitstatus = old;
	return rc;
}

/* A child that copies one log stream of NAME to stdout until killed. */
static pid_t ctl_fg_stream(struct ctl *c, TALLOC_CTX *tmp, const char *name, const char *channel)
{
	const char *path = must(talloc_asprintf(tmp, "/logtail/%s/%s", name, channel));

	fflush(c->out);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int status;
	signal(SIGINT, SIG_DFL);
	if (client_stream(c->rpc.cl, path, ctl_tail_sink, c, &status) == CLIENT_OK && status != 200)
		fprintf(stderr, "%s%s Cannot read, status code %d\n", c->serverurl, path, status);
	fflush(c->out);
	_exit(0);
}

/* fg after its checks: both logs stream from two children while each
 * typed line goes to the process's stdin; EOF or Ctrl-C ends it. */
static enum verb_rc ctl_fg_loop(struct ctl *c, TALLOC_CTX *tmp, const char *name)
{
	struct sigaction sa = {.sa_handler = ctl_on_sigint}, old;
	pid_t kids[2] = {ctl_fg_stream(c, tmp, name, "stdout"),
			 ctl_fg_stream(c, tmp, name, "stderr")};
	enum verb_rc rc = VERB_OK;
	char *line = NULL;
	size_t cap = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	ctl_interrupted = 0;
	for (;;) {
		/* a Ctrl-C during the calls below was only noted: it ends fg
		   here; one during the read makes getline fail (no SA_RESTART) */
		ssize_t n = ctl_interrupted ? -1 : getline(&line, &cap, c->in);
		if (n < 0 || ctl_interrupted) {
			out(c, "Exiting foreground");
			break;
		}
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		const char *text = must(talloc_asprintf(tmp, "%s\n", line));
		if (!ctlrpc_call(&c->rpc, tmp, "supervisor.sendProcessStdin", "ss", name, text)) {
			if (c->rpc.err != CTLRPC_FAULT) {
				rc = VERB_RAISE;
				break;
			}
			if (c->rpc.fault_code == XR_NOT_RUNNING)
				out(c, "Process got killed");
			else
				out(c, "ERROR: <Fault %d: '%s'>", c->rpc.fault_code,
				    c->rpc.fault_string);
			ctlrpc_clear(&c->rpc);
			out(c, "Exiting foreground");
			break;
		}
		struct xr_value *info =
			ctlrpc_call(&c->rpc, tmp, "supervisor.getProcessInfo", "s", name);
		if (!info) {
			rc = VERB_RAISE;
			break;
		}
		if (ctlrpc_int(info, "state") != 20) {
			out(c, "Process got killed");
			out(c, "Exiting foreground");
			break;
		}
	}
	free(line);
	sigaction(SIGINT, &old, NULL);
	ctl_interrupted = 0;
	for (int i = 0; i < 2; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGTERM);
			waitpid(kids[i], NULL, 0);
		}
	return rc;
}

static enum verb_rc verb_fg(struct ctl *c, TALLOC_CTX *tmp, const char *arg, struct words *w)
{
	(void)arg;
	UPCHECK(c, tmp);
	if (w->n == 0)
		return ctl_usage(c, "fg", CTL_EXIT_GENERIC, "ERROR: no process name supplied");
	if (w->n > 1) {
		out(c, "ERROR: too many process names supplied");
		c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_OK;
	}
	struct xr_value *info =
		ctlrpc_call(&c->rpc, tmp, "supervisor.getProcessInfo", "s", w->v[0]);
	if (!info) {
		if (c->rpc.err != CTLRPC_FAULT)
			return VERB_RAISE;
		if (c->rpc.fault_code == XR_BAD_NAME) {
			out(c, "ERROR: bad process name supplied");
			c->exitstatus = CTL_EXIT_GENERIC;
		} else
			out(c, "ERROR: <Fault %d: '%s'>", c->rpc.fault_code, c->rpc.fault_string);
		ctlrpc_clear(&c->rpc);
		return VERB_OK;
	}
	if (ctlrpc_int(info, "state") != 20) {
		out(c, "ERROR: process not running");
		c->exitstatus = CTL_EXIT_GENERIC;
		return VERB_OK;
	}
	out(c, "==> Press Ctrl-C to exit <==");
	fflush(c->out);
	return ctl_fg_loop(c, tmp, w->v[0]);
}

/* --- dispatch ------------------------------------------------------------ */

struct verb {
	const char *name;
	verb_fn fn;
};

static const struct verb ctl_verbs[] = {
	{"EOF", verb_quit},          {"add", verb_add},           {"avail", verb_avail},
	{"clear", verb_clear},       {"exit", verb_quit},         {"fg", verb_fg},
	{"help", verb_help},         {"maintail", verb_maintail}, {"open", verb_open},
	{"pid", verb_pid},           {"quit", verb_quit},         {"reload", verb_reload},
	{"remove", verb_remove},     {"reread", verb_reread},     {"restart", verb_restart},
	{"shutdown", verb_shutdown}, {"signal", verb_signal},     {"start", verb_start},
	{"status", verb_status},     {"stop", verb_stop},         {"tail", verb_tail},
	{"update", verb_update},     {"version", verb_version},
};

static verb_fn ctl_find(const char *name)
{
	for (size_t i = 0; i < sizeof ctl_verbs / sizeof ctl_verbs[0]; i++)
		if (strcmp(ctl_verbs[i].name, name) == 0)
			return ctl_verbs[i].fn;
	return NULL;
}

struct ctl *ctl_new(TALLOC_CTX *mem, const char *serverurl, const char *username,
		    const char *password)
{
	struct ctl *c = must(talloc_zero(mem, struct ctl));

	c->serverurl = must(talloc_strdup(c, serverurl));
	c->username = username ? must(talloc_strdup(c, username)) : NULL;
	c->password = password ? must(talloc_strdup(c, password)) : NULL;
	c->prompt = "supervisor";
	c->in = stdin;
	c->out = stdout;
	ctl_connect(c);
	return c;
}

/* One line from c->in without its newline; NULL at EOF. */
static char *ctl_read_line(struct ctl *c, TALLOC_CTX *mem, const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;

	if (c->editing)
		return ctledit_line(mem, prompt);
	fputs(prompt, c->out);
	fflush(c->out);
	ssize_t n = getline(&line, &cap, c->in);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	char *s = must(talloc_strdup(mem, line));
	free(line);
	return s;
}

/* The shell's answer to a 401: ask for credentials (the password without
 * echo on a terminal) and keep them for the next calls. */
static void ctl_login(struct ctl *c, TALLOC_CTX *tmp)
{
	struct termios t, quiet;
	bool tty = tcgetattr(fileno(c->in), &t) == 0;
	char *user = ctl_read_line(c, tmp, "Username:");

	if (tty) {
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(c->in), TCSAFLUSH, &quiet);
	}
	char *pass = ctl_read_line(c, tmp, "Password:");
	if (tty) {
		tcsetattr(fileno(c->in), TCSAFLUSH, &t);
		fputc('\n', c->out);
	}
	out(c, "%s", "");
	c->username = must(talloc_strdup(c, user ? user : ""));
	c->password = must(talloc_strdup(c, pass ? pass : ""));
	ctl_connect(c);
}

/* Python's cmd module: "?x" is "help x"; the verb is the leading run of
 * letters, digits and '_'; the rest, stripped, is its argument. Returns
 * the stripped line, "" for a blank one. */
static const char *ctl_parse(TALLOC_CTX *mem, const char *line, const char **verb, const char **arg)
{
	const char *ws = " \t\n\r\f\v";
	size_t start = strspn(line, ws), len = strlen(line + start);

	while (len > 0 && strchr(ws, line[start + len - 1]))
		len--;
	char *s = must(talloc_strndup(mem, line + start, len));
	if (s[0] == '?')
		s = must(talloc_asprintf(mem, "help %s", s + 1));
	size_t i = 0;
	while (s[i]
	       && (s[i] == '_' || (s[i] >= '0' && s[i] <= '9')
		   || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')))
		i++;
	*verb = must(talloc_strndup(mem, s, i));
	*arg = s + i + strspn(s + i, ws);
	return s;
}

static bool ctl_onecmd_in(struct ctl *c, TALLOC_CTX *tmp, const char *line)
{
	const char *verb, *arg, *whole = ctl_parse(tmp, line, &verb, &arg);

	if (!whole[0])
		return false;
	verb_fn fn = verb[0] ? ctl_find(verb) : NULL;
	if (!fn) {
		out(c, "*** Unknown syntax: %s", whole);
		c->exitstatus = CTL_EXIT_GENERIC;
		return false;
	}
	struct words w = ctl_split(tmp, arg);
	ctlrpc_clear(&c->rpc);
	enum verb_rc rc = fn(c, tmp, arg, &w);
	if (rc != VERB_RAISE)
		return rc == VERB_STOP;
	if (c->rpc.err == CTLRPC_HTTP && c->rpc.http_status == 401) {
		out(c, "Server requires authentication");
		if (c->interactive) {
			ctl_login(c, tmp);
			return ctl_onecmd_in(c, tmp, line);
		}
		/* supervisorctl runs the command a second time here */
		c->exitstatus = CTL_EXIT_GENERIC;
		ctlrpc_clear(&c->rpc);
		rc = fn(c, tmp, arg, &w);
		if (rc != VERB_RAISE)
			return rc == VERB_STOP;
	}
	out(c, "%s", ctlrpc_error_line(tmp, &c->rpc));
	c->exitstatus = CTL_EXIT_GENERIC;
	ctlrpc_clear(&c->rpc);
	return false;
}

bool ctl_onecmd(struct ctl *c, const char *line)
{
	TALLOC_CTX *tmp = must(talloc_new(c));
	bool stop = ctl_onecmd_in(c, tmp, line);

	fflush(c->out);
	talloc_free(tmp);
	return stop;
}

/* The names completion offers after a verb, as supervisorctl's: every
 * process by its name (group:name in a group), and every group:*. */
static const char **ctl_names(void *arg, TALLOC_CTX *mem)
{
	struct ctl *c = arg;
	struct xr_value *all = ctlrpc_call(&c->rpc, mem, "supervisor.getAllProcessInfo", "");
	const char **names, *last = "";
	size_t n = 0;

	ctlrpc_clear(&c->rpc);
	if (!all || all->type != XR_ARRAY)
		return must(talloc_zero_array(mem, const char *, 1));
	names = must(talloc_zero_array(mem, const char *, 2 * all->u.list.n + 1));
	for (const struct xr_value *v = all->u.list.first; v; v = v->next) {
		const char *name = ctlrpc_str(v, "name"), *group = ctlrpc_str(v, "group");

		if (!name || !group)
			continue;
		if (strcmp(name, group) == 0) {
			names[n++] = name;
			continue;
		}
		names[n++] = must(talloc_asprintf(mem, "%s:%s", group, name));
		if (strcmp(group, last) != 0)
			names[n++] = must(talloc_asprintf(mem, "%s:*", group));
		last = group;
	}
	return names;
}

/* Lines are edited when the shell reads from a terminal. */
static void ctl_edit_start(struct ctl *c)
{
	static const char *verbs[sizeof ctl_verbs / sizeof ctl_verbs[0] + 1];
	static struct ctledit_words words;
	size_t n = 0;

	for (size_t i = 0; i < sizeof ctl_verbs / sizeof ctl_verbs[0]; i++)
		if (strcmp(ctl_verbs[i].name, "EOF") != 0)
			verbs[n++] = ctl_verbs[i].name;
	verbs[n] = NULL;
	words = (struct ctledit_words){verbs, ctl_names, c};
	c->editing = c->in == stdin && ctledit_start(&words, c->history);
}

void ctl_shell(struct ctl *c)
{
	const char *prompt = must(talloc_asprintf(c, "%s> ", c->prompt));
	struct sigaction sa = {.sa_handler = ctl_on_sigint};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	ctl_interrupted = 0;
	c->interactive = true;
	ctl_edit_start(c);
	bool stop = ctl_onecmd(c, "status");
	while (!stop && !ctl_interrupted) {
		TALLOC_CTX *tmp = must(talloc_new(c));
		char *line = ctl_read_line(c, tmp, prompt);
		if (ctl_interrupted) {
			talloc_free(tmp);
			break;
		}
		stop = ctl_onecmd(c, line ? line : "EOF");
		talloc_free(tmp);
	}
	if (ctl_interrupted)
		out(c, "%s", "");
	if (c->editing)
		ctledit_stop();
	fflush(c->out);
}
