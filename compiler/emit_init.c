/* The init script generator: templates/initscript with the daemon, its
 * configuration, pidfile, run levels and stop timeout filled in. */
#include <string.h>
#include "emit_fmt.h"
#include "emit_init.h"
#include "common/oom.h"

#define INIT_FORMAT "init script"

/* TEXT as one sh word: bare when nothing in it is special to the shell. */
static char *sh_quote(TALLOC_CTX *ctx, const char *text)
{
	char *out;

	if (*text
	    && strspn(text,
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789/._+-:,@%")
		    == strlen(text))
		return must(talloc_strdup(ctx, text));
	out = must(talloc_strdup(ctx, "'"));
	for (const char *p = text; *p; p++)
		out = *p == '\'' ? must(talloc_strdup_append_buffer(out, "'\\''"))
				 : must(talloc_strndup_append_buffer(out, p, 1));
	return must(talloc_strdup_append_buffer(out, "'"));
}

/* A template string (${env.NAME}, ${host}, "$$" for '$') as one sh word
 * that the script expands when it runs: svcd and supervisord expand the
 * same names from the same environment, the one the script gives them. */
static char *sh_value(TALLOC_CTX *ctx, const struct mstr *s)
{
	char *out;

	if (!s->dynamic)
		return sh_quote(ctx, s->text);
	out = must(talloc_strdup(ctx, "\""));
	for (const char *p = s->text; *p; p++) {
		size_t n;
		if (strncmp(p, "$$", 2) == 0) {
			out = must(talloc_strdup_append_buffer(out, "\\$"));
			p++;
		} else if (strncmp(p, "${host}", 7) == 0) {
			out = must(talloc_strdup_append_buffer(out, "$(uname -n)"));
			p += 6;
		} else if (strncmp(p, "${env.", 6) == 0 && (n = strcspn(p, "}")) && p[n]) {
			out = must(
				talloc_asprintf_append_buffer(out, "${%.*s}", (int)(n - 6), p + 6));
			p += n;
		} else {
			if (strchr("\"\\$`", *p))
				out = must(talloc_strdup_append_buffer(out, "\\"));
			out = must(talloc_strndup_append_buffer(out, p, 1));
		}
	}
	return must(talloc_strdup_append_buffer(out, "\""));
}

/* "2345" as LSB writes it ("2 3 4 5"), or the levels it leaves out. */
static char *lsb_levels(TALLOC_CTX *ctx, const char *levels, bool complement)
{
	char *out = must(talloc_strdup(ctx, ""));

	for (char c = '0'; c <= '6'; c++)
		if ((strchr(levels, c) != NULL) != complement)
			out = must(talloc_asprintf_append_buffer(out, "%s%c", *out ? " " : "", c));
	return out;
}

/* A path on one line: it also goes into the header comments. */
static bool one_line(const char *text, const struct mvalue *mv, const char *what, struct diags *d)
{
	if (!strchr(text, '\n'))
		return true;
	diag_report(d, D_CONFLICT, emit_loc(mv),
		    "%s holds a line break, which the %s "
		    "cannot carry",
		    what, INIT_FORMAT);
	return false;
}

char *emit_init(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d)
{
	TALLOC_CTX *tmp = must(talloc_new(NULL));
	const struct mblock *init = m->initscript;
	const struct mvalue *pid = MV(m->supervisor, SUP_PIDFILE);
	const char *pidfile = pid->str.text ? pid->str.text : pid->word;
	const char *config = emit_config_path(m);
	const char *levels =
		init ? MV(init, INIT_RUNLEVELS)->word : schema_keys[INIT_RUNLEVELS].def_str;
	bool sup = emit_is_supervisord(m);
	char *out = NULL;

	if (!one_line(pidfile, MV(m->supervisor, SUP_PIDFILE), "the pidfile", d)
	    || (init && !one_line(config, MV(init, INIT_CONFIG), "the config path", d)))
		goto done;
	const char *kv[] = {
		"NAME",
		emit_service_name(m),
		"SOURCE",
		source,
		"DAEMON_NAME",
		sup ? "supervisord" : "svcd",
		"DAEMON",
		sh_quote(tmp, emit_daemon_path(m)),
		"CONFIG",
		config,
		"PIDFILE",
		pidfile,
		"QCONFIG",
		sh_quote(tmp, config), /* shell settings get quoting */
		"QPIDFILE",
		pid->str.text ? sh_value(tmp, &pid->str) : sh_quote(tmp, pidfile),
		"RUNLEVELS",
		levels,
		"START_PRIORITY",
		must(talloc_asprintf(tmp, "%02lld",
				     init ? MV(init, INIT_START_PRIORITY)->num
					  : schema_keys[INIT_START_PRIORITY].def_num)),
		"STOP_PRIORITY",
		must(talloc_asprintf(tmp, "%02lld",
				     init ? MV(init, INIT_STOP_PRIORITY)->num
					  : schema_keys[INIT_STOP_PRIORITY].def_num)),
		"LSB_START",
		lsb_levels(tmp, levels, false),
		"LSB_STOP",
		lsb_levels(tmp, levels, true),
		"STOP_TIMEOUT",
		must(talloc_asprintf(tmp, "%lld", emit_stop_budget(m))),
		"START_COMMAND",
		sup ? "\"$DAEMON\" -c \"$CONFIG\" -j \"$PIDFILE\"" : "\"$DAEMON\" -c \"$CONFIG\"",
		NULL,
	};
	out = emit_fill(ctx, emit_template("initscript"), kv);
done:
	talloc_free(tmp);
	return out;
}
