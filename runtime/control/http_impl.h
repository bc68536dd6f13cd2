/* What the parts of svcd's HTTP server share (http.c: connections and
 * their I/O; http_listen.c: the listening sockets; http_request.c: reading
 * and checking a request's head). Not for use outside them. */
#ifndef SVC_HTTP_IMPL_H
#define SVC_HTTP_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "http.h"
#include "proto/xmlrpc.h"

#define HTTP_ACCEPT_BATCH 64

enum http_state { C_FREE, C_READ, C_BUSY, C_WRITE, C_STREAM };

#define HTTP_OUT_BASE (64u << 10) /* a slot's output before it allocates */

struct http_conn {
	struct loop_src src;
	struct http_server *srv;
	unsigned index;
	enum http_state state;
	char *in;
	size_t inlen, reqlen; /* reqlen: header + body being handled */
	struct buf out;
	size_t outpos;
	bool keepalive, close_after, in_run;
	bool next_due;          /* a pipelined request waits for http_pass */
	bool http11;            /* the request's version */
	bool finite;            /* C_STREAM: a body with an end (http_body_begin) */
	bool raw;               /* a finite body without chunks (HTTP/1.0) */
	bool tcp;               /* came in on the TCP listener */
	bool authed;            /* sent good credentials (auth on) */
	unsigned char peer[16]; /* the TCP client's address */
	int64_t last;           /* last progress, for the idle limit */
	int64_t since;          /* a request is being read since; 0: none */
	size_t intouched;       /* the most of the input buffer used since accept */
	uint32_t events;
	void *user;
};

struct http_listener {
	struct loop_src src;
	struct http_server *srv;
};

struct http_server {
	TALLOC_CTX *mem;
	struct loop *loop;
	struct http_limits lim;
	struct http_handlers h;
	struct http_conn *conns;
	unsigned *freelist, nfree;
	struct http_listener lsn[2];
	unsigned nlsn;
	unsigned ntcp;   /* open TCP connections */
	char *unix_path; /* to remove at exit, when still ours */
	dev_t unix_dev;
	ino_t unix_ino;
	char *user, *password;
	char *slots;     /* every slot's input buffer and output base, mapped once */
	size_t slotsize; /* one slot's share of it */
	size_t instride; /* the input buffer's part of a share */
};

/* http_request.c: each returns 0 or an HTTP status to refuse with, HDR
 * being the header block from the \r\n that ends the request line. */
bool http_headers_ok(const char *hdr);
int http_length(struct http_conn *c, const char *hdr, size_t *len);
int http_request_line(char *line, struct http_req *r, bool *http11);
int http_framing(struct http_conn *c, const char *hdr, bool http11);
bool http_authorized(struct http_server *s, const char *hdr);

#endif
