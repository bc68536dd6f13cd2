/* The systemd unit generator: runs svcd -n or supervisord -n under systemd
 * with reload, restart and a stop timeout that fits every stopwait. */
#ifndef SVC_EMIT_SYSTEMD_H
#define SVC_EMIT_SYSTEMD_H

#include <talloc.h>
#include "diag.h"
#include "model.h"

/* The text of the output for M (which holds no error), under CTX; SOURCE
 * names the input in its header comment. NULL after a report into D when
 * a value cannot be written in it. */
char *emit_systemd(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d);

#endif
