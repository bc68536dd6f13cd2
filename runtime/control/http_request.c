/* Reading and checking a request's head: the request line, the headers
 * (strictly: what two parsers could read differently is refused), the
 * body's length, keep-alive, Host and Origin, and Basic auth. */
#include "http_impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "common/sha1.h"
#include "proto/httphead.h"

/* The value of header NAME in the header block HDR (lines ending \r\n,
 * NUL-terminated), copied into OUT. Returns 1 when found, 0 when absent,
 * -1 when it is too long for OUT or given twice: a request whose framing
 * or credentials two parsers could read differently is refused, never
 * guessed at (request smuggling starts there). */
static int http_header(const char *hdr, const char *name, char *out, size_t outlen)
{
	const char *p = hdr;
	int found = 0;

	while ((p = strstr(p, "\r\n")) != NULL) {
		const char *end = strstr(p + 2, "\r\n");
		struct httphead h;

		p += 2;
		if (!end)
			end = p + strlen(p);
		if (!httphead_split(p, (size_t)(end - p), &h) || !httphead_is(&h, name))
			continue;
		if (found || h.valuelen >= outlen)
			return -1;
		memcpy(out, h.value, h.valuelen);
		out[h.valuelen] = '\0';
		found = 1;
	}
	return found;
}

/* Every header line is a header line (proto/httphead.h): no space before
 * the colon ("Transfer-Encoding :"), no folded continuation lines. HDR
 * starts at the \r\n that ends the request line. */
bool http_headers_ok(const char *hdr)
{
	const char *p = hdr;

	while ((p = strstr(p, "\r\n")) != NULL) {
		const char *end;
		struct httphead h;

		p += 2;
		if (!*p)
			break;
		end = strstr(p, "\r\n");
		if (!httphead_split(p, end ? (size_t)(end - p) : strlen(p), &h))
			return false;
	}
	return true;
}

bool http_same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char diff = la != lb;

	for (i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ (i < lb ? b[i] : 0));
	return diff == 0;
}

bool http_authorized(struct http_server *s, const char *hdr)
{
	char value[512], cred[400], hex[SHA1_HEXLEN + 1];
	const char *given;
	char *colon;
	bool user_ok, pass_ok;
	ssize_t n;

	if (!s->user)
		return true;
	if (http_header(hdr, "Authorization", value, sizeof(value)) != 1
	    || strncasecmp(value, "Basic ", 6) != 0)
		return false;
	n = xr_base64_decode(value + 6, strlen(value + 6), cred, sizeof(cred) - 1);
	/* a NUL would end the comparison early: "secret\0anything" */
	if (n < 0 || memchr(cred, '\0', (size_t)n))
		return false;
	cred[n] = '\0';
	colon = strchr(cred, ':');
	if (!colon)
		return false;
	*colon = '\0';
	given = colon + 1;
	user_ok = http_same(cred, s->user);
	if (strncmp(s->password, "{SHA}", 5) == 0) {
		char stored[SHA1_HEXLEN + 1];
		size_t i;

		sha1_hex(given, strlen(given), hex);
		snprintf(stored, sizeof(stored), "%s", s->password + 5);
		for (i = 0; stored[i]; i++)
			stored[i] = (char)(stored[i] >= 'A' && stored[i] <= 'F' ? stored[i] + 32
										: stored[i]);
		pass_ok = http_same(hex, stored);
	} else {
		pass_ok = http_same(given, s->password);
	}
	return user_ok & pass_ok;
}

/* Splits the request line in place. Returns 0, or an HTTP status. */
int http_request_line(char *line, struct http_req *r, bool *http11)
{
	char *sp1 = strchr(line, ' '), *sp2, *q;

	if (!sp1)
		return 400;
	*sp1 = '\0';
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2)
		return 400;
	*sp2 = '\0';
	if (strcmp(sp2 + 1, "HTTP/1.0") != 0 && strcmp(sp2 + 1, "HTTP/1.1") != 0) {
		const char *v = sp2 + 6;

		/* another version, well formed: not ours; anything else: bad */
		return strncmp(sp2 + 1, "HTTP/", 5) == 0 && v[0] >= '0' && v[0] <= '9'
				&& v[1] == '.' && v[2] >= '0' && v[2] <= '9' && !v[3]
			? 505
			: 400;
	}
	*http11 = sp2[8] == '1';
	if (!line[0] || sp1[1] != '/')
		return 400;
	r->method = line;
	r->path = sp1 + 1;
	q = strchr(sp1 + 1, '?');
	r->query = "";
	if (q) {
		*q = '\0';
		r->query = q + 1;
	}
	return 0;
}

/* Reads the body length. Returns 0, or an HTTP status. */
int http_length(struct http_conn *c, const char *hdr, size_t *len)
{
	char v[64], *end;
	unsigned long long n;

	*len = 0;
	switch (http_header(hdr, "Transfer-Encoding", v, sizeof(v))) {
	case 1: return 501;
	case -1: return 400;
	}
	switch (http_header(hdr, "Content-Length", v, sizeof(v))) {
	case 0: return 0;
	case -1: return 400;
	}
	if (v[0] < '0' || v[0] > '9')
		return 400;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || *end)
		return 400;
	if (n > c->srv->lim.maxbody)
		return 413;
	*len = (size_t)n;
	return 0;
}

static int http_keepalive(struct http_conn *c, const char *hdr, bool http11)
{
	char v[64];
	int got = http_header(hdr, "Connection", v, sizeof(v));

	c->keepalive = http11;
	if (got < 0)
		return 400;
	if (got) {
		if (strcasecmp(v, "close") == 0)
			c->keepalive = false;
		else if (strcasecmp(v, "keep-alive") == 0)
			c->keepalive = true;
	}
	return 0;
}

/* HOST (a Host value or the host:port of an Origin) without its port. */
static void http_host_name(const char *host, char *out, size_t outlen)
{
	const char *end;

	if (host[0] == '[' && (end = strchr(host, ']')))
		snprintf(out, outlen, "%.*s", (int)(end - host + 1), host);
	else if ((end = strrchr(host, ':')) && !strchr(end + 1, ']'))
		snprintf(out, outlen, "%.*s", (int)(end - host), host);
	else
		snprintf(out, outlen, "%s", host);
}

/* A name a page of another site cannot make a browser send to us: an
 * address, localhost, or this machine's own name. A DNS name that an
 * attacker controls (DNS rebinding) is none of these. */
static bool http_host_ok(const char *host)
{
	char name[300], self[256];
	unsigned char addr[16];

	http_host_name(host, name, sizeof(name));
	if (inet_pton(AF_INET, name, addr) == 1 || strcasecmp(name, "localhost") == 0)
		return true;
	if (name[0] == '[') {
		size_t n = strlen(name);

		name[n - 1] = '\0';
		return inet_pton(AF_INET6, name + 1, addr) == 1;
	}
	if (gethostname(self, sizeof(self)) == 0) {
		char *dot = strchr(self, '.');

		self[sizeof(self) - 1] = '\0';
		if (strcasecmp(name, self) == 0)
			return true;
		if (dot && (*dot = '\0', strcasecmp(name, self) == 0))
			return true;
	}
	return false;
}

/* Cross-site requests: a browser names the page that sent a request in
 * Origin; one from another origin than the Host it is sent to is refused
 * on every socket. On TCP the Host itself must be one of ours. */
static bool http_same_origin(const struct http_conn *c, const char *hdr)
{
	char host[300], origin[320];
	int h = http_header(hdr, "Host", host, sizeof(host));
	int o = http_header(hdr, "Origin", origin, sizeof(origin));
	const char *o_host;

	if (h < 0 || o < 0)
		return false;
	if (c->tcp && (h == 0 || !http_host_ok(host)))
		return false;
	if (o == 0 || strcmp(origin, "null") == 0)
		return o == 0;
	o_host = strstr(origin, "://");
	return o_host && h == 1 && strcasecmp(o_host + 3, host) == 0;
}

/* What every request is checked for before its handler sees it. Returns 0,
 * or an HTTP status. */
int http_framing(struct http_conn *c, const char *hdr, bool http11)
{
	char v[512];

	if (http_header(hdr, "Authorization", v, sizeof(v)) < 0)
		return 400;
	if (http_keepalive(c, hdr, http11) != 0)
		return 400;
	return http_same_origin(c, hdr) ? 0 : 403;
}
