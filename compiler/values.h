/* Typed checks of a statement's values against its schema key: count,
 * kinds, ranges and words, with messages naming the expected form. */
#ifndef SVC_VALUES_H
#define SVC_VALUES_H

#include <stdbool.h>
#include <talloc.h>
#include "ast.h"
#include "diag.h"
#include "model.h"
#include "schema.h"

/* Checks ST's values against KEY (not ST_BLOCK), reports every mistake and
 * fills MV's num, word and vals. Strings are resolved later (interp.h).
 * Repeated ST_STRINGS keys append to MV->vals (copies under CTX). */
bool values_check(TALLOC_CTX *ctx, const struct schema_key *key, const struct ast_stmt *st,
		  struct diags *d, struct mvalue *mv);

/* MV as KEY's built-in default (an enum's word is allocated under CTX). */
void values_default(TALLOC_CTX *ctx, const struct schema_key *key, struct mvalue *mv);

/* NUM written as KEY's type is written in the language: "10s", "50MB",
 * "022", "3". */
char *values_format(TALLOC_CTX *ctx, const struct schema_key *key, long long num);

#endif
