/* The fixture of the front-end tests: a talloc root, the diagnostics and
 * the unit one parse left; teardown fails the test on any leak, under the
 * root or in talloc's NULL context (tests/unit/leak.h). */
#ifndef SVC_PARSEFIXTURE_H
#define SVC_PARSEFIXTURE_H

#include <stdlib.h>
#include <talloc.h>
#include "leak.h"
#include "parse.h"

struct fixture {
	TALLOC_CTX *root;
	struct leak_mark mark;
	struct diags *d;
	struct ast_unit *u;
};

static inline int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->mark = leak_mark();
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
	leak_check(fx->root, fx->mark);
	free(fx);
	return 0;
}

#endif
