/* The leak check every unit test shares. talloc's NULL context is tracked,
 * so a block allocated with a NULL parent and never freed is seen, and so
 * is any block, even an empty one, left under the test's own root.
 * leak_setup/leak_teardown are the fixture of the tests that need nothing
 * but a root (*state); other fixtures call leak_mark() first in their setup
 * and leak_check() last in their teardown. tests/unit/test_leak.c leaks on
 * purpose to show that the check sees it. */
#ifndef SVC_LEAK_H
#define SVC_LEAK_H

#include <stdio.h>
#include <stdlib.h>
#include <talloc.h>

struct leak_mark {
	size_t null_blocks; /* blocks under talloc's NULL context */
};

/* Tracking makes talloc allocate a context of its own for NULL; it goes
 * at exit, so that LeakSanitizer does not report it. */
static inline void leak_untrack(void)
{
	talloc_disable_null_tracking();
}

static inline struct leak_mark leak_mark(void)
{
	static int tracking;

	if (!tracking) {
		talloc_enable_null_tracking();
		atexit(leak_untrack);
		tracking = 1;
	}
	return (struct leak_mark){talloc_total_blocks(NULL)};
}

/* The blocks allocated since MARK and still there (0 for none); prints
 * talloc's report of them to stderr. */
static inline size_t leak_found(struct leak_mark mark)
{
	size_t now = talloc_total_blocks(NULL);

	if (now <= mark.null_blocks)
		return 0;
	fprintf(stderr, "leak: %zu talloc blocks were not freed:\n", now - mark.null_blocks);
	talloc_report_full(NULL, stderr);
	return now - mark.null_blocks;
}

/* The blocks under ROOT besides ROOT itself, then ROOT freed, plus
 * whatever else is left since MARK. */
static inline size_t leak_left(TALLOC_CTX *root, struct leak_mark mark)
{
	size_t under = root ? talloc_total_blocks(root) - 1 : 0;

	if (under)
		talloc_report_full(root, stderr);
	talloc_free(root);
	return under + leak_found(mark);
}

/* The teardown's assertion: nothing left. */
#define leak_check(root, mark) assert_int_equal(leak_left((root), (mark)), 0)

static struct leak_mark leak_fixture_mark;

static inline int leak_setup(void **state)
{
	leak_fixture_mark = leak_mark();
	*state = talloc_new(NULL);
	return *state ? 0 : -1;
}

static inline int leak_teardown(void **state)
{
	leak_check(*state, leak_fixture_mark);
	return 0;
}

#endif
