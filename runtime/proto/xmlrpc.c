/* XML-RPC values in a fixed arena, the output buffer, base64, and the
 * encoder, laid out as Python's xmlrpc.client does it (the parser is in
 * xr_parse.c). */
#include "xmlrpc.h"

#include <errno.h>
#include <nettle/base64.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "common/text.h"

static const struct {
	int code;
	const char *name;
} xr_faults[] = {
	{XR_UNKNOWN_METHOD, "UNKNOWN_METHOD"},
	{XR_INCORRECT_PARAMETERS, "INCORRECT_PARAMETERS"},
	{XR_BAD_ARGUMENTS, "BAD_ARGUMENTS"},
	{XR_SIGNATURE_UNSUPPORTED, "SIGNATURE_UNSUPPORTED"},
	{XR_SHUTDOWN_STATE, "SHUTDOWN_STATE"},
	{XR_BAD_NAME, "BAD_NAME"},
	{XR_BAD_SIGNAL, "BAD_SIGNAL"},
	{XR_NO_FILE, "NO_FILE"},
	{XR_NOT_EXECUTABLE, "NOT_EXECUTABLE"},
	{XR_FAILED, "FAILED"},
	{XR_ABNORMAL_TERMINATION, "ABNORMAL_TERMINATION"},
	{XR_SPAWN_ERROR, "SPAWN_ERROR"},
	{XR_ALREADY_STARTED, "ALREADY_STARTED"},
	{XR_NOT_RUNNING, "NOT_RUNNING"},
	{XR_SUCCESS, "SUCCESS"},
	{XR_ALREADY_ADDED, "ALREADY_ADDED"},
	{XR_STILL_RUNNING, "STILL_RUNNING"},
	{XR_CANT_REREAD, "CANT_REREAD"},
};

const char *xr_fault_name(int code)
{
	size_t i;

	for (i = 0; i < sizeof(xr_faults) / sizeof(xr_faults[0]); i++) {
		if (xr_faults[i].code == code)
			return xr_faults[i].name;
	}
	return "UNKNOWN";
}

/* ---- arena ---- */


void xr_arena_init(struct xr_arena *a, void *buf, size_t size)
{
	a->buf = buf;
	a->size = size;
	a->used = 0;
	a->failed = false;
}

void xr_arena_reset(struct xr_arena *a)
{
	a->used = 0;
	a->failed = false;
}

/* Only the start is aligned, so the newest block always ends at the tip:
 * the parser grows text in place there. */
void *xr_alloc(struct xr_arena *a, size_t n)
{
	size_t start = (a->used + XR_ALIGN - 1) & ~(size_t)(XR_ALIGN - 1);

	if (start > a->size || n > a->size - start) {
		a->failed = true;
		return NULL;
	}
	a->used = start + n;
	return a->buf + start;
}

char *xr_strdup(struct xr_arena *a, const char *s, size_t len)
{
	char *p = xr_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* ---- builders ---- */

struct xr_value *xr_new(struct xr_arena *a, enum xr_type type)
{
	struct xr_value *v = xr_alloc(a, sizeof(*v));

	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->type = type;
	return v;
}

struct xr_value *xr_int(struct xr_arena *a, int64_t i)
{
	struct xr_value *v = xr_new(a, XR_INT);

	if (v)
		v->u.i = i;
	return v;
}

struct xr_value *xr_bool(struct xr_arena *a, bool b)
{
	struct xr_value *v = xr_new(a, XR_BOOL);

	if (v)
		v->u.i = b;
	return v;
}

struct xr_value *xr_double(struct xr_arena *a, double d)
{
	struct xr_value *v = xr_new(a, XR_DOUBLE);

	if (v)
		v->u.d = d;
	return v;
}

struct xr_value *xr_stringn(struct xr_arena *a, const char *s, size_t len)
{
	struct xr_value *v = xr_new(a, XR_STRING);

	if (!v)
		return NULL;
	v->u.str.s = xr_strdup(a, s, len);
	v->u.str.len = len;
	return v->u.str.s ? v : NULL;
}

struct xr_value *xr_string(struct xr_arena *a, const char *s)
{
	return xr_stringn(a, s, strlen(s));
}

struct xr_value *xr_printf(struct xr_arena *a, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	return xr_stringn(a, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

struct xr_value *xr_array(struct xr_arena *a)
{
	return xr_new(a, XR_ARRAY);
}

struct xr_value *xr_struct(struct xr_arena *a)
{
	return xr_new(a, XR_STRUCT);
}

void xr_append(struct xr_arena *a, struct xr_value *array, struct xr_value *v)
{
	if (!array || !v) {
		a->failed = true;
		return;
	}
	v->next = NULL;
	if (array->u.list.last)
		array->u.list.last->next = v;
	else
		array->u.list.first = v;
	array->u.list.last = v;
	array->u.list.n++;
}

void xr_member(struct xr_arena *a, struct xr_value *st, const char *name, struct xr_value *v)
{
	if (v)
		v->name = name;
	xr_append(a, st, v);
}

struct xr_value *xr_get(const struct xr_value *st, const char *name)
{
	struct xr_value *m;

	if (!st || st->type != XR_STRUCT)
		return NULL;
	for (m = st->u.list.first; m; m = m->next) {
		if (strcmp(m->name, name) == 0)
			return m;
	}
	return NULL;
}

struct xr_value *xr_at(const struct xr_value *array, size_t i)
{
	struct xr_value *v;

	if (!array || array->type != XR_ARRAY)
		return NULL;
	for (v = array->u.list.first; v && i > 0; v = v->next)
		i--;
	return v;
}

/* ---- base64 (nettle's) ---- */

void xr_base64_encode(const void *in, size_t len, char *out)
{
	base64_encode_raw(out, len, in);
	out[BASE64_ENCODE_RAW_LENGTH(len)] = '\0';
}

/* In pieces through a small buffer: the output may be written over the
 * input (svcd decodes <base64> in place), and never runs ahead of it. */
ssize_t xr_base64_decode(const char *in, size_t len, void *out, size_t outlen)
{
	struct base64_decode_ctx ctx;
	uint8_t piece[BASE64_DECODE_LENGTH(256)];
	size_t n = 0, i;

	base64_decode_init(&ctx);
	for (i = 0; i < len; i += 256) {
		size_t take = len - i < 256 ? len - i : 256, got = sizeof(piece);

		if (!base64_decode_update(&ctx, &got, piece, take, in + i) || got > outlen - n)
			return -1;
		memmove((char *)out + n, piece, got);
		n += got;
	}
	return base64_decode_final(&ctx) ? (ssize_t)n : -1;
}

/* ---- output ---- */

/* Length of the UTF-8 sequence at S (at most N bytes) of a character XML
 * allows, or 0. */
static size_t xr_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	return len && cp != 0xFFFE && cp != 0xFFFF ? len : 0;
}

void xr_buf_xml(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t n = 1;

		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			rep = "\xEF\xBF\xBD";
		else if (c >= 0x80 && (n = xr_utf8_len(p + i, len - i)) == 0) {
			rep = "\xEF\xBF\xBD";
			n = 1;
		}
		if (rep) {
			buf_add(b, s + run, i - run);
			buf_str(b, rep);
			run = i + n;
		}
		i += n;
	}
	buf_add(b, s + run, len - run);
}

static int xr_value_body(struct buf *b, const struct xr_value *v)
{
	const struct xr_value *m;

	switch (v->type) {
	case XR_INT: buf_printf(b, "<int>%" PRId64 "</int>", v->u.i); break;
	case XR_BOOL: buf_str(b, v->u.i ? "<boolean>1</boolean>" : "<boolean>0</boolean>"); break;
	case XR_DOUBLE: buf_printf(b, "<double>%.17g</double>", v->u.d); break;
	case XR_STRING:
		buf_str(b, "<string>");
		xr_buf_xml(b, v->u.str.s, v->u.str.len);
		buf_str(b, "</string>");
		break;
	case XR_DATETIME:
		buf_str(b, "<dateTime.iso8601>");
		xr_buf_xml(b, v->u.str.s, v->u.str.len);
		buf_str(b, "</dateTime.iso8601>");
		break;
	case XR_BASE64: {
		size_t i;

		buf_str(b, "<base64>\n");
		/* 57 input bytes a line, as Python's encodebytes */
		for (i = 0; i < v->u.str.len; i += 57) {
			char line[80];
			size_t n = v->u.str.len - i < 57 ? v->u.str.len - i : 57;

			xr_base64_encode(v->u.str.s + i, n, line);
			buf_str(b, line);
			buf_str(b, "\n");
		}
		buf_str(b, "</base64>");
		break;
	}
	case XR_NIL: buf_str(b, "<nil/>"); break;
	case XR_ARRAY:
		buf_str(b, "<array><data>\n");
		for (m = v->u.list.first; m; m = m->next) {
			if (xr_encode_value(b, m) < 0)
				return -1;
			buf_str(b, "\n");
		}
		buf_str(b, "</data></array>");
		break;
	case XR_STRUCT:
		buf_str(b, "<struct>\n");
		for (m = v->u.list.first; m; m = m->next) {
			buf_str(b, "<member>\n<name>");
			xr_buf_xml(b, m->name, strlen(m->name));
			buf_str(b, "</name>\n");
			if (xr_encode_value(b, m) < 0)
				return -1;
			buf_str(b, "\n</member>\n");
		}
		buf_str(b, "</struct>");
		break;
	}
	return 0;
}

int xr_encode_value(struct buf *b, const struct xr_value *v)
{
	if (!v)
		return -1;
	buf_str(b, "<value>");
	if (xr_value_body(b, v) < 0)
		return -1;
	buf_str(b, "</value>");
	return b->overflow ? -1 : 0;
}

static const char xr_head[] = "<?xml version='1.0'?>\n";

int xr_encode_call(struct buf *b, const char *method, const struct xr_value *params)
{
	const struct xr_value *v;

	buf_str(b, xr_head);
	buf_str(b, "<methodCall>\n<methodName>");
	xr_buf_xml(b, method, strlen(method));
	buf_str(b, "</methodName>\n<params>\n");
	for (v = params ? params->u.list.first : NULL; v; v = v->next) {
		buf_str(b, "<param>\n");
		if (xr_encode_value(b, v) < 0)
			return -1;
		buf_str(b, "\n</param>\n");
	}
	buf_str(b, "</params>\n</methodCall>\n");
	return b->overflow ? -1 : 0;
}

void xr_encode_response_head(struct buf *b)
{
	buf_str(b, xr_head);
	buf_str(b, "<methodResponse>\n<params>\n<param>\n");
}

void xr_encode_response_tail(struct buf *b)
{
	buf_str(b, "\n</param>\n</params>\n</methodResponse>\n");
}

int xr_encode_response(struct buf *b, const struct xr_value *v)
{
	xr_encode_response_head(b);
	if (xr_encode_value(b, v) < 0)
		return -1;
	xr_encode_response_tail(b);
	return b->overflow ? -1 : 0;
}

int xr_encode_fault(struct buf *b, int code, const char *string)
{
	buf_str(b, xr_head);
	buf_printf(b,
		   "<methodResponse>\n<fault>\n<value><struct>\n"
		   "<member>\n<name>faultCode</name>\n<value><int>%d</int></value>\n"
		   "</member>\n<member>\n<name>faultString</name>\n<value><string>",
		   code);
	xr_buf_xml(b, string, strlen(string));
	buf_str(b,
		"</string></value>\n</member>\n</struct></value>\n</fault>\n"
		"</methodResponse>\n");
	return b->overflow ? -1 : 0;
}
