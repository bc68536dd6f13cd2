/* libFuzzer entry for svcd's HTTP server: each input goes as raw bytes over
 * a unix socket to the real http.c in its own loop (small limits, so 413 and
 * 431 are in reach); whatever the bytes, it must answer or close, never hang. */
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "control/http.h"
#include "engine/loop.h"
#include "proto/xmlrpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAXIN 65536 /* stays below the socket buffer: one send */

struct fuzz_client {
	struct loop_src src;
	bool done;
	size_t got;
};

static struct loop fuzz_loop;
static struct http_server *fuzz_srv;
static char fuzz_path[108];
static struct xr_arena fuzz_arena;
static struct buf fuzz_out;

/* /RPC2 bodies go through the XML-RPC parser and encoder as in svcd;
 * /stream starts a chunked response; anything else is echoed. */
static enum http_disp fuzz_request(void *ctx, struct http_conn *c, const struct http_req *r)
{
	struct xr_msg msg;
	char err[256];

	(void)ctx;
	if (strcmp(r->path, "/stream") == 0) {
		http_stream_begin(c, "text/plain", NULL);
		http_stream_write(c, r->body, r->bodylen);
		return HTTP_STREAM;
	}
	if (strcmp(r->path, "/RPC2") != 0) {
		http_reply(c, strcmp(r->method, "GET") ? 404 : 200, "text/plain", NULL, r->body,
			   r->bodylen);
		return HTTP_DONE;
	}
	xr_arena_reset(&fuzz_arena);
	buf_reset(&fuzz_out);
	if (xr_parse(&fuzz_arena, r->body, r->bodylen, &msg, err, sizeof(err)) < 0)
		xr_encode_fault(&fuzz_out, XR_INCORRECT_PARAMETERS, err);
	else
		xr_encode_response(&fuzz_out,
				   msg.kind == XR_CALL ? msg.params
					   : msg.kind == XR_RESPONSE
					   ? msg.value
					   : xr_string(&fuzz_arena, msg.fault_string));
	http_reply(c, 200, "text/xml", NULL, fuzz_out.data, fuzz_out.len);
	return HTTP_DONE;
}

static void fuzz_client_ready(struct loop_src *src, uint32_t events)
{
	struct fuzz_client *cl = (struct fuzz_client *)src;
	char buf[65536];
	ssize_t n;

	(void)events;
	n = recv(src->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n > 0)
		cl->got += (size_t)n;
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		cl->done = true;
}

static void fuzz_cleanup(void)
{
	unlink(fuzz_path);
}

static void fuzz_init(void)
{
	static char arena[64 << 10 | 8 * FUZZ_MAXIN];
	struct http_limits lim = {4, 1024, 8192, 1 << 20, 60000, 10000, 1, 4};
	struct http_handlers h = {NULL, fuzz_request, NULL, NULL};
	char err[256];
	sigset_t none;

	sigemptyset(&none);
	snprintf(fuzz_path, sizeof(fuzz_path), "/tmp/fuzz_http.%d.sock", (int)getpid());
	xr_arena_init(&fuzz_arena, arena, sizeof(arena));
	buf_init(&fuzz_out, NULL, 1 << 20);
	fuzz_srv = http_new(NULL, &lim, &h);
	if (loop_init(&fuzz_loop, &none) < 0
	    || http_listen_unix(fuzz_srv, fuzz_path, 0600, NULL, NULL, err, sizeof(err)) < 0
	    || http_start(fuzz_srv, &fuzz_loop) < 0) {
		fprintf(stderr, "fuzz_http: %s\n", err);
		exit(1);
	}
	atexit(fuzz_cleanup);
}

/* Basic auth is on for inputs that carry an Authorization header, so both
 * the refusal and the authorized paths are reached. */
static void fuzz_auth(const uint8_t *data, size_t size)
{
	bool on = memmem(data, size, "Authorization:", 14) != NULL;

	http_set_auth(fuzz_srv, on ? "user" : NULL, "123");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct fuzz_client cl = {.src = {.fn = fuzz_client_ready}};
	int64_t until;
	int sigs[4], nsigs;
	bool timer;

	if (!fuzz_srv)
		fuzz_init();
	if (size > FUZZ_MAXIN)
		size = FUZZ_MAXIN;
	fuzz_auth(data, size);
	strcpy(sa.sun_path, fuzz_path);
	cl.src.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cl.src.fd < 0 || connect(cl.src.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		abort();
	if (size && send(cl.src.fd, data, size, MSG_NOSIGNAL) != (ssize_t)size)
		abort();
	/* the end of input: the server must answer what it can and close */
	shutdown(cl.src.fd, SHUT_WR);
	loop_add(&fuzz_loop, &cl.src, EPOLLIN | EPOLLRDHUP);
	until = loop_now() + 5000;
	while (!cl.done) {
		if (loop_now() > until)
			__builtin_trap(); /* the server kept a closed client */
		loop_set_deadline(&fuzz_loop, http_pass(fuzz_srv, loop_now(), loop_now() + 100));
		if (loop_wait(&fuzz_loop, sigs, 4, &nsigs, &timer) < 0)
			abort();
	}
	loop_del(&fuzz_loop, &cl.src);
	close(cl.src.fd);
	return 0;
}
