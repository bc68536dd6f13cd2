/* svcc --emit: which generated files to build, their names, and writing
 * them (atomically, all or nothing) into a folder or to stdout. */
#ifndef SVC_EMIT_H
#define SVC_EMIT_H

#include <stddef.h>
#include <talloc.h>
#include "diag.h"
#include "model.h"

enum emit_format {
	EMIT_INI = 1 << 0,     /* supervisord.conf */
	EMIT_INIT = 1 << 1,    /* the init script, named after initscript name */
	EMIT_NGINX = 1 << 2,   /* nginx-svc.conf */
	EMIT_SYSTEMD = 1 << 3, /* NAME.service */
	EMIT_TABLE = 1 << 4,   /* the compiled table, FILE.svct */
};

/* The formats of LIST ("ini", "init,nginx", "all"), or 0 with a message
 * in ERR (ERRLEN bytes). TO_STDOUT (-O -) allows one format only. */
unsigned emit_formats(const char *list, bool to_stdout, char *err, size_t errlen);

/* Builds every output of FORMATS (a list as emit_formats takes) from M,
 * which must hold no error, and writes them into OUTDIR (NULL: the input's
 * folder; "-": stdout). Nothing is written when any output fails, nor,
 * with WERROR, when one warns (a key it drops); failures go to D. Returns
 * 0, or -1 when nothing was written. */
int emit_main(TALLOC_CTX *ctx, const struct model *m, const char *formats, const char *outdir,
	      const char *input_path, bool werror, struct diags *d);

#endif
