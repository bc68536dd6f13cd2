/* supervisord's XML-RPC interface (the supervisor.* and system.* methods)
 * at /RPC2, with start and stop that wait for the processes without ever
 * blocking the loop. */
#ifndef SVC_RPC_H
#define SVC_RPC_H

#include <talloc.h>
#include "control/http.h"
#include "engine/supervise.h"
#include "ops.h"
#include "view.h"

struct rpc;

/* The endpoint over S, seen through V, waiting through O; its arena and
 * reply buffer sized for LIM and S's processes. NULL when out of memory. */
struct rpc *rpc_new(TALLOC_CTX *mem, struct sup *s, struct view *v, struct ops *o,
		    const struct http_limits *lim);

/* A request to /RPC2: answered now, or left in the connection's wait
 * slot (HTTP_PENDING). */
enum http_disp rpc_request(struct rpc *r, struct http_conn *c, const struct http_req *req);

/* A streamed reply (HTTP_STREAM from rpc_request): its next pieces, while
 * the client takes them. */
bool rpc_streaming(struct rpc *r, struct http_conn *c);
void rpc_stream_fill(struct rpc *r, struct http_conn *c);
/* The connection went away: a streamed reply's state is let go. */
void rpc_stream_gone(struct rpc *r, struct http_conn *c);

/* Looks at a waiting request again after the engine changed something:
 * answers it once its processes settled, fails it when a reload came in
 * between. Panel waits go back to their own callback. */
void rpc_resume(struct rpc *r, struct http_conn *c, struct op_wait *w);

#endif
