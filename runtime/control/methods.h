/* What rpc.c and the method files (methods_*.c) share: the endpoint's
 * state, one call's context, the argument checks and every method. Not
 * for use outside the XML-RPC endpoint. */
#ifndef SVC_METHODS_H
#define SVC_METHODS_H

#include <stdbool.h>
#include <stdint.h>
#include "control/http.h"
#include "engine/supervise.h"
#include "ops.h"
#include "proto/xmlrpc.h"
#include "rpc.h"
#include "view.h"

#define RPC_READ_MAX     (1u << 20) /* bytes one log read returns at most */
/* Replies past these sizes are streamed (rpc_stream.c), outside multicall. */
#define RPC_STREAM_PROCS 64
#define RPC_STREAM_BYTES (64 << 10)

struct rpc_stream;

struct rpc {
	TALLOC_CTX *mem;
	struct sup *sup;
	struct view *view;
	struct ops *ops;
	struct http_limits lim;
	struct xr_arena arena;      /* one request's values, reset per request */
	size_t arena_procs;         /* the arena was sized for this many */
	struct buf body;            /* the response being built */
	struct rpc_stream *streams; /* one per connection slot */
	char *bodybase;             /* body's storage, made once */
};

struct rpc_call {
	struct rpc *r;
	struct http_conn *c;
	struct op_wait *w;
	struct xr_value *params;
	size_t nparams;
	bool in_multicall;
	int64_t now;
};

typedef void rpc_method(struct rpc_call *x, struct op_res *res);

/* Argument checks: each sets an INCORRECT_PARAMETERS fault in RES and
 * returns false (or NULL) when the argument is missing or mistyped. */
bool rpc_nargs(struct rpc_call *x, size_t min, size_t max, struct op_res *res);
const char *rpc_str_arg(struct rpc_call *x, size_t i, struct op_res *res);
bool rpc_int_arg(struct rpc_call *x, size_t i, int64_t *out, struct op_res *res);
/* An optional boolean (wait), true when absent. */
bool rpc_bool_arg(struct rpc_call *x, size_t i, bool *out, struct op_res *res);
/* The process named by argument 0, which must be a process (BAD_NAME). */
struct proc *rpc_proc_arg(struct rpc_call *x, struct op_res *res);
/* NS as a process or a group (view_resolve), BAD_NAME when neither. */
bool rpc_resolve(struct rpc *r, const char *ns, struct proc **p, char *group, size_t glen,
		 struct op_res *res);
/* False, with SHUTDOWN_STATE, once svcd is stopping. */
bool rpc_up(struct rpc_call *x, struct op_res *res);

/* rpc_stream.c: replies written a piece at a time. The _info and _file
 * calls take the reply over (res->streamed) when it is large and the call
 * is not part of a multicall; _file then owns FD. */
int rpc_streams_init(struct rpc *r, unsigned nconns);
bool rpc_stream_info(struct rpc_call *x, struct op_res *res);
bool rpc_stream_config(struct rpc_call *x, struct op_res *res);
bool rpc_stream_file(struct rpc_call *x, int fd, int64_t off, int64_t len, const int64_t *tail_size,
		     bool overflow, struct op_res *res);

/* methods_proc.c */
/* procinfo.c: getProcessInfo's struct of P; getAllConfigInfo's of CF
 * (INUSE: its group is active). */
struct xr_value *rpc_info(struct xr_arena *a, const struct proc *p);
struct xr_value *rpc_config_info(struct xr_arena *a, const struct conf_proc *cf, bool inuse);

rpc_method m_process_info, m_all_process_info, m_start_process, m_stop_process, m_start_group,
	m_stop_group, m_start_all, m_stop_all, m_signal_process, m_signal_group, m_signal_all,
	m_send_stdin;
/* methods_log.c */
rpc_method m_read_log, m_clear_log, m_read_stdout, m_read_stderr, m_tail_stdout, m_tail_stderr,
	m_clear_proc_logs, m_clear_all_logs;
/* methods_sup.c */
rpc_method m_api_version, m_supervisor_version, m_identification, m_state, m_pid, m_shutdown,
	m_restart, m_all_config_info, m_reload_config, m_add_group, m_remove_group, m_remote_event;

#endif
