/* The systemd unit generator: templates/systemd.service with the daemon's
 * command line, pidfile, stop timeout and service type filled in. */
#include <string.h>
#include "emit_fmt.h"
#include "emit_systemd.h"
#include "common/oom.h"

#define UNIT_FORMAT "systemd unit"

/* TEXT in a unit file: '%' starts a specifier and '$' a variable in
 * ExecStart, so both are doubled; ARG also gets quotes when it has blanks. */
static char *unit_escape(TALLOC_CTX *ctx, const char *text, bool arg)
{
	bool quote = arg && (strpbrk(text, " \t\"'\\") || !*text);
	char *out = must(talloc_strdup(ctx, quote ? "\"" : ""));

	for (const char *p = text; *p; p++) {
		if (*p == '%' || (arg && *p == '$'))
			out = must(talloc_strndup_append_buffer(out, p, 1));
		else if (quote && (*p == '"' || *p == '\\'))
			out = must(talloc_strdup_append_buffer(out, "\\"));
		out = must(talloc_strndup_append_buffer(out, p, 1));
	}
	return quote ? must(talloc_strdup_append_buffer(out, "\"")) : out;
}

/* systemd moves pidfiles from the legacy /var/run to /run, with a notice. */
static const char *run_path(const char *path)
{
	return strncmp(path, "/var/run/", 9) == 0 ? path + 4 : path;
}

#define START_MARGIN 10 /* seconds on top of the start attempts */

/* The wait before retry N (from 1) of a service of B, in milliseconds:
 * N seconds with the linear backoff, else initial doubled up to max. */
static long long retry_wait(const struct mblock *b, long long n)
{
	const struct mvalue *bo = MV(b, SVC_BACKOFF);
	long long wait, max;

	if (bo->num != 1 || !bo->sub)
		return n * 1000;
	wait = MV(bo->sub, BACKOFF_INITIAL)->num;
	max = MV(bo->sub, BACKOFF_MAX)->num;
	for (long long k = 1; k < n && wait < max; k++)
		wait *= 2;
	return wait < max ? wait : max;
}

/* The longest svcd may take to say READY=1, in seconds: for every autostart
 * service, each attempt of startretries + 1 waits startsecs, or with ready
 * its timeout and the stop after it, and retry N waits its backoff before
 * (N seconds with svcd's linear one); all of it as if the services started
 * one after the other, plus a margin. Past it systemd would kill svcd. -1
 * when a service retries for ever: there is no such time. */
static long long start_budget(const struct model *m)
{
	long long ms = START_MARGIN * 1000LL;

	for (size_t i = 0; i < m->nservices; i++) {
		const struct mblock *b = m->services[i]->b;
		const struct mvalue *ready = MV(b, SVC_READY);
		long long retries = MV(b, SVC_STARTRETRIES)->num, wait;

		if (!MV(b, SVC_AUTOSTART)->num)
			continue;
		if (retries == SCHEMA_INFINITE)
			return -1;
		wait = ready->stmt && ready->sub
			? MV(ready->sub, READY_TIMEOUT)->num + MV(b, SVC_STOPWAIT)->num
			: MV(b, SVC_STARTSECS)->num;
		ms += (retries + 1) * wait;
		for (long long n = 1; n <= retries; n++)
			ms += retry_wait(b, n);
	}
	return (ms + 999) / 1000;
}

/* What the unit says of how its daemon starts: svcd speaks sd_notify,
 * supervisord does not. */
static char *type_lines(TALLOC_CTX *ctx, const struct model *m, bool sup)
{
	long long budget = start_budget(m);

	if (sup)
		return must(talloc_strdup(ctx, "Type=simple\n"));
	if (budget < 0)
		return must(talloc_strdup(
			ctx,
			"# svcd sends READY=1 once every autostart process is RUNNING (ready,\n"
			"# when it has a ready check) or FATAL, so units after this one wait for\n"
			"# it; a service with startretries infinite never goes FATAL, so there\n"
			"# is no time after which svcd could be said to have failed to start.\n"
			"Type=notify\n"
			"NotifyAccess=main\n"
			"TimeoutStartSec=infinity\n"));
	return must(talloc_asprintf(
		ctx,
		"# svcd sends READY=1 once every autostart process is RUNNING (ready,\n"
		"# when it has a ready check) or FATAL, so units after this one wait for\n"
		"# it; that takes at most %lld seconds (every start attempt of every\n"
		"# autostart service, one after the other, plus a margin).\n"
		"Type=notify\n"
		"NotifyAccess=main\n"
		"TimeoutStartSec=%lld\n",
		budget, budget));
}

char *emit_systemd(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d)
{
	TALLOC_CTX *tmp = must(talloc_new(NULL));
	const struct mvalue *pid = MV(m->supervisor, SUP_PIDFILE);
	const char *pidfile = pid->str.text ? pid->str.text : pid->word;
	bool sup = emit_is_supervisord(m);
	char *out = NULL;

	if (strchr(pidfile, '\n') || strchr(emit_config_path(m), '\n')) {
		diag_report(d, D_CONFLICT, (struct loc){NULL, 0, 0},
			    "the pidfile or the "
			    "config path holds a line break, which the %s cannot carry",
			    UNIT_FORMAT);
		goto done;
	}
	const char *kv[] = {
		"NAME",
		emit_service_name(m),
		"SOURCE",
		source,
		"DAEMON_NAME",
		sup ? "supervisord" : "svcd",
		"DOC",
		sup ? "man:supervisord(1)" : "man:svcd(8)",
		"EXEC_START",
		must(talloc_asprintf(tmp, "%s -n -c %s",
				     unit_escape(tmp, emit_daemon_path(m), true),
				     unit_escape(tmp, emit_config_path(m), true))),
		/* systemd cannot expand ${env.NAME}; with -n it needs no pidfile. */
		"PIDFILE_LINE",
		pid->str.dynamic
			? ""
			: must(talloc_asprintf(tmp, "PIDFile=%s\n",
					       unit_escape(tmp, run_path(pidfile), false))),
		"STOP_TIMEOUT",
		must(talloc_asprintf(tmp, "%lld", emit_stop_budget(m))),
		"TYPE_LINES",
		type_lines(tmp, m, sup),
		NULL,
	};
	out = emit_fill(ctx, emit_template("systemd.service"), kv);
done:
	talloc_free(tmp);
	return out;
}
