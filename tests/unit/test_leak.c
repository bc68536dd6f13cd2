/* The leak check of tests/unit/leak.h can fail: a block leaked with a NULL
 * parent, and an empty context left under a test's root, are both found. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"

static void test_null_parent_leak_found(void **state)
{
	struct leak_mark mark = leak_mark();
	char *lost;

	(void)state;
	assert_int_equal(leak_found(mark), 0);
	lost = talloc_strdup(NULL, "never freed");
	assert_non_null(lost);
	assert_int_equal(leak_found(mark), 1);
	assert_int_equal(leak_left(NULL, mark), 1);
	talloc_free(lost);
	assert_int_equal(leak_found(mark), 0);
}

static void test_empty_child_found(void **state)
{
	struct leak_mark mark = leak_mark();
	TALLOC_CTX *root = talloc_new(NULL);
	TALLOC_CTX *kept = talloc_new(root);

	(void)state;
	assert_non_null(kept);
	/* talloc_total_size() does not see it: it has no bytes */
	assert_int_equal(talloc_total_size(root), 0);
	assert_int_equal(leak_left(root, mark), 1);
	assert_int_equal(leak_found(mark), 0);
}

static void test_clean_is_clean(void **state)
{
	struct leak_mark mark = leak_mark();
	TALLOC_CTX *root = talloc_new(NULL);

	(void)state;
	talloc_free(talloc_strdup(root, "freed"));
	assert_int_equal(leak_left(root, mark), 0);
}

/* The shared fixture itself: a leak on the root it hands out is counted. */
static void test_fixture_sees_leak(void **state)
{
	void *fixture;

	(void)state;
	assert_int_equal(leak_setup(&fixture), 0);
	talloc_strdup(fixture, "left behind");
	assert_int_equal(leak_left(fixture, leak_fixture_mark), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_parent_leak_found),
		cmocka_unit_test(test_empty_child_found),
		cmocka_unit_test(test_clean_is_clean),
		cmocka_unit_test(test_fixture_sees_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
