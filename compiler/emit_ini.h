/* The supervisord 4.x INI generator: the whole configuration file for
 * Debian's supervisord, from the validated model. */
#ifndef SVC_EMIT_INI_H
#define SVC_EMIT_INI_H

#include <talloc.h>
#include "diag.h"
#include "model.h"

/* The text of supervisord.conf for M (which holds no error), under CTX.
 * SOURCE names the input in the header comment. Returns NULL when a value
 * cannot be written in supervisord's syntax (reported into D). */
char *emit_ini(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d);

#endif
