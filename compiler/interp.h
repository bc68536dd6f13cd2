/* Interpolations in strings: checking each ${...} against where it is
 * written, and resolving a string for one block or one process into a
 * struct mstr (runtime names kept as a template). */
#ifndef SVC_INTERP_H
#define SVC_INTERP_H

#include <stdbool.h>
#include <talloc.h>
#include "ast.h"
#include "diag.h"
#include "model.h"
#include "schema.h"
#include "words.h"

/* What the compile-time names stand for where a string is resolved. */
struct interp_ctx {
	const char *service; /* NULL outside a service */
	const char *group;   /* the group's name, or the service's */
	long long index;
	bool has_index;
	/* supervisor { env }: what ${env.NAME} means for these names (in
	   services: supervisord adds them to its ENV_ expansions) */
	const struct menv *supenv;
	size_t nsupenv;
};

/* Reports every unknown ${...} of S (D_INTERP) and every one KEY does not
 * allow (D_INTERP_PLACE). Returns true when all are fine. */
bool interp_check(const struct ast_str *s, const struct schema_key *key, struct diags *d);

/* True when S holds ${NAME}. */
bool interp_has(const struct ast_str *s, const char *name);

/* S with compile-time names replaced, ${env.NAME} by the supervisor's
 * value when IC names NAME; dynamic when ${host} or ${env.NAME} remain. Names interp_check refused are kept as written. */
struct mstr interp_resolve(TALLOC_CTX *ctx, const struct ast_str *s, const struct interp_ctx *ic);

/* S as segments for words_split: one per part, in order (so a segment's
 * index is its part's). Strings are children of the returned array. */
struct words_seg *interp_segments(TALLOC_CTX *ctx, const struct ast_str *s,
				  const struct interp_ctx *ic);

/* True when NAME is a valid environment variable name. */
bool interp_env_name(const char *name);

#endif
