/* The web panel (supervisord's status page, its actions by GET links,
 * tail.html, ok.html) and the /logtail and /mainlogtail streams. */
#ifndef SVC_PANEL_H
#define SVC_PANEL_H

#include <stdint.h>
#include <talloc.h>
#include "http.h"

struct rpc;
struct panel;

/* One state slot per HTTP connection slot, made here once. */
struct panel *panel_new(TALLOC_CTX *mem, struct rpc *r, unsigned maxconns);

/* Every request that is not XML-RPC: the page, its actions, the log
 * streams; anything else is 404. */
enum http_disp panel_request(struct panel *p, struct http_conn *c,
			     const struct http_req *req);

/* Feeds a /logtail stream what its file gained since the last look. */
void panel_poll(struct panel *p, struct http_conn *c, int64_t now);

#endif
