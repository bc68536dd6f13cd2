/* Tests of interp.c: which ${...} names exist, where each may be used
 * (from the schema's flags), and resolution into plain strings or
 * templates for the supervisor. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "interp.h"
#include "leak.h"


/* A string of parts written as "text", "${name}", ... (NULL-terminated). */
static struct ast_str str_of(TALLOC_CTX *ctx, const char *const *parts)
{
	struct ast_str s = {0};

	while (parts[s.nparts])
		s.nparts++;
	s.parts = talloc_zero_array(ctx, struct ast_part, s.nparts);
	for (size_t i = 0; i < s.nparts; i++) {
		const char *p = parts[i];
		bool interp = strncmp(p, "${", 2) == 0;
		s.parts[i].kind = interp ? PART_INTERP : PART_TEXT;
		s.parts[i].text = interp ? talloc_strndup(s.parts, p + 2, strlen(p) - 3) : p;
	}
	return s;
}

static void test_env_names(void **state)
{
	(void)state;
	assert_true(interp_env_name("HOME"));
	assert_true(interp_env_name("_x9"));
	assert_true(!interp_env_name("9x"));
	assert_true(!interp_env_name("a-b"));
	assert_true(!interp_env_name(""));
}

static void test_check(void **state)
{
	struct diags *d = diags_new(*state);
	struct ast_str ok =
		str_of(*state, (const char *[]){"${service}", "-", "${index}", "${host}", NULL});
	struct ast_str bad = str_of(*state, (const char *[]){"${indx}", "${env.HOME}", NULL});
	const struct schema_key *cmd = schema_find(SB_SERVICE, "command");
	const struct schema_key *name = schema_find(SB_SERVICE, "name");

	assert_true(interp_check(&ok, cmd, d));
	assert_int_equal(d->n, 0);
	/* an unknown name, and ${env.HOME} where only compile-time names go */
	assert_true(!interp_check(&bad, name, d));
	assert_int_equal(d->n, 2);
	assert_int_equal(d->list[0]->code, D_INTERP);
	assert_int_equal(d->list[1]->code, D_INTERP_PLACE);
	assert_true(interp_has(&ok, "index"));
	assert_true(!interp_has(&bad, "index"));
	talloc_free(d);
	talloc_free(ok.parts);
	talloc_free(bad.parts);
}

static void test_resolve(void **state)
{
	struct ast_str s =
		str_of(*state, (const char *[]){"/srv/", "${service}", "/", "${index}", "$", NULL});
	struct interp_ctx ic = {.service = "web", .group = "tier", .index = 7, .has_index = true};
	struct mstr m = interp_resolve(*state, &s, &ic);

	assert_string_equal(m.text, "/srv/web/7$");
	assert_true(!m.dynamic);
	talloc_free((char *)m.text);
	talloc_free(s.parts);
	s = str_of(*state, (const char *[]){"a$", "${group}", ":", "${env.HOME}", NULL});
	m = interp_resolve(*state, &s, &ic);
	assert_string_equal(m.text, "a$$tier:${env.HOME}");
	assert_true(m.dynamic);
	talloc_free((char *)m.text);
	talloc_free(s.parts);
}

/* A name of supervisor { env } is its value (a template stays one); any
 * other ${env.NAME} is left for svcd. */
static void test_resolve_supenv(void **state)
{
	const struct menv sup[] = {{"A", {"x$y", false}}, {"B", {"${env.HOME}/b", true}}};
	struct interp_ctx ic = {.supenv = sup, .nsupenv = 2};
	struct ast_str s = str_of(*state, (const char *[]){"${env.A}", "-", NULL});
	struct mstr m = interp_resolve(*state, &s, &ic);

	assert_string_equal(m.text, "x$y-");
	assert_true(!m.dynamic);
	talloc_free((char *)m.text);
	talloc_free(s.parts);
	s = str_of(*state, (const char *[]){"${env.A}", ":", "${env.B}", ":", "${env.C}", NULL});
	m = interp_resolve(*state, &s, &ic);
	assert_string_equal(m.text, "x$$y:${env.HOME}/b:${env.C}");
	assert_true(m.dynamic);
	talloc_free((char *)m.text);
	talloc_free(s.parts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_env_names, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_check, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_supenv, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
