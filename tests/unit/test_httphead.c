/* Header lines as both svcd's server and svcctl read them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/httphead.h"
#include "leak.h"

static bool split(const char *line, struct httphead *h)
{
	return httphead_split(line, strlen(line), h);
}

static void test_split(void **state)
{
	struct httphead h;

	(void)state;
	assert_true(split("Content-Length: 12 \t", &h));
	assert_true(httphead_is(&h, "content-length"));
	assert_false(httphead_is(&h, "Content-Len"));
	assert_int_equal(h.valuelen, 2);
	assert_memory_equal(h.value, "12", 2);
	assert_true(split("X-Empty:", &h));
	assert_int_equal(h.valuelen, 0);
	/* what two parsers could read differently is not a header line */
	assert_false(split("Transfer-Encoding : chunked", &h));
	assert_false(split(" folded: continuation", &h));
	assert_false(split(": no name", &h));
	assert_false(split("no colon at all", &h));
	assert_false(split("Bad@Name: x", &h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
	};

	atexit(leak_untrack);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
