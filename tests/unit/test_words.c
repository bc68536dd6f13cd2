/* Tests of words.c: POSIX-shell-like splitting without expansion, and
 * templates for words holding ${host} or ${env.NAME}. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "words.h"

/* TEXT splits into the NULL-terminated WANT. */
static void split_ok(TALLOC_CTX *ctx, const char *text, const char *const *want)
{
	struct mstr *argv;
	size_t argc, bad, n = 0;

	assert_true(words_split_text(ctx, text, &argv, &argc, &bad));
	while (want[n])
		n++;
	assert_int_equal(argc, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(argv[i].text, want[i]);
		assert_true(!argv[i].dynamic);
	}
	talloc_free(argv);
}

static void test_blanks(void **state)
{
	split_ok(*state, "  /bin/a\tb \n c  ", (const char *[]){"/bin/a", "b", "c", NULL});
	split_ok(*state, "", (const char *[]){NULL});
	split_ok(*state, "   ", (const char *[]){NULL});
}

static void test_quotes(void **state)
{
	split_ok(*state, "sh -c 'echo \"x\" $HOME \\n'",
		 (const char *[]){"sh", "-c", "echo \"x\" $HOME \\n", NULL});
	split_ok(*state, "a\"b c\"d", (const char *[]){"ab cd", NULL});
	split_ok(*state, "'' \"\" x", (const char *[]){"", "", "x", NULL});
	split_ok(*state, "\"a\\\"b\\\\c\\d\\$\"", (const char *[]){"a\"b\\c\\d$", NULL});
}

static void test_backslash(void **state)
{
	split_ok(*state, "a\\ b c\\'d", (const char *[]){"a b", "c'd", NULL});
	split_ok(*state, "a\\\nb", (const char *[]){"ab", NULL});
	split_ok(*state, "end\\", (const char *[]){"end\\", NULL});
}

static void test_unterminated(void **state)
{
	struct mstr *argv;
	size_t argc, bad;

	assert_true(!words_split_text(*state, "sh -c 'echo", &argv, &argc, &bad));
	assert_int_equal(bad, 6);
	assert_true(argv == NULL);
	assert_true(!words_split_text(*state, "a \"b\" \"c", &argv, &argc, &bad));
	assert_int_equal(bad, 6);
}

static void test_segments(void **state)
{
	const struct words_seg segs[] = {
		{WS_TEXT, "run --dir="},  {WS_LITERAL, "/my dir/'x'"},
		{WS_TEXT, " --home=\"$"}, {WS_DYNAMIC, "${env.HOME}"},
		{WS_TEXT, "\""},
	};
	struct mstr *argv;
	size_t argc, seg, off;

	assert_true(words_split(*state, segs, 5, &argv, &argc, &seg, &off));
	assert_int_equal(argc, 3);
	assert_string_equal(argv[1].text, "--dir=/my dir/'x'");
	assert_true(!argv[1].dynamic);
	assert_string_equal(argv[2].text, "--home=$$${env.HOME}");
	assert_true(argv[2].dynamic);
	talloc_free(argv);
	/* the quote's segment and offset */
	const struct words_seg bad[] = {{WS_TEXT, "a "}, {WS_LITERAL, "b"}, {WS_TEXT, " 'c"}};
	assert_true(!words_split(*state, bad, 3, &argv, &argc, &seg, &off));
	assert_int_equal(seg, 2);
	assert_int_equal(off, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blanks, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_quotes, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_backslash, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_segments, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
