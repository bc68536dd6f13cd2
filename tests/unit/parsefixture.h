/* The fixture of the front-end tests: a talloc root, the diagnostics and
 * the unit one parse left; teardown fails the test on any leak, under the
 * root or in talloc's NULL context. */
#ifndef SVC_PARSEFIXTURE_H
#define SVC_PARSEFIXTURE_H

#include <stdlib.h>
#include <talloc.h>
#include "parse.h"

struct fixture {
	TALLOC_CTX *root;
	size_t null_blocks;
	struct diags *d;
	struct ast_unit *u;
};

static inline int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->null_blocks = talloc_total_blocks(NULL);
	fx->root = talloc_new(NULL);
	fx->d = diags_new(fx->root);
	*state = fx;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *fx = *state;

	/* The unit and the diagnostics are all a parse may leave behind. */
	talloc_free(fx->u);
	talloc_free(fx->d);
	assert_int_equal(talloc_total_size(fx->root), 0);
	talloc_free(fx->root);
	assert_int_equal(talloc_total_blocks(NULL), fx->null_blocks);
	free(fx);
	return 0;
}

#endif
