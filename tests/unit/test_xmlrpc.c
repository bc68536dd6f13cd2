/* Tests of xmlrpc.c: every value type of a methodCall, a fault, the nesting
 * limit, DOCTYPE refused, a too small arena, encode/parse and base64 round
 * trips, and the escaping of markup, control characters and invalid UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "proto/xmlrpc.h"

static char mem[1 << 20];

static int parse(struct xr_arena *a, const char *doc, struct xr_msg *m, char *err, size_t errlen)
{
	xr_arena_init(a, mem, sizeof(mem));
	return xr_parse(a, doc, strlen(doc), m, err, errlen);
}

static const char all_types[] =
	"<?xml version='1.0'?>\n<methodCall><methodName>x.types</methodName><params>"
	"<param><value><int>-7</int></value></param>"
	"<param><value><i4>2147483647</i4></value></param>"
	"<param><value><i8>-9000000000</i8></value></param>"
	"<param><value><boolean>1</boolean></value></param>"
	"<param><value><double>2.5</double></value></param>"
	"<param><value><string>a &lt;b&gt; &amp; c</string></value></param>"
	"<param><value>untyped</value></param>"
	"<param><value><dateTime.iso8601>20260102T03:04:05</dateTime.iso8601></value></param>"
	"<param><value><base64>AAFiaW4=</base64></value></param>"
	"<param><value><nil/></value></param>"
	"<param><value><array><data><value><int>1</int></value>"
	"<value><string>two</string></value></data></array></value></param>"
	"<param><value><struct><member><name>k</name><value><boolean>0</boolean>"
	"</value></member><member><name>e</name><value><array><data/></array>"
	"</value></member></struct></value></param>"
	"</params></methodCall>\n";

static void test_call_all_types(void **state)
{
	struct xr_arena a;
	struct xr_msg m;
	struct xr_value *v;
	char err[128] = "";

	(void)state;
	assert_int_equal(parse(&a, all_types, &m, err, sizeof(err)), 0);
	assert_int_equal(m.kind, XR_CALL);
	assert_string_equal(m.method, "x.types");
	assert_int_equal(m.params->u.list.n, 12);
	v = xr_at(m.params, 0);
	assert_int_equal(v->type, XR_INT);
	assert_true(v->u.i == -7);
	assert_true(xr_at(m.params, 1)->u.i == 2147483647);
	assert_true(xr_at(m.params, 2)->u.i == -9000000000LL);
	v = xr_at(m.params, 3);
	assert_int_equal(v->type, XR_BOOL);
	assert_int_equal(v->u.i, 1);
	v = xr_at(m.params, 4);
	assert_int_equal(v->type, XR_DOUBLE);
	assert_true(v->u.d == 2.5);
	v = xr_at(m.params, 5);
	assert_int_equal(v->type, XR_STRING);
	assert_string_equal(v->u.str.s, "a <b> & c");
	assert_int_equal(v->u.str.len, 9);
	v = xr_at(m.params, 6);
	assert_int_equal(v->type, XR_STRING);
	assert_string_equal(v->u.str.s, "untyped");
	v = xr_at(m.params, 7);
	assert_int_equal(v->type, XR_DATETIME);
	assert_string_equal(v->u.str.s, "20260102T03:04:05");
	v = xr_at(m.params, 8);
	assert_int_equal(v->type, XR_BASE64);
	assert_int_equal(v->u.str.len, 5);
	assert_true(memcmp(v->u.str.s, "\0\001bin", 5) == 0);
	assert_int_equal(xr_at(m.params, 9)->type, XR_NIL);
	v = xr_at(m.params, 10);
	assert_int_equal(v->type, XR_ARRAY);
	assert_int_equal(v->u.list.n, 2);
	assert_true(xr_at(v, 0)->u.i == 1);
	assert_string_equal(xr_at(v, 1)->u.str.s, "two");
	assert_null(xr_at(v, 2));
	v = xr_at(m.params, 11);
	assert_int_equal(v->type, XR_STRUCT);
	assert_int_equal(xr_get(v, "k")->type, XR_BOOL);
	assert_int_equal(xr_get(v, "k")->u.i, 0);
	assert_int_equal(xr_get(v, "e")->type, XR_ARRAY);
	assert_int_equal(xr_get(v, "e")->u.list.n, 0);
	assert_null(xr_get(v, "absent"));
	assert_null(xr_get(xr_at(m.params, 0), "k")); /* not a struct */
}

static void test_bad_scalars(void **state)
{
	static const char *bad[] = {
		"<int>12x</int>",       "<int></int>",        "<int>99999999999999999999</int>",
		"<boolean>2</boolean>", "<double>x</double>", "<base64>@@@@</base64>",
		"<float>1</float>",
	};
	char doc[256], err[128];
	struct xr_arena a;
	struct xr_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(doc, sizeof(doc),
			 "<methodCall><methodName>m</methodName>"
			 "<params><param><value>%s</value></param></params></methodCall>",
			 bad[i]);
		err[0] = '\0';
		assert_int_equal(parse(&a, doc, &m, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(parse(&a, "<methodCall><params/></methodCall>", &m, err, sizeof(err)), -1);
	assert_string_equal(err, "no methodName");
	assert_int_equal(parse(&a, "<methodCall><methodName>m", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "XML error"));
}

/* An empty <base64/> once made the parser write into a string literal. */
static void test_empty_base64(void **state)
{
	struct xr_arena a;
	struct xr_msg m;
	char err[128];

	(void)state;
	assert_int_equal(parse(&a,
			       "<methodCall><methodName>m</methodName><params>"
			       "<param><value><base64/></value></param><param><value>"
			       "<base64></base64></value></param></params></methodCall>",
			       &m, err, sizeof(err)),
			 0);
	assert_int_equal(xr_at(m.params, 0)->type, XR_BASE64);
	assert_int_equal(xr_at(m.params, 0)->u.str.len, 0);
	assert_int_equal(xr_at(m.params, 1)->u.str.len, 0);
}

static void test_fault(void **state)
{
	struct xr_arena a;
	struct xr_msg m;
	struct buf b;
	char err[128];

	buf_init(&b, *state, 1 << 16);
	assert_int_equal(xr_encode_fault(&b, XR_BAD_NAME, "BAD_NAME: <web>"), 0);
	xr_arena_init(&a, mem, sizeof(mem));
	assert_int_equal(xr_parse(&a, b.data, b.len, &m, err, sizeof(err)), 0);
	assert_int_equal(m.kind, XR_FAULT);
	assert_int_equal(m.fault_code, 10);
	assert_string_equal(m.fault_string, "BAD_NAME: <web>");
	assert_string_equal(xr_fault_name(m.fault_code), "BAD_NAME");
	assert_string_equal(xr_fault_name(12345), "UNKNOWN");
	talloc_free(b.data);
	/* a fault without its code is refused */
	assert_int_equal(parse(&a,
			       "<methodResponse><fault><value><struct><member>"
			       "<name>faultString</name><value>x</value></member>"
			       "</struct></value></fault></methodResponse>",
			       &m, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "faultCode"));
}

/* DEPTH arrays, one inside the other. */
static char *nested(TALLOC_CTX *mem_ctx, int depth)
{
	char *s = talloc_strdup(mem_ctx, "<methodResponse><params><param>");
	int i;

	for (i = 0; i < depth; i++)
		s = talloc_strdup_append(s, "<value><array><data>");
	s = talloc_strdup_append(s, "<value><int>1</int></value>");
	for (i = 0; i < depth; i++)
		s = talloc_strdup_append(s, "</data></array></value>");
	return talloc_strdup_append(s, "</param></params></methodResponse>");
}

static void test_nesting_limit(void **state)
{
	struct xr_arena a;
	struct xr_msg m;
	char err[128];
	char *ok = nested(*state, XR_MAX_DEPTH), *deep = nested(*state, XR_MAX_DEPTH + 1);

	assert_int_equal(parse(&a, ok, &m, err, sizeof(err)), 0);
	assert_int_equal(m.kind, XR_RESPONSE);
	assert_int_equal(m.value->type, XR_ARRAY);
	assert_int_equal(parse(&a, deep, &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nested deeper"));
	talloc_free(ok);
	talloc_free(deep);
}

static void test_doctype_refused(void **state)
{
	struct xr_arena a;
	struct xr_msg m;
	char err[128];

	(void)state;
	assert_int_equal(parse(&a,
			       "<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY e "
			       "\"lol\">]><methodCall><methodName>&e;</methodName>"
			       "</methodCall>",
			       &m, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "a DOCTYPE is not allowed");
}

static void test_arena_exhaustion(void **state)
{
	static char small[2048];
	struct xr_arena a;
	struct xr_msg m;
	char err[128];
	void *p;

	(void)state;
	xr_arena_init(&a, small, sizeof(small));
	assert_int_equal(xr_parse(&a, all_types, strlen(all_types), &m, err, sizeof(err)), -1);
	assert_true(a.failed);
	assert_string_equal(err, "request too large");
	/* the flag stays set through later allocations that fit, until the
	   reset, so one check after building a whole reply is enough */
	xr_arena_reset(&a);
	assert_false(a.failed);
	assert_non_null(xr_alloc(&a, 1000));
	assert_null(xr_alloc(&a, 2000));
	assert_true(a.failed);
	p = xr_int(&a, 1);
	assert_non_null(p);
	assert_true(a.failed);
	xr_arena_reset(&a);
	assert_false(a.failed);
	assert_int_equal(a.used, 0);
	/* the documented size is always enough */
	assert_int_equal(parse(&a, all_types, &m, err, sizeof(err)), 0);
	assert_true(a.used <= (64u << 10) + 8 * strlen(all_types));
}

static void test_encode_round_trip(void **state)
{
	struct xr_arena a, a2;
	struct xr_value *params, *st, *arr, *v;
	struct xr_msg m;
	struct buf b;
	char err[128];
	static char mem2[1 << 16];

	xr_arena_init(&a, mem2, sizeof(mem2));
	params = xr_array(&a);
	st = xr_struct(&a);
	arr = xr_array(&a);
	xr_member(&a, st, "name", xr_string(&a, "web:web_00"));
	xr_member(&a, st, "pid", xr_int(&a, 4242));
	xr_member(&a, st, "big", xr_int(&a, -5000000000LL));
	xr_member(&a, st, "ok", xr_bool(&a, true));
	xr_member(&a, st, "ratio", xr_double(&a, 0.1));
	xr_member(&a, st, "desc", xr_printf(&a, "pid %d, uptime %s", 4242, "0:00:01"));
	xr_append(&a, arr, xr_stringn(&a, "a&b<c>", 6));
	xr_append(&a, arr, xr_struct(&a));
	xr_member(&a, st, "list", arr);
	xr_append(&a, params, st);
	xr_append(&a, params, xr_string(&a, ""));
	assert_false(a.failed);

	buf_init(&b, *state, 1 << 16);
	assert_int_equal(xr_encode_call(&b, "supervisor.x", params), 0);
	xr_arena_init(&a2, mem, sizeof(mem));
	assert_int_equal(xr_parse(&a2, b.data, b.len, &m, err, sizeof(err)), 0);
	assert_string_equal(m.method, "supervisor.x");
	assert_int_equal(m.params->u.list.n, 2);
	v = xr_at(m.params, 0);
	assert_string_equal(xr_get(v, "name")->u.str.s, "web:web_00");
	assert_true(xr_get(v, "pid")->u.i == 4242);
	assert_true(xr_get(v, "big")->u.i == -5000000000LL);
	assert_int_equal(xr_get(v, "ok")->type, XR_BOOL);
	assert_true(xr_get(v, "ratio")->u.d == 0.1);
	assert_string_equal(xr_get(v, "desc")->u.str.s, "pid 4242, uptime 0:00:01");
	assert_string_equal(xr_at(xr_get(v, "list"), 0)->u.str.s, "a&b<c>");
	assert_int_equal(xr_at(xr_get(v, "list"), 1)->type, XR_STRUCT);
	assert_string_equal(xr_at(m.params, 1)->u.str.s, "");

	/* a NULL from a failed arena makes the encoder fail, not crash */
	buf_reset(&b);
	xr_arena_init(&a, mem2, 64);
	st = xr_struct(&a);
	xr_member(&a, st, "x", xr_string(&a, "far too long for the arena that is left"));
	assert_true(a.failed);
	assert_null(xr_get(st, "x"));
	assert_int_equal(xr_encode_response(&b, NULL), -1);
	/* and an output buffer past its limit reports an overflow */
	talloc_free(b.data);
	buf_init(&b, *state, 16);
	assert_int_equal(xr_encode_fault(&b, 1, "x"), -1);
	assert_true(b.overflow);
	talloc_free(b.data);
}

static void test_base64(void **state)
{
	unsigned char in[256], out[300];
	char enc[400];
	struct xr_arena a;
	struct xr_value *v;
	struct xr_msg m;
	struct buf b;
	size_t n, i;
	char err[128];

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	for (n = 0; n <= sizeof(in); n += (n < 8 ? 1 : 61)) {
		xr_base64_encode(in, n, enc);
		assert_int_equal(strlen(enc), 4 * ((n + 2) / 3));
		assert_int_equal(xr_base64_decode(enc, strlen(enc), out, sizeof(out)), n);
		assert_true(memcmp(in, out, n) == 0);
	}
	xr_base64_encode("user:123", 8, enc);
	assert_string_equal(enc, "dXNlcjoxMjM=");
	assert_int_equal(xr_base64_decode("dXNl\ncjox\r\nMjM=", 15, out, sizeof(out)), 8);
	assert_int_equal(xr_base64_decode("dXN*", 4, out, sizeof(out)), -1);
	assert_int_equal(xr_base64_decode("dXNlcjoxMjM=", 12, out, 4), -1);
	/* a missing padding is refused, as supervisord (Python) refuses it */
	assert_int_equal(xr_base64_decode("dXNlcjoxMjM", 11, out, sizeof(out)), -1);
	/* in place, longer than one of the decoder's pieces */
	xr_base64_encode(in, sizeof(in), enc);
	assert_int_equal(xr_base64_decode(enc, strlen(enc), enc, strlen(enc)), sizeof(in));
	assert_true(memcmp(in, enc, sizeof(in)) == 0);

	/* through the encoder and the parser: long enough for several lines */
	xr_arena_init(&a, mem, sizeof(mem));
	v = xr_stringn(&a, (const char *)in, sizeof(in));
	v->type = XR_BASE64;
	buf_init(&b, *state, 1 << 16);
	assert_int_equal(xr_encode_response(&b, v), 0);
	assert_int_equal(xr_parse(&a, b.data, b.len, &m, err, sizeof(err)), 0);
	assert_int_equal(m.value->type, XR_BASE64);
	assert_int_equal(m.value->u.str.len, sizeof(in));
	assert_true(memcmp(m.value->u.str.s, in, sizeof(in)) == 0);
	talloc_free(b.data);
}

static void test_escaping(void **state)
{
	static const char in[] = "a<b&c>\t\n\001\x1f\xff|\xc3\xa9|\xc0\x80|\xed\xa0\x80|"
				 "\xf0\x9f\x98\x80|\xe2\x82";
	static const char want[] = "a&lt;b&amp;c&gt;\t\n\xEF\xBF\xBD\xEF\xBF\xBD"
				   "\xEF\xBF\xBD|\xc3\xa9|\xEF\xBF\xBD\xEF\xBF\xBD|"
				   "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xf0\x9f\x98\x80|"
				   "\xEF\xBF\xBD\xEF\xBF\xBD";
	struct xr_arena a;
	struct xr_msg m;
	struct buf b;
	char err[128];

	buf_init(&b, *state, 1 << 16);
	xr_buf_xml(&b, in, sizeof(in) - 1);
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_true(memcmp(b.data, want, b.len) == 0);

	/* whatever the bytes, the encoded document is well-formed XML */
	buf_reset(&b);
	xr_arena_init(&a, mem, sizeof(mem));
	assert_int_equal(xr_encode_response(&b, xr_stringn(&a, in, sizeof(in) - 1)), 0);
	assert_int_equal(xr_parse(&a, b.data, b.len, &m, err, sizeof(err)), 0);
	assert_true(memcmp(m.value->u.str.s, "a<b&c>\t\n", 8) == 0);
	talloc_free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_all_types, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_bad_scalars, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_empty_base64, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_fault, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_doctype_refused, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_arena_exhaustion, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_encode_round_trip, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_base64, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_escaping, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
