/* Tests of the grammar (grammar/svc.y) through parse_text: statement forms,
 * nesting, locations, and error recovery that reports each independent
 * mistake once at the right line and column. */
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

static struct ast_unit *parse(struct fixture *fx, const char *text)
{
	fx->u = parse_text(fx->root, "t.svc", "/srv", text, fx->d);
	assert_non_null(fx->u);
	return fx->u;
}

static void check_pos(struct loc l, unsigned line, unsigned col)
{
	unsigned lo, co;

	assert_non_null(l.file);
	src_position(l.file, l.off, &lo, &co);
	assert_int_equal(lo, line);
	assert_int_equal(co, col);
}

static void check_diag(struct fixture *fx, size_t i, enum diag_code code, unsigned line,
		       unsigned col, const char *msg)
{
	assert_true(i < fx->d->n);
	assert_int_equal(fx->d->list[i]->code, code);
	check_pos(fx->d->list[i]->loc, line, col);
	if (msg)
		assert_string_equal(fx->d->list[i]->msg, msg);
}

static void test_empty(void **state)
{
	struct fixture *fx = *state;

	parse(fx, "");
	assert_int_equal(fx->u->ntop, 0);
	assert_int_equal(fx->u->nfiles, 1);
	assert_string_equal(fx->u->files[0]->path, "t.svc");
	assert_string_equal(fx->u->files[0]->dir, "/srv");
	assert_int_equal(fx->d->n, 0);
}

static void test_statements(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;

	parse(fx, "a;\nb 1 \"x\" web 10s;\nc {}\nd e { }\n");
	assert_int_equal(fx->d->n, 0);
	assert_int_equal(fx->u->ntop, 4);
	s = fx->u->top[0];
	assert_string_equal(s->key, "a");
	assert_int_equal(s->nvalues, 0);
	assert_false(s->has_block);
	s = fx->u->top[1];
	assert_string_equal(s->key, "b");
	assert_int_equal(s->nvalues, 4);
	assert_int_equal(s->values[0].kind, AV_INT);
	assert_int_equal(s->values[1].kind, AV_STRING);
	assert_int_equal(s->values[2].kind, AV_IDENT);
	assert_int_equal(s->values[3].kind, AV_DURATION);
	assert_false(s->has_block);
	s = fx->u->top[2];
	assert_true(s->has_block);
	assert_int_equal(s->nbody, 0);
	assert_int_equal(s->nvalues, 0);
	s = fx->u->top[3];
	assert_true(s->has_block);
	assert_int_equal(s->nvalues, 1);
	assert_string_equal(s->values[0].text, "e");
}

static void test_nested_blocks(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;

	parse(fx,
	      "service web {\n"
	      "  command \"/usr/bin/x\";\n"
	      "  log stdout {\n"
	      "    file \"/var/log/x\";\n"
	      "    maxbytes 50MB;\n"
	      "    deep { deeper 1; }\n"
	      "  }\n"
	      "  include \"x.svc\";\n"
	      "}\n"
	      "group g { services web; }\n");
	assert_int_equal(fx->d->n, 0);
	assert_int_equal(fx->u->ntop, 2);
	s = fx->u->top[0];
	assert_string_equal(s->key, "service");
	assert_string_equal(s->values[0].text, "web");
	assert_int_equal(s->nbody, 3);
	assert_string_equal(s->body[0]->key, "command");
	assert_string_equal(s->body[1]->key, "log");
	assert_int_equal(s->body[1]->nbody, 3);
	assert_string_equal(s->body[1]->body[2]->key, "deep");
	assert_string_equal(s->body[1]->body[2]->body[0]->key, "deeper");
	/* include inside a block is not expanded: validation rejects it. */
	assert_string_equal(s->body[2]->key, "include");
	assert_string_equal(fx->u->top[1]->key, "group");
}

static void test_locations(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s, *c;

	parse(fx,
	      "# comment\n"
	      "service web {\n"
	      "\tcommand \"/bin/true\"\n"
	      "\t\t--x;\n"
	      "}\n");
	s = fx->u->top[0];
	check_pos(s->key_loc, 2, 1);
	assert_int_equal(s->key_loc.len, 7);
	check_pos(s->values[0].loc, 2, 9);
	check_pos(s->block_loc, 2, 13);
	/* The statement and its block end with the '}'. */
	assert_int_equal(s->loc.off + s->loc.len, strlen(fx->u->files[0]->text) - 1);
	assert_int_equal(s->block_loc.off + s->block_loc.len, s->loc.off + s->loc.len);
	c = s->body[0];
	check_pos(c->key_loc, 3, 2);
	check_pos(c->values[0].loc, 3, 10);
	/* "--x" is not a token: one stray '-' per byte, then the ident x. */
	assert_int_equal(c->nvalues, 2);
	assert_string_equal(c->values[1].text, "x");
	check_pos(c->values[1].loc, 4, 5);
	assert_int_equal(fx->d->n, 2);
	check_diag(fx, 0, D_BAD_TOKEN, 4, 3, "stray '-' in input");
	check_diag(fx, 1, D_BAD_TOKEN, 4, 4, NULL);
}

static void test_statement_span(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;

	parse(fx, "  key 1 2 ;");
	s = fx->u->top[0];
	check_pos(s->loc, 1, 3);
	assert_int_equal(s->loc.len, strlen("key 1 2 ;"));
}

static void test_missing_semicolon(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;

	parse(fx, "service web {\n  command \"x\"\n}\nnext 1;\n");
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_SYNTAX, 3, 1, "syntax error, unexpected '}', expecting ';' or '{'");
	/* The statement is kept as if the ';' were there. */
	assert_int_equal(fx->u->ntop, 2);
	s = fx->u->top[0];
	assert_int_equal(s->nbody, 1);
	assert_string_equal(s->body[0]->key, "command");
	assert_string_equal(fx->u->top[1]->key, "next");
}

static void test_missing_semicolon_at_eof(void **state)
{
	struct fixture *fx = *state;

	parse(fx, "a 1;\nb 2\n");
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_SYNTAX, 2, 4,
		   "syntax error, unexpected end of file, expecting ';' or '{'");
	assert_int_equal(fx->u->ntop, 2);
}

static void test_missing_close_brace(void **state)
{
	struct fixture *fx = *state;
	const struct diag *dg;

	parse(fx, "service web {\n  command \"x\";\n  log {\n    a 1;\n  }\n");
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_SYNTAX, 5, 4, "expected '}' at end of file");
	dg = fx->d->list[0];
	assert_int_equal(dg->nnotes, 1);
	check_pos(dg->notes[0].loc, 1, 13);
	assert_string_equal(dg->notes[0].msg, "to match this '{'");
	/* What was read is kept. */
	assert_int_equal(fx->u->ntop, 1);
	assert_int_equal(fx->u->top[0]->nbody, 2);
}

static void test_stray_close_brace(void **state)
{
	struct fixture *fx = *state;

	parse(fx, "a { b; }\n}\nc;\n\n}\nd;\n");
	assert_int_equal(fx->d->n, 2);
	check_diag(fx, 0, D_SYNTAX, 2, 1, "syntax error, unexpected '}' with no block open");
	check_diag(fx, 1, D_SYNTAX, 5, 1, NULL);
	assert_int_equal(fx->u->ntop, 3);
	assert_string_equal(fx->u->top[2]->key, "d");
}

static void test_statement_without_key(void **state)
{
	struct fixture *fx = *state;

	parse(fx, "\"web\" x;\n10s;\n;\n{ a 1; }\nok;\n");
	assert_int_equal(fx->d->n, 4);
	check_diag(fx, 0, D_SYNTAX, 1, 1, "syntax error, unexpected string, expecting identifier");
	check_diag(fx, 1, D_SYNTAX, 2, 1,
		   "syntax error, unexpected duration, expecting identifier");
	check_diag(fx, 2, D_SYNTAX, 3, 1, "syntax error, unexpected ';', expecting identifier");
	check_diag(fx, 3, D_SYNTAX, 4, 1, "syntax error, unexpected '{', expecting identifier");
	/* Each bad statement is dropped whole; nothing else is lost. */
	assert_int_equal(fx->u->ntop, 1);
	assert_string_equal(fx->u->top[0]->key, "ok");
}

/* Independent mistakes in one file: each reported once, in order, and the
 * good statements around them survive. */
static void test_several_errors(void **state)
{
	struct fixture *fx = *state;

	parse(fx,
	      "service a {\n"              /* 1 */
	      "  command \"x\"\n"          /* 2: missing ';' */
	      "}\n"                        /* 3 */
	      "\"junk\" here;\n"           /* 4: no key */
	      "service b {\n"              /* 5 */
	      "  user @ \"www\";\n"        /* 6: stray '@' */
	      "  umask 08;\n"              /* 7: bad octal */
	      "}\n"                        /* 8 */
	      "}\n"                        /* 9: unbalanced */
	      "service c { x \"${a\"; }\n" /* 10: bad interpolation */
	      "service d {\n"              /* 11 */
	      "  y 1\n"                    /* 12: missing ';' */
	      "}\n");                      /* 13 */
	assert_int_equal(fx->d->n, 7);
	check_diag(fx, 0, D_SYNTAX, 3, 1, NULL);
	check_diag(fx, 1, D_SYNTAX, 4, 1, NULL);
	check_diag(fx, 2, D_BAD_TOKEN, 6, 8, NULL);
	check_diag(fx, 3, D_BAD_TOKEN, 7, 9, NULL);
	check_diag(fx, 4, D_SYNTAX, 9, 1, NULL);
	check_diag(fx, 5, D_BAD_TOKEN, 10, 16, NULL);
	check_diag(fx, 6, D_SYNTAX, 13, 1, NULL);
	assert_int_equal(fx->u->ntop, 4);
	assert_string_equal(fx->u->top[3]->values[0].text, "d");
}

static void test_many_errors_go_on(void **state)
{
	struct fixture *fx = *state;
	char *text = talloc_strdup(fx->root, "");

	/* Past the cap (diag.c drops them) parsing still finishes. */
	for (int i = 0; i < 80; i++)
		text = talloc_asprintf_append(text, "k%d @;\n", i);
	text = talloc_asprintf_append(text, "last;\n");
	parse(fx, text);
	talloc_free(text);
	assert_int_equal(fx->u->ntop, 81);
	assert_true(fx->d->nerrors >= 50);
}

static void test_crlf_and_tabs(void **state)
{
	struct fixture *fx = *state;

	parse(fx, "a 1;\r\n\tb {\r\n\t\tc;\r\n\t}\r\n");
	assert_int_equal(fx->d->n, 0);
	assert_int_equal(fx->u->ntop, 2);
	check_pos(fx->u->top[1]->body[0]->key_loc, 3, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty),
		T(test_statements),
		T(test_nested_blocks),
		T(test_locations),
		T(test_statement_span),
		T(test_missing_semicolon),
		T(test_missing_semicolon_at_eof),
		T(test_missing_close_brace),
		T(test_stray_close_brace),
		T(test_statement_without_key),
		T(test_several_errors),
		T(test_many_errors_go_on),
		T(test_crlf_and_tabs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
