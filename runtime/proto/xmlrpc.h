/* XML-RPC as supervisord speaks it: a value tree, a parser for methodCall
 * and methodResponse (expat) and an encoder, shared by svcd's server and
 * svcctl. Values live in a caller-supplied fixed arena, never in malloc. */
#ifndef SVC_XMLRPC_H
#define SVC_XMLRPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <talloc.h>
#include "common/buf.h"

/* supervisord's fault codes (supervisor/xmlrpc.py); xr_fault_name gives
 * the name used in faultString ("BAD_NAME" or "BAD_NAME: detail"). */
enum xr_fault {
	XR_UNKNOWN_METHOD = 1,
	XR_INCORRECT_PARAMETERS = 2,
	XR_BAD_ARGUMENTS = 3,
	XR_SIGNATURE_UNSUPPORTED = 4,
	XR_SHUTDOWN_STATE = 6,
	XR_BAD_NAME = 10,
	XR_BAD_SIGNAL = 11,
	XR_NO_FILE = 20,
	XR_NOT_EXECUTABLE = 21,
	XR_FAILED = 30,
	XR_ABNORMAL_TERMINATION = 40,
	XR_SPAWN_ERROR = 50,
	XR_ALREADY_STARTED = 60,
	XR_NOT_RUNNING = 70,
	XR_SUCCESS = 80,
	XR_ALREADY_ADDED = 90,
	XR_STILL_RUNNING = 91,
	XR_CANT_REREAD = 92
};

/* "UNKNOWN" for a code not in the list. */
const char *xr_fault_name(int code);

enum xr_type {
	XR_INT,      /* <int>, <i4>, <i8>: u.i */
	XR_BOOL,     /* <boolean>: u.i is 0 or 1 */
	XR_DOUBLE,   /* <double>: u.d */
	XR_STRING,   /* <string> or untyped text: u.str */
	XR_DATETIME, /* <dateTime.iso8601>: u.str, the text as sent */
	XR_BASE64,   /* <base64>: u.str, already decoded */
	XR_NIL,      /* <nil/> */
	XR_ARRAY,    /* u.list */
	XR_STRUCT    /* u.list; each member has name set */
};

struct xr_value {
	enum xr_type type;
	const char *name;      /* member name inside a struct, else NULL */
	struct xr_value *next; /* next element or member of the parent */
	union {
		int64_t i;
		double d;
		struct {
			const char *s;
			size_t len;
		} str; /* NUL-terminated too */
		struct {
			struct xr_value *first, *last;
			size_t n;
		} list;
	} u;
};

/* A bump allocator over one fixed buffer. Everything built or parsed for a
 * request comes from it, and xr_arena_reset frees it all at once. When it
 * runs out, allocations return NULL and `failed` stays set until the reset;
 * builders then return NULL and the encoder and parser report the failure,
 * so callers may build a whole reply and check once. */
struct xr_arena {
	char *buf;
	size_t size, used;
	bool failed;
};

/* What every arena allocation is aligned to. */
#define XR_ALIGN 16

/* BUF of SIZE bytes, owned by the caller (svcd sizes it at start-up). */
void xr_arena_init(struct xr_arena *a, void *buf, size_t size);
void xr_arena_reset(struct xr_arena *a);
void *xr_alloc(struct xr_arena *a, size_t n);
char *xr_strdup(struct xr_arena *a, const char *s, size_t len);

/* An empty value of TYPE in A, or NULL when A ran out. */
struct xr_value *xr_new(struct xr_arena *a, enum xr_type type);

/* Builders. Strings are copied into the arena; member NAMEs are not
 * copied and must outlive the tree (literals, or xr_strdup). A NULL value
 * passed to xr_append or xr_member marks the container failed (the arena's
 * failed flag) instead of crashing. */
struct xr_value *xr_int(struct xr_arena *a, int64_t v);
struct xr_value *xr_bool(struct xr_arena *a, bool v);
struct xr_value *xr_double(struct xr_arena *a, double v);
struct xr_value *xr_string(struct xr_arena *a, const char *s);
struct xr_value *xr_stringn(struct xr_arena *a, const char *s, size_t len);
struct xr_value *xr_printf(struct xr_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct xr_value *xr_array(struct xr_arena *a);
struct xr_value *xr_struct(struct xr_arena *a);
void xr_append(struct xr_arena *a, struct xr_value *array, struct xr_value *v);
void xr_member(struct xr_arena *a, struct xr_value *st, const char *name, struct xr_value *v);

/* Access: the member NAME of a struct, element I of an array; NULL when
 * absent or when the container has another type. */
struct xr_value *xr_get(const struct xr_value *st, const char *name);
struct xr_value *xr_at(const struct xr_value *array, size_t i);

/* A parsed document. */
enum xr_kind { XR_CALL, XR_RESPONSE, XR_FAULT };

struct xr_msg {
	enum xr_kind kind;
	const char *method;       /* XR_CALL: methodName */
	struct xr_value *params;  /* XR_CALL: an XR_ARRAY of the params
					   (empty when none were sent) */
	struct xr_value *value;   /* XR_RESPONSE: the one result */
	int fault_code;           /* XR_FAULT */
	const char *fault_string; /* XR_FAULT ("" when absent) */
};

/* Nesting limit for parsed values (arrays and structs). */
#define XR_MAX_DEPTH 32

/* Parses LEN bytes at BUF, a <methodCall> or a <methodResponse> (params
 * or fault), into A. Strings in the tree are NUL-terminated copies.
 * Returns 0, or -1 with a one-line reason in ERR (not well-formed XML, an
 * unknown element, a bad number, nesting deeper than XR_MAX_DEPTH, a
 * missing methodName, or the arena too small for the document). Expat's
 * own memory comes from A as well, so nothing is malloc'd: an arena of
 * 64 KiB plus 8 times LEN is always enough. */
int xr_parse(struct xr_arena *a, const char *buf, size_t len, struct xr_msg *msg, char *err,
	     size_t errlen);

/* Appends S as XML character data: & < > escaped; control characters and
 * bytes that are not UTF-8 become U+FFFD, since XML cannot carry them. */
void xr_buf_xml(struct buf *b, const char *s, size_t len);

/* Appends a whole document (with the <?xml?> line) to B, the way
 * supervisord's Python marshaller lays it out. PARAMS is an XR_ARRAY (each
 * element one <param>) or NULL for none. Return 0, or -1 when B overflowed
 * or V holds a NULL from a failed arena. */
int xr_encode_call(struct buf *b, const char *method, const struct xr_value *params);
/* A response written in pieces: the head, the value (xr_encode_value, or
 * its parts), the tail; together what xr_encode_response writes. */
void xr_encode_response_head(struct buf *b);
void xr_encode_response_tail(struct buf *b);
int xr_encode_response(struct buf *b, const struct xr_value *v);
int xr_encode_fault(struct buf *b, int code, const char *string);
/* Just the <value>...</value> element, for callers that compose. */
int xr_encode_value(struct buf *b, const struct xr_value *v);

/* Base64 (RFC 4648, with padding): XML-RPC's <base64> and HTTP Basic auth.
 * xr_base64_encode writes 4*ceil(LEN/3) chars and a NUL into OUT, which
 * must hold them. xr_base64_decode skips whitespace, returns the decoded
 * length or -1 on a bad character or when OUTLEN is too small. */
void xr_base64_encode(const void *in, size_t len, char *out);
ssize_t xr_base64_decode(const char *in, size_t len, void *out, size_t outlen);

#endif
