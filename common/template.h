/* The table's string templates, written by svcc and expanded by svcd: text
 * with '$' written "$$", and the two names only the supervisor knows,
 * ${host} (its machine's name) and ${env.NAME} (its environment). */
#ifndef SVC_TEMPLATE_H
#define SVC_TEMPLATE_H

#include <stddef.h>
#include "buf.h"

/* Appends TEXT to OUT as a template's literal text. */
void template_literal(struct buf *out, const char *text);

enum template_result { TEMPLATE_OK, TEMPLATE_UNSET, TEMPLATE_BAD };

/* Appends TPL expanded to OUT: ${host} as HOST, ${env.NAME} as LOOKUP
 * gives it. TEMPLATE_UNSET when a variable is not set (its name in NAME,
 * NAMELEN bytes), TEMPLATE_BAD when TPL is no template. */
enum template_result template_expand(struct buf *out, const char *tpl, const char *host,
				     const char *(*lookup)(const char *name), char *name,
				     size_t namelen);

#endif
