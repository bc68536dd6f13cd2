/* supervisord's XML-RPC methods over svcd's processes. A request is parsed
 * into one arena sized at start-up (and on reload) and reset per request:
 * the loop runs one request at a time, so one arena serves them all. A
 * start or stop with wait leaves a record in the connection's wait slot
 * (one per connection, made once) and rpc_pass answers it when the
 * processes settle; a multicall that waits keeps its results encoded so
 * far and re-parses its body (still in the connection's buffer) to go on. */
#include "rpc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "engine/mainlog.h"
#include "panel.h"
#include "engine/safeopen.h"
#include "engine/spawn.h"
#include "proto/xmlrpc.h"

#define RPC_API_VERSION "3.0"
#define RPC_SUPERVISOR_VERSION "4.2.5"
#define RPC_IDENTIFICATION "supervisor"
#define RPC_READ_MAX (1u << 20)		/* bytes one log read returns at most */
#define RPC_ARENA_BASE (1u << 20)
#define RPC_ARENA_PER_PROC 4096

enum rpc_wait_kind { W_NONE, W_START, W_STOP, W_RESTART };

/* One connection's request that waits for processes. */
struct rpc_wait {
	enum rpc_wait_kind kind;
	bool group;		/* answer with an array of result structs */
	bool multicall;		/* part of system.multicall */
	rpc_done_fn *done;	/* a panel action, else an XML-RPC reply */
	char name[256];		/* the namespec asked for (fault texts) */
	struct proc **procs;	/* being waited for */
	int *codes;		/* parallel: the result, 0 while waiting */
	size_t nprocs, cap;
	struct xr_buf early;	/* group results known at once, encoded */
	struct xr_buf acc;	/* multicall: the results so far, encoded */
	const char *body;	/* multicall: the request, to resume */
	size_t bodylen, next;	/* multicall: the call to run next */
	int fault;		/* the worst result, for panel actions */
	struct proc *target;	/* panel restart: the process, NULL for all */
};

struct rpc {
	TALLOC_CTX *mem;
	struct http_server *http;
	struct panel *panel;
	struct loop *loop;
	struct sup *sup;
	const char *table;
	struct rpc_hooks hooks;
	struct http_limits lim;
	struct xr_arena arena;
	size_t arena_procs;	/* the arena was sized for this many */
	struct xr_buf body;	/* the response being built */
	struct rpc_wait *waits;	/* one per connection slot */
	struct proc **sorted;
	struct conf *pending;	/* re-read by reloadConfig, not applied yet */
	char **hidden;		/* groups removed by removeProcessGroup */
	size_t nhidden;
	enum rpc_action action;
	bool serving;
};

/* The outcome of one call. */
struct rpc_res {
	struct xr_value *v;
	int fault;
	char text[320];
	bool wait;		/* the wait slot holds the rest */
};

struct rpc_call {
	struct rpc *r;
	struct http_conn *c;
	struct rpc_wait *w;
	struct xr_value *params;
	size_t nparams;
	bool in_multicall;
	int64_t now;
};

static void rpc_fault(struct rpc_res *res, int code, const char *detail)
{
	res->fault = code;
	if (detail)
		snprintf(res->text, sizeof(res->text), "%s: %.280s", xr_fault_name(code), detail);
	else
		snprintf(res->text, sizeof(res->text), "%s", xr_fault_name(code));
}

/* ---- processes and names ---- */

void rpc_namespec(const struct conf_proc *cf, char *buf, size_t len)
{
	if (strcmp(cf->group, cf->name) == 0)
		snprintf(buf, len, "%s", cf->name);
	else
		snprintf(buf, len, "%s:%s", cf->group, cf->name);
}

static bool rpc_hidden(const struct rpc *r, const char *group)
{
	size_t i;

	for (i = 0; i < r->nhidden; i++) {
		if (strcmp(r->hidden[i], group) == 0)
			return true;
	}
	return false;
}

static bool rpc_visible(const struct rpc *r, const struct proc *p)
{
	return !rpc_hidden(r, p->cf->group);
}

static bool rpc_group_exists(const struct rpc *r, const char *group)
{
	const struct conf *c = r->sup->conf;
	size_t i;

	if (rpc_hidden(r, group))
		return false;
	for (i = 0; i < c->nprocs; i++) {
		if (strcmp(c->procs[i].group, group) == 0)
			return true;
	}
	return false;
}

static int rpc_cmp_proc(const void *a, const void *b)
{
	const struct proc *pa = *(struct proc *const *)a, *pb = *(struct proc *const *)b;
	int g = strcmp(pa->cf->group, pb->cf->group);

	return g ? g : strcmp(pa->cf->name, pb->cf->name);
}

size_t rpc_sorted(struct rpc *r, struct proc ***out)
{
	const struct conf *c = r->sup->conf;
	size_t i, n = 0;

	r->sorted = talloc_realloc(r->mem, r->sorted, struct proc *, c->nprocs + 1);
	for (i = 0; i < c->nprocs; i++) {
		if (rpc_visible(r, r->sup->procs[i]))
			r->sorted[n++] = r->sup->procs[i];
	}
	qsort(r->sorted, n, sizeof(*r->sorted), rpc_cmp_proc);
	*out = r->sorted;
	return n;
}

/* Visible processes in start order, optionally of one GROUP. */
static size_t rpc_ordered(struct rpc *r, const char *group, struct proc ***out)
{
	const struct conf *c = r->sup->conf;
	size_t i, n = 0;

	r->sorted = talloc_realloc(r->mem, r->sorted, struct proc *, c->nprocs + 1);
	for (i = 0; i < c->nprocs; i++) {
		struct proc *p = r->sup->procs[c->order[i]];

		if (rpc_visible(r, p) && (!group || strcmp(p->cf->group, group) == 0))
			r->sorted[n++] = p;
	}
	*out = r->sorted;
	return n;
}

/* Splits "g:x", "g:*", "g:" or "x". *PROC is NULL for a whole group. */
static void rpc_split(const char *ns, char *group, size_t glen, const char **proc)
{
	const char *colon = strchr(ns, ':');

	if (!colon) {
		snprintf(group, glen, "%s", ns);
		*proc = ns;
		return;
	}
	snprintf(group, glen, "%.*s", (int)(colon - ns), ns);
	*proc = colon[1] && strcmp(colon + 1, "*") != 0 ? colon + 1 : NULL;
}

struct proc *rpc_lookup(struct rpc *r, const char *ns)
{
	char group[256];
	const char *name;
	struct proc *p;

	rpc_split(ns, group, sizeof(group), &name);
	if (!name)
		return NULL;
	p = sup_find(r->sup, name);
	if (!p || strcmp(p->cf->group, group) != 0 || !rpc_visible(r, p))
		return NULL;
	return p;
}

/* Resolves NS to a process or (when *P stays NULL) a group. Returns false
 * with BAD_NAME in RES. */
static bool rpc_resolve(struct rpc *r, const char *ns, struct proc **p,
			char *group, size_t glen, struct rpc_res *res)
{
	const char *name;

	*p = NULL;
	rpc_split(ns, group, glen, &name);
	if (!rpc_group_exists(r, group)) {
		rpc_fault(res, XR_BAD_NAME, ns);
		return false;
	}
	if (name) {
		*p = rpc_lookup(r, ns);
		if (!*p) {
			rpc_fault(res, XR_BAD_NAME, ns);
			return false;
		}
	}
	return true;
}

static bool rpc_running_state(enum proc_state s)
{
	return s == PROC_STARTING || s == PROC_RUNNING || s == PROC_BACKOFF;
}

static bool rpc_stopped_state(enum proc_state s)
{
	return s == PROC_STOPPED || s == PROC_EXITED || s == PROC_FATAL
	       || s == PROC_UNKNOWN;
}

/* Wall-clock seconds of a loop_now() time. */
static time_t rpc_wall(int64_t mono)
{
	return time(NULL) - (time_t)((loop_now() - mono) / 1000);
}

static bool rpc_ever_started(const struct proc *p)
{
	return p->laststart > INT64_MIN / 4;
}

static void rpc_uptime(long secs, char *buf, size_t len)
{
	long days = secs / 86400;

	secs %= 86400;
	if (days > 0)
		snprintf(buf, len, "%ld day%s, %ld:%02ld:%02ld", days, days == 1 ? "" : "s",
			 secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
}

void rpc_describe(const struct proc *p, time_t now, char *buf, size_t len)
{
	char up[64];

	switch (p->state) {
	case PROC_RUNNING: {
		long secs = (long)(now - rpc_wall(p->laststart));

		rpc_uptime(secs < 0 ? 0 : secs, up, sizeof(up));
		snprintf(buf, len, "pid %d, uptime %s", (int)p->pid, up);
		break;
	}
	case PROC_BACKOFF:
	case PROC_FATAL:
		if (p->spawnerr[0])
			snprintf(buf, len, "%s", p->spawnerr);
		else
			snprintf(buf, len, "unknown error (try \"tail %s\")", p->cf->name);
		break;
	case PROC_STOPPED:
	case PROC_EXITED:
		if (rpc_ever_started(p)) {
			time_t stop = p->laststop ? rpc_wall(p->laststop) : 0;
			struct tm tm;

			localtime_r(&stop, &tm);
			strftime(buf, len, "%b %d %I:%M %p", &tm);
		} else {
			snprintf(buf, len, "Not started");
		}
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

static int rpc_exitcode(const struct proc *p)
{
	if (p->state == PROC_BACKOFF || p->state == PROC_FATAL)
		return 0;
	if (WIFSIGNALED(p->exitstatus))
		return -1;
	return WIFEXITED(p->exitstatus) ? WEXITSTATUS(p->exitstatus) : 0;
}

static struct xr_value *rpc_info(struct xr_arena *a, const struct proc *p)
{
	struct xr_value *st = xr_struct(a);
	time_t now = time(NULL);
	char desc[300];

	rpc_describe(p, now, desc, sizeof(desc));
	xr_member(a, st, "name", xr_string(a, p->cf->name));
	xr_member(a, st, "group", xr_string(a, p->cf->group));
	xr_member(a, st, "start", xr_int(a, rpc_ever_started(p) ? rpc_wall(p->laststart) : 0));
	xr_member(a, st, "stop", xr_int(a, p->laststop ? rpc_wall(p->laststop) : 0));
	xr_member(a, st, "now", xr_int(a, now));
	xr_member(a, st, "state", xr_int(a, proc_state_code(p->state)));
	xr_member(a, st, "statename", xr_string(a, proc_state_name(p->state)));
	xr_member(a, st, "spawnerr", xr_string(a, p->spawnerr));
	xr_member(a, st, "exitstatus", xr_int(a, rpc_exitcode(p)));
	xr_member(a, st, "logfile", xr_string(a, p->cf->out.path ? p->cf->out.path : ""));
	xr_member(a, st, "stdout_logfile", xr_string(a, p->cf->out.path ? p->cf->out.path : ""));
	xr_member(a, st, "stderr_logfile", xr_string(a, p->cf->err.path ? p->cf->err.path : ""));
	xr_member(a, st, "pid", xr_int(a, p->pid));
	xr_member(a, st, "description", xr_string(a, desc));
	return st;
}

static struct xr_value *rpc_result(struct xr_arena *a, const struct proc *p,
				   int status, const char *text)
{
	struct xr_value *st = xr_struct(a);

	xr_member(a, st, "name", xr_string(a, p->cf->name));
	xr_member(a, st, "group", xr_string(a, p->cf->group));
	xr_member(a, st, "status", xr_int(a, status));
	xr_member(a, st, "description", xr_string(a, text));
	return st;
}

/* ---- parameters ---- */

static bool rpc_nargs(struct rpc_call *x, size_t min, size_t max, struct rpc_res *res)
{
	if (x->nparams < min || x->nparams > max) {
		rpc_fault(res, XR_INCORRECT_PARAMETERS, NULL);
		return false;
	}
	return true;
}

static const char *rpc_str_arg(struct rpc_call *x, size_t i, struct rpc_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	if (!v || v->type != XR_STRING) {
		rpc_fault(res, XR_INCORRECT_PARAMETERS, "expected a string");
		return NULL;
	}
	return v->u.str.s;
}

static bool rpc_int_arg(struct rpc_call *x, size_t i, int64_t *out, struct rpc_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	if (!v || (v->type != XR_INT && v->type != XR_BOOL)) {
		rpc_fault(res, XR_INCORRECT_PARAMETERS, "expected an int");
		return false;
	}
	*out = v->u.i;
	return true;
}

/* An optional boolean (wait), true when absent. */
static bool rpc_bool_arg(struct rpc_call *x, size_t i, bool *out, struct rpc_res *res)
{
	struct xr_value *v = xr_at(x->params, i);

	*out = true;
	if (!v)
		return true;
	if (v->type == XR_BOOL || v->type == XR_INT) {
		*out = v->u.i != 0;
		return true;
	}
	rpc_fault(res, XR_INCORRECT_PARAMETERS, "expected a boolean");
	return false;
}

/* ---- waits ---- */

static void rpc_wait_add(struct rpc *r, struct rpc_wait *w, struct proc *p)
{
	if (w->nprocs == w->cap) {
		w->cap = r->sup->conf->nprocs + 1;
		w->procs = talloc_realloc(r->mem, w->procs, struct proc *, w->cap);
		w->codes = talloc_realloc(r->mem, w->codes, int, w->cap);
	}
	w->codes[w->nprocs] = 0;
	w->procs[w->nprocs++] = p;
}

static void rpc_wait_clear(struct rpc_wait *w)
{
	w->kind = W_NONE;
	w->group = w->multicall = false;
	w->done = NULL;
	w->nprocs = 0;
	w->fault = 0;
	xr_buf_release(&w->early, XR_BUF_KEEP);
}

/* 0 while P is still on its way, else the call's result code (SUCCESS for
 * done). */
static int rpc_settled(const struct proc *p, enum rpc_wait_kind kind)
{
	if (kind == W_STOP)
		return rpc_stopped_state(p->state) && !p->start_pending ? XR_SUCCESS : 0;
	if (p->state == PROC_RUNNING)
		return XR_SUCCESS;
	if (p->start_pending || p->state == PROC_STARTING)
		return 0;
	if (p->spawnerr[0])
		return XR_SPAWN_ERROR;
	return XR_ABNORMAL_TERMINATION;
}

/* Starts P. Returns 0 when started (*WAIT: not RUNNING yet), else a fault
 * with its text in RES. */
static int rpc_start_one(struct rpc_call *x, struct proc *p, const char *ns,
			 bool wait, bool *waiting, struct rpc_res *res)
{
	char path[4096], err[300];

	*waiting = false;
	if (spawn_resolve(p->cf, path, sizeof(path), err, sizeof(err)) < 0) {
		rpc_fault(res, strstr(err, "not executable") ? XR_NOT_EXECUTABLE : XR_NO_FILE, err);
		return res->fault;
	}
	if (rpc_running_state(p->state)) {
		rpc_fault(res, XR_ALREADY_STARTED, ns);
		return res->fault;
	}
	if (p->state == PROC_UNKNOWN) {
		snprintf(err, sizeof(err), "%s is in an unknown process state", ns);
		rpc_fault(res, XR_FAILED, err);
		return res->fault;
	}
	p->want_start = false;
	proc_event(p, PROC_EV_START, x->now);
	if (!p->start_pending && p->state != PROC_STARTING && p->state != PROC_RUNNING
	    && p->spawnerr[0]) {
		rpc_fault(res, XR_SPAWN_ERROR, ns);
		return res->fault;
	}
	*waiting = wait && p->state != PROC_RUNNING;
	return 0;
}

static int rpc_stop_one(struct rpc_call *x, struct proc *p, const char *ns,
			bool wait, bool *waiting, struct rpc_res *res)
{
	*waiting = false;
	p->want_start = false;
	if (p->start_pending) {
		proc_event(p, PROC_EV_STOP, x->now);
		return 0;
	}
	if (!rpc_running_state(p->state)) {
		rpc_fault(res, XR_NOT_RUNNING, ns);
		return res->fault;
	}
	proc_event(p, PROC_EV_STOP, x->now);
	if (p->state == PROC_UNKNOWN) {
		rpc_fault(res, XR_FAILED, "kill failed");
		return res->fault;
	}
	*waiting = wait && !rpc_stopped_state(p->state);
	return 0;
}

/* The group result for a settled process, into the wait's early list. */
static void rpc_early(struct rpc *r, struct rpc_wait *w, const struct proc *p,
		      int code, const char *text)
{
	struct xr_arena *a = &r->arena;
	size_t mark = a->used;

	xr_encode_value(&w->early, rpc_result(a, p, code, text));
	xr_buf_str(&w->early, "\n");
	a->used = mark;
	if (code != XR_SUCCESS && !w->fault)
		w->fault = code;
}

/* Start or stop over a list: immediate faults are recorded, the rest
 * waited for. Returns true when something waits. */
static bool rpc_apply_all(struct rpc_call *x, struct proc **procs, size_t n,
			  enum rpc_wait_kind kind, bool wait)
{
	struct rpc_wait *w = x->w;
	size_t i;

	for (i = 0; i < n; i++) {
		struct proc *p = procs[i];
		struct rpc_res one = { 0 };
		char ns[300];
		bool waiting;
		int rc;

		rpc_namespec(p->cf, ns, sizeof(ns));
		if (kind == W_START) {
			if (rpc_running_state(p->state))
				continue;
			rc = rpc_start_one(x, p, ns, wait, &waiting, &one);
		} else {
			if (!rpc_running_state(p->state) && !p->start_pending)
				continue;
			rc = rpc_stop_one(x, p, ns, wait, &waiting, &one);
		}
		if (rc)
			rpc_early(x->r, w, p, rc, one.text);
		else if (waiting)
			rpc_wait_add(x->r, w, p);
		else
			rpc_early(x->r, w, p, XR_SUCCESS, "OK");
	}
	return w->nprocs > 0;
}

/* Checks a wait: true once every process settled, with results added to
 * the early list (group) or the outcome in RES (single). */
static bool rpc_wait_check(struct rpc *r, struct rpc_wait *w, struct rpc_res *res)
{
	size_t i;

	for (i = 0; i < w->nprocs; i++) {
		if (!w->codes[i])
			w->codes[i] = rpc_settled(w->procs[i], w->kind == W_RESTART ? W_STOP : w->kind);
		if (!w->codes[i])
			return false;
	}
	/* all settled: the results in the order of the request */
	for (i = 0; i < w->nprocs; i++) {
		int code = w->codes[i];
		char ns[300];

		rpc_namespec(w->procs[i]->cf, ns, sizeof(ns));
		if (w->group) {
			rpc_early(r, w, w->procs[i], code, code == XR_SUCCESS ? "OK" : ns);
		} else if (code != XR_SUCCESS) {
			rpc_fault(res, code, w->name);
			w->fault = code;
		}
	}
	w->nprocs = 0;
	if (!w->group && !res->fault)
		res->v = xr_bool(&r->arena, true);
	return true;
}

/* ---- methods ---- */

typedef void rpc_method(struct rpc_call *x, struct rpc_res *res);

static bool rpc_up(struct rpc_call *x, struct rpc_res *res)
{
	if (x->r->sup->shutdown || x->r->action != RPC_NONE) {
		rpc_fault(res, XR_SHUTDOWN_STATE, NULL);
		return false;
	}
	return true;
}

static void m_api_version(struct rpc_call *x, struct rpc_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_API_VERSION);
}

static void m_supervisor_version(struct rpc_call *x, struct rpc_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_SUPERVISOR_VERSION);
}

static void m_identification(struct rpc_call *x, struct rpc_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_string(&x->r->arena, RPC_IDENTIFICATION);
}

static void m_state(struct rpc_call *x, struct rpc_res *res)
{
	struct xr_arena *a = &x->r->arena;
	bool down = x->r->sup->shutdown;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	res->v = xr_struct(a);
	xr_member(a, res->v, "statecode", xr_int(a, down ? -1 : 1));
	xr_member(a, res->v, "statename", xr_string(a, down ? "SHUTDOWN" : "RUNNING"));
}

static void m_pid(struct rpc_call *x, struct rpc_res *res)
{
	if (rpc_up(x, res) && rpc_nargs(x, 0, 0, res))
		res->v = xr_int(&x->r->arena, getpid());
}

/* readFile's rules: a negative offset with length 0 is the tail. */
static void rpc_read_file(struct rpc *r, const char *path, int64_t off, int64_t len,
			  struct rpc_res *res)
{
	struct stat st;
	size_t n, got = 0;
	char *buf;
	int fd;

	if (!path || lstat(path, &st) < 0) {
		rpc_fault(res, XR_NO_FILE, path ? path : "None");
		return;
	}
	if ((off < 0 && len != 0) || len < 0) {
		rpc_fault(res, XR_BAD_ARGUMENTS, NULL);
		return;
	}
	/* never through a symlink someone planted at the log's name */
	fd = safeopen_read(path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		rpc_fault(res, XR_FAILED, NULL);
		return;
	}
	if (off < 0) {
		len = off < -st.st_size ? st.st_size : -off;
		off = st.st_size - len;
	} else if (off >= st.st_size) {
		len = 0;
	} else if (len == 0 || len > st.st_size - off) {
		len = st.st_size - off;
	}
	n = (size_t)len < RPC_READ_MAX ? (size_t)len : RPC_READ_MAX;
	buf = xr_alloc(&r->arena, n + 1);
	while (buf && got < n) {
		ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + (int64_t)got));

		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	res->v = buf ? xr_stringn(&r->arena, buf, got) : NULL;
}

static void m_read_log(struct rpc_call *x, struct rpc_res *res)
{
	int64_t off, len;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !rpc_int_arg(x, 0, &off, res)
	    || !rpc_int_arg(x, 1, &len, res))
		return;
	rpc_read_file(x->r, x->r->sup->conf->logfile, off, len, res);
}

static void m_clear_log(struct rpc_call *x, struct rpc_res *res)
{
	const char *path = x->r->sup->conf->logfile;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	if (!path || access(path, F_OK) < 0) {
		rpc_fault(res, XR_NO_FILE, path ? path : "None");
		return;
	}
	if (mainlog_clear() < 0) {
		rpc_fault(res, XR_FAILED, strerror(errno));
		return;
	}
	mainlog_info("main log cleared by a client");
	res->v = xr_bool(&x->r->arena, true);
}

static void m_shutdown(struct rpc_call *x, struct rpc_res *res)
{
	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	x->r->action = RPC_SHUTDOWN;
	res->v = xr_bool(&x->r->arena, true);
}

static void m_restart(struct rpc_call *x, struct rpc_res *res)
{
	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	x->r->action = RPC_RESTART;
	res->v = xr_bool(&x->r->arena, true);
}

static void m_process_info(struct rpc_call *x, struct rpc_res *res)
{
	const char *ns;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(ns = rpc_str_arg(x, 0, res)))
		return;
	p = rpc_lookup(x->r, ns);
	if (!p) {
		rpc_fault(res, XR_BAD_NAME, ns);
		return;
	}
	res->v = rpc_info(&x->r->arena, p);
}

static void m_all_process_info(struct rpc_call *x, struct rpc_res *res)
{
	struct proc **procs;
	size_t n, i;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	n = rpc_sorted(x->r, &procs);
	res->v = xr_array(&x->r->arena);
	for (i = 0; i < n; i++)
		xr_append(&x->r->arena, res->v, rpc_info(&x->r->arena, procs[i]));
}

static struct xr_value *rpc_log_conf(struct xr_arena *a, struct xr_value *st,
				     const struct conf_log *l, bool out)
{
	xr_member(a, st, out ? "stdout_capture_maxbytes" : "stderr_capture_maxbytes", xr_int(a, 0));
	xr_member(a, st, out ? "stdout_events_enabled" : "stderr_events_enabled", xr_bool(a, false));
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
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, "%s%s", k ? " " : "", cf->argv[k]);
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

static void m_all_config_info(struct rpc_call *x, struct rpc_res *res)
{
	struct rpc *r = x->r;
	const struct conf *c = r->pending ? r->pending : r->sup->conf;
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
			  rpc_config_info(r, list[i], rpc_group_exists(r, list[i]->group)));
}

/* startProcess / stopProcess on a group or everything: NS NULL is all. */
static void rpc_many(struct rpc_call *x, const char *group, enum rpc_wait_kind kind,
		     bool wait, struct rpc_res *res)
{
	struct rpc_wait *w = x->w;
	struct proc **procs;
	size_t n;

	n = rpc_ordered(x->r, group, &procs);
	rpc_wait_clear(w);
	w->kind = kind;
	w->group = true;
	/* rpc_ordered's array is reused by the calls below: copy first */
	{
		struct proc **copy = xr_alloc(&x->r->arena, (n + 1) * sizeof(*copy));

		if (!copy)
			return;
		memcpy(copy, procs, n * sizeof(*copy));
		if (rpc_apply_all(x, copy, n, kind, wait)) {
			res->wait = true;
			return;
		}
	}
	rpc_wait_check(x->r, w, res);
	res->v = NULL;	/* the early list is the answer */
	res->wait = false;
}

static void m_start(struct rpc_call *x, struct rpc_res *res, bool stop)
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
	if ((stop ? rpc_stop_one : rpc_start_one)(x, p, ns, wait, &waiting, res))
		return;
	if (!waiting) {
		res->v = xr_bool(&x->r->arena, true);
		return;
	}
	rpc_wait_clear(x->w);
	x->w->kind = stop ? W_STOP : W_START;
	snprintf(x->w->name, sizeof(x->w->name), "%s", ns);
	rpc_wait_add(x->r, x->w, p);
	res->wait = true;
}

static void m_start_process(struct rpc_call *x, struct rpc_res *res)
{
	m_start(x, res, false);
}

static void m_stop_process(struct rpc_call *x, struct rpc_res *res)
{
	m_start(x, res, true);
}

static void m_group(struct rpc_call *x, struct rpc_res *res, bool stop)
{
	const char *g;
	bool wait;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 2, res) || !(g = rpc_str_arg(x, 0, res))
	    || !rpc_bool_arg(x, 1, &wait, res))
		return;
	if (!rpc_group_exists(x->r, g)) {
		rpc_fault(res, XR_BAD_NAME, g);
		return;
	}
	rpc_many(x, g, stop ? W_STOP : W_START, wait, res);
}

static void m_start_group(struct rpc_call *x, struct rpc_res *res)
{
	m_group(x, res, false);
}

static void m_stop_group(struct rpc_call *x, struct rpc_res *res)
{
	m_group(x, res, true);
}

static void m_all(struct rpc_call *x, struct rpc_res *res, bool stop)
{
	bool wait;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 1, res) || !rpc_bool_arg(x, 0, &wait, res))
		return;
	rpc_many(x, NULL, stop ? W_STOP : W_START, wait, res);
}

static void m_start_all(struct rpc_call *x, struct rpc_res *res)
{
	m_all(x, res, false);
}

static void m_stop_all(struct rpc_call *x, struct rpc_res *res)
{
	m_all(x, res, true);
}

/* "HUP", "SIGHUP" or "1". Returns -1 when unknown. */
static int rpc_signal_number(const char *s)
{
	char *end;
	long n;
	int i;

	if (s[0] >= '0' && s[0] <= '9') {
		n = strtol(s, &end, 10);
		return *end || n <= 0 || n >= NSIG ? -1 : (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 1; i < NSIG; i++) {
		const char *abbrev = sigabbrev_np(i);

		if (abbrev && strcasecmp(abbrev, s) == 0)
			return i;
	}
	return -1;
}

static int rpc_signal_one(struct proc *p, int sig, const char *ns, struct rpc_res *res)
{
	if (p->state != PROC_RUNNING && p->state != PROC_STARTING
	    && p->state != PROC_STOPPING) {
		rpc_fault(res, XR_NOT_RUNNING, ns);
		return res->fault;
	}
	if (kill(p->pid, sig) < 0) {
		rpc_fault(res, XR_FAILED, strerror(errno));
		return res->fault;
	}
	return 0;
}

static void rpc_signal_many(struct rpc_call *x, const char *group, const char *signame,
			    struct rpc_res *res)
{
	struct xr_arena *a = &x->r->arena;
	int sig = rpc_signal_number(signame);
	struct proc **procs;
	size_t n, i;

	n = rpc_ordered(x->r, group, &procs);
	res->v = xr_array(a);
	for (i = 0; i < n; i++) {
		struct rpc_res one = { 0 };
		char ns[300];

		if (procs[i]->state != PROC_RUNNING && procs[i]->state != PROC_STARTING
		    && procs[i]->state != PROC_STOPPING)
			continue;
		rpc_namespec(procs[i]->cf, ns, sizeof(ns));
		if (sig < 0)
			rpc_fault(&one, XR_BAD_SIGNAL, signame);
		else
			rpc_signal_one(procs[i], sig, ns, &one);
		xr_append(a, res->v, rpc_result(a, procs[i], one.fault ? one.fault : XR_SUCCESS,
						one.fault ? one.text : "OK"));
	}
}

static void m_signal_process(struct rpc_call *x, struct rpc_res *res)
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
	n = rpc_signal_number(sig);
	if (n < 0) {
		rpc_fault(res, XR_BAD_SIGNAL, sig);
		return;
	}
	if (rpc_signal_one(p, n, ns, res) == 0)
		res->v = xr_bool(&x->r->arena, true);
}

static void m_signal_group(struct rpc_call *x, struct rpc_res *res)
{
	const char *g, *sig;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !(g = rpc_str_arg(x, 0, res))
	    || !(sig = rpc_str_arg(x, 1, res)))
		return;
	if (!rpc_group_exists(x->r, g)) {
		rpc_fault(res, XR_BAD_NAME, g);
		return;
	}
	rpc_signal_many(x, g, sig, res);
}

static void m_signal_all(struct rpc_call *x, struct rpc_res *res)
{
	const char *sig;

	if (rpc_up(x, res) && rpc_nargs(x, 1, 1, res) && (sig = rpc_str_arg(x, 0, res)))
		rpc_signal_many(x, NULL, sig, res);
}

/* The process named by argument 0, which must be a process. */
static struct proc *rpc_proc_arg(struct rpc_call *x, struct rpc_res *res)
{
	const char *ns = rpc_str_arg(x, 0, res);
	struct proc *p;

	if (!ns)
		return NULL;
	p = rpc_lookup(x->r, ns);
	if (!p)
		rpc_fault(res, XR_BAD_NAME, ns);
	return p;
}

static void rpc_read_proc(struct rpc_call *x, struct rpc_res *res, bool err)
{
	int64_t off, len;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 3, 3, res) || !(p = rpc_proc_arg(x, res))
	    || !rpc_int_arg(x, 1, &off, res) || !rpc_int_arg(x, 2, &len, res))
		return;
	rpc_read_file(x->r, err ? p->cf->err.path : p->cf->out.path, off, len, res);
}

static void m_read_stdout(struct rpc_call *x, struct rpc_res *res)
{
	rpc_read_proc(x, res, false);
}

static void m_read_stderr(struct rpc_call *x, struct rpc_res *res)
{
	rpc_read_proc(x, res, true);
}

/* tailFile's rules: [bytes, newoffset, overflow]. */
static void rpc_tail_proc(struct rpc_call *x, struct rpc_res *res, bool err)
{
	struct xr_arena *a = &x->r->arena;
	int64_t off, len, sz, end;
	const char *path;
	bool overflow = false;
	struct rpc_res data = { 0 };
	struct stat st;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 3, 3, res) || !(p = rpc_proc_arg(x, res))
	    || !rpc_int_arg(x, 1, &off, res) || !rpc_int_arg(x, 2, &len, res))
		return;
	path = err ? p->cf->err.path : p->cf->out.path;
	res->v = xr_array(a);
	if (!path || lstat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		xr_append(a, res->v, xr_string(a, ""));
		xr_append(a, res->v, xr_int(a, 0));
		xr_append(a, res->v, xr_bool(a, false));
		return;
	}
	sz = st.st_size;
	if (len < 0)
		len = 0;
	/* a client's offset and length may be anything: their sum saturates
	   (Python's integers, which tailFile's rules were written in, do not
	   overflow) */
	if (__builtin_add_overflow(off, len, &end))
		end = INT64_MAX;
	if (sz > end) {
		overflow = true;
		off = sz - 1;
		if (__builtin_add_overflow(off, len, &end))
			end = INT64_MAX;
	}
	if (end > sz) {
		if (off > sz - 1)
			len = 0;
		off = sz - len;
	}
	if (off < 0)
		off = 0;
	if (len > 0)
		rpc_read_file(x->r, path, off, len, &data);
	xr_append(a, res->v, data.v ? data.v : xr_string(a, ""));
	xr_append(a, res->v, xr_int(a, sz));
	xr_append(a, res->v, xr_bool(a, overflow));
}

static void m_tail_stdout(struct rpc_call *x, struct rpc_res *res)
{
	rpc_tail_proc(x, res, false);
}

static void m_tail_stderr(struct rpc_call *x, struct rpc_res *res)
{
	rpc_tail_proc(x, res, true);
}

static int rpc_clear_file(struct logfile *f)
{
	return logfile_clear(f) < 0 ? -1 : 0;
}

const char *rpc_mainlog_path(struct rpc *r)
{
	return r->sup->conf->logfile;
}

int rpc_clear_logs(struct proc *p)
{
	int a = rpc_clear_file(&p->out), b = rpc_clear_file(&p->err);

	return a | b;
}

static void m_clear_proc_logs(struct rpc_call *x, struct rpc_res *res)
{
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(p = rpc_proc_arg(x, res)))
		return;
	if (rpc_clear_logs(p) < 0) {
		rpc_fault(res, XR_FAILED, p->cf->name);
		return;
	}
	res->v = xr_bool(&x->r->arena, true);
}

static void m_clear_all_logs(struct rpc_call *x, struct rpc_res *res)
{
	struct xr_arena *a = &x->r->arena;
	struct proc **procs;
	size_t n, i;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	n = rpc_ordered(x->r, NULL, &procs);
	res->v = xr_array(a);
	for (i = 0; i < n; i++) {
		bool ok = rpc_clear_logs(procs[i]) == 0;

		xr_append(a, res->v, rpc_result(a, procs[i], ok ? XR_SUCCESS : XR_FAILED,
						ok ? "OK" : "FAILED"));
	}
}

/* ---- reloadConfig, addProcessGroup, removeProcessGroup ---- */

static bool rpc_conf_has_group(const struct conf *c, const char *g)
{
	size_t i;

	for (i = 0; i < c->nprocs; i++) {
		if (strcmp(c->procs[i].group, g) == 0)
			return true;
	}
	return false;
}

/* True when group G runs the same way in the running conf and in NC. */
static bool rpc_group_same(struct rpc *r, const struct conf *nc, const char *g)
{
	const struct conf *oc = r->sup->conf;
	size_t i, nold = 0, nnew = 0;

	for (i = 0; i < oc->nprocs; i++) {
		const struct conf_proc *a = &oc->procs[i];
		ssize_t j;

		if (strcmp(a->group, g) != 0)
			continue;
		nold++;
		j = conf_find(nc, a->name);
		if (j < 0 || strcmp(nc->procs[j].group, g) != 0
		    || !conf_proc_equal(oc, a, nc, &nc->procs[j]))
			return false;
	}
	for (i = 0; i < nc->nprocs; i++)
		nnew += strcmp(nc->procs[i].group, g) == 0;
	return nold == nnew;
}

static int rpc_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct groups of C, sorted, into the arena. */
static size_t rpc_groups(struct rpc *r, const struct conf *c, const char ***out)
{
	const char **g = xr_alloc(&r->arena, (c->nprocs + 1) * sizeof(*g));
	size_t i, n = 0;

	*out = g;
	if (!g)
		return 0;
	for (i = 0; i < c->nprocs; i++)
		g[n++] = c->procs[i].group;
	qsort(g, n, sizeof(*g), rpc_cmp_str);
	for (i = 0; i + 1 < n;) {
		if (strcmp(g[i], g[i + 1]) == 0) {
			memmove(&g[i + 1], &g[i + 2], (n - i - 2) * sizeof(*g));
			n--;
		} else {
			i++;
		}
	}
	return n;
}

static void m_reload_config(struct rpc_call *x, struct rpc_res *res)
{
	struct rpc *r = x->r;
	struct xr_arena *a = &r->arena;
	struct xr_value *added, *changed, *removed, *all;
	const char **ng, **og;
	size_t nn, no, i;
	char err[1024];
	struct conf *nc;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	nc = conf_load(r->mem, r->table, err, sizeof(err));
	if (!nc) {
		rpc_fault(res, XR_CANT_REREAD, err);
		return;
	}
	talloc_free(r->pending);
	r->pending = nc;
	added = xr_array(a);
	changed = xr_array(a);
	removed = xr_array(a);
	nn = rpc_groups(r, nc, &ng);
	no = rpc_groups(r, r->sup->conf, &og);
	for (i = 0; i < nn; i++) {
		if (!rpc_group_exists(r, ng[i]))
			xr_append(a, added, xr_string(a, ng[i]));
		else if (!rpc_group_same(r, nc, ng[i]))
			xr_append(a, changed, xr_string(a, ng[i]));
	}
	for (i = 0; i < no; i++) {
		if (rpc_group_exists(r, og[i]) && !rpc_conf_has_group(nc, og[i]))
			xr_append(a, removed, xr_string(a, og[i]));
	}
	all = xr_array(a);
	xr_append(a, all, added);
	xr_append(a, all, changed);
	xr_append(a, all, removed);
	res->v = xr_array(a);
	xr_append(a, res->v, all);
}

static void rpc_hide(struct rpc *r, const char *g)
{
	if (rpc_hidden(r, g))
		return;
	r->hidden = talloc_realloc(r->mem, r->hidden, char *, r->nhidden + 1);
	r->hidden[r->nhidden++] = talloc_strdup(r->hidden, g);
}

static void rpc_unhide(struct rpc *r, const char *g)
{
	size_t i;

	for (i = 0; i < r->nhidden; i++) {
		if (strcmp(r->hidden[i], g) == 0) {
			talloc_free(r->hidden[i]);
			r->hidden[i] = r->hidden[--r->nhidden];
			return;
		}
	}
}

/* Hidden groups of the running conf must not start by themselves; hidden
 * names gone from it are forgotten. */
static void rpc_settle_hidden(struct rpc *r)
{
	const struct conf *c = r->sup->conf;
	size_t i = 0, k;

	while (i < r->nhidden) {
		if (!rpc_conf_has_group(c, r->hidden[i])) {
			rpc_unhide(r, r->hidden[i]);
			continue;
		}
		for (k = 0; k < c->nprocs; k++) {
			if (strcmp(c->procs[k].group, r->hidden[i]) == 0)
				r->sup->procs[k]->want_start = false;
		}
		i++;
	}
}

static void m_add_group(struct rpc_call *x, struct rpc_res *res)
{
	struct rpc *r = x->r;
	const struct conf *c;
	const char *g;
	size_t k;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(g = rpc_str_arg(x, 0, res)))
		return;
	if (rpc_group_exists(r, g)) {
		rpc_fault(res, XR_ALREADY_ADDED, g);
		return;
	}
	if (r->pending && rpc_conf_has_group(r->pending, g)) {
		struct conf *nc = r->pending;
		size_t i;

		/* svcd applies a table as a whole: the groups it adds besides G
		   stay hidden until their own addProcessGroup */
		for (i = 0; i < nc->nprocs; i++) {
			if (!rpc_group_exists(r, nc->procs[i].group))
				rpc_hide(r, nc->procs[i].group);
		}
		r->pending = NULL;
		rpc_conf_changed(r);
		r->hooks.apply(r->hooks.ctx, nc, x->now);
		rpc_settle_hidden(r);
	} else if (!rpc_hidden(r, g) || !rpc_conf_has_group(r->sup->conf, g)) {
		rpc_fault(res, XR_BAD_NAME, g);
		return;
	}
	rpc_unhide(r, g);
	c = r->sup->conf;
	for (k = 0; k < c->nprocs; k++) {
		if (strcmp(c->procs[k].group, g) == 0)
			r->sup->procs[k]->want_start = c->procs[k].autostart;
	}
	res->v = xr_bool(&r->arena, true);
}

static void m_remove_group(struct rpc_call *x, struct rpc_res *res)
{
	struct rpc *r = x->r;
	const struct conf *c = r->sup->conf;
	const char *g;
	size_t k;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(g = rpc_str_arg(x, 0, res)))
		return;
	if (!rpc_group_exists(r, g)) {
		rpc_fault(res, XR_BAD_NAME, g);
		return;
	}
	for (k = 0; k < c->nprocs; k++) {
		if (strcmp(c->procs[k].group, g) == 0 && !proc_is_down(r->sup->procs[k])) {
			rpc_fault(res, XR_STILL_RUNNING, g);
			return;
		}
	}
	rpc_hide(r, g);
	rpc_settle_hidden(r);
	res->v = xr_bool(&r->arena, true);
}

/* ---- system.* ---- */

static void m_list_methods(struct rpc_call *x, struct rpc_res *res);
static void m_method_help(struct rpc_call *x, struct rpc_res *res);
static void m_method_signature(struct rpc_call *x, struct rpc_res *res);
static void m_multicall(struct rpc_call *x, struct rpc_res *res);

struct rpc_method_def {
	const char *name;
	rpc_method *fn;
	const char *sig;	/* return type, then argument types */
	const char *help;
};

static const struct rpc_method_def rpc_methods[] = {
	{ "supervisor.addProcessGroup", m_add_group, "boolean,string", "Update the config for a running process from config file." },
	{ "supervisor.clearAllProcessLogs", m_clear_all_logs, "array", "Clear all process log files" },
	{ "supervisor.clearLog", m_clear_log, "boolean", "Clear the main log." },
	{ "supervisor.clearProcessLog", m_clear_proc_logs, "boolean,string", "Clear the stdout and stderr logs for the named process and reopen them." },
	{ "supervisor.clearProcessLogs", m_clear_proc_logs, "boolean,string", "Clear the stdout and stderr logs for the named process and reopen them." },
	{ "supervisor.getAPIVersion", m_api_version, "string", "Return the version of the RPC API used by supervisord" },
	{ "supervisor.getAllConfigInfo", m_all_config_info, "array", "Get info about all available process configurations." },
	{ "supervisor.getAllProcessInfo", m_all_process_info, "array", "Get info about all processes" },
	{ "supervisor.getIdentification", m_identification, "string", "Return identifying string of supervisord" },
	{ "supervisor.getPID", m_pid, "int", "Return the PID of supervisord" },
	{ "supervisor.getProcessInfo", m_process_info, "struct,string", "Get info about a process named name" },
	{ "supervisor.getState", m_state, "struct", "Return current state of supervisord as a struct" },
	{ "supervisor.getSupervisorVersion", m_supervisor_version, "string", "Return the version of the supervisor package in use by supervisord" },
	{ "supervisor.getVersion", m_api_version, "string", "Return the version of the RPC API used by supervisord" },
	{ "supervisor.readLog", m_read_log, "string,int,int", "Read length bytes from the main log starting at offset" },
	{ "supervisor.readMainLog", m_read_log, "string,int,int", "Read length bytes from the main log starting at offset" },
	{ "supervisor.readProcessLog", m_read_stdout, "string,string,int,int", "Read length bytes from name's stdout log starting at offset" },
	{ "supervisor.readProcessStderrLog", m_read_stderr, "string,string,int,int", "Read length bytes from name's stderr log starting at offset" },
	{ "supervisor.readProcessStdoutLog", m_read_stdout, "string,string,int,int", "Read length bytes from name's stdout log starting at offset" },
	{ "supervisor.reloadConfig", m_reload_config, "array", "Reload the configuration." },
	{ "supervisor.removeProcessGroup", m_remove_group, "boolean,string", "Remove a stopped process from the active configuration." },
	{ "supervisor.restart", m_restart, "boolean", "Restart the supervisor process" },
	{ "supervisor.shutdown", m_shutdown, "boolean", "Shut down the supervisor process" },
	{ "supervisor.signalAllProcesses", m_signal_all, "array,string", "Send a signal to all processes in the process list" },
	{ "supervisor.signalProcess", m_signal_process, "boolean,string,string", "Send an arbitrary UNIX signal to the process named by name" },
	{ "supervisor.signalProcessGroup", m_signal_group, "array,string,string", "Send a signal to all processes in the group named 'name'" },
	{ "supervisor.startAllProcesses", m_start_all, "array,boolean", "Start all processes listed in the configuration file" },
	{ "supervisor.startProcess", m_start_process, "boolean,string,boolean", "Start a process" },
	{ "supervisor.startProcessGroup", m_start_group, "array,string,boolean", "Start all processes in the group named 'name'" },
	{ "supervisor.stopAllProcesses", m_stop_all, "array,boolean", "Stop all processes in the process list" },
	{ "supervisor.stopProcess", m_stop_process, "boolean,string,boolean", "Stop a process named by name" },
	{ "supervisor.stopProcessGroup", m_stop_group, "array,string,boolean", "Stop all processes in the process group named 'name'" },
	{ "supervisor.tailProcessLog", m_tail_stdout, "array,string,int,int", "Provides a more efficient way to tail the (stdout) log than readProcessStdoutLog()." },
	{ "supervisor.tailProcessStderrLog", m_tail_stderr, "array,string,int,int", "Provides a more efficient way to tail the (stderr) log than readProcessStderrLog()." },
	{ "supervisor.tailProcessStdoutLog", m_tail_stdout, "array,string,int,int", "Provides a more efficient way to tail the (stdout) log than readProcessStdoutLog()." },
	{ "system.listMethods", m_list_methods, "array", "Return an array listing the available method names" },
	{ "system.methodHelp", m_method_help, "string,string", "Return a string showing the method's documentation" },
	{ "system.methodSignature", m_method_signature, "array,string", "Return an array describing the method signature" },
	{ "system.multicall", m_multicall, "array,array", "Process an array of calls, and return an array of results." },
};

#define RPC_NMETHODS (sizeof(rpc_methods) / sizeof(rpc_methods[0]))

static const struct rpc_method_def *rpc_find_method(const char *name)
{
	const char *dot = strchr(name, '.');
	size_t i;

	/* two parts exactly, no private names (CVE-2017-11610) */
	if (!dot || strchr(dot + 1, '.') || name[0] == '_' || dot[1] == '_')
		return NULL;
	for (i = 0; i < RPC_NMETHODS; i++) {
		if (strcmp(rpc_methods[i].name, name) == 0)
			return &rpc_methods[i];
	}
	return NULL;
}

static void m_list_methods(struct rpc_call *x, struct rpc_res *res)
{
	size_t i;

	if (!rpc_nargs(x, 0, 0, res))
		return;
	res->v = xr_array(&x->r->arena);
	for (i = 0; i < RPC_NMETHODS; i++)
		xr_append(&x->r->arena, res->v, xr_string(&x->r->arena, rpc_methods[i].name));
}

static const struct rpc_method_def *rpc_method_arg(struct rpc_call *x, struct rpc_res *res)
{
	const struct rpc_method_def *m;
	const char *name;

	if (!rpc_nargs(x, 1, 1, res) || !(name = rpc_str_arg(x, 0, res)))
		return NULL;
	m = rpc_find_method(name);
	if (!m)
		rpc_fault(res, XR_SIGNATURE_UNSUPPORTED, NULL);
	return m;
}

static void m_method_help(struct rpc_call *x, struct rpc_res *res)
{
	const struct rpc_method_def *m = rpc_method_arg(x, res);

	if (m)
		res->v = xr_string(&x->r->arena, m->help);
}

static void m_method_signature(struct rpc_call *x, struct rpc_res *res)
{
	const struct rpc_method_def *m = rpc_method_arg(x, res);
	struct xr_value *sig;
	const char *p;

	if (!m)
		return;
	sig = xr_array(&x->r->arena);
	for (p = m->sig; *p;) {
		size_t n = strcspn(p, ",");

		xr_append(&x->r->arena, sig, xr_stringn(&x->r->arena, p, n));
		p += n + (p[n] == ',');
	}
	res->v = xr_array(&x->r->arena);
	xr_append(&x->r->arena, res->v, sig);
}

static void rpc_dispatch(struct rpc_call *x, const char *method, struct rpc_res *res)
{
	const struct rpc_method_def *m = rpc_find_method(method);

	if (!m) {
		rpc_fault(res, XR_UNKNOWN_METHOD, NULL);
		return;
	}
	x->nparams = x->params ? x->params->u.list.n : 0;
	m->fn(x, res);
}

/* A fault as a multicall element, supervisord's shape, written straight
 * into the results: the arena may be what ran out. */
static void rpc_mc_fault(struct xr_buf *acc, int code, const char *text)
{
	xr_buf_printf(acc, "<value><struct>\n<member>\n<name>faultCode</name>\n"
		      "<value><int>%d</int></value>\n</member>\n<member>\n"
		      "<name>faultString</name>\n<value><string>", code);
	xr_buf_xml(acc, text, strlen(text));
	xr_buf_str(acc, "</string></value>\n</member>\n</struct></value>\n");
}

/* Encodes the outcome of one call as a multicall element. A call whose
 * result could not be built (the arena ran out) or does not fit in the
 * reply is a fault of its own, never an empty value. */
static void rpc_mc_element(struct rpc *r, struct rpc_wait *w, struct rpc_res *res)
{
	size_t mark = w->acc.len;

	if (res->fault) {
		rpc_mc_fault(&w->acc, res->fault, res->text);
		return;
	}
	if (r->arena.failed) {
		rpc_mc_fault(&w->acc, XR_FAILED, "FAILED: this result does not fit in memory");
		return;
	}
	if (res->v) {
		xr_encode_value(&w->acc, res->v);
	} else {
		/* a group result from the early list */
		xr_buf_str(&w->acc, "<value><array><data>\n");
		xr_buf_add(&w->acc, w->early.data, w->early.len);
		xr_buf_str(&w->acc, "</data></array></value>");
	}
	xr_buf_str(&w->acc, "\n");
	if (w->acc.overflow) {
		w->acc.len = mark;
		w->acc.overflow = false;
		rpc_mc_fault(&w->acc, XR_FAILED, "FAILED: response too large");
	}
}

/* Runs calls [w->next ..] of the multicall in PARAMS. Returns true when
 * one of them waits. */
static bool rpc_mc_run(struct rpc_call *x, struct xr_value *calls)
{
	struct rpc_wait *w = x->w;
	struct xr_value *call = xr_at(calls, w->next);

	for (; call; call = call->next, w->next++) {
		struct xr_value *mn = xr_get(call, "methodName"), *ps = xr_get(call, "params");
		struct rpc_call sub = *x;
		struct rpc_res res = { 0 };

		size_t used = x->r->arena.used;

		sub.in_multicall = true;
		x->r->arena.failed = false;
		if (!mn || mn->type != XR_STRING || (ps && ps->type != XR_ARRAY)) {
			rpc_fault(&res, XR_INCORRECT_PARAMETERS, NULL);
		} else if (strcmp(mn->u.str.s, "system.multicall") == 0) {
			rpc_fault(&res, XR_INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
		} else {
			sub.params = ps;
			xr_buf_reset(&w->early);
			rpc_dispatch(&sub, mn->u.str.s, &res);
		}
		if (res.wait) {
			w->multicall = true;
			return true;
		}
		rpc_mc_element(x->r, w, &res);
		/* the call's values are encoded now: the next call gets the
		   arena's room again */
		x->r->arena.used = used;
		x->r->arena.failed = false;
	}
	return false;
}

static void m_multicall(struct rpc_call *x, struct rpc_res *res)
{
	struct xr_value *calls;

	if (x->in_multicall) {
		rpc_fault(res, XR_INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
		return;
	}
	if (!rpc_nargs(x, 1, 1, res))
		return;
	calls = xr_at(x->params, 0);
	if (calls->type != XR_ARRAY) {
		rpc_fault(res, XR_INCORRECT_PARAMETERS, "expected an array");
		return;
	}
	xr_buf_reset(&x->w->acc);
	x->w->next = 0;
	if (rpc_mc_run(x, calls)) {
		res->wait = true;
		return;
	}
	res->v = NULL;	/* the acc buffer is the answer */
	x->w->multicall = true;
}

static void rpc_size(struct rpc *r);

/* ---- replies ---- */

static void rpc_send_xml(struct rpc *r, struct http_conn *c)
{
	http_reply(c, 200, "text/xml", NULL, r->body.data, r->body.len);
	xr_buf_release(&r->body, XR_BUF_KEEP);
}

static void rpc_send_fault(struct rpc *r, struct http_conn *c, int code, const char *text)
{
	xr_buf_reset(&r->body);
	xr_encode_fault(&r->body, code, text);
	rpc_send_xml(r, c);
}

/* Answers a finished call: a value, a fault, a group's early list or a
 * multicall's accumulated list. */
static void rpc_answer(struct rpc *r, struct http_conn *c, struct rpc_wait *w,
		       struct rpc_res *res)
{
	xr_buf_reset(&r->body);
	if (res->fault) {
		xr_encode_fault(&r->body, res->fault, res->text);
	} else if (res->v) {
		if (xr_encode_response(&r->body, res->v) < 0 || r->arena.failed) {
			xr_buf_reset(&r->body);
			xr_encode_fault(&r->body, XR_FAILED, "FAILED: response too large");
		}
	} else {
		const struct xr_buf *list = w->multicall ? &w->acc : &w->early;

		xr_buf_str(&r->body, "<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
			   "<param>\n<value><array><data>\n");
		xr_buf_add(&r->body, list->data, list->len);
		xr_buf_str(&r->body, "</data></array></value>\n</param>\n</params>\n"
			   "</methodResponse>\n");
		if (w->multicall)
			xr_buf_release(&w->acc, XR_BUF_KEEP);
	}
	/* cleared first: the reply may run the next pipelined request, which
	   may use this slot again */
	rpc_wait_clear(w);
	rpc_send_xml(r, c);
}

static void rpc_handle(struct rpc *r, struct http_conn *c, const struct http_req *req)
{
	struct rpc_wait *w = &r->waits[http_conn_index(c)];
	struct rpc_call x = { .r = r, .c = c, .w = w, .now = loop_now() };
	struct rpc_res res = { 0 };
	struct xr_msg msg;
	char err[256];

	rpc_size(r);
	xr_arena_reset(&r->arena);
	rpc_wait_clear(w);
	if (xr_parse(&r->arena, req->body, req->bodylen, &msg, err, sizeof(err)) < 0
	    || msg.kind != XR_CALL) {
		http_reply(c, 400, "text/plain", NULL, err, strlen(err));
		return;
	}
	x.params = msg.params;
	rpc_dispatch(&x, msg.method, &res);
	if (res.wait) {
		w->body = req->body;
		w->bodylen = req->bodylen;
		return;
	}
	rpc_answer(r, c, w, &res);
}

/* Continues a waiting request once its processes settled. */
static void rpc_resume(struct rpc *r, struct http_conn *c, struct rpc_wait *w)
{
	struct rpc_res res = { 0 };

	xr_arena_reset(&r->arena);
	if (!rpc_wait_check(r, w, &res))
		return;
	if (w->done) {
		rpc_done_fn *done = w->done;
		struct proc *target = w->target;
		bool restart = w->kind == W_RESTART;
		int fault = w->fault;

		rpc_wait_clear(w);
		if (restart && !fault)
			fault = rpc_panel_op(r, c, target, RPC_OP_START, done);
		if (fault >= 0)
			done(r, c, fault);
		return;
	}
	if (w->multicall) {
		struct rpc_call x = { .r = r, .c = c, .w = w, .now = loop_now() };
		struct xr_msg msg;
		char err[256];

		rpc_mc_element(r, w, &res);
		w->next++;
		if (xr_parse(&r->arena, w->body, w->bodylen, &msg, err, sizeof(err)) < 0)
			return;	/* parsed fine the first time */
		w->kind = W_NONE;
		w->group = false;
		w->nprocs = 0;
		if (rpc_mc_run(&x, xr_at(msg.params, 0)))
			return;
		memset(&res, 0, sizeof(res));
	}
	rpc_answer(r, c, w, &res);
}

/* ---- panel operations ---- */

int rpc_panel_op(struct rpc *r, struct http_conn *c, struct proc *p,
		 enum rpc_op op, rpc_done_fn *done)
{
	struct rpc_wait *w = &r->waits[http_conn_index(c)];
	struct rpc_call x = { .r = r, .c = c, .w = w, .now = loop_now() };
	struct proc **procs = &p;
	size_t n = 1;

	rpc_size(r);
	xr_arena_reset(&r->arena);
	rpc_wait_clear(w);
	if (r->sup->shutdown || r->action != RPC_NONE)
		return XR_SHUTDOWN_STATE;
	if (!p) {
		struct proc **all;

		n = rpc_ordered(r, NULL, &all);
		procs = xr_alloc(&r->arena, (n + 1) * sizeof(*procs));
		if (!procs)
			return XR_FAILED;
		memcpy(procs, all, n * sizeof(*procs));
	}
	w->group = true;
	w->done = done;
	if (op == RPC_OP_START) {
		struct rpc_res res = { 0 };
		bool waiting;
		size_t i;
		int rc = 0;

		w->kind = W_START;
		for (i = 0; i < n; i++) {
			rc = rpc_start_one(&x, procs[i], procs[i]->cf->name, true, &waiting, &res);
			if (rc)
				break;
			if (waiting)
				rpc_wait_add(r, w, procs[i]);
		}
		if (rc || w->nprocs == 0) {
			rpc_wait_clear(w);
			return rc;
		}
		return -1;
	}
	w->kind = op == RPC_OP_RESTART ? W_RESTART : W_STOP;
	w->target = p;
	rpc_apply_all(&x, procs, n, W_STOP, true);
	if (w->nprocs > 0)
		return -1;
	if (op == RPC_OP_RESTART)
		return rpc_panel_op(r, c, p, RPC_OP_START, done);
	rpc_wait_clear(w);
	return 0;
}

/* ---- HTTP glue ---- */

static enum http_disp rpc_request(void *ctx, struct http_conn *c, const struct http_req *req)
{
	struct rpc *r = ctx;
	struct rpc_wait *w = &r->waits[http_conn_index(c)];

	if (strncmp(req->path, "/RPC2", 5) == 0) {
		if (strcmp(req->method, "POST") != 0) {
			static const char msg[] = "the RPC interface takes POST requests\n";

			http_reply(c, 405, "text/plain", "Allow: POST\r\n", msg, sizeof(msg) - 1);
			return HTTP_DONE;
		}
		rpc_handle(r, c, req);
		return w->kind != W_NONE ? HTTP_PENDING : HTTP_DONE;
	}
	return panel_request(r->panel, c, req);
}

static void rpc_poll(void *ctx, struct http_conn *c, int64_t now)
{
	struct rpc *r = ctx;

	panel_poll(r->panel, c, now);
}

static void rpc_gone(void *ctx, struct http_conn *c)
{
	struct rpc *r = ctx;

	rpc_wait_clear(&r->waits[http_conn_index(c)]);
}

static size_t rpc_arena_size(size_t nprocs, const struct http_limits *lim)
{
	return RPC_ARENA_BASE + RPC_READ_MAX + 8 * lim->maxbody + nprocs * RPC_ARENA_PER_PROC;
}

static void rpc_size(struct rpc *r)
{
	size_t n = r->sup ? r->sup->conf->nprocs : 0;
	size_t size = rpc_arena_size(n, &r->lim);

	if (r->arena.buf && r->arena_procs >= n)
		return;
	talloc_free(r->arena.buf);
	xr_arena_init(&r->arena, talloc_size(r->mem, size), size);
	r->arena_procs = n;
}

struct rpc *rpc_open(TALLOC_CTX *mem, const struct conf *c, char *err, size_t errlen)
{
	struct rpc *r = talloc_zero(mem, struct rpc);
	struct http_limits lim = HTTP_DEFAULT_LIMITS;
	struct http_handlers h = { r, rpc_request, rpc_poll, rpc_gone };
	unsigned i;

	r->mem = r;
	r->lim = lim;
	r->http = http_new(r, &lim, &h);
	r->waits = talloc_zero_array(r, struct rpc_wait, lim.maxconns);
	for (i = 0; i < lim.maxconns; i++) {
		xr_buf_init(&r->waits[i].early, r, lim.maxout);
		xr_buf_init(&r->waits[i].acc, r, lim.maxout);
	}
	xr_buf_init(&r->body, r, lim.maxout);
	http_set_auth(r->http, c->username, c->password);
	if (c->socket && http_listen_unix(r->http, c->socket, c->sock_mode, c->sock_owner,
					  c->sock_group, err, errlen) < 0)
		goto fail;
	if (c->listen && http_listen_tcp(r->http, c->listen, err, errlen) < 0)
		goto fail;
	r->serving = c->socket || c->listen;
	return r;
fail:
	http_close(r->http, 0);
	talloc_free(r);
	return NULL;
}

int rpc_start(struct rpc *r, struct loop *l, struct sup *s, const char *table,
	      const struct rpc_hooks *h)
{
	r->loop = l;
	r->sup = s;
	r->table = talloc_strdup(r, table);
	r->hooks = *h;
	r->panel = panel_new(r, r, r->lim.maxconns);
	if (!r->panel)
		return -1;
	rpc_size(r);
	if (!r->serving)
		return 0;
	if (!r->sup->conf->username)
		mainlog_crit("Server 'svcd' running without any HTTP authentication checking");
	return http_start(r->http, l);
}

int64_t rpc_pass(struct rpc *r, int64_t now, int64_t deadline)
{
	unsigned i;

	if (!r->serving)
		return deadline;
	for (i = 0; i < r->lim.maxconns; i++) {
		if (r->waits[i].kind != W_NONE)
			rpc_resume(r, http_conn_at(r->http, i), &r->waits[i]);
	}
	return http_pass(r->http, now, deadline);
}

enum rpc_action rpc_take_action(struct rpc *r)
{
	enum rpc_action a = r->action;

	r->action = RPC_NONE;
	return a;
}

void rpc_conf_changed(struct rpc *r)
{
	unsigned i;

	/* the process pointers waited for may be freed by the reload */
	for (i = 0; i < r->lim.maxconns; i++) {
		struct rpc_wait *w = &r->waits[i];
		struct http_conn *c;

		if (w->kind == W_NONE)
			continue;
		c = http_conn_at(r->http, i);
		if (w->done) {
			rpc_done_fn *done = w->done;

			rpc_wait_clear(w);
			done(r, c, XR_FAILED);
		} else {
			rpc_wait_clear(w);
			rpc_send_fault(r, c, XR_FAILED, "FAILED: the configuration was reloaded");
			/* the reply may have run another request in this slot */
		}
	}
}

void rpc_close(struct rpc *r)
{
	if (r->serving)
		http_close(r->http, 1000);
}
