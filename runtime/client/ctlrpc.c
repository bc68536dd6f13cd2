/* svcctl's XML-RPC calls over the HTTP client, and the text of the
 * failures supervisorctl lets escape to its top level. */
#include "ctlrpc.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

/* The largest call document svcctl builds (names typed by a user). */
#define CTLRPC_CALL_MAX (1 << 20)

void ctlrpc_clear(struct ctlrpc *r)
{
	r->err = CTLRPC_NONE;
	r->sock_errno = 0;
	r->http_status = 0;
	r->fault_code = 0;
	r->http_reason = r->fault_string = r->detail = NULL;
}

void ctlrpc_fail(struct ctlrpc *r, const char *what)
{
	ctlrpc_clear(r);
	r->err = CTLRPC_OTHER;
	r->detail = what;
}

/* The parameters as an XR_ARRAY built in A; NULL when A ran out. */
static struct xr_value *ctlrpc_params(struct xr_arena *a, const char *fmt, va_list ap)
{
	struct xr_value *params = xr_array(a);

	for (const char *f = fmt; *f; f++) {
		if (*f == 's')
			xr_append(a, params, xr_string(a, va_arg(ap, const char *)));
		else if (*f == 'i')
			xr_append(a, params, xr_int(a, va_arg(ap, int)));
		else if (*f == 'b')
			xr_append(a, params, xr_bool(a, va_arg(ap, int) != 0));
	}
	return a->failed ? NULL : params;
}

static struct xr_value *ctlrpc_decode(struct ctlrpc *r, TALLOC_CTX *mem,
				      const struct client_reply *rep)
{
	struct xr_arena *a = must(talloc_zero(mem, struct xr_arena));
	size_t size = rep->len * 8 + 65536;
	char err[256] = "";
	struct xr_msg msg;

	xr_arena_init(a, must(talloc_size(a, size)), size);
	if (xr_parse(a, rep->body, rep->len, &msg, err, sizeof err) < 0) {
		r->err = CTLRPC_PROTO;
		r->detail = must(talloc_strdup(mem, err));
		return NULL;
	}
	if (msg.kind == XR_FAULT) {
		r->err = CTLRPC_FAULT;
		r->fault_code = msg.fault_code;
		r->fault_string = msg.fault_string;
		return NULL;
	}
	if (msg.kind != XR_RESPONSE || !msg.value) {
		r->err = CTLRPC_PROTO;
		r->detail = "not a methodResponse";
		return NULL;
	}
	return msg.value;
}

struct xr_value *ctlrpc_call(struct ctlrpc *r, TALLOC_CTX *mem, const char *method, const char *fmt,
			     ...)
{
	TALLOC_CTX *tmp = must(talloc_new(mem));
	struct xr_arena a;
	struct buf b;
	struct client_reply rep;
	struct xr_value *params, *v = NULL;
	va_list ap;

	ctlrpc_clear(r);
	xr_arena_init(&a, must(talloc_size(tmp, CTLRPC_CALL_MAX)), CTLRPC_CALL_MAX);
	va_start(ap, fmt);
	params = ctlrpc_params(&a, fmt, ap);
	va_end(ap);
	buf_init(&b, tmp, 2 * CTLRPC_CALL_MAX);
	if (!params || xr_encode_call(&b, method, params) < 0) {
		ctlrpc_fail(r, "request too large");
		goto done;
	}
	switch (client_post(r->cl, mem, "/RPC2", b.data, b.len, &rep)) {
	case CLIENT_OK: break;
	case CLIENT_BADURL: r->err = CTLRPC_URL; goto done;
	case CLIENT_SOCKET:
		r->err = CTLRPC_SOCKET;
		r->sock_errno = r->cl->err;
		goto done;
	case CLIENT_PROTO: r->err = CTLRPC_GONE; goto done;
	}
	if (rep.status != 200) {
		r->err = CTLRPC_HTTP;
		r->http_status = rep.status;
		r->http_reason = rep.reason;
		goto done;
	}
	v = ctlrpc_decode(r, mem, &rep);
done:
	talloc_free(tmp);
	return v;
}

/* The Python exception class supervisorctl names for an errno. */
static const char *ctlrpc_errno_class(int e)
{
	switch (e) {
	case ENOENT: return "FileNotFoundError";
	case ECONNREFUSED: return "ConnectionRefusedError";
	case ECONNRESET: return "ConnectionResetError";
	case ECONNABORTED: return "ConnectionAbortedError";
	case EPIPE: return "BrokenPipeError";
	case EACCES:
	case EPERM: return "PermissionError";
	case ETIMEDOUT: return "TimeoutError";
	default: return "OSError";
	}
}

char *ctlrpc_error_line(TALLOC_CTX *mem, const struct ctlrpc *r)
{
	switch (r->err) {
	case CTLRPC_FAULT:
		return must(talloc_asprintf(
			mem, "error: <class 'xmlrpc.client.Fault'>, <Fault %d: '%s'>",
			r->fault_code, r->fault_string));
	case CTLRPC_SOCKET:
		return must(talloc_asprintf(mem, "error: <class '%s'>, [Errno %d] %s",
					    ctlrpc_errno_class(r->sock_errno), r->sock_errno,
					    strerror(r->sock_errno)));
	case CTLRPC_HTTP:
		return must(talloc_asprintf(mem,
					    "error: <class 'xmlrpc.client.ProtocolError'>, "
					    "<ProtocolError for 127.0.0.1/RPC2: %d %s>",
					    r->http_status, r->http_reason));
	case CTLRPC_URL:
		return must(talloc_asprintf(mem,
					    "error: <class 'ValueError'>, "
					    "Unknown protocol for serverurl %s",
					    r->cl->url));
	case CTLRPC_GONE:
		return must(talloc_strdup(mem,
					  "error: <class 'http.client.RemoteDisconnected'>, "
					  "Remote end closed connection without response"));
	case CTLRPC_PROTO:
		return must(talloc_asprintf(
			mem, "error: <class 'xml.parsers.expat.ExpatError'>, %s", r->detail));
	case CTLRPC_OTHER:
		return must(talloc_asprintf(mem, "error: <class 'ValueError'>, %s", r->detail));
	case CTLRPC_NONE: break;
	}
	return must(talloc_strdup(mem, "error: unknown"));
}

const char *ctlrpc_str(const struct xr_value *st, const char *name)
{
	const struct xr_value *v = xr_get(st, name);

	return v && v->type == XR_STRING ? v->u.str.s : "";
}

long long ctlrpc_int(const struct xr_value *st, const char *name)
{
	const struct xr_value *v = xr_get(st, name);

	return v && (v->type == XR_INT || v->type == XR_BOOL) ? v->u.i : 0;
}
