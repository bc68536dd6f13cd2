/* What every unit test program shares: a talloc root per test, and a
 * teardown that fails the test when anything is left under it (a leak). */
#ifndef SVC_TESTUTIL_H
#define SVC_TESTUTIL_H

#include <talloc.h>

static inline int setup(void **state)
{
	*state = talloc_new(NULL);
	return *state ? 0 : -1;
}

static inline int teardown(void **state)
{
	assert_int_equal(talloc_total_size(*state), 0);
	talloc_free(*state);
	return 0;
}

#endif
