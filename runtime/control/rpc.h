/* supervisord's XML-RPC interface (the supervisor.* and system.* methods)
 * served by svcd over its HTTP server, with start and stop that wait for
 * the process without ever blocking the loop. Also serves /logtail and,
 * through panel.c, the web panel. */
#ifndef SVC_RPC_H
#define SVC_RPC_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <talloc.h>
#include "engine/conf.h"
#include "http.h"
#include "engine/loop.h"
#include "engine/supervise.h"

struct rpc;

/* What a client asked svcd itself to do. */
enum rpc_action { RPC_NONE, RPC_SHUTDOWN, RPC_RESTART };

struct rpc_hooks {
	void *ctx;
	/* Applies a configuration re-read by reloadConfig (stolen), as SIGHUP
	 * would: svcd reopens its log and calls sup_reload. */
	void (*apply)(void *ctx, struct conf *c, int64_t now);
};

/* Makes the listening sockets from C (socket, listen, auth), before svcd
 * detaches. Returns NULL with ERR on failure; without socket and listen it
 * returns an object that serves nothing. */
struct rpc *rpc_open(TALLOC_CTX *mem, const struct conf *c, char *err, size_t errlen);

/* Starts serving in L for S; TABLE is re-read by reloadConfig. */
int rpc_start(struct rpc *r, struct loop *l, struct sup *s, const char *table,
	      const struct rpc_hooks *h);

/* After each supervision pass: answers the requests that waited for a
 * state, closes idle connections. Returns the nearest of DEADLINE and
 * the server's own. */
int64_t rpc_pass(struct rpc *r, int64_t now, int64_t deadline);

/* A shutdown or restart a client asked for, reported once. */
enum rpc_action rpc_take_action(struct rpc *r);

/* The configuration changed under us (SIGHUP, restart): requests that
 * wait for a process are answered now and buffers are sized again. */
void rpc_conf_changed(struct rpc *r);

/* Sends what is queued (briefly), closes, removes the socket. */
void rpc_close(struct rpc *r);

/* ---- shared with panel.c ---- */

/* "name", or "group:name" when they differ. */
void rpc_namespec(const struct conf_proc *cf, char *buf, size_t len);
/* supervisord's description (getProcessInfo's): "pid 12, uptime 0:00:15",
 * the spawn error, the stop time, "Not started", or "". */
void rpc_describe(const struct proc *p, time_t now, char *buf, size_t len);
/* The visible processes sorted by group then name, in an array owned by R
 * and valid until the next call. */
size_t rpc_sorted(struct rpc *r, struct proc ***out);
/* The process named by NS ("x" or "g:x"), or NULL. */
struct proc *rpc_lookup(struct rpc *r, const char *ns);
/* The main log's path, or NULL. */
const char *rpc_mainlog_path(struct rpc *r);
/* Empties P's stdout and stderr logs. Returns 0, or -1. */
int rpc_clear_logs(struct proc *p);

/* A panel action on one process (or every one when P is NULL):
 * "start", "stop" or "restart". Returns an XML-RPC fault code, 0 when done
 * already, or -1 when DONE will be called once the processes settled. */
enum rpc_op { RPC_OP_START, RPC_OP_STOP, RPC_OP_RESTART };
typedef void rpc_done_fn(struct rpc *r, struct http_conn *c, int fault);
int rpc_panel_op(struct rpc *r, struct http_conn *c, struct proc *p,
		 enum rpc_op op, rpc_done_fn *done);

#endif
