/* supervisord's XML-RPC endpoint: a request is parsed into one arena sized
 * at start-up (and on reload) and reset per request: the loop runs one
 * request at a time, so one arena serves them all. A start or stop with
 * wait leaves a record in the connection's wait slot (ops.h), answered
 * when the processes settle; a multicall that waits keeps its results
 * encoded so far and re-parses its body (still in the connection's buffer)
 * to go on. The methods are in methods_*.c. */
#include "rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "methods.h"

#define RPC_ARENA_BASE     (1u << 20)
#define RPC_ARENA_PER_PROC 4096
#define RPC_BODY_BASE      (64u << 10) /* the reply being built, before it allocates */

static void rpc_size(struct rpc *r);
static void m_list_methods(struct rpc_call *x, struct op_res *res);
static void m_method_help(struct rpc_call *x, struct op_res *res);
static void m_method_signature(struct rpc_call *x, struct op_res *res);
static void m_multicall(struct rpc_call *x, struct op_res *res);

struct rpc_method_def {
	const char *name;
	rpc_method *fn;
	const char *sig; /* return type, then argument types */
	const char *help;
	const char *params; /* "NAME what it is|..." in the order of sig's arguments */
	const char *ret;    /* what it returns */
};

static const struct rpc_method_def rpc_methods[] = {
	{"supervisor.addProcessGroup", m_add_group, "boolean,string",
	 "Update the config for a running process from config file.",
	 "name The name of the group to add", "true when it was added"},
	{"supervisor.clearAllProcessLogs", m_clear_all_logs, "array", "Clear all process log files",
	 "", "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.clearLog", m_clear_log, "boolean", "Clear the main log.", "",
	 "always true unless error"},
	{"supervisor.clearProcessLog", m_clear_proc_logs, "boolean,string",
	 "Clear the stdout and stderr logs for the named process and reopen them.",
	 "name Process name (or group:name)", "always true unless error"},
	{"supervisor.clearProcessLogs", m_clear_proc_logs, "boolean,string",
	 "Clear the stdout and stderr logs for the named process and reopen them.",
	 "name Process name (or group:name)", "always true unless error"},
	{"supervisor.getAPIVersion", m_api_version, "string",
	 "Return the version of the RPC API used by supervisord", "", "the version of the API"},
	{"supervisor.getAllConfigInfo", m_all_config_info, "array",
	 "Get info about all available process configurations.", "",
	 "an array of structs, one per process configuration"},
	{"supervisor.getAllProcessInfo", m_all_process_info, "array",
	 "Get info about all processes", "", "an array of process info structs"},
	{"supervisor.getIdentification", m_identification, "string",
	 "Return identifying string of supervisord", "", "the identifier of this supervisor"},
	{"supervisor.getPID", m_pid, "int", "Return the PID of supervisord", "",
	 "the PID of the supervisor"},
	{"supervisor.getProcessInfo", m_process_info, "struct,string",
	 "Get info about a process named name", "name Process name (or group:name)",
	 "the process info struct"},
	{"supervisor.getState", m_state, "struct",
	 "Return current state of supervisord as a struct", "",
	 "a struct with statecode and statename"},
	{"supervisor.getSupervisorVersion", m_supervisor_version, "string",
	 "Return the version of the supervisor package in use by supervisord", "",
	 "the version of the supervisor"},
	{"supervisor.getVersion", m_api_version, "string",
	 "Return the version of the RPC API used by supervisord", "", "the version of the API"},
	{"supervisor.readLog", m_read_log, "string,int,int",
	 "Read length bytes from the main log starting at offset",
	 "offset Where to start reading|length How many bytes to read", "the bytes read"},
	{"supervisor.readMainLog", m_read_log, "string,int,int",
	 "Read length bytes from the main log starting at offset",
	 "offset Where to start reading|length How many bytes to read", "the bytes read"},
	{"supervisor.readProcessLog", m_read_stdout, "string,string,int,int",
	 "Read length bytes from name's stdout log starting at offset",
	 "name Process name (or group:name)|offset Where to start reading|length How many bytes to "
	 "read",
	 "the bytes read"},
	{"supervisor.readProcessStderrLog", m_read_stderr, "string,string,int,int",
	 "Read length bytes from name's stderr log starting at offset",
	 "name Process name (or group:name)|offset Where to start reading|length How many bytes to "
	 "read",
	 "the bytes read"},
	{"supervisor.readProcessStdoutLog", m_read_stdout, "string,string,int,int",
	 "Read length bytes from name's stdout log starting at offset",
	 "name Process name (or group:name)|offset Where to start reading|length How many bytes to "
	 "read",
	 "the bytes read"},
	{"supervisor.reloadConfig", m_reload_config, "array", "Reload the configuration.", "",
	 "[[added, changed, removed]]: the names of the groups"},
	{"supervisor.removeProcessGroup", m_remove_group, "boolean,string",
	 "Remove a stopped process from the active configuration.",
	 "name The name of the group to remove", "true when it was removed"},
	{"supervisor.restart", m_restart, "boolean", "Restart the supervisor process", "",
	 "always true unless error"},
	{"supervisor.sendProcessStdin", m_send_stdin, "boolean,string,string",
	 "Send a string of chars to the stdin of the process name.",
	 "name Process name (or group:name)|chars The characters to send",
	 "always true unless error"},
	{"supervisor.sendRemoteCommEvent", m_remote_event, "boolean,string,string",
	 "Send an event that will be received by event listener subprocesses subscribing to the "
	 "RemoteCommunicationEvent.",
	 "type The event's type: its type: header|data The event's data",
	 "always true unless error"},
	{"supervisor.shutdown", m_shutdown, "boolean", "Shut down the supervisor process", "",
	 "always true unless error"},
	{"supervisor.signalAllProcesses", m_signal_all, "array,string",
	 "Send a signal to all processes in the process list",
	 "signal The signal, by name (HUP) or by number (1)",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.signalProcess", m_signal_process, "boolean,string,string",
	 "Send an arbitrary UNIX signal to the process named by name",
	 "name Process name (or group:name, or group:*)|signal The signal, by name (HUP) or by "
	 "number (1)",
	 "always true unless error"},
	{"supervisor.signalProcessGroup", m_signal_group, "array,string,string",
	 "Send a signal to all processes in the group named 'name'",
	 "name The name of the group|signal The signal, by name (HUP) or by number (1)",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.startAllProcesses", m_start_all, "array,boolean",
	 "Start all processes listed in the configuration file",
	 "wait Wait for each process to be fully started",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.startProcess", m_start_process, "boolean,string,boolean", "Start a process",
	 "name Process name (or group:name, or group:*)|wait Wait for the process to be fully "
	 "started",
	 "always true unless error"},
	{"supervisor.startProcessGroup", m_start_group, "array,string,boolean",
	 "Start all processes in the group named 'name'",
	 "name The name of the group|wait Wait for each process to be fully started",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.stopAllProcesses", m_stop_all, "array,boolean",
	 "Stop all processes in the process list", "wait Wait for each process to be fully stopped",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.stopProcess", m_stop_process, "boolean,string,boolean",
	 "Stop a process named by name",
	 "name Process name (or group:name, or group:*)|wait Wait for the process to be fully "
	 "stopped",
	 "always true unless error"},
	{"supervisor.stopProcessGroup", m_stop_group, "array,string,boolean",
	 "Stop all processes in the process group named 'name'",
	 "name The name of the group|wait Wait for each process to be fully stopped",
	 "an array of result structs, one per process: name, group, status, description"},
	{"supervisor.tailProcessLog", m_tail_stdout, "array,string,int,int",
	 "Provides a more efficient way to tail the (stdout) log than readProcessStdoutLog().",
	 "name Process name (or group:name)|offset Where to start, counted from the end when it is "
	 "past it|length How many bytes to read",
	 "[bytes, offset, overflow]"},
	{"supervisor.tailProcessStderrLog", m_tail_stderr, "array,string,int,int",
	 "Provides a more efficient way to tail the (stderr) log than readProcessStderrLog().",
	 "name Process name (or group:name)|offset Where to start, counted from the end when it is "
	 "past it|length How many bytes to read",
	 "[bytes, offset, overflow]"},
	{"supervisor.tailProcessStdoutLog", m_tail_stdout, "array,string,int,int",
	 "Provides a more efficient way to tail the (stdout) log than readProcessStdoutLog().",
	 "name Process name (or group:name)|offset Where to start, counted from the end when it is "
	 "past it|length How many bytes to read",
	 "[bytes, offset, overflow]"},
	{"system.listMethods", m_list_methods, "array",
	 "Return an array listing the available method names", "", "the names of the methods"},
	{"system.methodHelp", m_method_help, "string,string",
	 "Return a string showing the method's documentation", "name The name of the method",
	 "its documentation"},
	{"system.methodSignature", m_method_signature, "array,string",
	 "Return an array describing the method signature", "name The name of the method",
	 "[return type, argument types...]"},
	{"system.multicall", m_multicall, "array,array",
	 "Process an array of calls, and return an array of results.",
	 "calls An array of structs of methodName and params",
	 "the results, in the order of the calls"},
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

static void m_list_methods(struct rpc_call *x, struct op_res *res)
{
	size_t i;

	if (!rpc_nargs(x, 0, 0, res))
		return;
	res->v = xr_array(&x->r->arena);
	for (i = 0; i < RPC_NMETHODS; i++)
		xr_append(&x->r->arena, res->v, xr_string(&x->r->arena, rpc_methods[i].name));
}

static const struct rpc_method_def *rpc_method_arg(struct rpc_call *x, struct op_res *res)
{
	const struct rpc_method_def *m;
	const char *name;

	if (!rpc_nargs(x, 1, 1, res) || !(name = rpc_str_arg(x, 0, res)))
		return NULL;
	m = rpc_find_method(name);
	if (!m)
		op_fault(res, XR_SIGNATURE_UNSUPPORTED, NULL);
	return m;
}

/* The whole help, as supervisord's docstrings lay it out: the summary,
 * then "@param TYPE NAME what" per argument (types from the signature) and
 * "@return TYPE what". */
static void rpc_help_text(const struct rpc_method_def *m, char *out, size_t len)
{
	const char *type = m->sig, *param = m->params;
	size_t n = (size_t)snprintf(out, len, "%s\n\n", m->help);
	size_t rlen = strcspn(type, ",");

	for (type += rlen; *type == ',' && *param && n < len; param += *param == '|') {
		size_t tl = strcspn(++type, ","), pl = strcspn(param, "|");

		n += (size_t)snprintf(out + n, len - n, "@param %.*s %.*s\n", (int)tl, type,
				      (int)pl, param);
		type += tl;
		param += pl;
	}
	if (n < len)
		snprintf(out + n, len - n, "@return %.*s %s\n", (int)rlen, m->sig, m->ret);
}

static void m_method_help(struct rpc_call *x, struct op_res *res)
{
	const struct rpc_method_def *m = rpc_method_arg(x, res);
	char text[2048];

	if (m) {
		rpc_help_text(m, text, sizeof(text));
		res->v = xr_string(&x->r->arena, text);
	}
}

static void m_method_signature(struct rpc_call *x, struct op_res *res)
{
	const struct rpc_method_def *m = rpc_method_arg(x, res);
	struct xr_value *sig;
	const char *p;

	if (!m)
		return;
	/* supervisord answers with one flat list, not a list of signatures */
	sig = xr_array(&x->r->arena);
	for (p = m->sig; *p;) {
		size_t n = strcspn(p, ",");

		xr_append(&x->r->arena, sig, xr_stringn(&x->r->arena, p, n));
		p += n + (p[n] == ',');
	}
	res->v = sig;
}

static void rpc_dispatch(struct rpc_call *x, const char *method, struct op_res *res)
{
	const struct rpc_method_def *m = rpc_find_method(method);

	if (!m) {
		op_fault(res, XR_UNKNOWN_METHOD, NULL);
		return;
	}
	x->nparams = x->params ? x->params->u.list.n : 0;
	m->fn(x, res);
}

/* A fault as a multicall element, supervisord's shape, written straight
 * into the results: the arena may be what ran out. */
static void rpc_mc_fault(struct buf *acc, int code, const char *text)
{
	buf_printf(acc,
		   "<value><struct>\n<member>\n<name>faultCode</name>\n"
		   "<value><int>%d</int></value>\n</member>\n<member>\n"
		   "<name>faultString</name>\n<value><string>",
		   code);
	xr_buf_xml(acc, text, strlen(text));
	buf_str(acc, "</string></value>\n</member>\n</struct></value>\n");
}

/* Encodes the outcome of one call as a multicall element. A call whose
 * result could not be built (the arena ran out) or does not fit in the
 * reply is a fault of its own, never an empty value. */
static void rpc_mc_element(struct rpc *r, struct op_wait *w, struct op_res *res)
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
		buf_str(&w->acc, "<value><array><data>\n");
		buf_add(&w->acc, w->early.data, w->early.len);
		buf_str(&w->acc, "</data></array></value>");
	}
	buf_str(&w->acc, "\n");
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
	struct op_wait *w = x->w;
	struct xr_value *call = xr_at(calls, w->next);

	for (; call; call = call->next, w->next++) {
		struct xr_value *mn = xr_get(call, "methodName"), *ps = xr_get(call, "params");
		struct rpc_call sub = *x;
		struct op_res res = {0};

		size_t used = x->r->arena.used;

		sub.in_multicall = true;
		x->r->arena.failed = false;
		/* an earlier call (addProcessGroup) may have grown the set of
		   processes: the waits and the view follow before this call
		   (the arena holds the calls themselves and keeps its size) */
		view_resize(x->r->view);
		ops_resize(x->r->ops);
		if (!mn || mn->type != XR_STRING || (ps && ps->type != XR_ARRAY)) {
			op_fault(&res, XR_INCORRECT_PARAMETERS, NULL);
		} else if (strcmp(mn->u.str.s, "system.multicall") == 0) {
			op_fault(&res, XR_INCORRECT_PARAMETERS,
				 "Recursive system.multicall forbidden");
		} else {
			sub.params = ps;
			buf_reset(&w->early);
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

static void m_multicall(struct rpc_call *x, struct op_res *res)
{
	struct xr_value *calls;

	if (x->in_multicall) {
		op_fault(res, XR_INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
		return;
	}
	if (!rpc_nargs(x, 1, 1, res))
		return;
	calls = xr_at(x->params, 0);
	if (calls->type != XR_ARRAY) {
		op_fault(res, XR_INCORRECT_PARAMETERS, "expected an array");
		return;
	}
	buf_reset(&x->w->acc);
	x->w->next = 0;
	if (rpc_mc_run(x, calls)) {
		res->wait = true;
		return;
	}
	res->v = NULL; /* the acc buffer is the answer */
	x->w->multicall = true;
}

static void rpc_send_xml(struct rpc *r, struct http_conn *c)
{
	http_reply(c, 200, "text/xml", NULL, r->body.data, r->body.len);
	buf_release(&r->body, BUF_KEEP);
}

static void rpc_send_fault(struct rpc *r, struct http_conn *c, struct op_wait *w, int code,
			   const char *text)
{
	op_clear(w);
	buf_reset(&r->body);
	xr_encode_fault(&r->body, code, text);
	rpc_send_xml(r, c);
}

/* Answers a finished call: a value, a fault, a group's early list or a
 * multicall's accumulated list. */
static void rpc_answer(struct rpc *r, struct http_conn *c, struct op_wait *w, struct op_res *res)
{
	buf_reset(&r->body);
	if (res->fault) {
		xr_encode_fault(&r->body, res->fault, res->text);
	} else if (res->v) {
		if (xr_encode_response(&r->body, res->v) < 0 || r->arena.failed) {
			buf_reset(&r->body);
			xr_encode_fault(&r->body, XR_FAILED, "FAILED: response too large");
		}
	} else {
		const struct buf *list = w->multicall ? &w->acc : &w->early;

		buf_str(&r->body,
			"<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
			"<param>\n<value><array><data>\n");
		buf_add(&r->body, list->data, list->len);
		buf_str(&r->body,
			"</data></array></value>\n</param>\n</params>\n"
			"</methodResponse>\n");
		if (w->multicall)
			buf_release(&w->acc, BUF_KEEP);
	}
	op_clear(w);
	rpc_send_xml(r, c);
}

static enum http_disp rpc_handle(struct rpc *r, struct http_conn *c, const struct http_req *req)
{
	struct op_wait *w = ops_slot(r->ops, c);
	struct rpc_call x = {.r = r, .c = c, .w = w, .now = loop_now()};
	struct op_res res = {0};
	struct xr_msg msg;
	char err[256];

	rpc_size(r);
	xr_arena_reset(&r->arena);
	op_clear(w);
	if (xr_parse(&r->arena, req->body, req->bodylen, &msg, err, sizeof(err)) < 0
	    || msg.kind != XR_CALL) {
		http_reply(c, 400, "text/plain", NULL, err, strlen(err));
		return HTTP_DONE;
	}
	x.params = msg.params;
	rpc_dispatch(&x, msg.method, &res);
	if (res.streamed)
		return HTTP_STREAM;
	if (res.wait) {
		w->body = req->body;
		w->bodylen = req->bodylen;
		return HTTP_PENDING;
	}
	rpc_answer(r, c, w, &res);
	return HTTP_DONE;
}

/* Continues a waiting request once its processes settled. */
void rpc_resume(struct rpc *r, struct http_conn *c, struct op_wait *w)
{
	struct op_res res = {0};

	rpc_size(r);
	xr_arena_reset(&r->arena);
	if (op_stale(r->ops, w)) {
		/* the processes waited for may be freed by the reload */
		w->nprocs = 0;
		if (w->done) {
			op_done_fn *done = w->done;
			void *ctx = w->done_ctx;

			op_clear(w);
			done(ctx, c, XR_FAILED);
		} else {
			rpc_send_fault(r, c, w, XR_FAILED,
				       "FAILED: the configuration was reloaded");
		}
		return;
	}
	if (!op_check(r->ops, w, &res))
		return;
	if (w->done) {
		op_panel_resume(r->ops, c, w);
		return;
	}
	if (w->multicall) {
		struct rpc_call x = {.r = r, .c = c, .w = w, .now = loop_now()};
		struct xr_msg msg;
		char err[256];

		rpc_mc_element(r, w, &res);
		w->next++;
		if (xr_parse(&r->arena, w->body, w->bodylen, &msg, err, sizeof(err)) < 0)
			return; /* parsed fine the first time */
		w->kind = W_NONE;
		w->group = false;
		w->nprocs = 0;
		if (rpc_mc_run(&x, xr_at(msg.params, 0)))
			return;
		memset(&res, 0, sizeof(res));
		/* a group call on the way cleared the flag: the answer is the
		   multicall's list */
		w->multicall = true;
	}
	rpc_answer(r, c, w, &res);
}

static size_t rpc_arena_size(size_t nprocs, const struct http_limits *lim)
{
	return RPC_ARENA_BASE + RPC_READ_MAX + 8 * lim->maxbody + nprocs * RPC_ARENA_PER_PROC;
}

/* Sized for the processes there are now: a no-op unless a reload added
 * some. */
static void rpc_size(struct rpc *r)
{
	size_t n = r->sup->conf->nprocs;
	size_t size = rpc_arena_size(n, &r->lim);
	void *buf;

	view_resize(r->view);
	ops_resize(r->ops);
	if (r->arena.buf && r->arena_procs >= n)
		return;
	talloc_free(r->arena.buf);
	buf = talloc_size(r->mem, size);
	/* out of memory: an empty arena, and every request a fault */
	xr_arena_init(&r->arena, buf, buf ? size : 0);
	r->arena_procs = buf ? n : 0;
}

struct rpc *rpc_new(TALLOC_CTX *mem, struct sup *s, struct view *v, struct ops *o,
		    const struct http_limits *lim)
{
	struct rpc *r = talloc_zero(mem, struct rpc);

	if (!r)
		return NULL;
	r->mem = r;
	r->sup = s;
	r->view = v;
	r->ops = o;
	r->lim = *lim;
	/* the reply under construction starts in storage made once */
	r->bodybase = talloc_size(r, RPC_BODY_BASE);
	if (!r->bodybase) {
		talloc_free(r);
		return NULL;
	}
	buf_init_base(&r->body, r, r->bodybase, RPC_BODY_BASE, lim->maxout);
	buf_set_pool(&r->body, lim->pool);
	rpc_size(r);
	if (!r->arena.buf || rpc_streams_init(r, lim->maxconns) < 0) {
		talloc_free(r);
		return NULL;
	}
	o->arena = &r->arena;
	return r;
}

enum http_disp rpc_request(struct rpc *r, struct http_conn *c, const struct http_req *req)
{
	if (strcmp(req->method, "POST") != 0) {
		static const char msg[] = "the RPC interface takes POST requests\n";

		http_reply(c, 405, "text/plain", "Allow: POST\r\n", msg, sizeof(msg) - 1);
		return HTTP_DONE;
	}
	return rpc_handle(r, c, req);
}
