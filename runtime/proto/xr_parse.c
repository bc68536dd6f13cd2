/* The XML-RPC parser: expat, with expat's own memory taken from the
 * caller's arena, building the value tree of a methodCall or a
 * methodResponse; a DOCTYPE (entity expansion) is refused. */
#include "xmlrpc.h"

#include <errno.h>
#include <expat.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum xr_el {
	EL_CALL,
	EL_RESP,
	EL_METHODNAME,
	EL_PARAMS,
	EL_PARAM,
	EL_FAULT,
	EL_VALUE,
	EL_SCALAR,
	EL_NIL,
	EL_ARRAY,
	EL_DATA,
	EL_STRUCT,
	EL_MEMBER,
	EL_NAME
};

#define XR_STACK (3 * XR_MAX_DEPTH + 8)

struct xr_frame {
	enum xr_el el;
	struct xr_value *v; /* VALUE, SCALAR, ARRAY, STRUCT: the value;
				   MEMBER: its value once seen */
	const char *name;   /* MEMBER: the name once seen */
	bool typed;         /* VALUE: a type element was seen */
};

struct xr_parser {
	XML_Parser xp;
	struct xr_arena *a;
	struct xr_msg *msg;
	struct xr_frame stack[XR_STACK];
	int top;    /* index of the top frame, -1 when empty */
	int depth;  /* nested arrays and structs */
	char *text; /* character data of the open leaf, at the tip */
	size_t textlen;
	char *err;
	size_t errlen;
	bool failed;
};

static void xr_fail(struct xr_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void xr_fail(struct xr_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	XML_StopParser(p->xp, XML_FALSE);
}

/* expat's memory, from the same arena: each block has its size before it
 * so realloc can copy; free does nothing (the reset frees all). */
static struct xr_arena *xr_mm_arena;

static void *xr_mm_malloc(size_t n)
{
	size_t *p = xr_alloc(xr_mm_arena, n + XR_ALIGN);

	if (!p)
		return NULL;
	*p = n;
	return (char *)p + XR_ALIGN;
}

static void *xr_mm_realloc(void *old, size_t n)
{
	void *p;
	size_t oldn;

	if (!old)
		return xr_mm_malloc(n);
	oldn = *(size_t *)((char *)old - XR_ALIGN);
	if (n <= oldn)
		return old;
	p = xr_mm_malloc(n);
	if (p)
		memcpy(p, old, oldn);
	return p;
}

static void xr_mm_free(void *p)
{
	(void)p;
}

static struct xr_frame *xr_push(struct xr_parser *p, enum xr_el el)
{
	struct xr_frame *f;

	if (p->top + 1 >= XR_STACK) {
		xr_fail(p, "elements nested too deeply");
		return NULL;
	}
	f = &p->stack[++p->top];
	memset(f, 0, sizeof(*f));
	f->el = el;
	p->text = NULL;
	p->textlen = 0;
	return f;
}

static bool xr_collects(const struct xr_parser *p)
{
	const struct xr_frame *f;

	if (p->top < 0)
		return false;
	f = &p->stack[p->top];
	return (f->el == EL_VALUE && !f->typed) || f->el == EL_SCALAR || f->el == EL_METHODNAME
		|| f->el == EL_NAME;
}

static void XMLCALL xr_chars(void *ud, const XML_Char *s, int len)
{
	struct xr_parser *p = ud;
	struct xr_arena *a = p->a;

	if (p->failed || !xr_collects(p) || len <= 0)
		return;
	if (p->text && p->text + p->textlen + 1 == a->buf + a->used
	    && a->size - a->used >= (size_t)len) {
		memcpy(p->text + p->textlen, s, (size_t)len);
		p->textlen += (size_t)len;
		p->text[p->textlen] = '\0';
		a->used += (size_t)len;
		return;
	}
	{
		char *t = xr_alloc(a, p->textlen + (size_t)len + 1);

		if (!t) {
			xr_fail(p, "request too large");
			return;
		}
		if (p->textlen)
			memcpy(t, p->text, p->textlen);
		memcpy(t + p->textlen, s, (size_t)len);
		p->textlen += (size_t)len;
		t[p->textlen] = '\0';
		p->text = t;
	}
}

static const char *xr_text(struct xr_parser *p)
{
	return p->text ? p->text : "";
}

/* A new value under the container frame F (params, fault, array data or
 * struct member). */
static void xr_start_value(struct xr_parser *p, struct xr_frame *parent)
{
	struct xr_value *v = xr_new(p->a, XR_STRING);
	struct xr_frame *f;

	if (!v) {
		xr_fail(p, "request too large");
		return;
	}
	v->u.str.s = "";
	switch (parent->el) {
	case EL_PARAM:
		if (p->msg->kind == XR_CALL) {
			xr_append(p->a, p->msg->params, v);
		} else if (!p->msg->value) {
			p->msg->value = v;
		} else {
			xr_fail(p, "more than one value in a response");
			return;
		}
		break;
	case EL_FAULT:
		if (p->msg->value) {
			xr_fail(p, "more than one value in a fault");
			return;
		}
		p->msg->value = v;
		break;
	case EL_DATA: xr_append(p->a, parent->v, v); break;
	case EL_MEMBER:
		if (parent->v) {
			xr_fail(p, "two values in one struct member");
			return;
		}
		parent->v = v;
		break;
	default: break;
	}
	f = xr_push(p, EL_VALUE);
	if (f)
		f->v = v;
}

static const struct {
	const char *tag;
	enum xr_type type;
} xr_scalars[] = {
	{"int", XR_INT},
	{"i4", XR_INT},
	{"i8", XR_INT},
	{"boolean", XR_BOOL},
	{"double", XR_DOUBLE},
	{"string", XR_STRING},
	{"dateTime.iso8601", XR_DATETIME},
	{"base64", XR_BASE64},
};

static void xr_start_typed(struct xr_parser *p, struct xr_frame *vf, const char *tag)
{
	struct xr_frame *f;
	size_t i;

	if (vf->typed) {
		xr_fail(p, "two types in one <value>");
		return;
	}
	vf->typed = true;
	for (i = 0; i < sizeof(xr_scalars) / sizeof(xr_scalars[0]); i++) {
		if (strcmp(tag, xr_scalars[i].tag) == 0) {
			vf->v->type = xr_scalars[i].type;
			f = xr_push(p, EL_SCALAR);
			if (f)
				f->v = vf->v;
			return;
		}
	}
	if (strcmp(tag, "nil") == 0) {
		vf->v->type = XR_NIL;
		xr_push(p, EL_NIL);
		return;
	}
	if (strcmp(tag, "array") == 0 || strcmp(tag, "struct") == 0) {
		bool st = tag[0] == 's';

		if (++p->depth > XR_MAX_DEPTH) {
			xr_fail(p, "values nested deeper than %d", XR_MAX_DEPTH);
			return;
		}
		vf->v->type = st ? XR_STRUCT : XR_ARRAY;
		vf->v->u.list.first = vf->v->u.list.last = NULL;
		vf->v->u.list.n = 0;
		f = xr_push(p, st ? EL_STRUCT : EL_ARRAY);
		if (f)
			f->v = vf->v;
		return;
	}
	xr_fail(p, "unknown value type <%s>", tag);
}

static void XMLCALL xr_start(void *ud, const XML_Char *tag, const XML_Char **attrs)
{
	struct xr_parser *p = ud;
	struct xr_frame *parent;
	struct xr_frame *f;

	(void)attrs;
	if (p->failed)
		return;
	if (p->top < 0) {
		if (strcmp(tag, "methodCall") == 0) {
			p->msg->kind = XR_CALL;
			p->msg->params = xr_array(p->a);
			if (!p->msg->params)
				xr_fail(p, "request too large");
			xr_push(p, EL_CALL);
		} else if (strcmp(tag, "methodResponse") == 0) {
			p->msg->kind = XR_RESPONSE;
			xr_push(p, EL_RESP);
		} else {
			xr_fail(p, "unknown document element <%s>", tag);
		}
		return;
	}
	parent = &p->stack[p->top];
	switch (parent->el) {
	case EL_CALL:
		if (strcmp(tag, "methodName") == 0 && !p->msg->method)
			xr_push(p, EL_METHODNAME);
		else if (strcmp(tag, "params") == 0)
			xr_push(p, EL_PARAMS);
		else
			break;
		return;
	case EL_RESP:
		if (strcmp(tag, "params") == 0) {
			xr_push(p, EL_PARAMS);
		} else if (strcmp(tag, "fault") == 0) {
			p->msg->kind = XR_FAULT;
			xr_push(p, EL_FAULT);
		} else {
			break;
		}
		return;
	case EL_PARAMS:
		if (strcmp(tag, "param") != 0)
			break;
		xr_push(p, EL_PARAM);
		return;
	case EL_PARAM:
	case EL_FAULT:
	case EL_DATA:
		if (strcmp(tag, "value") != 0)
			break;
		xr_start_value(p, parent);
		return;
	case EL_VALUE: xr_start_typed(p, parent, tag); return;
	case EL_ARRAY:
		if (strcmp(tag, "data") != 0)
			break;
		f = xr_push(p, EL_DATA);
		if (f)
			f->v = parent->v;
		return;
	case EL_STRUCT:
		if (strcmp(tag, "member") != 0)
			break;
		xr_push(p, EL_MEMBER);
		return;
	case EL_MEMBER:
		if (strcmp(tag, "name") == 0 && !parent->name)
			xr_push(p, EL_NAME);
		else if (strcmp(tag, "value") == 0)
			xr_start_value(p, parent);
		else
			break;
		return;
	default: break;
	}
	xr_fail(p, "unexpected element <%s>", tag);
}

static bool xr_scalar(struct xr_parser *p, struct xr_value *v)
{
	const char *t = xr_text(p);
	char *end;

	switch (v->type) {
	case XR_INT:
		errno = 0;
		v->u.i = strtoll(t, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
			end++;
		return errno == 0 && end != t && *end == '\0';
	case XR_BOOL:
		if (strcmp(t, "0") != 0 && strcmp(t, "1") != 0)
			return false;
		v->u.i = t[0] == '1';
		return true;
	case XR_DOUBLE:
		errno = 0;
		v->u.d = strtod(t, &end);
		return errno == 0 && end != t && *end == '\0';
	case XR_BASE64: {
		ssize_t n;

		if (!p->text) {
			/* <base64/>: t is the "" literal, not ours to write */
			v->u.str.s = "";
			v->u.str.len = 0;
			return true;
		}
		/* decoded in place: never longer than the text */
		n = xr_base64_decode(t, p->textlen, (char *)t, p->textlen);
		if (n < 0)
			return false;
		((char *)t)[n] = '\0';
		v->u.str.s = t;
		v->u.str.len = (size_t)n;
		return true;
	}
	default:
		v->u.str.s = t;
		v->u.str.len = p->textlen;
		return true;
	}
}

static bool xr_fault_check(struct xr_parser *p)
{
	struct xr_value *code = xr_get(p->msg->value, "faultCode");
	struct xr_value *str = xr_get(p->msg->value, "faultString");

	if (!code || code->type != XR_INT)
		return false;
	p->msg->fault_code = (int)code->u.i;
	p->msg->fault_string = str && str->type == XR_STRING ? str->u.str.s : "";
	return true;
}

static void XMLCALL xr_end(void *ud, const XML_Char *tag)
{
	struct xr_parser *p = ud;
	struct xr_frame *f, *parent;

	(void)tag;
	if (p->failed || p->top < 0)
		return;
	f = &p->stack[p->top];
	parent = p->top > 0 ? &p->stack[p->top - 1] : NULL;
	switch (f->el) {
	case EL_METHODNAME: p->msg->method = xr_text(p); break;
	case EL_NAME: parent->name = xr_text(p); break;
	case EL_SCALAR:
		if (!xr_scalar(p, f->v))
			xr_fail(p, "bad <%s> value '%.40s'", tag, xr_text(p));
		break;
	case EL_VALUE:
		if (!f->typed) {
			f->v->u.str.s = xr_text(p);
			f->v->u.str.len = p->textlen;
		}
		break;
	case EL_ARRAY:
	case EL_STRUCT: p->depth--; break;
	case EL_MEMBER:
		if (!f->name || !f->v) {
			xr_fail(p, "struct member without a name or a value");
			return;
		}
		f->v->name = f->name;
		xr_append(p->a, parent->v, f->v);
		break;
	case EL_FAULT:
		if (!xr_fault_check(p))
			xr_fail(p, "fault without an int faultCode");
		break;
	default: break;
	}
	p->top--;
	p->text = NULL;
	p->textlen = 0;
}

static void XMLCALL xr_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	xr_fail(ud, "a DOCTYPE is not allowed");
}

static void xr_parse_init(struct xr_parser *p, struct xr_arena *a, struct xr_msg *msg, char *err,
			  size_t errlen)
{
	memset(p, 0, sizeof(*p));
	memset(msg, 0, sizeof(*msg));
	p->a = a;
	p->msg = msg;
	p->top = -1;
	p->err = err;
	p->errlen = errlen;
}

int xr_parse(struct xr_arena *a, const char *buf, size_t len, struct xr_msg *msg, char *err,
	     size_t errlen)
{
	static const XML_Memory_Handling_Suite mm = {xr_mm_malloc, xr_mm_realloc, xr_mm_free};
	struct xr_parser p;
	enum XML_Status st;

	xr_parse_init(&p, a, msg, err, errlen);
	if (len > INT32_MAX) {
		snprintf(err, errlen, "request too large");
		return -1;
	}
	xr_mm_arena = a;
	p.xp = XML_ParserCreate_MM(NULL, &mm, NULL);
	if (!p.xp) {
		snprintf(err, errlen, "request too large");
		return -1;
	}
	XML_SetUserData(p.xp, &p);
	XML_SetElementHandler(p.xp, xr_start, xr_end);
	XML_SetCharacterDataHandler(p.xp, xr_chars);
	XML_SetStartDoctypeDeclHandler(p.xp, xr_doctype);
	st = XML_Parse(p.xp, buf, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK && !p.failed) {
		enum XML_Error e = XML_GetErrorCode(p.xp);

		p.failed = true;
		if (e == XML_ERROR_NO_MEMORY)
			snprintf(err, errlen, "request too large");
		else
			snprintf(err, errlen, "XML error at line %lu: %s",
				 (unsigned long)XML_GetCurrentLineNumber(p.xp), XML_ErrorString(e));
	}
	XML_ParserFree(p.xp);
	xr_mm_arena = NULL;
	if (!p.failed && a->failed) {
		p.failed = true;
		snprintf(err, errlen, "request too large");
	}
	if (!p.failed && msg->kind == XR_CALL && !msg->method) {
		p.failed = true;
		snprintf(err, errlen, "no methodName");
	}
	if (!p.failed && msg->kind == XR_RESPONSE && !msg->value) {
		p.failed = true;
		snprintf(err, errlen, "a response without a value");
	}
	return p.failed ? -1 : 0;
}
