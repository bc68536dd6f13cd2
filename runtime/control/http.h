/* svcd's HTTP/1.1 server: non-blocking, inside the event loop, on a unix
 * socket and optionally on TCP, with fixed limits on connections, header
 * and body sizes and idle time, keep-alive, and HTTP basic auth. */
#ifndef SVC_HTTP_H
#define SVC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>
#include "common/buf.h"
#include "engine/loop.h"

struct http_server;
struct http_conn;

struct http_limits {
	unsigned maxconns;      /* open connections; more get 503 */
	size_t maxheader;       /* request line and headers */
	size_t maxbody;         /* Content-Length */
	size_t maxout;          /* one response */
	int64_t idle_ms;        /* a connection quiet that long is closed */
	int64_t request_ms;     /* a request must be complete this long after
				   its connection opened or its first byte came */
	unsigned unix_reserved; /* slots TCP can never take */
	unsigned per_peer;      /* TCP connections from one address */
	struct buf_pool *pool;  /* what every reply together allocates beyond
				   its connection's fixed storage, or NULL */
};

/* A client that drips its request, or a crowd of them, must never lock
 * out the administrator: requests are due within seconds, a quarter of the
 * slots are kept for the unix socket (file permissions already say who may
 * use it), and one address holds at most 32 of the TCP ones. */
#define HTTP_DEFAULT_LIMITS \
	{ \
		256, 8192, 65536, 64u << 20, 60000, 10000, 64, 32, NULL \
	}

struct http_req {
	const char *method; /* as sent: "GET", "POST"... */
	const char *path;   /* the target up to '?' */
	const char *query;  /* after '?', "" when none */
	const char *body;
	size_t bodylen;
};

/* What a handler did with a request. */
enum http_disp {
	HTTP_DONE,    /* http_reply was called */
	HTTP_PENDING, /* http_reply will be called later */
	HTTP_STREAM   /* http_stream_begin was called; poll feeds it */
};

struct http_handlers {
	void *ctx;
	enum http_disp (*request)(void *ctx, struct http_conn *c, const struct http_req *r);
	/* a streaming connection, once per pass */
	void (*poll)(void *ctx, struct http_conn *c, int64_t now);
	/* a connection with a pending request or a stream went away */
	void (*gone)(void *ctx, struct http_conn *c);
};

/* The server and its connection slots (allocated here, once). */
struct http_server *http_new(TALLOC_CTX *mem, const struct http_limits *lim,
			     const struct http_handlers *h);

/* Listening sockets, made before svcd detaches so that errors reach the
 * terminal. The unix socket is bound under a temporary name and linked
 * into place: a stale socket (nobody accepts on it) is replaced, a live one
 * is refused with supervisord's message. MODE applies to the socket file,
 * OWNER and GROUP (names, NULL to keep) too. Return 0, or -1 with ERR. */
int http_listen_unix(struct http_server *s, const char *path, int mode, const char *owner,
		     const char *group, char *err, size_t errlen);
/* HOST:PORT, *:PORT or PORT. */
int http_listen_tcp(struct http_server *s, const char *hostport, char *err, size_t errlen);

/* Basic auth for every request; USER NULL turns it off. PASSWORD is plain
 * or "{SHA}" and the hex SHA-1. Returns 0, or -1 out of memory. */
int http_set_auth(struct http_server *s, const char *user, const char *password);

/* Starts accepting in loop L. */
int http_start(struct http_server *s, struct loop *l);

/* Closes idle connections, feeds streams. Returns the nearest of DEADLINE
 * and the server's own. */
int64_t http_pass(struct http_server *s, int64_t now, int64_t deadline);

/* Writes what is queued for up to MS milliseconds, closes everything and
 * removes the unix socket. */
void http_close(struct http_server *s, int64_t ms);

/* A whole response. EXTRA is more header lines, each ending "\r\n", or
 * NULL. A status >= 400 other than 404 also closes the connection after. */
void http_reply(struct http_conn *c, int status, const char *ctype, const char *extra,
		const void *body, size_t len);
/* A chunked response whose body http_stream_write sends bit by bit. */
void http_stream_begin(struct http_conn *c, const char *ctype, const char *extra);
void http_stream_write(struct http_conn *c, const void *p, size_t len);
/* A response of unknown length with an end: chunked (HTTP/1.1) or ended
 * by closing (HTTP/1.0). The handler returns HTTP_STREAM; poll is then
 * called at every pass and writes with http_stream_write while
 * http_queued is small, and ends with http_body_end, after which the
 * connection takes its next request. */
void http_body_begin(struct http_conn *c, const char *ctype);
void http_body_end(struct http_conn *c);
/* Closes C at once (a reply that can no longer be finished). */
void http_abort(struct http_conn *c);
/* Bytes queued and not yet written: a stream holds back while this grows. */
size_t http_queued(const struct http_conn *c);

/* The slot number of C (0 .. maxconns-1), stable while it is open. */
unsigned http_conn_index(const struct http_conn *c);
/* The connection in slot I. */
struct http_conn *http_conn_at(struct http_server *s, unsigned i);
/* Per-connection storage for the handler (NULL when the slot opens). */
void **http_conn_user(struct http_conn *c);

/* Whether secrets A and B are equal, in time that depends on the length
 * of A only: no early exit on a mismatch. */
bool http_same(const char *a, const char *b);

/* The reason text of a status code. */
const char *http_reason(int status);

#endif
