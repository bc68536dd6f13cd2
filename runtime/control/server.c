/* The control server's wiring. It owns the HTTP server, the view, the wait
 * slots, the XML-RPC endpoint and the panel, and is the engine's event
 * subscriber for all of them: waits are looked at only when the engine
 * published something. Whatever reads a process goes through view_resize
 * or a generation check first, so a reload is seen before a freed process
 * could be. */
#include "server.h"

#include <string.h>
#include "engine/mainlog.h"
#include "http.h"
#include "ops.h"
#include "panel.h"
#include "rpc.h"
#include "view.h"

/* The most that replies together may allocate past their connections'
 * fixed storage: two replies of the largest size (one being built while
 * another is sent), however many connections ask at once. */
#define SERVER_REPLY_POOL (2 * (size_t)(64u << 20))

struct server {
	struct http_server *http;
	struct http_limits lim;
	struct buf_pool pool; /* all replies together, past their fixed storage */
	struct sup *sup;
	struct view view;
	struct ops ops;
	struct rpc *rpc;
	struct panel *panel;
	struct ev_sub sub;
	bool serving;
	bool started;
};

static enum http_disp server_request(void *ctx, struct http_conn *c, const struct http_req *req)
{
	struct server *sv = ctx;

	if (strncmp(req->path, "/RPC2", 5) == 0)
		return rpc_request(sv->rpc, c, req);
	return panel_request(sv->panel, c, req);
}

static void server_poll(void *ctx, struct http_conn *c, int64_t now)
{
	struct server *sv = ctx;

	if (rpc_streaming(sv->rpc, c))
		rpc_stream_fill(sv->rpc, c);
	else
		panel_poll(sv->panel, c, now);
}

static void server_gone(void *ctx, struct http_conn *c)
{
	struct server *sv = ctx;

	op_forget(ops_slot(&sv->ops, c));
	rpc_stream_gone(sv->rpc, c);
	panel_gone(sv->panel, c);
}

struct server *server_open(TALLOC_CTX *mem, const struct conf *c, char *err, size_t errlen)
{
	struct server *sv = talloc_zero(mem, struct server);
	struct http_limits lim = HTTP_DEFAULT_LIMITS;
	struct http_handlers h = {sv, server_request, server_poll, server_gone};

	if (!sv) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sv->pool.limit = SERVER_REPLY_POOL;
	lim.pool = &sv->pool;
	sv->lim = lim;
	sv->http = http_new(sv, &lim, &h);
	if (!sv->http) {
		snprintf(err, errlen, "out of memory");
		talloc_free(sv);
		return NULL;
	}
	if (http_set_auth(sv->http, c->username, c->password) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (c->socket
	    && http_listen_unix(sv->http, c->socket, c->sock_mode, c->sock_owner, c->sock_group,
				err, errlen)
		    < 0)
		goto fail;
	if (c->listen && http_listen_tcp(sv->http, c->listen, err, errlen) < 0)
		goto fail;
	sv->serving = c->socket || c->listen;
	return sv;
fail:
	http_close(sv->http, 0);
	talloc_free(sv);
	return NULL;
}

int server_start(struct server *sv, struct loop *l, struct sup *s)
{
	sv->sup = s;
	if (view_init(&sv->view, sv, s) < 0
	    || ops_init(&sv->ops, sv, s, &sv->view, NULL, &sv->lim) < 0)
		return -1;
	sv->rpc = rpc_new(sv, s, &sv->view, &sv->ops, &sv->lim);
	sv->panel = sv->rpc ? panel_new(sv, &sv->view, &sv->ops, s->events, &sv->lim) : NULL;
	if (!sv->panel)
		return -1;
	ev_subscribe(s->events, &sv->sub, false);
	sv->started = true;
	if (!sv->serving)
		return 0;
	if (!s->conf->username)
		mainlog_crit("Server 'svcd' running without any HTTP authentication checking");
	return http_start(sv->http, l);
}

/* The events since the last pass: log chunks for the panel's streams.
 * Returns true when anything at all happened. */
static bool server_events(struct server *sv)
{
	bool any = false;
	struct ev e;

	while (ev_next(sv->sup->events, &sv->sub, &e)) {
		any = true;
		if (e.kind == EV_LOG)
			panel_logged(sv->panel, e.proc, e.stream);
	}
	if (sv->sub.lost) {
		/* what was lost is unknown: every stream looks again */
		sv->sub.lost = 0;
		panel_logged(sv->panel, 0, 0);
		any = true;
	}
	return any;
}

int64_t server_pass(struct server *sv, int64_t now, int64_t deadline)
{
	unsigned i;

	if (!sv->serving || !sv->started)
		return deadline;
	view_resize(&sv->view);
	if (server_events(sv) || ops_dirty(&sv->ops)) {
		for (i = 0; i < sv->lim.maxconns; i++) {
			struct op_wait *w = &sv->ops.waits[i];

			if (w->kind != W_NONE)
				rpc_resume(sv->rpc, http_conn_at(sv->http, i), w);
		}
	}
	panel_want_logs(sv->panel, &sv->sub);
	return http_pass(sv->http, now, deadline);
}

void server_close(struct server *sv)
{
	if (sv->serving)
		http_close(sv->http, 1000);
}
