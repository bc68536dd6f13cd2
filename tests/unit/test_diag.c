/* Tests of diag.c: recording, the error cap, sorting, and the exact text,
 * JSON and SARIF output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "diag.h"

struct fixture {
	TALLOC_CTX *root;
	struct leak_mark mark;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->mark = leak_mark();
	fx->root = talloc_new(NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	/* Tests free what they made; anything left is a leak. */
	leak_check(fx->root, fx->mark);
	free(fx);
	return 0;
}

/* A source file from memory; INDEX orders files as includes would. */
static struct src_file *file_new(TALLOC_CTX *ctx, const char *path, const char *text,
				 unsigned index)
{
	struct src_file *f = src_from_text(ctx, path, "/srv", text, strlen(text));

	assert_non_null(f);
	f->index = index;
	return f;
}

/* The span of the first occurrence of NEEDLE in F (of length LEN, or the
 * needle's length when LEN is 0). */
static struct loc at(const struct src_file *f, const char *needle, uint32_t len)
{
	const char *p = strstr(f->text, needle);

	assert_non_null(p);
	return (struct loc){f, (uint32_t)(p - f->text), len ? len : (uint32_t)strlen(needle)};
}

static char *render(const struct diags *d, enum diag_format fmt, bool color)
{
	/* The stream's buffer pointer lives on the heap: gcc's dangling-pointer
	 * check mistakes a local one for the text's storage. */
	struct {
		char *buf;
		size_t size;
	} *mem = calloc(1, sizeof *mem);
	FILE *out = open_memstream(&mem->buf, &mem->size);
	char *text;

	assert_non_null(out);
	diags_print(d, out, fmt, color);
	fclose(out);
	text = mem->buf;
	free(mem);
	return text;
}

static void assert_render(const struct diags *d, enum diag_format fmt, const char *want)
{
	char *got = render(d, fmt, false);

	assert_string_equal(got, want);
	free(got);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing %s in:\n%s", needle, hay);
}

static size_t pos_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("missing %s in:\n%s", needle, hay);
	return (size_t)(p - hay);
}

/* ---- a small JSON syntax checker, so outputs are proven parseable ---- */

static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return p + 1;
}

static const char *json_list(const char *p, char close, bool object)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			p = json_string(json_ws(p));
			if (!p || *(p = json_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = json_value(p);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	p = json_ws(p);
	if (*p == '{')
		return json_list(p, '}', true);
	if (*p == '[')
		return json_list(p, ']', false);
	if (*p == '"')
		return json_string(p);
	if (strncmp(p, "null", 4) == 0)
		return p + 4;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		return p;
	}
	return NULL;
}

static void assert_json(const char *text)
{
	const char *end = json_value(text);

	if (!end || *json_ws(end) != '\0')
		fail_msg("not valid JSON:\n%s", text);
}

/* ---- tests ---- */

static const char web_text[] = "service web {\n    comand \"/usr/bin/uwsgi\";\n}\n";

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(diag_code_name(D_SYNTAX), "SVC001");
	assert_string_equal(diag_code_name(D_UNKNOWN_KEY), "SVC005");
	assert_string_equal(diag_code_title(D_UNKNOWN_KEY), "unknown key");
	assert_int_equal(diag_code_sev(D_UNKNOWN_KEY), DIAG_ERROR);
	assert_int_equal(diag_code_sev(D_DAEMONIZES), DIAG_WARNING);
	for (int a = 0; a < D__COUNT; a++) {
		assert_int_equal(strlen(diag_code_name(a)), 6);
		assert_true(strncmp(diag_code_name(a), "SVC", 3) == 0);
		for (int b = a + 1; b < D__COUNT; b++)
			assert_true(strcmp(diag_code_name(a), diag_code_name(b)) != 0);
	}
}

static void test_text_caret(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f = file_new(fx->root, "services.svc", web_text, 0);
	struct diags *d = diags_new(fx->root);

	assert_non_null(diag_report(d, D_UNKNOWN_KEY, at(f, "comand", 0),
				    "unknown key '%s' in service '%s'; did you mean '%s'?",
				    "comand", "web", "command"));
	assert_render(d, DIAG_TEXT,
		      "services.svc:2:5: error: unknown key 'comand' in service 'web'; did you "
		      "mean 'command'? [SVC005]\n"
		      "    comand \"/usr/bin/uwsgi\";\n"
		      "    ^~~~~~\n");
	talloc_free(d);
	talloc_free(f);
}

static void test_text_tabs_and_clipping(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f = file_new(fx->root, "t.svc", "service w {\n\t\tstopwait 10x;\n}\n", 0);
	struct diags *d = diags_new(fx->root);

	diag_report(d, D_BAD_TYPE, at(f, "10x", 0), "bad duration '10x'");
	/* A span running past the end of its line is cut at the line's end. */
	diag_report(d, D_SYNTAX, at(f, "{", 6), "span over a newline");
	assert_render(d, DIAG_TEXT,
		      "t.svc:1:11: error: span over a newline [SVC001]\n"
		      "service w {\n"
		      "          ^\n"
		      "t.svc:2:12: error: bad duration '10x' [SVC006]\n"
		      "\t\tstopwait 10x;\n"
		      "\t\t         ^~~\n");
	talloc_free(d);
	talloc_free(f);
}

static void test_text_empty_span_utf8_crlf(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f =
		file_new(fx->root, "u.svc", "env A \"\xc3\xa9t\xc3\xa9\" x;\r\nend", 0);
	struct diags *d = diags_new(fx->root);

	/* Two-byte characters before and inside the span count as one mark. */
	diag_report(d, D_SYNTAX, at(f, "t\xc3\xa9\"", 0), "utf8");
	diag_report(d, D_SYNTAX, (struct loc){f, (uint32_t)f->size, 0}, "at end of file");
	assert_render(d, DIAG_TEXT,
		      "u.svc:1:10: error: utf8 [SVC001]\n"
		      "env A \"\xc3\xa9t\xc3\xa9\" x;\n"
		      "        ^~~\n"
		      "u.svc:2:4: error: at end of file [SVC001]\n"
		      "end\n"
		      "   ^\n");
	talloc_free(d);
	talloc_free(f);
}

static void test_text_notes_and_no_file(void **state)
{
	struct fixture *fx = *state;
	const char *text = "service a { command \"x\"; }\nservice a { command \"y\"; }\n";
	struct src_file *f = file_new(fx->root, "dup.svc", text, 0);
	struct diags *d = diags_new(fx->root);
	struct loc second = {f, (uint32_t)(strchr(text, '\n') - text + 9), 1};
	struct diag *dg;

	dg = diag_report(d, D_DUP_SERVICE, second, "service '%s' is defined twice", "a");
	diag_note(dg, at(f, "a", 0), "first defined here");
	diag_note(dg, (struct loc){NULL, 0, 0}, "names must be unique");
	diag_report(d, D_IO, (struct loc){NULL, 0, 0}, "cannot read '%s': %s", "nope.svc",
		    "No such file or directory");
	assert_int_equal(d->nerrors, 2);
	assert_int_equal(dg->nnotes, 2);
	assert_render(d, DIAG_TEXT,
		      "svcc: error: cannot read 'nope.svc': No such file or directory [SVC029]\n"
		      "dup.svc:2:9: error: service 'a' is defined twice [SVC008]\n"
		      "service a { command \"y\"; }\n"
		      "        ^\n"
		      "dup.svc:1:9: note: first defined here\n"
		      "service a { command \"x\"; }\n"
		      "        ^\n"
		      "svcc: note: names must be unique\n");
	talloc_free(d);
	talloc_free(f);
}

static void test_sorting(void **state)
{
	struct fixture *fx = *state;
	struct src_file *main_f = file_new(fx->root, "main.svc", "abcdefghijkl\n", 0);
	struct src_file *inc = file_new(fx->root, "inc.svc", "abcdefghijkl\n", 1);
	struct diags *d = diags_new(fx->root);

	diag_report(d, D_SYNTAX, (struct loc){inc, 5, 1}, "inc f");
	diag_report(d, D_SYNTAX, (struct loc){main_f, 10, 1}, "main k");
	diag_report(d, D_DAEMONIZES, (struct loc){main_f, 2, 1}, "main c first");
	diag_report(d, D_SYNTAX, (struct loc){main_f, 2, 1}, "main c second");
	char *out = render(d, DIAG_TEXT, false);
	size_t c1 = pos_of(out, "main c first"), c2 = pos_of(out, "main c second");
	size_t k = pos_of(out, "main k"), i = pos_of(out, "inc f");
	assert_true(c1 < c2 && c2 < k && k < i);
	assert_contains(out, "main.svc:1:3: warning: main c first [SVC101]\n");
	assert_int_equal(d->nerrors, 3);
	assert_int_equal(d->nwarnings, 1);
	free(out);
	talloc_free(d);
	talloc_free(inc);
	talloc_free(main_f);
}

static void test_cap(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f = file_new(fx->root, "many.svc", "x\n", 0);
	struct diags *d = diags_new(fx->root);

	assert_int_equal(d->max_errors, DIAG_MAX_ERRORS);
	for (int i = 0; i < 50; i++)
		assert_non_null(diag_report(d, D_SYNTAX, (struct loc){f, 0, 1}, "error %d", i));
	assert_false(d->capped);
	struct diag *dropped = diag_report(d, D_SYNTAX, (struct loc){f, 0, 1}, "one too many");
	assert_null(dropped);
	diag_note(dropped, (struct loc){f, 0, 1}, "ignored");
	assert_true(d->capped);
	assert_int_equal(d->nerrors, 50);
	/* Warnings are not errors: the cap leaves them alone. */
	assert_non_null(diag_report(d, D_INEXACT, (struct loc){f, 0, 1}, "still here"));
	assert_int_equal(d->n, 51);

	char *text = render(d, DIAG_TEXT, false);
	const char *tail = "svcc: error: too many errors (50), stopping here [SVC030]\n";
	assert_true(strlen(text) > strlen(tail));
	assert_string_equal(text + strlen(text) - strlen(tail), tail);
	assert_true(strstr(text, "one too many") == NULL);
	free(text);

	char *json = render(d, DIAG_JSON, false);
	assert_json(json);
	assert_contains(json,
			"\"code\":\"SVC030\",\"message\":\"too many errors (50), stopping here\"");
	free(json);

	char *sarif = render(d, DIAG_SARIF, false);
	assert_json(sarif);
	assert_contains(sarif, "{\"ruleId\":\"SVC030\",\"level\":\"error\"");
	free(sarif);
	talloc_free(d);
	talloc_free(f);
}

static void test_no_cap(void **state)
{
	struct fixture *fx = *state;
	struct diags *d = diags_new(fx->root);

	d->max_errors = 0;
	for (int i = 0; i < 200; i++)
		assert_non_null(diag_report(d, D_SYNTAX, (struct loc){NULL, 0, 0}, "e%d", i));
	assert_int_equal(d->nerrors, 200);
	assert_false(d->capped);
	talloc_free(d);
}

static void test_json(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f = file_new(fx->root, "dir/we\"ird.svc", web_text, 0);
	struct diags *d = diags_new(fx->root);
	struct diag *dg;

	assert_render(d, DIAG_JSON, "[]\n");
	dg = diag_report(d, D_UNKNOWN_KEY, at(f, "comand", 0), "unknown key '%s'", "comand");
	diag_note(dg, at(f, "web", 0), "in this service");
	diag_report(d, D_PLAIN_PASS, (struct loc){NULL, 0, 0},
		    "q\" b\\ n\n t\t c\x01 \xc3\xa9 bad\xff.");
	char *json = render(d, DIAG_JSON, false);
	assert_json(json);
	assert_string_equal(
		json,
		"[\n"
		"  "
		"{\"file\":null,\"line\":null,\"column\":null,\"end_line\":null,\"end_column\":"
		"null,"
		"\"severity\":\"warning\",\"code\":\"SVC104\","
		"\"message\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 \xc3\xa9 "
		"bad\\ufffd.\",\"notes\":[]},\n"
		"  "
		"{\"file\":\"dir/"
		"we\\\"ird.svc\",\"line\":2,\"column\":5,\"end_line\":2,\"end_column\":11,"
		"\"severity\":\"error\",\"code\":\"SVC005\",\"message\":\"unknown key 'comand'\","
		"\"notes\":[{\"file\":\"dir/we\\\"ird.svc\",\"line\":1,\"column\":9,\"end_line\":1,"
		"\"end_column\":12,\"message\":\"in this service\"}]}\n"
		"]\n");
	free(json);
	talloc_free(d);
	talloc_free(f);
}

static void test_sarif(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f =
		file_new(fx->root, "my dir/s.svc",
			 "env A \"\xc3\xa9\xc3\xa9\" zz;\nservice web {\n    comand x;\n}\n", 0);
	struct diags *d = diags_new(fx->root);
	struct diag *dg;

	char *empty = render(d, DIAG_SARIF, false);
	assert_json(empty);
	assert_contains(empty, "\"rules\": []");
	assert_contains(empty, "\"results\": []");
	free(empty);

	dg = diag_report(d, D_UNKNOWN_KEY, at(f, "comand", 0), "unknown key 'comand'");
	diag_note(dg, at(f, "web", 0), "here");
	diag_report(d, D_NOT_EXEC, at(f, "zz", 0), "zz");
	char *s = render(d, DIAG_SARIF, false);
	assert_json(s);
	assert_contains(s, "\"version\": \"2.1.0\"");
	assert_contains(s, "\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"");
	assert_contains(s, "\"name\": \"svcc\"");
	assert_contains(s, "\"version\": \"" SVC_VERSION "\"");
	assert_contains(s,
			"{\"id\":\"SVC005\",\"shortDescription\":{\"text\":\"unknown key\"},"
			"\"defaultConfiguration\":{\"level\":\"error\"}}");
	assert_contains(s, "{\"id\":\"SVC102\",");
	/* Only codes that occur become rules. */
	assert_true(strstr(s, "SVC001") == NULL);
	assert_contains(
		s,
		"{\"ruleId\":\"SVC005\",\"level\":\"error\",\"message\":{\"text\":\"unknown key "
		"'comand'\"},"
		"\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"my%20dir/"
		"s.svc\"},"
		"\"region\":{\"startLine\":3,\"startColumn\":5,\"endLine\":3,\"endColumn\":11}}}],"
		"\"relatedLocations\":[{\"id\":1,\"physicalLocation\":{\"artifactLocation\":{"
		"\"uri\":\"my%20dir/s.svc\"},"
		"\"region\":{\"startLine\":2,\"startColumn\":9,\"endLine\":2,\"endColumn\":12}},"
		"\"message\":{\"text\":\"here\"}}]}");
	/* Columns count characters: two 2-byte letters before zz. */
	assert_contains(
		s,
		"\"region\":{\"startLine\":1,\"startColumn\":12,\"endLine\":1,\"endColumn\":14}");
	assert_contains(s, "\"level\":\"warning\"");
	assert_contains(s, "\"columnKind\": \"unicodeCodePoints\"");
	free(s);
	talloc_free(d);
	talloc_free(f);
}

static void test_color(void **state)
{
	struct fixture *fx = *state;
	struct src_file *f = file_new(fx->root, "c.svc", web_text, 0);
	struct diags *d = diags_new(fx->root);

	diag_report(d, D_UNKNOWN_KEY, at(f, "comand", 0), "m");
	diag_report(d, D_DAEMONIZES, at(f, "uwsgi", 0), "w");
	char *plain = render(d, DIAG_TEXT, false);
	char *color = render(d, DIAG_TEXT, true);
	assert_true(strchr(plain, '\33') == NULL);
	assert_contains(color,
			"\33[01m\33[Kc.svc:2:5:\33[m\33[K \33[01;31m\33[Kerror:\33[m\33[K m");
	assert_contains(color, "\33[01;35m\33[Kwarning:\33[m\33[K w");
	assert_contains(color, "    \33[01;32m\33[K^~~~~~\33[m\33[K\n");
	free(plain);
	free(color);
	talloc_free(d);
	talloc_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_caret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_tabs_and_clipping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_empty_span_utf8_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_notes_and_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
		cmocka_unit_test_setup_teardown(test_color, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
