/* Dump of a compiled table. One walk over the table drives both formats
 * through a few emitting helpers, so text and JSON always carry the same
 * keys in the same order. Templates (strings svcd resolves at load) are
 * marked: "(template)" after the string in text, {"template": ...} in JSON. */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include "common/evtype.h"
#include "common/signame.h"
#include "common/text.h"
#include "dump.h"

struct out {
	FILE *f;
	bool json;
	bool first;   /* no member written yet in the JSON object/list */
	size_t items; /* items written in the current list */
};

static const char *const restart_words[] = {"false", "true", "unexpected"};
static const char *const log_words[] = {"auto", "none", "path", "stdout", "syslog"};
static const char *const probe_words[] = {
	"none", "notify", "sdnotify", "tcp", "http", "exec", "log",
};
static const char *const level_words[] = {
	"critical", "error", "warn", "info", "debug", "trace", "blather",
};

static void quote(struct out *o, const char *s, uint32_t len)
{
	if (o->json) {
		json_string(o->f, s, len);
		return;
	}
	fputc('"', o->f);
	for (uint32_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(o->f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", o->f);
		else if (c == '\t')
			fputs("\\t", o->f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(o->f, "\\x%02x", c);
		else
			fputc(c, o->f);
	}
	fputc('"', o->f);
}

/* A value after its key: a string, null/none, or a template. */
static void str_val(struct out *o, struct table_s s)
{
	if (!s.s) {
		fputs(o->json ? "null" : "none", o->f);
		return;
	}
	if (s.dynamic && o->json)
		fputs("{\"template\": ", o->f);
	quote(o, s.s, s.len);
	if (s.dynamic)
		fputs(o->json ? "}" : " (template)", o->f);
}

static void sep(struct out *o)
{
	if (o->json && !o->first)
		fputs(",", o->f);
	o->first = false;
}

static void key(struct out *o, const char *k)
{
	sep(o);
	if (o->json)
		fprintf(o->f, "\n    \"%s\": ", k);
	else
		fprintf(o->f, "  %s ", k);
}

static void end_line(struct out *o)
{
	if (!o->json)
		fputc('\n', o->f);
}

static void k_str(struct out *o, const char *k, struct table_s s)
{
	key(o, k);
	str_val(o, s);
	end_line(o);
}

static void k_num(struct out *o, const char *k, long long v)
{
	key(o, k);
	fprintf(o->f, "%lld", v);
	end_line(o);
}

static void k_word(struct out *o, const char *k, const char *w)
{
	key(o, k);
	fprintf(o->f, o->json ? "\"%s\"" : "%s", w);
	end_line(o);
}

static void k_bool(struct out *o, const char *k, bool v)
{
	key(o, k);
	fputs(v ? "true" : "false", o->f);
	end_line(o);
}

/* Octal settings: "022" in text, the number in JSON; -1 is unset. */
static void k_octal(struct out *o, const char *k, long long v)
{
	key(o, k);
	if (v < 0)
		fputs(o->json ? "null" : "none", o->f);
	else
		fprintf(o->f, o->json ? "%lld" : "0%03llo", v);
	end_line(o);
}

static void block_begin(struct out *o, const char *kind, struct table_s name)
{
	if (o->json) {
		sep(o);
		fputs("\n   {", o->f);
	} else {
		fputs(kind, o->f);
		if (name.s) {
			fputc(' ', o->f);
			str_val(o, name);
		}
		fputc('\n', o->f);
	}
	o->first = true;
}

static void block_end(struct out *o)
{
	if (o->json)
		fputs("\n   }", o->f);
	o->first = false;
}

static void list_begin(struct out *o, const char *k)
{
	key(o, k);
	o->items = 0;
	if (o->json)
		fputc('[', o->f);
}

static void list_item(struct out *o, size_t i)
{
	o->items++;
	if (i)
		fputs(o->json ? ", " : " ", o->f);
}

/* An empty list reads "none" in text. */
static void list_end(struct out *o)
{
	if (o->json)
		fputc(']', o->f);
	else if (!o->items)
		fputs("none", o->f);
	end_line(o);
}

static void dump_sup(struct out *o, const struct table *t)
{
	struct table_sup s;

	table_sup(t, &s);
	k_str(o, "source", s.source);
	if (s.log_syslog)
		k_word(o, "logfile", "syslog");
	else
		k_str(o, "logfile", s.logfile);
	k_num(o, "logfile_maxbytes", (long long)s.log_maxbytes);
	k_num(o, "logfile_backups", s.log_backups);
	k_word(o, "loglevel", level_words[s.loglevel]);
	k_str(o, "pidfile", s.pidfile);
	k_str(o, "childlogdir", s.childlogdir);
	k_num(o, "minfds", s.minfds);
	k_octal(o, "umask", s.umask);
	k_str(o, "socket", s.socket);
	k_octal(o, "socket_mode", s.socket.s ? (long long)s.sock_mode : -1);
	k_str(o, "socket_owner", s.sock_owner);
	k_str(o, "socket_group", s.sock_group);
	k_str(o, "listen", s.listen);
	k_str(o, "username", s.username);
	k_str(o, "password", s.password);
}

static struct table_s proc_name(const struct table *t, uint32_t i)
{
	struct table_proc p;

	table_proc(t, i, &p);
	return p.name;
}

static void dump_group(struct out *o, const struct table *t, uint32_t g)
{
	struct table_group gr;

	table_group(t, g, &gr);
	block_begin(o, "group", gr.name);
	if (o->json)
		k_str(o, "name", gr.name);
	k_num(o, "priority", gr.priority);
	list_begin(o, "members");
	for (uint32_t k = 0; k < gr.nmembers; k++) {
		list_item(o, k);
		str_val(o, proc_name(t, table_member(t, &gr, k)));
	}
	list_end(o);
	block_end(o);
}

static void dump_log(struct out *o, const char *which, const struct table_log *lg)
{
	char k[32];

	snprintf(k, sizeof k, "%s", which);
	if (lg->kind == TABLE_LOG_PATH)
		k_str(o, k, lg->path);
	else
		k_word(o, k, log_words[lg->kind]);
	snprintf(k, sizeof k, "%s_maxbytes", which);
	k_num(o, k, (long long)lg->maxbytes);
	snprintf(k, sizeof k, "%s_backups", which);
	k_num(o, k, lg->backups);
}

static void dump_lists(struct out *o, const struct table *t, const struct table_proc *p)
{
	size_t n = 0;

	list_begin(o, "argv");
	for (uint32_t k = 0; k < p->argc; k++) {
		list_item(o, k);
		str_val(o, table_arg(t, p, k));
	}
	list_end(o);
	if (o->json)
		key(o, "env"), fputc('{', o->f);
	for (uint32_t k = 0; k < p->nenv; k++) {
		struct table_s name, value;
		table_env(t, p, k, &name, &value);
		if (o->json) {
			list_item(o, k);
			quote(o, name.s, name.len);
			fputs(": ", o->f);
		} else {
			fprintf(o->f, "  env %s ", name.s);
		}
		str_val(o, value);
		end_line(o);
	}
	if (o->json)
		fputc('}', o->f);
	list_begin(o, "after");
	for (uint32_t k = 0; k < p->ndeps; k++) {
		list_item(o, n++);
		str_val(o, proc_name(t, table_dep(t, p, k)));
	}
	list_end(o);
	list_begin(o, "exitcodes");
	n = 0;
	for (unsigned c = 0; c < 256; c++)
		if (table_exitcode(p, c)) {
			list_item(o, n++);
			fprintf(o->f, "%u", c);
		}
	list_end(o);
}

/* Only what is set, so a table without listeners and log events dumps as
 * it did before they existed. */
static void dump_events(struct out *o, const struct table_proc *p)
{
	const char *flags[] = {p->listener ? "listener" : NULL,
			       p->out.events ? "stdout_events" : NULL,
			       p->err.events ? "stderr_events" : NULL};
	size_t n = 0;

	if (p->listener || p->out.events || p->err.events) {
		list_begin(o, "flags");
		for (size_t i = 0; i < 3; i++)
			if (flags[i]) {
				list_item(o, n++);
				fprintf(o->f, o->json ? "\"%s\"" : "%s", flags[i]);
			}
		list_end(o);
	}
	if (p->listener) {
		list_begin(o, "events");
		n = 0;
		for (unsigned t = 0; t < EVT_COUNT; t++)
			if (p->events & (UINT32_C(1) << t)) {
				list_item(o, n++);
				fprintf(o->f, o->json ? "\"%s\"" : "%s",
					evtype_name((enum evtype)t));
			}
		list_end(o);
		k_num(o, "buffer", p->buffer);
	}
	if (p->out.capture)
		k_num(o, "stdout_capture", (long long)p->out.capture);
	if (p->err.capture)
		k_num(o, "stderr_capture", (long long)p->err.capture);
}

static void k_probe_num(struct out *o, const char *which, const char *name, long long v)
{
	char k[32];

	snprintf(k, sizeof k, "%s_%s", which, name);
	k_num(o, k, v);
}

/* A probe, when set, with the numbers its kind uses (the others are 0). */
static void dump_probe(struct out *o, const struct table *t, const char *which,
		       const struct table_probe *pr, bool ready)
{
	char k[32];

	if (pr->kind == TABLE_PROBE_NONE)
		return;
	k_word(o, which, probe_words[pr->kind]);
	snprintf(k, sizeof k, "%s_target", which);
	if (pr->target.s)
		k_str(o, k, pr->target);
	snprintf(k, sizeof k, "%s_argv", which);
	if (pr->kind == TABLE_PROBE_EXEC) {
		list_begin(o, k);
		for (uint32_t n = 0; n < pr->argc; n++) {
			list_item(o, n);
			str_val(o, table_probe_arg(t, pr, n));
		}
		list_end(o);
	}
	if (ready && pr->kind == TABLE_PROBE_NOTIFY)
		k_probe_num(o, which, "fd", pr->fd);
	if (!ready || pr->kind == TABLE_PROBE_TCP || pr->kind == TABLE_PROBE_HTTP
	    || pr->kind == TABLE_PROBE_EXEC)
		k_probe_num(o, which, "every_ms", pr->every_ms);
	k_probe_num(o, which, "timeout_ms", pr->timeout_ms);
	if (ready && pr->kind == TABLE_PROBE_SDNOTIFY)
		k_probe_num(o, which, "watchdog_ms", pr->watchdog_ms);
	if (!ready) {
		k_probe_num(o, which, "failures", pr->failures);
		k_probe_num(o, which, "grace_ms", pr->grace_ms);
	}
}

/* Only what is set, as for events. */
static void dump_probes(struct out *o, const struct table *t, const struct table_proc *p)
{
	dump_probe(o, t, "ready", &p->ready, true);
	dump_probe(o, t, "health", &p->health, false);
	if (p->essential)
		k_bool(o, "essential", true);
}

static const char *const rlimit_words[TABLE_NRLIMITS] = {
	"nofile", "nproc", "core", "memlock", "as", "data", "stack", "cpu_s",
};

/* Only what is set, as for events: a process with none of language.md's
 * section 6 dumps as it did before, but for killtree false. */
static void dump_limits(struct out *o, const struct table *t, const struct table_proc *p)
{
	char k[32], sig[16];

	for (int rl = 0; rl < TABLE_NRLIMITS; rl++)
		if (p->limits & UINT32_C(1) << rl) {
			snprintf(k, sizeof k, "limit_%s", rlimit_words[rl]);
			k_num(o, k, (long long)p->rlimit[rl]);
		}
	if (p->limits & TABLE_LIM_NICE)
		k_num(o, "nice", p->nice);
	if (p->limits & TABLE_LIM_OOM)
		k_num(o, "oom_score_adj", p->oom_score_adj);
	if (p->memory)
		k_num(o, "memory", (long long)p->memory);
	if (p->maxrss) {
		k_num(o, "maxrss", (long long)p->maxrss);
		k_num(o, "maxrss_every_ms", p->maxrss_every_ms);
	}
	if (p->nenvfiles) {
		list_begin(o, "envfiles");
		for (uint32_t n = 0; n < p->nenvfiles; n++) {
			list_item(o, n);
			str_val(o, table_envfile(t, p, n));
		}
		list_end(o);
	}
	if (!p->killtree)
		k_bool(o, "killtree", false);
	if (p->backoff == TABLE_BACKOFF_EXPONENTIAL) {
		k_word(o, "backoff", "exponential");
		k_num(o, "backoff_initial_ms", p->backoff_initial_ms);
		k_num(o, "backoff_max_ms", p->backoff_max_ms);
	}
	if (p->reloadsignal) {
		const char *name = signame_name(p->reloadsignal);

		snprintf(sig, sizeof sig, "%d", p->reloadsignal);
		k_word(o, "reloadsignal", name ? name : sig);
	}
	if (p->roll_batch) {
		k_num(o, "rolling_batch", p->roll_batch);
		k_num(o, "rolling_pause_ms", p->roll_pause_ms);
	}
}

static void dump_proc(struct out *o, const struct table *t, uint32_t i)
{
	struct table_proc p;
	struct table_group g = {{NULL, 0, false}, 0, 0, 0};
	const char *sig;
	char num[16];

	table_proc(t, i, &p);
	if (p.group != TABLE_NONE)
		table_group(t, p.group, &g);
	block_begin(o, "process", p.name);
	if (o->json)
		k_str(o, "name", p.name);
	k_str(o, "service", p.service);
	k_str(o, "group", g.name);
	k_num(o, "index", p.index);
	k_str(o, "source", p.srcfile);
	k_num(o, "line", p.srcline);
	dump_lists(o, t, &p);
	k_str(o, "directory", p.directory);
	k_str(o, "user", p.user);
	k_octal(o, "umask", p.umask);
	k_num(o, "priority", p.priority);
	k_num(o, "group_priority", p.group_priority);
	k_bool(o, "autostart", p.autostart);
	k_word(o, "autorestart", restart_words[p.autorestart]);
	k_num(o, "startsecs_ms", p.startsecs_ms);
	if (p.startretries == TABLE_RETRIES_INFINITE)
		k_word(o, "startretries", "infinite");
	else
		k_num(o, "startretries", p.startretries);
	sig = signame_name((int)p.stopsignal); /* "TERM", as the language writes it */
	snprintf(num, sizeof num, "%d", p.stopsignal);
	k_word(o, "stopsignal", sig ? sig : num);
	k_num(o, "stopwait_ms", p.stopwait_ms);
	k_bool(o, "stopasgroup", p.stopasgroup);
	k_bool(o, "killasgroup", p.killasgroup);
	dump_log(o, "stdout", &p.out);
	dump_log(o, "stderr", &p.err);
	dump_events(o, &p);
	dump_probes(o, t, &p);
	dump_limits(o, t, &p);
	block_end(o);
}

void dump_text(FILE *f, const struct table *t)
{
	struct out o = {f, false, true, 0};
	struct table_s none = {NULL, 0, false};

	fprintf(f, "format %u.%u\n", t->major, t->minor);
	block_begin(&o, "supervisor", none);
	dump_sup(&o, t);
	for (uint32_t g = 0; g < table_ngroups(t); g++)
		dump_group(&o, t, g);
	for (uint32_t i = 0; i < table_nprocs(t); i++)
		dump_proc(&o, t, i);
}

void dump_json(FILE *f, const struct table *t)
{
	struct out o = {f, true, true, 0};

	fprintf(f, "{\n  \"format\": \"%u.%u\",\n  \"supervisor\": {", t->major, t->minor);
	dump_sup(&o, t);
	fputs("\n  },\n  \"groups\": [", f);
	o.first = true;
	for (uint32_t g = 0; g < table_ngroups(t); g++)
		dump_group(&o, t, g);
	fputs("\n  ],\n  \"processes\": [", f);
	o.first = true;
	for (uint32_t i = 0; i < table_nprocs(t); i++)
		dump_proc(&o, t, i);
	fputs("\n  ]\n}\n", f);
}
