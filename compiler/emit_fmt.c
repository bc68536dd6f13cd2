/* Helpers the generators share: embedded templates, placeholder filling,
 * and the few model facts the init script and the unit both need. */
#include <string.h>
#include "emit_fmt.h"
#include "common/oom.h"

#ifndef SVC_BINDIR
#define SVC_BINDIR "/usr/local/bin" /* the Makefile's default BINDIR */
#endif
#define SUPERVISORD_PATH "/usr/bin/supervisord" /* Debian's package */
#define STOP_MARGIN      10                     /* seconds on top of the stopwaits */

const char *emit_template(const char *name)
{
	for (const struct emit_tmpl *t = emit_templates; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t->text;
	return NULL;
}

static const char *kv_find(const char *const *kv, const char *key, size_t len)
{
	for (size_t i = 0; kv[i]; i += 2)
		if (strlen(kv[i]) == len && strncmp(kv[i], key, len) == 0)
			return kv[i + 1];
	return NULL;
}

char *emit_fill(TALLOC_CTX *ctx, const char *tmpl, const char *const *kv)
{
	char *out = must(talloc_strdup(ctx, ""));
	const char *p = tmpl;

	while (*p) {
		const char *at = strchr(p, '@'), *end, *val;

		if (!at)
			return must(talloc_strdup_append_buffer(out, p));
		out = must(talloc_strndup_append_buffer(out, p, (size_t)(at - p)));
		end = at[1] ? at + 1 + strspn(at + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") : at + 1;
		if (*end != '@') {
			out = must(talloc_strdup_append_buffer(out, "@"));
			p = at + 1;
			continue;
		}
		val = end == at + 1 ? "@" : kv_find(kv, at + 1, (size_t)(end - at - 1));
		if (val)
			out = must(talloc_strdup_append_buffer(out, val));
		else
			out = must(talloc_strndup_append_buffer(out, at, (size_t)(end - at + 1)));
		p = end + 1;
	}
	return out;
}

struct loc emit_loc(const struct mvalue *mv)
{
	if (!mv->stmt)
		return (struct loc){NULL, 0, 0};
	return mv->stmt->nvalues ? mv->stmt->values[0].loc : mv->stmt->key_loc;
}

const char *emit_plain(const struct mvalue *mv, const char *what, const char *format,
		       struct diags *d)
{
	if (mv->str.text && mv->str.dynamic) {
		diag_report(d, D_INTERP_PLACE, emit_loc(mv),
			    "%s holds ${host} or ${env.NAME}, "
			    "which the %s cannot expand; write the value out",
			    what, format);
		return NULL;
	}
	return mv->str.text ? mv->str.text : mv->word;
}

long long emit_stop_budget(const struct model *m)
{
	long long secs = STOP_MARGIN;

	for (size_t i = 0; i < m->nservices; i++)
		secs += (MV(m->services[i]->b, SVC_STOPWAIT)->num + 999) / 1000;
	return secs;
}

bool emit_is_supervisord(const struct model *m)
{
	return m->initscript && MV(m->initscript, INIT_DAEMON)->num == 1;
}

const char *emit_config_path(const struct model *m)
{
	const struct mvalue *cfg;

	if (!m->initscript)
		return "/etc/svcd/services.svct";
	cfg = MV(m->initscript, INIT_CONFIG);
	return cfg->str.text ? cfg->str.text : cfg->word;
}

const char *emit_service_name(const struct model *m)
{
	if (!m->initscript)
		return schema_keys[INIT_NAME].def_str;
	return MV(m->initscript, INIT_NAME)->word;
}

const char *emit_daemon_path(const struct model *m)
{
	return emit_is_supervisord(m) ? SUPERVISORD_PATH : SVC_BINDIR "/svcd";
}
