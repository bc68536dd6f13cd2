/* Tests of the scanner (grammar/svc.l) through parse_text: every token kind,
 * the values numbers and strings carry, and each lexical error with its code
 * and place. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "parse.h"
#include "parsefixture.h"

/* Parses "k VALUES;" and returns the statement. */
static const struct ast_stmt *stmt_of(struct fixture *fx, const char *values)
{
	char *text = talloc_asprintf(fx->root, "k %s;\n", values);

	fx->u = parse_text(fx->root, "t.svc", "/srv", text, fx->d);
	talloc_free(text);
	assert_non_null(fx->u);
	assert_int_equal(fx->u->ntop, 1);
	return fx->u->top[0];
}

static void pos(struct loc l, unsigned *line, unsigned *col)
{
	assert_non_null(l.file);
	src_position(l.file, l.off, line, col);
}

/* Diagnostic I has CODE at LINE:COL and its message contains TEXT. */
static void check_diag(struct fixture *fx, size_t i, enum diag_code code, unsigned line,
		       unsigned col, const char *text)
{
	unsigned l, c;

	assert_true(i < fx->d->n);
	assert_int_equal(fx->d->list[i]->code, code);
	pos(fx->d->list[i]->loc, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
	if (text && !strstr(fx->d->list[i]->msg, text))
		fail_msg("message '%s' lacks '%s'", fx->d->list[i]->msg, text);
}

static void check_value(const struct ast_value *v, enum ast_vkind kind, const char *text,
			long long num)
{
	assert_int_equal(v->kind, kind);
	assert_string_equal(v->text, text);
	assert_true(v->num == num);
}

static void test_identifiers(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "web www-data uwsgi_twit a.b-c _x TERM trueish");
	const char *want[] = {"web", "www-data", "uwsgi_twit", "a.b-c", "_x", "TERM", "trueish"};

	assert_string_equal(s->key, "k");
	assert_int_equal(s->nvalues, 7);
	for (size_t i = 0; i < 7; i++)
		check_value(&s->values[i], AV_IDENT, want[i], 0);
	assert_int_equal(fx->d->n, 0);
}

static void test_booleans(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "true false");

	check_value(&s->values[0], AV_BOOL, "true", 1);
	check_value(&s->values[1], AV_BOOL, "false", 0);
	assert_int_equal(fx->d->n, 0);
}

static void test_integers(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "0 3 1024 0700 022 00 4611686018427387904");

	check_value(&s->values[0], AV_INT, "0", 0);
	assert_false(s->values[0].octal);
	check_value(&s->values[1], AV_INT, "3", 3);
	check_value(&s->values[2], AV_INT, "1024", 1024);
	assert_false(s->values[2].octal);
	check_value(&s->values[3], AV_INT, "0700", 0700);
	assert_true(s->values[3].octal);
	check_value(&s->values[4], AV_INT, "022", 18);
	assert_true(s->values[4].octal);
	check_value(&s->values[5], AV_INT, "00", 0);
	assert_true(s->values[5].octal);
	check_value(&s->values[6], AV_INT, "4611686018427387904", 1LL << 62);
	assert_int_equal(fx->d->n, 0);
}

/* A '-' right before the digits of a plain integer; a duration or a size
 * is never negative, and a '-' standing alone is a stray one. */
static void test_negative(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "-5 -1000 -0 -010 a-5 -4611686018427387904");

	check_value(&s->values[0], AV_INT, "-5", -5);
	check_value(&s->values[1], AV_INT, "-1000", -1000);
	check_value(&s->values[2], AV_INT, "-0", 0);
	check_value(&s->values[3], AV_INT, "-010", -8);
	assert_true(s->values[3].octal);
	check_value(&s->values[4], AV_IDENT, "a-5", 0);
	check_value(&s->values[5], AV_INT, "-4611686018427387904", -(1LL << 62));
	assert_int_equal(fx->d->n, 0);
	talloc_free(fx->u);
	s = stmt_of(fx, "-5s -2MB - 5 -x");
	assert_int_equal(fx->d->n, 4);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 3, NULL);
	assert_string_equal(fx->d->list[0]->msg, "a duration cannot be negative");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 7, NULL);
	assert_string_equal(fx->d->list[1]->msg, "a size cannot be negative");
	check_diag(fx, 2, D_BAD_TOKEN, 1, 12, "stray '-'");
	check_diag(fx, 3, D_BAD_TOKEN, 1, 16, "stray '-'");
	assert_true(s->values[0].bad && s->values[1].bad);
}

static void test_durations(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "500ms 1s 10s 5m 1h 0s 05m");

	check_value(&s->values[0], AV_DURATION, "500ms", 500);
	check_value(&s->values[1], AV_DURATION, "1s", 1000);
	check_value(&s->values[2], AV_DURATION, "10s", 10000);
	check_value(&s->values[3], AV_DURATION, "5m", 300000);
	check_value(&s->values[4], AV_DURATION, "1h", 3600000);
	check_value(&s->values[5], AV_DURATION, "0s", 0);
	/* A leading zero makes only a plain integer octal. */
	check_value(&s->values[6], AV_DURATION, "05m", 300000);
	assert_false(s->values[6].octal);
	assert_int_equal(fx->d->n, 0);
}

static void test_sizes(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "1B 2KB 50MB 3GB 4194304GB");

	check_value(&s->values[0], AV_SIZE, "1B", 1);
	check_value(&s->values[1], AV_SIZE, "2KB", 2048);
	check_value(&s->values[2], AV_SIZE, "50MB", 50LL << 20);
	check_value(&s->values[3], AV_SIZE, "3GB", 3LL << 30);
	check_value(&s->values[4], AV_SIZE, "4194304GB", 1LL << 52);
	assert_int_equal(fx->d->n, 0);
}

static void test_strings(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "\"/usr/bin/uwsgi --ini x.ini\" \"\"");
	const struct ast_value *v = &s->values[0];
	unsigned line, col;

	check_value(v, AV_STRING, "\"/usr/bin/uwsgi --ini x.ini\"", 0);
	assert_int_equal(v->str.nparts, 1);
	assert_int_equal(v->str.parts[0].kind, PART_TEXT);
	assert_string_equal(ast_str_plain(&v->str), "/usr/bin/uwsgi --ini x.ini");
	/* The value's span covers both quotes. */
	pos(v->loc, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	assert_int_equal(v->loc.len, strlen("\"/usr/bin/uwsgi --ini x.ini\""));
	assert_int_equal(s->values[1].str.nparts, 0);
	assert_string_equal(ast_str_plain(&s->values[1].str), "");
	assert_int_equal(fx->d->n, 0);
}

static void test_escapes(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "\"a\\\"b\\\\c\\nd\\te\\$f\"");
	const struct ast_value *v = &s->values[0];

	assert_int_equal(v->str.nparts, 1);
	assert_string_equal(ast_str_plain(&v->str), "a\"b\\c\nd\te$f");
	assert_string_equal(v->text, "\"a\\\"b\\\\c\\nd\\te\\$f\"");
	assert_int_equal(fx->d->n, 0);
}

static void test_interpolations(void **state)
{
	struct fixture *fx = *state;
	/* k "x-${index}:${env.HOME}${host}" */
	const struct ast_stmt *s = stmt_of(fx, "\"x-${index}:${env.HOME}${host}\"");
	const struct ast_str *str = &s->values[0].str;
	unsigned line, col;

	assert_int_equal(str->nparts, 5);
	assert_int_equal(str->parts[0].kind, PART_TEXT);
	assert_string_equal(str->parts[0].text, "x-");
	assert_int_equal(str->parts[1].kind, PART_INTERP);
	assert_string_equal(str->parts[1].text, "index");
	pos(str->parts[1].loc, &line, &col);
	assert_int_equal(col, 6);
	assert_int_equal(str->parts[1].loc.len, strlen("${index}"));
	assert_int_equal(str->parts[2].kind, PART_TEXT);
	assert_string_equal(str->parts[2].text, ":");
	assert_int_equal(str->parts[3].kind, PART_INTERP);
	assert_string_equal(str->parts[3].text, "env.HOME");
	pos(str->parts[3].loc, &line, &col);
	assert_int_equal(col, 15);
	assert_int_equal(str->parts[4].kind, PART_INTERP);
	assert_string_equal(str->parts[4].text, "host");
	assert_null(ast_str_plain(str));
	assert_int_equal(fx->d->n, 0);
}

static void test_escaped_dollar_is_text(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "\"\\${index}\"");

	assert_string_equal(ast_str_plain(&s->values[0].str), "${index}");
	assert_int_equal(fx->d->n, 0);
}

static void test_comments(void **state)
{
	struct fixture *fx = *state;

	fx->u = parse_text(fx->root, "t.svc", "/srv",
			   "# head\nk 1; # after \"a\" { ;\n  # indented\nj 2;\n# last", fx->d);
	assert_int_equal(fx->u->ntop, 2);
	assert_string_equal(fx->u->top[0]->key, "k");
	assert_string_equal(fx->u->top[1]->key, "j");
	assert_int_equal(fx->d->n, 0);
}

static void test_utf8(void **state)
{
	struct fixture *fx = *state;

	fx->u = parse_text(fx->root, "t.svc", "/srv", "# комментарий ✓\nk \"café ✓ ${index}\";\n",
			   fx->d);
	assert_int_equal(fx->u->ntop, 1);
	assert_string_equal(fx->u->top[0]->values[0].str.parts[0].text, "café ✓ ");
	assert_int_equal(fx->d->n, 0);
}

static void test_bad_escape(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "\"a\\qb\" \"\\x\"");

	/* Reported at the escape; the string is kept as written. */
	assert_int_equal(fx->d->n, 2);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 5, "unknown escape sequence '\\q'");
	assert_int_equal(fx->d->list[0]->loc.len, 2);
	check_diag(fx, 1, D_BAD_TOKEN, 1, 11, "'\\x'");
	assert_string_equal(ast_str_plain(&s->values[0].str), "aqb");
	assert_int_equal(s->nvalues, 2);
}

static void test_unterminated_newline(void **state)
{
	struct fixture *fx = *state;

	fx->u = parse_text(fx->root, "t.svc", "/srv", "a \"open\nb 2;\n", fx->d);
	/* One message at the opening quote; the next line still parses. */
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_UNTERMINATED, 1, 3, NULL);
	assert_string_equal(fx->d->list[0]->msg, "missing terminating '\"' character");
	assert_int_equal(fx->u->ntop, 2);
	assert_string_equal(ast_str_plain(&fx->u->top[0]->values[0].str), "open");
	assert_string_equal(fx->u->top[1]->key, "b");
}

static void test_unterminated_eof(void **state)
{
	struct fixture *fx = *state;

	fx->u = parse_text(fx->root, "t.svc", "/srv", "a 1;\nb \"open", fx->d);
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_UNTERMINATED, 2, 3, "missing terminating");
	assert_int_equal(fx->u->ntop, 2);
}

static void test_stray_dollar(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "\"5$ each\"");

	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 5, NULL);
	assert_string_equal(fx->d->list[0]->msg,
			    "stray '$' in string; write '\\$' for a literal dollar sign");
	assert_int_equal(s->nvalues, 1);
}

static void test_bad_interpolations(void **state)
{
	struct fixture *fx = *state;

	stmt_of(fx, "\"${1x}\" \"${a b}\" \"${}\" \"${open\"");
	assert_int_equal(fx->d->n, 4);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 4, "invalid interpolation '${1x}'");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 12, "'${a b}'");
	check_diag(fx, 2, D_BAD_TOKEN, 1, 21, "'${}'");
	check_diag(fx, 3, D_BAD_TOKEN, 1, 27, "missing '}'");
}

static void test_bad_suffix(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "10x 5sec 1.5s 3kb");

	assert_int_equal(fx->d->n, 4);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 3, NULL);
	assert_string_equal(fx->d->list[0]->msg,
			    "invalid suffix 'x' on number; durations take ms, s, m, h "
			    "and sizes B, KB, MB, GB");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 7, "invalid suffix 'sec'");
	check_diag(fx, 2, D_BAD_TOKEN, 1, 12, "invalid suffix '.5s'");
	check_diag(fx, 3, D_BAD_TOKEN, 1, 17, "invalid suffix 'kb'");
	/* Still one value each, so nothing else goes wrong after. */
	assert_int_equal(s->nvalues, 4);
	check_value(&s->values[0], AV_INT, "10x", 10);
}

static void test_bad_octal(void **state)
{
	struct fixture *fx = *state;

	stmt_of(fx, "08 0779 19");
	assert_int_equal(fx->d->n, 2);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 3, NULL);
	assert_string_equal(fx->d->list[0]->msg, "invalid digit '8' in octal constant");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 6, NULL);
	assert_string_equal(fx->d->list[1]->msg, "invalid digit '9' in octal constant");
}

static void test_overflow(void **state)
{
	struct fixture *fx = *state;

	const struct ast_stmt *s = stmt_of(fx,
					   "4611686018427387905 99999999999999999999999 "
					   "9999999999999h 4294967297GB 4294967296GB");

	/* Exactly 2^62 after the unit is still allowed. */
	check_value(&s->values[4], AV_SIZE, "4294967296GB", 1LL << 62);
	assert_int_equal(fx->d->n, 4);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 3, "too large");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 23, "too large");
	check_diag(fx, 2, D_BAD_TOKEN, 1, 47, "duration '9999999999999h' is too large");
	check_diag(fx, 3, D_BAD_TOKEN, 1, 62, "size '4294967297GB' is too large");
}

static void test_stray_characters(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s = stmt_of(fx, "@ 1 \x01 \xe2\x80\x9cx\xe2\x80\x9d \xff");

	assert_int_equal(fx->d->n, 5);
	check_diag(fx, 0, D_BAD_TOKEN, 1, 3, NULL);
	assert_string_equal(fx->d->list[0]->msg, "stray '@' in input");
	check_diag(fx, 1, D_BAD_TOKEN, 1, 7, NULL);
	assert_string_equal(fx->d->list[1]->msg, "stray '\\x01' in input");
	check_diag(fx, 2, D_BAD_TOKEN, 1, 9, NULL);
	assert_string_equal(fx->d->list[2]->msg, "stray '\xe2\x80\x9c' in input");
	check_diag(fx, 3, D_BAD_TOKEN, 1, 13, NULL);
	check_diag(fx, 4, D_BAD_TOKEN, 1, 17, NULL);
	assert_string_equal(fx->d->list[4]->msg, "stray '\\xff' in input");
	/* The stray bytes are skipped: the values around them remain. */
	assert_int_equal(s->nvalues, 2);
	check_value(&s->values[0], AV_INT, "1", 1);
	check_value(&s->values[1], AV_IDENT, "x", 0);
}

static void test_value_locations(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;
	unsigned line, col;

	fx->u = parse_text(fx->root, "t.svc", "/srv", "k\n\t1s  \"a\"\n   web;", fx->d);
	s = fx->u->top[0];
	pos(s->values[0].loc, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
	assert_int_equal(s->values[0].loc.len, 2);
	pos(s->values[1].loc, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);
	pos(s->values[2].loc, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 4);
	assert_int_equal(s->values[2].loc.len, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_identifiers),
		T(test_booleans),
		T(test_integers),
		T(test_negative),
		T(test_durations),
		T(test_sizes),
		T(test_strings),
		T(test_escapes),
		T(test_interpolations),
		T(test_escaped_dollar_is_text),
		T(test_comments),
		T(test_utf8),
		T(test_bad_escape),
		T(test_unterminated_newline),
		T(test_unterminated_eof),
		T(test_stray_dollar),
		T(test_bad_interpolations),
		T(test_bad_suffix),
		T(test_bad_octal),
		T(test_overflow),
		T(test_stray_characters),
		T(test_value_locations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
