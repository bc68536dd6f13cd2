/* Validation: named passes over the unit that report every mistake they
 * find and build the model (defaults applied, instances expanded). */
#ifndef SVC_VALIDATE_H
#define SVC_VALIDATE_H

#include <stdbool.h>
#include <talloc.h>
#include "ast.h"
#include "diag.h"
#include "model.h"

struct validate_opts {
	bool host_checks; /* look at the build host: command paths exist */
};

/* Always returns a model; it is complete and safe to emit only when D
 * holds no error. */
struct model *validate(TALLOC_CTX *ctx, const struct ast_unit *unit,
		       const struct validate_opts *opts, struct diags *d);

#endif
