/* The nginx snippet generator: an upstream to the supervisor's control
 * server and a server whose location proxies its web panel. */
#ifndef SVC_EMIT_NGINX_H
#define SVC_EMIT_NGINX_H

#include <talloc.h>
#include "diag.h"
#include "model.h"

/* The text of the output for M (which holds no error), under CTX; SOURCE
 * names the input in its header comment. NULL after a report into D when
 * a value cannot be written in it. */
char *emit_nginx(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d);

#endif
