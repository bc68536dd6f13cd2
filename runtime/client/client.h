/* svcctl's HTTP/1.1 client: one request per connection, over a unix socket
 * (unix:///path) or TCP (http://host:port), with basic auth. Enough for
 * XML-RPC POSTs to /RPC2 and for the streamed GETs of /logtail. */
#ifndef SVC_CLIENT_H
#define SVC_CLIENT_H

#include <stddef.h>
#include <talloc.h>
#include "common/oom.h"

/* How a request failed before any HTTP status arrived. */
enum client_err {
	CLIENT_OK = 0,
	CLIENT_BADURL, /* neither unix:// nor http:// */
	CLIENT_SOCKET, /* connect/read/write failed: errno in client.err */
	CLIENT_PROTO,  /* the server's reply is not HTTP we understand */
};

struct client {
	const char *url; /* as given, for messages */
	int is_unix;
	const char *path; /* unix socket path */
	const char *host; /* TCP host and port */
	const char *port;
	const char *auth; /* "Basic ..." or NULL */
	int err;          /* errno of the last CLIENT_SOCKET failure */
};

struct client_reply {
	int status;   /* HTTP status code */
	char *reason; /* HTTP reason phrase */
	char *body;   /* NUL-terminated as a convenience */
	size_t len;
};

/* The url is not checked here: a bad one fails on the first request, as
 * supervisorctl's does. Credentials are sent when both are non-NULL. */
struct client *client_new(TALLOC_CTX *mem, const char *url, const char *user, const char *pass);

/* POST body (Content-Type text/xml) to path; the reply hangs off mem. */
enum client_err client_post(struct client *c, TALLOC_CTX *mem, const char *path, const char *body,
			    size_t len, struct client_reply *rep);

/* GET path and pass each piece of the (chunked or plain) body to sink as
 * it arrives, until the server closes, the body ends, or sink returns
 * non-zero. *status receives the HTTP status; on a status other than 200
 * no body is delivered. */
enum client_err client_stream(struct client *c, const char *path,
			      int (*sink)(void *arg, const char *data, size_t len), void *arg,
			      int *status);

#endif
