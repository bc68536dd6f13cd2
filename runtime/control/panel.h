/* The web panel (supervisord's status page, its actions by GET links,
 * tail.html, ok.html) and the /logtail and /mainlogtail streams. */
#ifndef SVC_PANEL_H
#define SVC_PANEL_H

#include <stdint.h>
#include <talloc.h>
#include "engine/events.h"
#include "http.h"
#include "ops.h"
#include "view.h"

struct panel;

/* One state slot per HTTP connection slot, made here once. */
struct panel *panel_new(TALLOC_CTX *mem, struct view *v, struct ops *o, struct ev_ring *events,
			const struct http_limits *lim);

/* Every request that is not XML-RPC: the page, its actions, the log
 * streams; anything else is 404. */
enum http_disp panel_request(struct panel *p, struct http_conn *c, const struct http_req *req);

/* Feeds a /logtail stream what its file gained since the last look: a
 * process's stream once its output was logged (panel_logged), the main
 * log's at every pass. */
void panel_poll(struct panel *p, struct http_conn *c, int64_t now);
/* The engine logged output of process PROC (its id) on STREAM (1 stdout,
 * 2 stderr); PROC 0: of any. */
void panel_logged(struct panel *p, uint64_t proc, int stream);
/* Asks the event stream for log chunks while some log stream is open. */
void panel_want_logs(struct panel *p, struct ev_sub *sub);
/* A connection closed. */
void panel_gone(struct panel *p, struct http_conn *c);

#endif
