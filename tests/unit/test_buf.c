/* Tests of buf.c: growth past a base, the limit of one buffer, and the
 * pool that many buffers share (what bounds a server's replies together,
 * whatever the number of connections). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "common/buf.h"
#include "leak.h"

static char fill[6000];

static void test_base_then_growth(void **state)
{
	static char base[4096];
	struct buf b;

	buf_init_base(&b, *state, base, sizeof(base), 1 << 20);
	buf_add(&b, fill, 1000);
	assert_ptr_equal(b.data, base);
	buf_add(&b, fill, 5000);
	assert_false(b.overflow);
	assert_ptr_not_equal(b.data, base);
	assert_int_equal(b.len, 6000);
	assert_memory_equal(b.data, fill, 1000);
	buf_release(&b, 0);
	assert_ptr_equal(b.data, base);
	assert_int_equal(b.len, 0);
}

static void test_limit(void **state)
{
	struct buf b;

	buf_init(&b, *state, 100);
	buf_add(&b, fill, 99);
	assert_false(b.overflow);
	buf_addc(&b, 'x');
	assert_true(b.overflow);
	assert_int_equal(b.len, 99);
	assert_null(buf_take(&b));
	buf_release(&b, 0);
}

static void test_pool_shared(void **state)
{
	static char base1[4096], base2[4096];
	struct buf_pool pool = {.limit = 16384};
	struct buf a, b;

	buf_init_base(&a, *state, base1, sizeof(base1), 1 << 20);
	buf_init_base(&b, *state, base2, sizeof(base2), 1 << 20);
	buf_set_pool(&a, &pool);
	buf_set_pool(&b, &pool);

	/* what fits in the bases costs the pool nothing */
	buf_add(&a, fill, 4000);
	buf_add(&b, fill, 4000);
	assert_int_equal(pool.used, 0);

	/* a takes 8 KiB, then 16 KiB: all of the pool */
	buf_add(&a, fill, 4000);
	assert_int_equal(pool.used, 8192);
	buf_add(&a, fill, 6000);
	assert_false(a.overflow);
	assert_int_equal(pool.used, 16384);

	/* b cannot grow past its base while a holds the pool */
	buf_add(&b, fill, 1000);
	assert_true(b.overflow);
	assert_int_equal(b.len, 4000);
	assert_int_equal(pool.used, 16384);

	/* a's reply is sent: b may grow again */
	buf_release(&a, 0);
	assert_int_equal(pool.used, 0);
	buf_reset(&b);
	buf_add(&b, fill, 6000);
	assert_false(b.overflow);
	assert_int_equal(pool.used, 8192);

	/* text taken out of a buffer leaves the pool with it */
	talloc_free(buf_take(&b));
	assert_int_equal(pool.used, 0);
	buf_release(&b, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base_then_growth, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_limit, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_pool_shared, leak_setup, leak_teardown),
	};

	atexit(leak_untrack);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
