/* The web panel: one self-contained page (no external assets, relative
 * links so it works under a path prefix behind a proxy) with supervisord's
 * GET actions, which wait for the process and then redirect with a
 * message; plus tail.html, ok.html and the chunked /logtail streams. */
#include "panel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "engine/safeopen.h"
#include "proto/xmlrpc.h"

#define PANEL_TAIL_FIRST 1024  /* bytes a new stream starts with */
#define PANEL_TAIL_CHUNK 65536 /* bytes sent per poll at most */
#define PANEL_TAIL_QUEUE (256u << 10)
#define PANEL_PAGE_BASE  (64u << 10)
#define PANEL_REFRESH    5 /* seconds between automatic reloads */

struct panel_slot {
	char action[32];
	char name[256];
	char path[4096]; /* a stream's file */
	off_t off;
	ino_t ino;
	uint64_t proc; /* a process's stream: its id and stream */
	int stream;    /* 0: the main log's, looked at every pass */
	bool due;      /* output was logged since the last look */
};

struct panel {
	struct view *view;
	struct ops *ops;
	struct ev_ring *events;
	unsigned nslots;
	unsigned streams; /* process log streams open */
	struct panel_slot *slots;
	size_t slots_size;
	struct buf page;
	char token[33]; /* in every action link; see panel_action */
};

static int panel_unmap(struct panel *p)
{
	munmap(p->slots, p->slots_size);
	return 0;
}

/* The slots (over 1 MB for 256 connections) are zero pages from the
 * kernel: only those of connections that use the panel become resident. */
/* Random for each svcd: a page of another site can make a browser send a
 * request here, but cannot read the panel to learn the token. */
static void panel_new_token(struct panel *p)
{
	unsigned char raw[16] = {0};
	size_t i;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		struct timespec ts;

		/* no entropy source: still unguessable from outside enough to
		   stop a blind cross-site request */
		clock_gettime(CLOCK_REALTIME, &ts);
		memcpy(raw, &ts, sizeof(ts) < sizeof(raw) ? sizeof(ts) : sizeof(raw));
		raw[15] ^= (unsigned char)getpid();
	}
	for (i = 0; i < sizeof(raw); i++)
		snprintf(p->token + 2 * i, 3, "%02x", raw[i]);
}

struct panel *panel_new(TALLOC_CTX *mem, struct view *v, struct ops *o, struct ev_ring *events,
			const struct http_limits *lim)
{
	unsigned maxconns = lim->maxconns;
	struct panel *p = talloc_zero(mem, struct panel);
	char *base;

	if (!p)
		return NULL;
	p->view = v;
	p->ops = o;
	p->events = events;
	p->nslots = maxconns;
	p->slots_size = (size_t)maxconns * sizeof(*p->slots);
	p->slots = mmap(NULL, p->slots_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	if (p->slots == MAP_FAILED) {
		talloc_free(p);
		return NULL;
	}
	talloc_set_destructor(p, panel_unmap);
	/* a page starts in storage made once; a larger one allocates for itself */
	base = talloc_size(p, PANEL_PAGE_BASE);
	if (!base) {
		talloc_free(p);
		return NULL;
	}
	buf_init_base(&p->page, p, base, PANEL_PAGE_BASE, lim->maxout);
	buf_set_pool(&p->page, lim->pool);
	panel_new_token(p);
	return p;
}

/* ---- text helpers ---- */


static int panel_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes N bytes of S into OUT ('+' is a space when FORM). */
static void panel_unquote(const char *s, size_t n, char *out, size_t outlen, bool form)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < outlen; i++) {
		if (s[i] == '%' && i + 2 < n && panel_hex(s[i + 1]) >= 0
		    && panel_hex(s[i + 2]) >= 0) {
			out[o++] = (char)(panel_hex(s[i + 1]) * 16 + panel_hex(s[i + 2]));
			i += 2;
		} else if (form && s[i] == '+') {
			out[o++] = ' ';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/* The value of KEY in the query string Q, decoded; false when absent. */
static bool panel_param(const char *q, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);

	while (*q) {
		size_t n = strcspn(q, "&");

		if (n > klen && strncmp(q, key, klen) == 0 && q[klen] == '=') {
			panel_unquote(q + klen + 1, n - klen - 1, out, outlen, true);
			return true;
		}
		q += n + (q[n] == '&');
	}
	return false;
}

static void panel_quote(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		    || c == '-' || c == '_' || c == '.' || c == '~')
			buf_add(b, s, 1);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static void panel_html(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_str(b, "&amp;"); break;
		case '<': buf_str(b, "&lt;"); break;
		case '>': buf_str(b, "&gt;"); break;
		case '"': buf_str(b, "&quot;"); break;
		case '\'': buf_str(b, "&#39;"); break;
		default: buf_add(b, s, 1); break;
		}
	}
}

static void panel_ctime(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm);
}

/* ---- the page ---- */

static const char panel_style[] =
	"body{font-family:sans-serif;margin:0;background:#f4f5f7;color:#222}"
	"header{background:#2d3e50;color:#fff;padding:12px 20px;font-size:20px}"
	"main{padding:16px 20px}"
	".status_msg{background:#fff8d6;border:1px solid #e5d37a;padding:8px;margin-bottom:12px}"
	".buttons a{display:inline-block;padding:6px 12px;margin-right:6px;background:#fff;"
	"border:1px solid #bbb;border-radius:4px;color:#222;text-decoration:none}"
	"table{border-collapse:collapse;width:100%;background:#fff;margin-top:12px}"
	"th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e3e3}"
	"tr.shade{background:#f7f9fb}"
	".statusrunning{color:#1a7f37;font-weight:bold}"
	".statuserror{color:#c62828;font-weight:bold}"
	".statusnominal{color:#666;font-weight:bold}"
	"td.action a{margin-right:8px}"
	"footer{padding:12px 20px;color:#777;font-size:12px}";

static const char *panel_state_class(enum proc_state s)
{
	if (s == PROC_RUNNING)
		return "statusrunning";
	if (s == PROC_FATAL || s == PROC_BACKOFF)
		return "statuserror";
	return "statusnominal";
}

static void panel_link(struct buf *b, const char *token, const char *ns, const char *action,
		       const char *label)
{
	buf_str(b, "<a href=\"index.html?processname=");
	panel_quote(b, ns);
	buf_printf(b, "&amp;action=%s&amp;token=%s\" name=\"%s\">%s</a>", action, token, action,
		   label);
}

static void panel_actions(struct buf *b, const char *token, const struct proc *p, const char *ns)
{
	if (p->state == PROC_RUNNING) {
		panel_link(b, token, ns, "restart", "Restart");
		panel_link(b, token, ns, "stop", "Stop");
	} else if (p->state == PROC_STOPPED || p->state == PROC_EXITED || p->state == PROC_FATAL) {
		panel_link(b, token, ns, "start", "Start");
	}
	panel_link(b, token, ns, "clearlog", "Clear Log");
	buf_str(b, "<a target=\"_blank\" href=\"logtail/");
	panel_quote(b, ns);
	buf_str(b, "\">Tail -f Stdout</a><a target=\"_blank\" href=\"logtail/");
	panel_quote(b, ns);
	buf_str(b, "/stderr\">Tail -f Stderr</a>");
}

static void panel_row(struct buf *b, const char *token, const struct proc *p, size_t i, time_t now)
{
	char ns[300], desc[300], up[32] = "";
	const char *state = proc_state_name(p->state);
	size_t k;

	conf_namespec(p->cf, ns, sizeof(ns));
	view_describe(p, now, desc, sizeof(desc));
	if (p->state == PROC_RUNNING) {
		const char *u = strstr(desc, "uptime ");

		if (u)
			snprintf(up, sizeof(up), "%s", u + 7);
	}
	buf_printf(b, "<tr class=\"%s\" id=\"row-", i % 2 ? "shade" : "plain");
	panel_html(b, ns);
	buf_printf(b, "\"><td><span class=\"%s\">", panel_state_class(p->state));
	for (k = 0; state[k]; k++)
		buf_printf(b, "%c", state[k] >= 'A' && state[k] <= 'Z' ? state[k] + 32 : state[k]);
	buf_str(b, "</span></td><td>");
	if (p->pid)
		buf_printf(b, "%d", (int)p->pid);
	buf_printf(b, "</td><td>%s</td><td>", up);
	panel_html(b, desc);
	buf_str(b, "</td><td><a target=\"_blank\" href=\"tail.html?processname=");
	panel_quote(b, ns);
	buf_str(b, "\">");
	panel_html(b, ns);
	buf_str(b, "</a></td><td class=\"action\">");
	panel_actions(b, token, p, ns);
	buf_str(b, "</td></tr>\n");
}

static void panel_index(struct panel *pn, struct http_conn *c, const char *message)
{
	struct buf *b = &pn->page;
	struct proc **procs;
	size_t n = view_sorted(pn->view, &procs), i;
	time_t now = time(NULL);

	buf_reset(b);
	buf_printf(b,
		   "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		   "<meta http-equiv=\"refresh\" content=\"%d;url=index.html\">"
		   "<title>Supervisor Status</title><style>%s</style></head><body>\n"
		   "<header>Supervisor Status</header><main>\n",
		   PANEL_REFRESH, panel_style);
	if (message && *message) {
		buf_str(b, "<div class=\"status_msg\" id=\"status_msg\">");
		panel_html(b, message);
		buf_str(b, "</div>\n");
	}
	buf_printf(b,
		   "<div class=\"buttons\"><a href=\"index.html?action=refresh\">Refresh</a>"
		   "<a href=\"index.html?action=restartall&amp;token=%s\">Restart All</a>"
		   "<a href=\"index.html?action=stopall&amp;token=%s\">Stop All</a></div>\n",
		   pn->token, pn->token);
	if (n == 0) {
		buf_str(b, "<p>No programs to manage</p>\n");
	} else {
		buf_str(b,
			"<table><thead><tr><th>State</th><th>Pid</th><th>Uptime</th>"
			"<th>Description</th><th>Name</th><th>Action</th></tr></thead><tbody>\n");
		for (i = 0; i < n; i++)
			panel_row(b, pn->token, procs[i], i, now);
		buf_str(b, "</tbody></table>\n");
	}
	buf_printf(b, "</main><footer>svcd %s (supervisor API 3.0)</footer></body></html>\n",
		   SVC_VERSION);
	http_reply(c, 200, "text/html;charset=utf-8",
		   "Pragma: no-cache\r\nCache-Control: no-cache\r\n", b->data, b->len);
	buf_release(b, BUF_KEEP);
}

static void panel_redirect(struct panel *pn, struct http_conn *c, const char *message)
{
	struct buf *b = &pn->page;
	char extra[2048];

	buf_reset(b);
	buf_str(b, "index.html?message=");
	panel_quote(b, message);
	buf_str(b, "");
	snprintf(extra, sizeof(extra), "Location: %.*s\r\n", (int)b->len, b->data);
	http_reply(c, 301, "text/plain", extra, "", 0);
}

static void panel_fault_text(int fault, char *buf, size_t len)
{
	switch (fault) {
	case XR_NO_FILE: snprintf(buf, len, "no such file"); break;
	case XR_NOT_EXECUTABLE: snprintf(buf, len, "file not executable"); break;
	case XR_ALREADY_STARTED: snprintf(buf, len, "already started"); break;
	case XR_SPAWN_ERROR: snprintf(buf, len, "spawn error"); break;
	case XR_ABNORMAL_TERMINATION: snprintf(buf, len, "abnormal termination"); break;
	case XR_NOT_RUNNING: snprintf(buf, len, "not running"); break;
	default:
		snprintf(buf, len, "unexpected rpc fault [%d] %s", fault, xr_fault_name(fault));
		break;
	}
}

static void panel_done(void *ctx, struct http_conn *c, int fault)
{
	struct panel *pn = ctx;
	struct panel_slot *s;
	char msg[512], why[128], when[64];

	s = &pn->slots[http_conn_index(c)];
	panel_ctime(when, sizeof(when));
	if (strcmp(s->action, "stopall") == 0) {
		snprintf(msg, sizeof(msg), "All stopped at %s", when);
	} else if (strcmp(s->action, "restartall") == 0) {
		snprintf(msg, sizeof(msg), "All restarted at %s", when);
	} else if (fault) {
		panel_fault_text(fault, why, sizeof(why));
		snprintf(msg, sizeof(msg), "ERROR: Process %s: %s", s->name, why);
	} else {
		snprintf(msg, sizeof(msg), "Process %s %s", s->name,
			 strcmp(s->action, "start") == 0          ? "started"
				 : strcmp(s->action, "stop") == 0 ? "stopped"
								  : "restarted");
	}
	panel_redirect(pn, c, msg);
}

/* An action from the query string. Returns how the request went on. */
static enum http_disp panel_action(struct panel *pn, struct http_conn *c, const char *action,
				   const char *ns)
{
	struct panel_slot *s = &pn->slots[http_conn_index(c)];
	struct proc *p = NULL;
	char msg[512], when[64];
	enum op_panel op;
	int rc;

	snprintf(s->action, sizeof(s->action), "%s", action);
	snprintf(s->name, sizeof(s->name), "%s", ns);
	if (strcmp(action, "refresh") == 0) {
		panel_ctime(when, sizeof(when));
		snprintf(msg, sizeof(msg), "Page refreshed at %s", when);
		panel_index(pn, c, msg);
		return HTTP_DONE;
	}
	if (strcmp(action, "stopall") != 0 && strcmp(action, "restartall") != 0) {
		p = view_lookup(pn->view, ns);
		if (!p) {
			snprintf(msg, sizeof(msg), "No such process named %s", ns);
			panel_redirect(pn, c, msg);
			return HTTP_DONE;
		}
	}
	if (strcmp(action, "clearlog") == 0) {
		if (sup_clear_logs(pn->view->sup, p) < 0)
			snprintf(msg, sizeof(msg),
				 "ERROR: Process %s: unexpected rpc fault [30] FAILED", ns);
		else
			snprintf(msg, sizeof(msg), "Log for %s cleared", ns);
		panel_redirect(pn, c, msg);
		return HTTP_DONE;
	}
	if (strcmp(action, "start") == 0)
		op = OP_START;
	else if (strcmp(action, "stop") == 0 || strcmp(action, "stopall") == 0)
		op = OP_STOP;
	else if (strcmp(action, "restart") == 0 || strcmp(action, "restartall") == 0)
		op = OP_RESTART;
	else {
		panel_index(pn, c, NULL);
		return HTTP_DONE;
	}
	rc = op_panel(pn->ops, c, p, op, panel_done, pn);
	if (rc < 0)
		return HTTP_PENDING;
	panel_done(pn, c, rc);
	return HTTP_DONE;
}

static void panel_tail_page(struct panel *pn, struct http_conn *c, const char *q)
{
	struct buf *b = &pn->page;
	char ns[256] = "", lim[32] = "";
	struct proc *p;
	long limit = 1024;
	struct stat st;
	int fd = -1;

	panel_param(q, "processname", ns, sizeof(ns));
	if (panel_param(q, "limit", lim, sizeof(lim)) && atol(lim) > limit)
		limit = atol(lim);
	if (limit > 1 << 20)
		limit = 1 << 20;
	p = view_lookup(pn->view, ns);
	buf_reset(b);
	buf_str(b,
		"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Supervisor tail of "
		"process ");
	panel_html(b, ns);
	buf_printf(b, "</title><style>%s</style></head><body><header>Supervisor tail of process ",
		   panel_style);
	panel_html(b, ns);
	buf_str(b, "</header><main><div class=\"buttons\"><a href=\"tail.html?processname=");
	panel_quote(b, ns);
	buf_str(b, "\">Refresh</a><a href=\"index.html\">Back</a></div>\n<pre id=\"tail\">");
	if (p && p->cf->out.path)
		fd = safeopen_read(p->cf->out.path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		buf_str(b, "No file for ");
		panel_html(b, ns);
	} else {
		static char buf[(1 << 20) + 1];
		off_t off = st.st_size > limit ? st.st_size - limit : 0;
		ssize_t n = pread(fd, buf, (size_t)limit, off);

		if (n > 0) {
			buf[n] = '\0';
			xr_buf_xml(b, buf, (size_t)n);
		}
	}
	if (fd >= 0)
		close(fd);
	buf_str(b, "</pre></main></body></html>\n");
	http_reply(c, 200, "text/html;charset=utf-8", "Pragma: no-cache\r\n", b->data, b->len);
	buf_release(b, BUF_KEEP);
}

/* ---- log streams ---- */

static void panel_send_from(struct http_conn *c, struct panel_slot *s, int fd, off_t size)
{
	static char buf[PANEL_TAIL_CHUNK];

	while (s->off < size && http_queued(c) < PANEL_TAIL_QUEUE) {
		size_t want = (size_t)(size - s->off) < sizeof(buf) ? (size_t)(size - s->off)
								    : sizeof(buf);
		ssize_t n = pread(fd, buf, want, s->off);

		if (n <= 0)
			return;
		s->off += n;
		http_stream_write(c, buf, (size_t)n);
	}
}

void panel_poll(struct panel *pn, struct http_conn *c, int64_t now)
{
	struct panel_slot *s = &pn->slots[http_conn_index(c)];
	struct stat st;
	int fd;

	(void)now;
	if (!s->path[0] || http_queued(c) >= PANEL_TAIL_QUEUE || (s->stream && !s->due))
		return;
	fd = safeopen_read(s->path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return;
	}
	if (st.st_ino != s->ino) {
		s->ino = st.st_ino;
		s->off = 0;
	} else if (st.st_size < s->off) {
		static const char note[] = "==> File truncated <==\n";

		http_stream_write(c, note, sizeof(note) - 1);
		s->off = 0;
	}
	panel_send_from(c, s, fd, st.st_size);
	/* held back by a full queue: looked at again at the next pass */
	s->due = s->off < st.st_size;
	close(fd);
}

void panel_logged(struct panel *pn, uint64_t proc, int stream)
{
	unsigned i;

	if (pn->streams == 0)
		return;
	for (i = 0; i < pn->nslots; i++) {
		struct panel_slot *s = &pn->slots[i];

		if (s->stream && (proc == 0 || (s->proc == proc && s->stream == stream)))
			s->due = true;
	}
}

void panel_want_logs(struct panel *pn, struct ev_sub *sub)
{
	ev_want_logs(pn->events, sub, pn->streams > 0);
}

void panel_gone(struct panel *pn, struct http_conn *c)
{
	struct panel_slot *s = &pn->slots[http_conn_index(c)];

	/* a slot never used is left untouched: its page stays the kernel's */
	if (!s->stream && !s->path[0])
		return;
	if (s->stream && pn->streams > 0)
		pn->streams--;
	s->stream = 0;
	s->path[0] = '\0';
}

static enum http_disp panel_logtail(struct panel *pn, struct http_conn *c,
				    const struct http_req *req, bool main)
{
	struct panel_slot *s = &pn->slots[http_conn_index(c)];
	const char *path = NULL;
	char ns[256], last[128], extra[256];
	uint64_t proc = 0;
	int stream = 0;
	struct stat st;
	struct tm tm;
	int fd;

	if (strcmp(req->method, "GET") != 0) {
		http_reply(c, 400, "text/plain", NULL, "", 0);
		return HTTP_DONE;
	}
	if (main) {
		path = pn->view->sup->conf->logfile;
	} else {
		const char *rest = req->path + strlen("/logtail/");
		const char *slash = strchr(rest, '/');
		bool err = slash && strcmp(slash, "/stderr") == 0;
		struct proc *p;

		if (slash && !err && strcmp(slash, "/stdout") != 0) {
			http_reply(c, 404, "text/plain", NULL, "", 0);
			return HTTP_DONE;
		}
		panel_unquote(rest, slash ? (size_t)(slash - rest) : strlen(rest), ns, sizeof(ns),
			      false);
		p = view_lookup(pn->view, ns);
		if (p) {
			path = err ? p->cf->err.path : p->cf->out.path;
			proc = p->id;
			stream = err ? 2 : 1;
		}
	}
	if (!path || (fd = safeopen_read(path)) < 0) {
		http_reply(c, 404, "text/plain", NULL, "", 0);
		return HTTP_DONE;
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		http_reply(c, 404, "text/plain", NULL, "", 0);
		return HTTP_DONE;
	}
	gmtime_r(&st.st_mtime, &tm);
	strftime(last, sizeof(last), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	snprintf(extra, sizeof(extra), "Last-Modified: %s\r\n%s", last,
		 main ? "" : "X-Accel-Buffering: no\r\n");
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->ino = st.st_ino;
	s->off = st.st_size > PANEL_TAIL_FIRST ? st.st_size - PANEL_TAIL_FIRST : 0;
	s->proc = proc;
	s->stream = stream;
	if (stream)
		pn->streams++;
	http_stream_begin(c, "text/plain;charset=utf-8", extra);
	panel_send_from(c, s, fd, st.st_size);
	/* looked at again at the next pass: output logged before that pass
	   turns the log events on (panel_want_logs) makes no event */
	s->due = true;
	close(fd);
	return HTTP_STREAM;
}

enum http_disp panel_request(struct panel *pn, struct http_conn *c, const struct http_req *req)
{
	char action[32], ns[256] = "", msg[1024];

	panel_gone(pn, c);
	if (strncmp(req->path, "/logtail/", 9) == 0)
		return panel_logtail(pn, c, req, false);
	if (strcmp(req->path, "/mainlogtail") == 0)
		return panel_logtail(pn, c, req, true);
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "POST") != 0) {
		http_reply(c, 405, "text/plain", "Allow: GET, POST\r\n", "", 0);
		return HTTP_DONE;
	}
	if (strcmp(req->path, "/ok.html") == 0) {
		http_reply(c, 200, "text/plain", NULL, "OK", 2);
		return HTTP_DONE;
	}
	if (strcmp(req->path, "/tail.html") == 0) {
		panel_tail_page(pn, c, req->query);
		return HTTP_DONE;
	}
	if (strcmp(req->path, "/") != 0 && strcmp(req->path, "/index.html") != 0) {
		static const char nf[] = "Not Found\n";

		http_reply(c, 404, "text/plain", NULL, nf, sizeof(nf) - 1);
		return HTTP_DONE;
	}
	if (panel_param(req->query, "action", action, sizeof(action))) {
		char token[64] = "";

		panel_param(req->query, "processname", ns, sizeof(ns));
		panel_param(req->query, "token", token, sizeof(token));
		/* a change needs the token of a page this svcd served; a link
		   another site made cannot have it */
		if (strcmp(action, "refresh") != 0 && !http_same(token, pn->token)) {
			static const char no[] =
				"This action needs the token of the panel's own page: "
				"reload the page and use its buttons.\n";

			http_reply(c, 403, "text/plain", NULL, no, sizeof(no) - 1);
			return HTTP_DONE;
		}
		return panel_action(pn, c, action, ns);
	}
	if (!panel_param(req->query, "message", msg, sizeof(msg)))
		msg[0] = '\0';
	panel_index(pn, c, msg);
	return HTTP_DONE;
}
