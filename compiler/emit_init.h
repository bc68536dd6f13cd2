/* The SysV init script generator: a POSIX sh boot script with chkconfig and
 * LSB headers that starts, stops and checks svcd or supervisord. */
#ifndef SVC_EMIT_INIT_H
#define SVC_EMIT_INIT_H

#include <talloc.h>
#include "diag.h"
#include "model.h"

/* The text of the output for M (which holds no error), under CTX; SOURCE
 * names the input in its header comment. NULL after a report into D when
 * a value cannot be written in it. */
char *emit_init(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d);

#endif
