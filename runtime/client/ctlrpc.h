/* svcctl's XML-RPC calls: encode a call, POST it to /RPC2, decode the
 * reply. A failure is kept in struct ctlrpc so that each verb handles the
 * ones supervisorctl handles and lets the rest reach the top, where they
 * are printed as supervisorctl prints an uncaught exception. */
#ifndef SVC_CTLRPC_H
#define SVC_CTLRPC_H

#include "client.h"
#include "proto/xmlrpc.h"

enum ctlrpc_err {
	CTLRPC_NONE = 0,
	CTLRPC_FAULT,  /* fault_code, fault_string */
	CTLRPC_SOCKET, /* sock_errno */
	CTLRPC_HTTP,   /* http_status other than 200, http_reason */
	CTLRPC_URL,    /* the server URL is neither unix:// nor http:// */
	CTLRPC_GONE,   /* the server closed without a whole HTTP reply */
	CTLRPC_PROTO,  /* a reply that is not XML-RPC: detail */
	CTLRPC_OTHER,  /* a reply we cannot use, text in detail */
};

struct ctlrpc {
	struct client *cl;
	enum ctlrpc_err err;
	int sock_errno;
	int http_status;
	const char *http_reason;
	int fault_code;
	const char *fault_string;
	const char *detail;
};

/* Calls METHOD with parameters described by FMT, one letter each:
 * 's' a const char *, 'i' an int, 'b' a bool passed as int. The result
 * lives under MEM. NULL with r->err set on any failure (a fault too). */
struct xr_value *ctlrpc_call(struct ctlrpc *r, TALLOC_CTX *mem, const char *method, const char *fmt,
			     ...);

/* Forgets the last failure (it was handled). */
void ctlrpc_clear(struct ctlrpc *r);

/* Marks an unusable reply (a missing field, say) as a failure to report. */
void ctlrpc_fail(struct ctlrpc *r, const char *what);

/* The line supervisorctl prints for an uncaught failure:
 * "error: <class 'X'>, message". */
char *ctlrpc_error_line(TALLOC_CTX *mem, const struct ctlrpc *r);

/* Struct member helpers for replies: "" or 0 when absent. */
const char *ctlrpc_str(const struct xr_value *st, const char *name);
long long ctlrpc_int(const struct xr_value *st, const char *name);

#endif
