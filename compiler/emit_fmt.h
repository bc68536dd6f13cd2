/* What the generators share: the output templates embedded at build time
 * (scripts/embed.sh), filling their @NAME@ placeholders, and reading plain
 * values out of the model for files that cannot expand ${env.NAME}. */
#ifndef SVC_EMIT_FMT_H
#define SVC_EMIT_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>
#include "diag.h"
#include "model.h"

struct emit_tmpl {
	const char *name; /* the file's name in templates/ */
	const char *text; /* NUL-terminated */
	size_t len;
};

/* Generated from templates/ into the build folder; ends with a NULL name. */
extern const struct emit_tmpl emit_templates[];

/* The text of templates/NAME, or NULL. */
const char *emit_template(const char *name);

/* TMPL with each @KEY@ replaced by its value; KV holds KEY, VALUE pairs and
 * ends with NULL. "@@" gives one '@'; an unknown @KEY@ is left as written. */
char *emit_fill(TALLOC_CTX *ctx, const char *tmpl, const char *const *kv);

/* Where MV was set, for messages about it (its value when it has one). */
struct loc emit_loc(const struct mvalue *mv);

/* The text of a string value for a file nothing expands in (init script,
 * nginx, systemd unit): NULL when it holds ${host} or ${env.NAME}, after
 * reporting that FORMAT cannot carry it. */
const char *emit_plain(const struct mvalue *mv, const char *what, const char *format,
		       struct diags *d);

/* The longest a clean stop of the whole supervisor may take, in seconds:
 * every service's stopwait (rounded up), as stops may run one after the
 * other, plus a margin. The init script and the unit wait this long. */
long long emit_stop_budget(const struct model *m);

/* The daemon the model boots (initscript daemon): true for supervisord. */
bool emit_is_supervisord(const struct model *m);

/* Where the daemon's configuration is installed (initscript config). */
const char *emit_config_path(const struct model *m);

/* The boot script's name, also the unit's (initscript name). */
const char *emit_service_name(const struct model *m);

/* The installed daemon's path. */
const char *emit_daemon_path(const struct model *m);

#endif
