/* svcctl's HTTP/1.1 client: connect, send one request, read the status,
 * the headers and a Content-Length, chunked or close-delimited body. */
#include "client.h"
#include "proto/httphead.h"
#include "proto/xmlrpc.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A server's header block larger than this is not one we talk to. */
#define CLIENT_LINE_MAX 8192

struct rd {
	int fd;
	char buf[16384];
	size_t pos, len;
	int eof;
};

typedef int (*client_sink)(void *arg, const char *data, size_t len);

static void client_parse_url(struct client *c, const char *url)
{
	if (strncmp(url, "unix://", 7) == 0) {
		c->is_unix = 1;
		c->path = must(talloc_strdup(c, url + 7));
		return;
	}
	if (strncmp(url, "http://", 7) != 0)
		return;
	const char *hp = url + 7;
	size_t n = strcspn(hp, "/?#");
	char *host = must(talloc_strndup(c, hp, n));
	char *at = strrchr(host, '@');
	if (at)
		host = at + 1;
	char *colon = strrchr(host, ':');
	c->port = "80";
	if (host[0] == '[') {
		/* [v6]:port */
		char *end = strchr(host, ']');
		if (end) {
			*end = '\0';
			if (end[1] == ':' && end[2])
				c->port = end + 2;
			host++;
		}
	} else if (colon) {
		*colon = '\0';
		if (colon[1])
			c->port = colon + 1;
	}
	c->host = host;
}

struct client *client_new(TALLOC_CTX *mem, const char *url, const char *user, const char *pass)
{
	struct client *c = must(talloc_zero(mem, struct client));

	if (!c)
		return NULL;
	c->url = must(talloc_strdup(c, url));
	client_parse_url(c, url);
	if (user && pass) {
		char *up = must(talloc_asprintf(c, "%s:%s", user, pass));
		size_t n = strlen(up);
		char *b64 = must(talloc_array(c, char, (n + 2) / 3 * 4 + 1));
		xr_base64_encode(up, n, b64);
		c->auth = must(talloc_asprintf(c, "Basic %s", b64));
	}
	return c;
}

static int client_connect_unix(struct client *c)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (strlen(c->path) >= sizeof sa.sun_path) {
		c->err = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, c->path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		c->err = errno;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int client_connect_tcp(struct client *c)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
	int fd = -1;

	if (getaddrinfo(c->host, c->port, &hints, &res) != 0) {
		c->err = EHOSTUNREACH;
		return -1;
	}
	c->err = ECONNREFUSED;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			c->err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		c->err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* -1 with c->err set, or a connected socket. */
static int client_connect(struct client *c)
{
	return c->is_unix ? client_connect_unix(c) : client_connect_tcp(c);
}

static int client_write_all(struct client *c, int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			c->err = errno;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Refills r->buf; 0 at EOF, -1 on error (errno kept). */
static int rd_fill(struct rd *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == sizeof r->buf)
		return 1;
	/* EINTR ends the read: it is how Ctrl-C stops `tail -f` */
	ssize_t n = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
	if (n < 0)
		return -1;
	if (n == 0)
		r->eof = 1;
	r->len += (size_t)n;
	return n > 0;
}

/* One CRLF- (or LF-) terminated line into out, without its ending. */
static int rd_line(struct rd *r, char *out, size_t cap)
{
	for (;;) {
		char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		if (nl) {
			size_t n = (size_t)(nl - (r->buf + r->pos));
			if (n > 0 && nl[-1] == '\r')
				n--;
			if (n >= cap)
				return -1;
			memcpy(out, r->buf + r->pos, n);
			out[n] = '\0';
			r->pos = (size_t)(nl - r->buf) + 1;
			return 0;
		}
		if (r->len - r->pos >= cap || rd_fill(r) <= 0)
			return -1;
	}
}

/* Hands up to n bytes (all of them unless n is SIZE_MAX: until EOF) to
 * sink. 1 when sink asked to stop, -1 on a short body, 0 otherwise. */
static int rd_body(struct rd *r, size_t n, client_sink sink, void *arg)
{
	while (n > 0) {
		if (r->pos == r->len) {
			int f = rd_fill(r);
			if (f < 0)
				return -1;
			if (f == 0)
				return n == SIZE_MAX ? 0 : -1;
		}
		size_t avail = r->len - r->pos;
		size_t take = avail < n ? avail : n;
		if (sink && sink(arg, r->buf + r->pos, take))
			return 1;
		r->pos += take;
		if (n != SIZE_MAX)
			n -= take;
	}
	return 0;
}

static int rd_chunked(struct rd *r, client_sink sink, void *arg)
{
	char line[CLIENT_LINE_MAX];

	for (;;) {
		if (rd_line(r, line, sizeof line) < 0)
			return -1;
		if (line[0] == '\0')
			continue;
		char *end;
		unsigned long size = strtoul(line, &end, 16);
		if (end == line)
			return -1;
		if (size == 0)
			return 0;
		int b = rd_body(r, size, sink, arg);
		if (b != 0)
			return b;
	}
}

struct client_head {
	int status;
	char reason[256];
	long long length; /* -1 when absent */
	int chunked;
};

static int client_read_head(struct rd *r, struct client_head *h)
{
	char line[CLIENT_LINE_MAX];
	int major, minor, used = 0;

	h->length = -1;
	h->chunked = 0;
	if (rd_line(r, line, sizeof line) < 0)
		return -1;
	if (sscanf(line, "HTTP/%d.%d %d%n", &major, &minor, &h->status, &used) != 3)
		return -1;
	snprintf(h->reason, sizeof h->reason, "%s", line[used] == ' ' ? line + used + 1 : "");
	for (;;) {
		if (rd_line(r, line, sizeof line) < 0)
			return -1;
		if (line[0] == '\0')
			return 0;
		struct httphead f;

		if (!httphead_split(line, strlen(line), &f))
			continue;
		if (httphead_is(&f, "Content-Length"))
			h->length = strtoll(f.value, NULL, 10);
		else if (httphead_is(&f, "Transfer-Encoding")
			 && strncasecmp(f.value, "chunked", 7) == 0)
			h->chunked = 1;
	}
}

static int client_read_body(struct rd *r, const struct client_head *h, client_sink sink, void *arg)
{
	if (h->chunked)
		return rd_chunked(r, sink, arg);
	if (h->length >= 0)
		return rd_body(r, (size_t)h->length, sink, arg);
	return rd_body(r, SIZE_MAX, sink, arg);
}

static char *client_headers(TALLOC_CTX *mem, struct client *c, const char *method, const char *path,
			    size_t len)
{
	char *s = must(talloc_asprintf(mem, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: svcctl\r\n",
				       method, path, c->is_unix ? "localhost" : c->host));
	/* Not for the streamed GET: supervisord's server then buffers the
	 * whole log tail instead of sending chunks as they come. */
	if (strcmp(method, "POST") == 0)
		s = must(talloc_asprintf_append(s,
						"Connection: close\r\nContent-Type: text/xml\r\n"
						"Accept: text/xml\r\nContent-Length: %zu\r\n",
						len));
	else
		s = must(talloc_asprintf_append(s, "Accept-Encoding: chunked\r\nAccept: */*\r\n"));
	if (c->auth)
		s = must(talloc_asprintf_append(s, "Authorization: %s\r\n", c->auth));
	return must(talloc_asprintf_append(s, "\r\n"));
}

/* Connects and sends a request; the fd, or -1 with the error in *e. When
 * only the sending failed the fd is still returned with *e CLIENT_SOCKET:
 * a server that refuses a request (401) may answer and close before it
 * reads the body, and its answer is what counts. */
static int client_send(struct client *c, const char *method, const char *path, const char *body,
		       size_t len, enum client_err *e)
{
	if (!c->path && !c->host) {
		*e = CLIENT_BADURL;
		return -1;
	}
	int fd = client_connect(c);
	if (fd < 0) {
		*e = CLIENT_SOCKET;
		return -1;
	}
	char *head = client_headers(c, c, method, path, len);
	int bad = client_write_all(c, fd, head, strlen(head)) < 0
		|| (len > 0 && client_write_all(c, fd, body, len) < 0);
	talloc_free(head);
	*e = bad ? CLIENT_SOCKET : CLIENT_OK;
	return fd;
}

struct client_acc {
	TALLOC_CTX *mem;
	char *buf;
	size_t len, cap;
};

static int client_acc_sink(void *arg, const char *data, size_t len)
{
	struct client_acc *a = arg;

	if (a->len + len + 1 > a->cap) {
		size_t cap = a->cap ? a->cap : 4096;
		while (cap < a->len + len + 1)
			cap *= 2;
		char *nb = talloc_realloc(a->mem, a->buf, char, cap);
		if (!nb)
			return 1;
		a->buf = nb;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, data, len);
	a->len += len;
	a->buf[a->len] = '\0';
	return 0;
}

enum client_err client_post(struct client *c, TALLOC_CTX *mem, const char *path, const char *body,
			    size_t len, struct client_reply *rep)
{
	enum client_err e;
	int fd = client_send(c, "POST", path, body, len, &e);

	memset(rep, 0, sizeof *rep);
	if (fd < 0)
		return e;
	struct rd *r = must(talloc_zero(NULL, struct rd));
	struct client_head h;
	struct client_acc a = {.mem = mem};
	enum client_err fail = e == CLIENT_SOCKET ? CLIENT_SOCKET : CLIENT_PROTO;
	r->fd = fd;
	e = CLIENT_OK;
	if (client_read_head(r, &h) < 0)
		e = fail;
	else if (client_read_body(r, &h, client_acc_sink, &a) != 0 && h.status == 200)
		e = fail;
	close(fd);
	talloc_free(r);
	if (e != CLIENT_OK) {
		talloc_free(a.buf);
		return e;
	}
	rep->status = h.status;
	rep->reason = must(talloc_strdup(mem, h.reason));
	rep->body = a.buf ? a.buf : must(talloc_strdup(mem, ""));
	rep->len = a.len;
	return CLIENT_OK;
}

enum client_err client_stream(struct client *c, const char *path, client_sink sink, void *arg,
			      int *status)
{
	enum client_err e;
	int fd = client_send(c, "GET", path, NULL, 0, &e);

	*status = 0;
	if (fd < 0)
		return e;
	struct rd *r = must(talloc_zero(NULL, struct rd));
	struct client_head h;
	enum client_err fail = e == CLIENT_SOCKET ? CLIENT_SOCKET : CLIENT_PROTO;
	r->fd = fd;
	e = CLIENT_OK;
	if (client_read_head(r, &h) < 0)
		e = fail;
	else {
		*status = h.status;
		if (h.status == 200 && client_read_body(r, &h, sink, arg) < 0)
			e = CLIENT_PROTO;
	}
	close(fd);
	talloc_free(r);
	return e;
}
