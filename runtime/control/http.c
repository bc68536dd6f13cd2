/* The HTTP/1.1 server in svcd's loop. Every connection lives in a slot
 * made once; its input buffer holds at most one request's header and body,
 * so a request is handled only when complete, and a client that stalls
 * only ever holds its own slot until the idle limit. Connection states:
 *   READ   waiting for a complete request (keep-alive rests here)
 *   BUSY   the handler answers later (start/stop with wait)
 *   WRITE  a response is being written; then READ again, or closed
 *   STREAM a chunked body fed by the poll callback until the client goes */
#include "http_impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "proto/xmlrpc.h"

static const struct {
	int code;
	const char *text;
} http_reasons[] = {
	{200, "OK"},
	{301, "Moved Permanently"},
	{400, "Bad Request"},
	{401, "Unauthorized"},
	{403, "Forbidden"},
	{404, "Not Found"},
	{405, "Method Not Allowed"},
	{408, "Request Timeout"},
	{411, "Length Required"},
	{413, "Payload Too Large"},
	{414, "URI Too Long"},
	{431, "Request Header Fields Too Large"},
	{500, "Internal Server Error"},
	{501, "Not Implemented"},
	{503, "Service Unavailable"},
	{505, "HTTP Version Not Supported"},
};

const char *http_reason(int status)
{
	size_t i;

	for (i = 0; i < sizeof(http_reasons) / sizeof(http_reasons[0]); i++) {
		if (http_reasons[i].code == status)
			return http_reasons[i].text;
	}
	return "Unknown";
}

static void http_conn_ready(struct loop_src *src, uint32_t events);
static void http_accept(struct loop_src *src, uint32_t events);
static void http_run(struct http_conn *c);

static int http_unmap(struct http_server *s)
{
	if (s->slots)
		munmap(s->slots, s->slotsize * s->lim.maxconns);
	return 0;
}

static size_t http_pages(size_t n)
{
	return (n + 4095) / 4096 * 4096;
}

/* Every slot's buffers in one anonymous mapping made here: pages become
 * resident only when a connection uses them, and go back to the kernel
 * when it closes. An output larger than its base (one large reply that is
 * not streamed) is allocated for that reply only. */
static int http_map_slots(struct http_server *s)
{
	s->instride = http_pages(s->lim.maxheader + s->lim.maxbody + 1);
	s->slotsize = s->instride + HTTP_OUT_BASE;
	s->slots = mmap(NULL, s->slotsize * s->lim.maxconns, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s->slots == MAP_FAILED) {
		s->slots = NULL;
		return -1;
	}
	talloc_set_destructor(s, http_unmap);
	return 0;
}

struct http_server *http_new(TALLOC_CTX *mem, const struct http_limits *lim,
			     const struct http_handlers *h)
{
	struct http_server *s = talloc_zero(mem, struct http_server);
	unsigned i;

	if (!s)
		return NULL;
	s->mem = s;
	s->lim = *lim;
	s->h = *h;
	s->conns = talloc_zero_array(s, struct http_conn, lim->maxconns);
	s->freelist = talloc_array(s, unsigned, lim->maxconns);
	if (!s->conns || !s->freelist || http_map_slots(s) < 0) {
		talloc_free(s);
		return NULL;
	}
	for (i = 0; i < lim->maxconns; i++) {
		struct http_conn *c = &s->conns[i];
		char *slot = s->slots + (size_t)i * s->slotsize;

		c->srv = s;
		c->index = i;
		c->src.fd = -1;
		c->src.fn = http_conn_ready;
		c->in = slot;
		buf_init_base(&c->out, s, slot + s->instride, HTTP_OUT_BASE, lim->maxout);
		buf_set_pool(&c->out, lim->pool);
		s->freelist[s->nfree++] = lim->maxconns - 1 - i;
	}
	for (i = 0; i < 2; i++) {
		s->lsn[i].src.fd = -1;
		s->lsn[i].src.fn = http_accept;
		s->lsn[i].srv = s;
	}
	return s;
}


int http_set_auth(struct http_server *s, const char *user, const char *password)
{
	talloc_free(s->user);
	talloc_free(s->password);
	s->user = user ? talloc_strdup(s, user) : NULL;
	s->password = user && password ? talloc_strdup(s, password) : NULL;
	/* never half set: a user without its password would be no check */
	if ((user && !s->user) || (user && password && !s->password))
		return -1;
	return 0;
}

int http_start(struct http_server *s, struct loop *l)
{
	unsigned i;

	s->loop = l;
	for (i = 0; i < s->nlsn; i++) {
		if (loop_add(l, &s->lsn[i].src, EPOLLIN) < 0)
			return -1;
	}
	return 0;
}

/* ---- connections ---- */

static void http_watch(struct http_conn *c, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = &c->src};

	if (events == c->events)
		return;
	epoll_ctl(c->srv->loop->epfd, EPOLL_CTL_MOD, c->src.fd, &ev);
	c->events = events;
}

static void http_close_conn(struct http_conn *c)
{
	struct http_server *s = c->srv;
	bool tell = c->state == C_BUSY || c->state == C_STREAM;

	if (c->state == C_FREE)
		return;
	if (tell && s->h.gone)
		s->h.gone(s->h.ctx, c);
	loop_del(s->loop, &c->src);
	close(c->src.fd);
	c->src.fd = -1;
	if (c->tcp)
		s->ntcp--;
	c->state = C_FREE;
	c->user = NULL;
	/* a closed slot holds no memory */
	buf_forget(&c->out);
	if (c->intouched)
		madvise(c->in, http_pages(c->intouched), MADV_DONTNEED);
	c->intouched = 0;
	s->freelist[s->nfree++] = c->index;
}

/* The TCP client's address as 16 bytes (IPv4 mapped), for the per-peer cap. */
static void http_peer_key(const struct sockaddr_storage *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (sa->ss_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	} else if (sa->ss_family == AF_INET6) {
		memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	}
}

/* The connection to give up for a newcomer: the one idle longest among
 * those reading a request or resting between requests that never showed
 * credentials (with auth on), on TCP only when TCP (or PEER, when given)
 * is what is full. NULL when there is none. */
static struct http_conn *http_victim(struct http_server *s, bool tcp_only,
				     const unsigned char *peer)
{
	struct http_conn *best = NULL;
	unsigned i;

	for (i = 0; i < s->lim.maxconns; i++) {
		struct http_conn *c = &s->conns[i];

		if (c->state != C_READ || c->authed || (tcp_only && !c->tcp))
			continue;
		if (peer && (!c->tcp || memcmp(c->peer, peer, 16) != 0))
			continue;
		if (!best || c->last < best->last)
			best = c;
	}
	return best;
}

static unsigned http_peer_count(struct http_server *s, const unsigned char *peer)
{
	unsigned i, n = 0;

	for (i = 0; i < s->lim.maxconns; i++)
		n += s->conns[i].state != C_FREE && s->conns[i].tcp
			&& memcmp(s->conns[i].peer, peer, 16) == 0;
	return n;
}

/* Makes room for a newcomer when a limit is reached. Returns false when
 * it must be turned away. */
static bool http_room(struct http_server *s, bool tcp, const unsigned char *peer)
{
	struct http_conn *v;

	if (tcp && http_peer_count(s, peer) >= s->lim.per_peer) {
		if (!(v = http_victim(s, true, peer)))
			return false;
		http_close_conn(v);
	}
	if (tcp && s->ntcp + s->lim.unix_reserved >= s->lim.maxconns) {
		if (!(v = http_victim(s, true, NULL)))
			return false;
		http_close_conn(v);
	}
	if (s->nfree == 0) {
		if (!(v = http_victim(s, tcp, NULL)))
			return false;
		http_close_conn(v);
	}
	return s->nfree > 0;
}

static void http_accept_one(struct http_server *s, int fd, bool tcp,
			    const struct sockaddr_storage *sa)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
				   "Content-Length: 0\r\nConnection: close\r\n\r\n";
	unsigned char peer[16];
	struct http_conn *c;

	http_peer_key(sa, peer);
	if (!http_room(s, tcp, peer)) {
		if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			(void)0; /* the client learns from the close */
		close(fd);
		return;
	}
	c = &s->conns[s->freelist[--s->nfree]];
	c->src.fd = fd;
	c->state = C_READ;
	c->inlen = c->reqlen = c->outpos = 0;
	c->keepalive = c->close_after = c->in_run = c->authed = c->next_due = false;
	c->http11 = c->finite = c->raw = false;
	c->tcp = tcp;
	memcpy(c->peer, peer, 16);
	c->last = c->since = loop_now();
	c->events = EPOLLIN | EPOLLRDHUP;
	c->user = NULL;
	buf_reset(&c->out);
	if (tcp)
		s->ntcp++;
	if (loop_add(s->loop, &c->src, c->events) < 0) {
		close(fd);
		c->src.fd = -1;
		c->state = C_FREE;
		if (tcp)
			s->ntcp--;
		s->freelist[s->nfree++] = c->index;
	}
}

static void http_accept(struct loop_src *src, uint32_t events)
{
	struct http_listener *l = (struct http_listener *)src;
	int i;

	(void)events;
	for (i = 0; i < HTTP_ACCEPT_BATCH; i++) {
		struct sockaddr_storage sa = {0};
		socklen_t len = sizeof(sa);
		int fd = accept4(src->fd, (struct sockaddr *)&sa, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		http_accept_one(l->srv, fd, sa.ss_family == AF_INET || sa.ss_family == AF_INET6,
				&sa);
	}
}

/* Queues the head of a response. */
static void http_head(struct http_conn *c, int status, const char *ctype, const char *extra,
		      const char *length)
{
	buf_reset(&c->out);
	c->outpos = 0;
	buf_printf(&c->out, "HTTP/1.1 %d %s\r\nServer: svcd/%s\r\n", status, http_reason(status),
		   SVC_VERSION);
	if (ctype)
		buf_printf(&c->out, "Content-Type: %s\r\n", ctype);
	if (length)
		buf_str(&c->out, length);
	if (!c->keepalive || c->close_after)
		buf_str(&c->out, "Connection: close\r\n");
	if (extra)
		buf_str(&c->out, extra);
	buf_str(&c->out, "\r\n");
}

/* Writes what it can. Returns false when C was closed. */
static bool http_flush(struct http_conn *c)
{
	while (c->outpos < c->out.len) {
		ssize_t n = send(c->src.fd, c->out.data + c->outpos, c->out.len - c->outpos,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			http_watch(c, (c->events & ~(uint32_t)EPOLLIN) | EPOLLOUT | EPOLLRDHUP);
			return true;
		}
		if (n <= 0) {
			http_close_conn(c);
			return false;
		}
		c->outpos += (size_t)n;
		c->last = loop_now();
	}
	if (c->state == C_STREAM) {
		buf_release(&c->out, BUF_KEEP);
		c->outpos = 0;
		http_watch(c, EPOLLIN | EPOLLRDHUP);
		return true;
	}
	if (c->state != C_WRITE)
		return true;
	buf_release(&c->out, BUF_KEEP);
	c->outpos = 0;
	if (c->close_after || !c->keepalive) {
		shutdown(c->src.fd, SHUT_WR);
		http_close_conn(c);
		return false;
	}
	/* the next request, possibly pipelined behind this one */
	memmove(c->in, c->in + c->reqlen, c->inlen - c->reqlen);
	c->inlen -= c->reqlen;
	c->reqlen = 0;
	c->state = C_READ;
	/* resting between requests is the idle limit's; a pipelined one is due */
	c->since = c->inlen > 0 ? loop_now() : 0;
	http_watch(c, EPOLLIN | EPOLLRDHUP);
	/* never from inside the handler that replied: the loop's next
	   http_pass takes the next request */
	if (!c->in_run && c->inlen > 0)
		c->next_due = true;
	return true;
}

void http_reply(struct http_conn *c, int status, const char *ctype, const char *extra,
		const void *body, size_t len)
{
	char length[64];

	if (c->state == C_FREE)
		return;
	if (status >= 400 && status != 404)
		c->close_after = true;
	snprintf(length, sizeof(length), "Content-Length: %zu\r\n", len);
	http_head(c, status, ctype, extra, length);
	buf_add(&c->out, body, len);
	if (c->out.overflow) {
		static const char msg[] = "response too large\n";

		c->close_after = true;
		snprintf(length, sizeof(length), "Content-Length: %zu\r\n", sizeof(msg) - 1);
		http_head(c, 500, "text/plain", NULL, length);
		buf_add(&c->out, msg, sizeof(msg) - 1);
	}
	c->state = C_WRITE;
	http_flush(c);
}

static void http_error(struct http_conn *c, int status, const char *extra)
{
	char body[256];
	int n;

	c->close_after = true;
	n = snprintf(body, sizeof(body),
		     "<html><head><title>Error response</title></head><body>"
		     "<h1>Error response</h1><p>Error code %d.</p><p>Message: %s.</p>"
		     "</body></html>",
		     status, http_reason(status));
	http_reply(c, status, "text/html", extra, body, (size_t)n);
}

void http_stream_begin(struct http_conn *c, const char *ctype, const char *extra)
{
	c->keepalive = false;
	http_head(c, 200, ctype, extra, "Transfer-Encoding: chunked\r\n");
	c->state = C_STREAM;
	http_flush(c);
}

void http_body_begin(struct http_conn *c, const char *ctype)
{
	/* HTTP/1.0 has no chunks: there the end of the body is the end of
	   the connection */
	c->raw = !c->http11;
	if (c->raw)
		c->keepalive = false;
	http_head(c, 200, ctype, NULL, c->raw ? NULL : "Transfer-Encoding: chunked\r\n");
	c->state = C_STREAM;
	c->finite = true;
	/* the idle limit of a reply counts from its start */
	c->last = loop_now();
	http_flush(c);
}

void http_body_end(struct http_conn *c)
{
	if (c->state != C_STREAM || !c->finite)
		return;
	if (!c->raw)
		buf_str(&c->out, "0\r\n\r\n");
	c->finite = c->raw = false;
	c->state = C_WRITE;
	http_flush(c);
}

void http_abort(struct http_conn *c)
{
	http_close_conn(c);
}

void http_stream_write(struct http_conn *c, const void *p, size_t len)
{
	if (c->state != C_STREAM || len == 0)
		return;
	if (c->raw) {
		buf_add(&c->out, p, len);
	} else {
		buf_printf(&c->out, "%zx\r\n", len);
		buf_add(&c->out, p, len);
		buf_str(&c->out, "\r\n");
	}
	if (c->out.overflow) {
		http_close_conn(c);
		return;
	}
	http_flush(c);
}

size_t http_queued(const struct http_conn *c)
{
	return c->out.len - c->outpos;
}

unsigned http_conn_index(const struct http_conn *c)
{
	return c->index;
}

struct http_conn *http_conn_at(struct http_server *s, unsigned i)
{
	return &s->conns[i];
}

void **http_conn_user(struct http_conn *c)
{
	return &c->user;
}

/* Handles the request at the start of the input buffer when complete.
 * Returns false when there is nothing more to do now. */
static bool http_one(struct http_conn *c)
{
	struct http_server *s = c->srv;
	struct http_req r = {0};
	char *end, *eol;
	size_t hlen, blen;
	bool http11 = false;
	int st;

	c->in[c->inlen] = '\0';
	end = memmem(c->in, c->inlen, "\r\n\r\n", 4);
	if (!end) {
		if (c->inlen >= s->lim.maxheader)
			http_error(c, 431, NULL);
		return false;
	}
	hlen = (size_t)(end - c->in) + 4;
	if (hlen > s->lim.maxheader) {
		http_error(c, 431, NULL);
		return false;
	}
	if (memchr(c->in, '\0', hlen)) {
		http_error(c, 400, NULL);
		return false;
	}
	/* nothing is changed in the buffer until the body is complete: this
	   parse runs again on every read until then */
	end[2] = '\0'; /* the header block ends with its last \r\n */
	eol = strstr(c->in, "\r\n");
	st = http_headers_ok(eol) ? http_length(c, eol, &blen) : 400;
	if (st == 0 && c->inlen < hlen + blen) {
		end[2] = '\r';
		return false; /* the body is still coming */
	}
	*eol = '\0';
	if (st == 0)
		st = http_request_line(c->in, &r, &http11);
	*eol = '\r'; /* http_header scans from the first \r\n */
	if (st != 0) {
		http_error(c, st, NULL);
		return false;
	}
	c->reqlen = hlen + blen;
	c->http11 = http11;
	st = http_framing(c, eol, http11);
	if (st != 0) {
		http_error(c, st, NULL);
		return false;
	}
	if (!http_authorized(s, eol)) {
		http_error(c, 401, "WWW-Authenticate: Basic realm=\"default\"\r\n");
		return false;
	}
	c->authed = s->user != NULL;
	r.body = c->in + hlen;
	r.bodylen = blen;
	c->since = 0;
	c->state = C_BUSY;
	switch (s->h.request(s->h.ctx, c, &r)) {
	case HTTP_PENDING:
		/* reading waits: the buffer holds the request until the reply */
		if (c->state == C_BUSY)
			http_watch(c, EPOLLRDHUP);
		return false;
	case HTTP_STREAM: return false;
	case HTTP_DONE:
	default: return c->state == C_READ;
	}
}

static void http_run(struct http_conn *c)
{
	c->in_run = true;
	while (c->state == C_READ && c->inlen > 0 && http_one(c))
		;
	if (c->state != C_FREE)
		c->in_run = false;
}

static void http_read(struct http_conn *c)
{
	size_t cap = c->srv->lim.maxheader + c->srv->lim.maxbody;
	ssize_t n;

	if (c->inlen >= cap) {
		http_watch(c, c->events & ~(uint32_t)EPOLLIN);
		return;
	}
	n = recv(c->src.fd, c->in + c->inlen, cap - c->inlen, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		http_close_conn(c);
		return;
	}
	c->inlen += (size_t)n;
	if (c->inlen + 1 > c->intouched)
		c->intouched = c->inlen + 1;
	c->last = loop_now();
	if (c->state == C_READ && c->since == 0)
		c->since = c->last;
	if (c->state == C_READ)
		http_run(c);
}

static void http_conn_ready(struct loop_src *src, uint32_t events)
{
	struct http_conn *c = (struct http_conn *)src;

	if (c->state == C_FREE)
		return; /* closed earlier in this batch */
	if (events & EPOLLOUT) {
		if (!http_flush(c))
			return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		http_read(c);
		return;
	}
	if (events & EPOLLRDHUP) {
		/* a pending request whose client hung up: nobody to answer */
		if (c->state == C_BUSY || c->state == C_STREAM)
			http_close_conn(c);
		else
			http_read(c);
	}
}

/* A stream's turn: closed when its client stopped reading for the idle
 * time, else fed. Returns the stream's own deadline (its idle limit), or
 * -1 when it is no longer a stream. */
static int64_t http_pass_stream(struct http_server *s, struct http_conn *c, int64_t now)
{
	if (c->finite && c->last + s->lim.idle_ms <= now) {
		http_close_conn(c);
		return -1;
	}
	if (s->h.poll)
		s->h.poll(s->h.ctx, c, now);
	return c->state == C_STREAM && c->finite ? c->last + s->lim.idle_ms : -1;
}

int64_t http_pass(struct http_server *s, int64_t now, int64_t deadline)
{
	bool again = false;
	unsigned i;

	for (i = 0; i < s->lim.maxconns; i++) {
		struct http_conn *c = &s->conns[i];
		int64_t due;

		/* a pipelined request behind one answered from outside the
		   connection's own callbacks (a wait, a stream that ended) */
		if (c->next_due && c->state == C_READ) {
			c->next_due = false;
			http_run(c);
		}
		if (c->state == C_STREAM) {
			due = http_pass_stream(s, c, now);
			if (due >= 0 && (deadline < 0 || due < deadline))
				deadline = due;
		}
		/* work this pass made (a stream that ended with a request
		   behind it) is taken at once, from the next pass */
		if (c->next_due && c->state == C_READ)
			again = true;
		if (c->state != C_READ && c->state != C_WRITE)
			continue;
		if (c->state == C_READ && c->since > 0) {
			due = c->since + s->lim.request_ms;
			if (due <= now) {
				http_error(c, 408, NULL);
				continue;
			}
			if (deadline < 0 || due < deadline)
				deadline = due;
		}
		due = c->last + s->lim.idle_ms;
		if (due <= now) {
			http_close_conn(c);
			continue;
		}
		if (deadline < 0 || due < deadline)
			deadline = due;
	}
	/* a stream is fed at every pass: its process's output, the main log
	   and a drained socket each wake the loop, so no timer is needed */
	return again ? now : deadline;
}

void http_close(struct http_server *s, int64_t ms)
{
	int64_t until = loop_now() + ms;
	struct stat st;
	unsigned i;

	for (i = 0; i < s->lim.maxconns; i++) {
		struct http_conn *c = &s->conns[i];

		while (c->state == C_WRITE && c->outpos < c->out.len && loop_now() < until) {
			ssize_t n = send(c->src.fd, c->out.data + c->outpos, c->out.len - c->outpos,
					 MSG_NOSIGNAL | MSG_DONTWAIT);

			if (n > 0)
				c->outpos += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				break;
			else
				usleep(1000);
		}
		if (c->state != C_FREE)
			http_close_conn(c);
	}
	for (i = 0; i < s->nlsn; i++) {
		if (s->loop)
			loop_del(s->loop, &s->lsn[i].src);
		close(s->lsn[i].src.fd);
		s->lsn[i].src.fd = -1;
	}
	s->nlsn = 0;
	if (s->unix_path && stat(s->unix_path, &st) == 0 && st.st_dev == s->unix_dev
	    && st.st_ino == s->unix_ino)
		unlink(s->unix_path);
}
