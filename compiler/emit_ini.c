/* The supervisord INI generator. Keys come from the schema (its `ini`
 * column), values are written from the source strings again so ${index},
 * ${host} and ${env.NAME} become supervisord's own %(...)s expansions. */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include "deps.h"
#include "emit_fmt.h"
#include "emit_ini.h"
#include "common/shellword.h"
#include "common/signame.h"
#include "values.h"
#include "words.h"
#include "common/oom.h"

#define INI_FORMAT "supervisord INI"

struct ini {
	TALLOC_CTX *ctx;
	const struct model *m;
	struct diags *d;
	long long *prio; /* per service: priority after 'after' ordering */
	bool failed;
};

/* ---- values ---- */

static char *ini_escape(TALLOC_CTX *ctx, const char *text)
{
	char *out = must(talloc_strdup(ctx, ""));

	for (const char *p = text; *p; p++)
		out = must(
			talloc_strndup_append_buffer(out, *p == '%' ? "%%" : p, *p == '%' ? 2 : 1));
	return out;
}

/* supervisord reads values with Python's configparser: one line, outer
 * blanks dropped, and ';' or '#' after a blank starts a comment. */
static bool ini_fits(struct ini *w, const char *text, struct loc at, const char *what)
{
	const char *why = NULL;
	size_t n = strlen(text);

	if (strchr(text, '\n') || strchr(text, '\r'))
		why = "it holds a line break";
	else if (n && (isspace((unsigned char)text[0]) || isspace((unsigned char)text[n - 1])))
		why = "it begins or ends with a blank";
	for (size_t i = 1; !why && i < n; i++)
		if ((text[i] == ';' || text[i] == '#') && isspace((unsigned char)text[i - 1]))
			why = "a ';' or '#' after a blank starts a comment there";
	if (!why)
		return true;
	diag_report(w->d, D_CONFLICT, at, "%s cannot be written in supervisord's INI: %s", what,
		    why);
	w->failed = true;
	return false;
}

/* One ${...} as INI text inside service S (NULL outside services). */
static const char *ini_interp(struct ini *w, const struct ast_part *p, const struct mservice *s,
			      bool host_ok)
{
	if (strcmp(p->text, "index") == 0)
		return "%(process_num)d";
	if (strncmp(p->text, "env.", 4) == 0)
		return must(talloc_asprintf(w->ctx, "%%(ENV_%s)s", p->text + 4));
	if (strcmp(p->text, "host") == 0) {
		if (host_ok)
			return "%(host_node_name)s";
		diag_report(w->d, D_INTERP_PLACE, p->loc,
			    "supervisord expands %%(host_node_name)s "
			    "only in program sections, so '${host}' cannot be used here "
			    "in the INI; write the host name out");
		w->failed = true;
		return "";
	}
	if (strcmp(p->text, "service") == 0 && s)
		return ini_escape(w->ctx, s->name);
	if (strcmp(p->text, "group") == 0 && s)
		return ini_escape(w->ctx, s->group ? s->group->name : s->name);
	if (strcmp(p->text, "here") == 0)
		return ini_escape(w->ctx, p->loc.file ? p->loc.file->dir : ".");
	return ini_escape(w->ctx, p->text); /* refused by validation already */
}

/* A source string as an INI value: literal text escaped, interpolations
 * as supervisord expansions. */
static char *ini_text(struct ini *w, const struct ast_str *str, const struct mservice *s,
		      bool host_ok)
{
	char *out = must(talloc_strdup(w->ctx, ""));

	for (size_t i = 0; i < str->nparts; i++) {
		const struct ast_part *p = &str->parts[i];
		out = must(talloc_strdup_append_buffer(out,
						       p->kind == PART_TEXT
							       ? ini_escape(w->ctx, p->text)
							       : ini_interp(w, p, s, host_ok)));
	}
	return out;
}

/* The string value of MV as INI text (its built-in default when unset). */
static char *ini_string(struct ini *w, const struct mvalue *mv, const struct mservice *s,
			bool host_ok)
{
	const struct ast_stmt *st = mv->stmt;

	if (st && st->nvalues && st->values[0].kind == AV_STRING)
		return ini_text(w, &st->values[0].str, s, host_ok);
	if (mv->word)
		return ini_escape(w->ctx, mv->word);
	return mv->str.text ? ini_escape(w->ctx, mv->str.text) : NULL;
}

/* WORD quoted for supervisord's shlex.split (common/shellword.h). */
static char *ini_quote_word(TALLOC_CTX *ctx, const char *word)
{
	struct buf b;

	buf_init(&b, ctx, BUF_UNLIMITED);
	shellword_quote(&b, word);
	return must(buf_take(&b));
}

/* The command split as svcd splits it, then each word quoted again, so
 * supervisord's own splitting gives the same argv. */
static char *ini_command(struct ini *w, const struct mservice *s)
{
	const struct mvalue *mv = MV(s->b, SVC_COMMAND);
	const struct ast_str *str = &mv->stmt->values[0].str;
	struct words_seg *segs = must(talloc_array(w->ctx, struct words_seg, str->nparts + 1));
	struct mstr *argv;
	size_t argc, bad_seg, bad_off;
	char *out = must(talloc_strdup(w->ctx, ""));

	for (size_t i = 0; i < str->nparts; i++) {
		const struct ast_part *p = &str->parts[i];
		if (p->kind == PART_TEXT)
			segs[i] = (struct words_seg){WS_TEXT, ini_escape(segs, p->text)};
		else
			segs[i] = (struct words_seg){WS_LITERAL, ini_interp(w, p, s, true)};
	}
	if (!words_split(w->ctx, segs, str->nparts, &argv, &argc, &bad_seg, &bad_off))
		return NULL; /* reported by validation */
	for (size_t i = 0; i < argc; i++)
		out = must(talloc_asprintf_append_buffer(out, "%s%s", i ? " " : "",
							 ini_quote_word(w->ctx, argv[i].text)));
	return ini_fits(w, out, emit_loc(mv), "the command") ? out : NULL;
}

/* [supervisord] environment= is expanded twice before it is split: once as
 * every option of the section (%(here)s, %(ENV_X)s), then again with
 * %(host_node_name)s too. So a literal '%' is "%%%%", ${host} waits for
 * the second pass as "%%(host_node_name)s", and ${env.NAME} is expanded by
 * the first (against supervisord's own environment, as svcd does). */
static char *ini_sup_env_text(struct ini *w, const struct ast_str *str)
{
	char *out = must(talloc_strdup(w->ctx, ""));

	for (size_t i = 0; i < str->nparts; i++) {
		const struct ast_part *p = &str->parts[i];
		const char *v;

		if (p->kind == PART_TEXT)
			v = ini_escape(w->ctx, ini_escape(w->ctx, p->text));
		else if (strcmp(p->text, "host") == 0)
			v = "%%(host_node_name)s";
		else if (strncmp(p->text, "env.", 4) == 0)
			v = must(talloc_asprintf(w->ctx, "%%(ENV_%s)s", p->text + 4));
		else
			v = ini_escape(w->ctx, ini_interp(w, p, NULL, false));
		out = must(talloc_strdup_append_buffer(out, v));
	}
	return out;
}

/* environment=K="v",...: supervisord splits it with a non-POSIX shlex that
 * keeps quotes, then strips quote characters from both ends of the value.
 * S is NULL for the supervisor's MV. */
static char *ini_env(struct ini *w, const struct mvalue *mv, const struct mservice *s)
{
	char *out = must(talloc_strdup(w->ctx, ""));

	for (size_t i = 0; i < mv->nreps; i++) {
		const struct ast_stmt *st = mv->reps[i];
		char *v = s ? ini_text(w, &st->values[1].str, s, true)
			    : ini_sup_env_text(w, &st->values[1].str);
		size_t n = strlen(v);
		const char *q = !strchr(v, '"') ? "\"" : !strchr(v, '\'') ? "'" : NULL;

		if (!q || (n && (strchr("'\"", v[0]) || strchr("'\"", v[n - 1])))) {
			diag_report(w->d, D_CONFLICT, st->values[1].loc,
				    "env %s cannot be written "
				    "in supervisord's INI: supervisord drops quotes at the ends "
				    "of the value and cannot hold both kinds of quote",
				    st->values[0].text);
			w->failed = true;
			return NULL;
		}
		out = must(talloc_asprintf_append_buffer(out, "%s%s=%s%s%s", i ? "," : "",
							 st->values[0].text, q, v, q));
	}
	return ini_fits(w, out, emit_loc(mv), "the environment") ? out : NULL;
}

/* ---- sections ---- */

static char *ini_line(char *out, const char *key, const char *value)
{
	return must(talloc_asprintf_append_buffer(out, "%s=%s\n", key, value));
}

/* The NTH word of the space-separated WORDS. */
static char *nth_word(TALLOC_CTX *ctx, const char *words, long long nth)
{
	const char *p = words;

	for (long long i = 0; i < nth && p; i++)
		p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
	return p ? must(talloc_strndup(ctx, p, strcspn(p, " "))) : must(talloc_strdup(ctx, ""));
}

/* A non-string value as supervisord writes it, or NULL when unset. */
static char *ini_scalar(TALLOC_CTX *ctx, const struct schema_key *k, const struct mvalue *mv)
{
	char *out;

	switch (k->type) {
	case ST_INT:
	case ST_SIZE: return must(talloc_asprintf(ctx, "%lld", mv->num));
	case ST_OCTAL: return mv->num < 0 ? NULL : must(talloc_asprintf(ctx, "%03llo", mv->num));
	case ST_DURATION: return must(talloc_asprintf(ctx, "%lld", (mv->num + 999) / 1000));
	case ST_BOOL: return must(talloc_strdup(ctx, mv->num ? "true" : "false"));
	case ST_ENUM: return nth_word(ctx, k->words, mv->num);
	case ST_SIGNAL: return must(talloc_strdup(ctx, signame_name((int)mv->num)));
	case ST_INTS:
		out = must(talloc_strdup(ctx, ""));
		for (size_t i = 0; i < mv->nvals; i++)
			out = must(talloc_asprintf_append_buffer(out, "%s%lld", i ? "," : "",
								 mv->vals[i].num));
		return out;
	case ST_EVENTS: /* as written: supervisord knows the same names */
		out = must(talloc_strdup(ctx, ""));
		for (size_t i = 0; i < mv->nvals; i++)
			out = must(talloc_asprintf_append_buffer(out, "%s%s", i ? "," : "",
								 mv->vals[i].text));
		return out;
	case ST_WORD:
	case ST_IDENT:
	case ST_HOSTPORT:
	case ST_DIGITS: return mv->word ? ini_escape(ctx, mv->word) : NULL;
	default: return NULL;
	}
}

/* A path V of MV that supervisord would read as one of its words: "syslog"
 * for [supervisord] logfile, and for a STREAM also none, off and auto in any
 * case. */
static bool ini_path_ok(struct ini *w, const struct mvalue *mv, const char *v, const char *what,
			bool stream)
{
	static const char *const stream_words[] = {"none", "off", "auto", "syslog", NULL};
	bool word = strcmp(v, "syslog") == 0;

	if (!mv->stmt || mv->word)
		return true;
	for (size_t i = 0; stream && !word && stream_words[i]; i++)
		word = strcasecmp(v, stream_words[i]) == 0;
	if (!word)
		return true;
	diag_report(w->d, D_CONFLICT, emit_loc(mv),
		    "the file \"%s\" of '%s' cannot be written in supervisord's INI: "
		    "supervisord reads %s as its word; write \"./%s\"",
		    v, what, v, v);
	w->failed = true;
	return false;
}

static char *ini_dropped_key(struct ini *w, char *out, const char *desc, const struct schema_key *k,
			     const struct mvalue *mv);

/* [supervisord]: every key, defaults included, as svc's defaults are not
 * supervisord's (log and pid file places). */
static char *ini_supervisord(struct ini *w)
{
	const struct mblock *b = w->m->supervisor;
	char *out = must(talloc_strdup(w->ctx, ""));

	for (size_t i = 0; i < schema_count(SB_SUPERVISOR); i++) {
		const struct schema_key *k = &schema_keys[b->first + i];
		const struct mvalue *mv = &b->v[i];
		char *v;

		if (!k->ini || k->ini[0] == '[' || k->type == ST_BLOCK)
			continue;
		if (k->type == ST_ENV) {
			if (mv->nreps && (v = ini_env(w, mv, NULL)))
				out = ini_line(out, k->ini, v);
			continue;
		}
		v = k->type == ST_STRING || k->type == ST_LOGDEST ? ini_string(w, mv, NULL, false)
								  : ini_scalar(w->ctx, k, mv);
		if (v && k->type == ST_LOGDEST && !ini_path_ok(w, mv, v, k->name, false))
			v = NULL;
		if (v && ini_fits(w, v, emit_loc(mv), k->name))
			out = ini_line(out, k->ini, v);
	}
	for (size_t i = 0; i < schema_count(SB_SUPERVISOR); i++) {
		const struct schema_key *k = &schema_keys[b->first + i];

		if (!k->ini && k->type != ST_BLOCK)
			out = ini_dropped_key(w, out, "supervisor", k, &b->v[i]);
	}
	return out;
}

/* The credentials, for a server or for the CLIENT. A client sends its
 * password as written, so a "{SHA}" one is of no use to it. */
static char *ini_auth(struct ini *w, char *out, bool client)
{
	const struct mvalue *auth = MV(w->m->supervisor, SUP_AUTH);

	if (!auth->sub)
		return out;
	for (size_t i = 0; i < schema_count(SB_AUTH); i++) {
		const struct schema_key *k = &schema_keys[auth->sub->first + i];
		char *v = ini_string(w, &auth->sub->v[i], NULL, false);
		if (client && k->id == AUTH_PASSWORD && v && strncmp(v, "{SHA}", 5) == 0)
			out = must(talloc_strdup_append_buffer(
				out,
				"; password: the servers keep only "
				"its SHA-1; give it with supervisorctl -p\n"));
		else if (v && ini_fits(w, v, emit_loc(&auth->sub->v[i]), k->name))
			out = ini_line(out, k->ini, v);
	}
	return out;
}

/* chown takes "user[:group]"; a group alone keeps root, the owner the
 * socket gets anyway when supervisord runs as root. */
static char *ini_chown(struct ini *w, const struct mblock *sock)
{
	const char *owner = MV(sock, SOCK_OWNER)->word, *group = MV(sock, SOCK_GROUP)->word;

	if (!owner && !group)
		return NULL;
	return ini_escape(w->ctx,
			  must(talloc_asprintf(w->ctx, "%s%s%s", owner ? owner : "root",
					       group ? ":" : "", group ? group : "")));
}

static char *ini_unix_server(struct ini *w)
{
	const struct mvalue *sock = MV(w->m->supervisor, SUP_SOCKET);
	char *out = must(talloc_strdup(w->ctx, "[unix_http_server]\n")), *v;

	v = ini_string(w, sock, NULL, false);
	if (!v || !ini_fits(w, v, emit_loc(sock), "the socket path"))
		return out;
	out = ini_line(out, "file", v);
	out = ini_line(out, schema_keys[SOCK_MODE].ini,
		       must(talloc_asprintf(w->ctx, "%04llo",
					    sock->sub ? MV(sock->sub, SOCK_MODE)->num
						      : schema_keys[SOCK_MODE].def_num)));
	if (sock->sub && (v = ini_chown(w, sock->sub)))
		out = ini_line(out, schema_keys[SOCK_OWNER].ini, v);
	return must(talloc_strdup_append_buffer(ini_auth(w, out, false), "\n"));
}

static char *ini_servers(struct ini *w)
{
	const struct mvalue *sock = MV(w->m->supervisor, SUP_SOCKET);
	const struct mvalue *listen = MV(w->m->supervisor, SUP_LISTEN);
	char *out = must(talloc_strdup(w->ctx, ""));

	if (sock->stmt)
		out = must(talloc_strdup_append_buffer(out, ini_unix_server(w)));
	if (listen->stmt) {
		out = must(talloc_asprintf_append_buffer(out, "[inet_http_server]\nport=%s\n",
							 ini_escape(w->ctx, listen->word)));
		out = must(talloc_strdup_append_buffer(ini_auth(w, out, false), "\n"));
	}
	return out;
}

/* supervisorctl talks to the unix socket when there is one. */
static char *ini_supervisorctl(struct ini *w)
{
	const struct mvalue *sock = MV(w->m->supervisor, SUP_SOCKET);
	const struct mvalue *listen = MV(w->m->supervisor, SUP_LISTEN);
	char *out = must(talloc_strdup(w->ctx, ""));

	if (sock->stmt) {
		char *v = ini_string(w, sock, NULL, false);
		out = ini_line(out, "serverurl",
			       must(talloc_asprintf(w->ctx, "unix://%s", v ? v : "")));
	} else if (listen->stmt) {
		const char *hp = listen->word;
		if (hp[0] == ':' || strncmp(hp, "*:", 2) == 0) /* every interface */
			hp = must(talloc_asprintf(w->ctx, "127.0.0.1:%s", strchr(hp, ':') + 1));
		out = ini_line(out, "serverurl",
			       ini_escape(w->ctx, must(talloc_asprintf(w->ctx, "http://%s", hp))));
	}
	return ini_auth(w, out, true);
}

/* ---- programs ---- */

static bool key_wanted(const struct mservice *s, const struct schema_key *k,
		       const struct mvalue *mv, const struct ini *w)
{
	switch (k->id) {
	case SVC_COMMAND: return true;
	case SVC_EVENTS: return s->listener;
	case SVC_INSTANCES:
	case SVC_NAME: return mv->stmt || MV(s->b, SVC_INSTANCES)->num > 1;
	case SVC_PRIORITY: return mv->stmt || s->nafter || w->prio[s->order] != mv->num;
	case SVC_KILLASGROUP: return mv->stmt || MV(s->b, SVC_STOPASGROUP)->stmt;
	default: return mv->stmt != NULL;
	}
}

static char *ini_name(struct ini *w, const struct mservice *s, const struct mvalue *mv)
{
	if (mv->stmt)
		return ini_string(w, mv, s, true);
	return must(talloc_strdup(w->ctx,
				  MV(s->b, SVC_INSTANCES)->num > 1
					  ? "%(program_name)s_%(process_num)d"
					  : "%(program_name)s"));
}

/* "after a and b": the comment above a priority that 'after' raised. */
static char *after_comment(TALLOC_CTX *ctx, const struct mservice *s)
{
	char *out = must(talloc_strdup(ctx, "; priority: after "));

	for (size_t i = 0; i < s->nafter; i++)
		out = must(talloc_asprintf_append_buffer(out, "%s%s",
							 i == 0                       ? ""
								 : i + 1 == s->nafter ? " and "
										      : ", ",
							 s->after[i]->name));
	return must(
		talloc_strdup_append_buffer(out,
					    " (svc 'after': supervisord has no "
					    "dependencies, it starts lower priorities first)\n"));
}

static char *ini_log(struct ini *w, char *out, const struct mservice *s, const struct schema_key *k,
		     const struct mvalue *mv)
{
	size_t stem = strlen(k->ini) - strlen("_logfile");
	char *v;

	if (mv->word && strcmp(mv->word, "stdout") == 0)
		return ini_line(out, "redirect_stderr", "true");
	/* syslog only: supervisord's default AUTO would write a file too */
	if (mv->word && (strcmp(mv->word, "none") == 0 || strcmp(mv->word, "syslog") == 0))
		v = must(talloc_strdup(w->ctx, "NONE"));
	else if (mv->word && strcmp(mv->word, "auto") == 0)
		v = must(talloc_strdup(w->ctx, "AUTO"));
	else if ((v = ini_string(w, mv, s, true)) && !ini_path_ok(w, mv, v, k->name, true))
		v = NULL;
	if (!v || !ini_fits(w, v, emit_loc(mv), k->name))
		return out;
	out = ini_line(out, k->ini, v);
	if (mv->word && strcmp(mv->word, "syslog") == 0)
		out = must(talloc_asprintf_append_buffer(out, "%.*s%s=true\n", (int)stem, k->ini,
							 SCHEMA_INI_SYSLOG));
	for (size_t i = 0; mv->sub && i < schema_count(SB_LOG); i++) {
		const struct schema_key *sk = &schema_keys[mv->sub->first + i];
		if (mv->sub->v[i].stmt)
			out = must(talloc_asprintf_append_buffer(
				out, "%.*s%s=%s\n", (int)stem, k->ini, sk->ini,
				ini_scalar(w->ctx, sk, &mv->sub->v[i])));
	}
	return out;
}

static char *ini_retries(struct ini *w, char *out, const struct mservice *s,
			 const struct mvalue *mv);

static char *ini_program_key(struct ini *w, char *out, const struct mservice *s,
			     const struct schema_key *k, const struct mvalue *mv)
{
	char *v;

	switch (k->id) {
	case SVC_COMMAND: v = ini_command(w, s); break;
	case SVC_NAME: v = ini_name(w, s, mv); break;
	case SVC_ENV: v = ini_env(w, MV(s->b, SVC_ENV), s); break;
	case SVC_STARTRETRIES: return ini_retries(w, out, s, mv);
	case SVC_PRIORITY:
		if (s->nafter)
			out = must(talloc_strdup_append_buffer(out, after_comment(w->ctx, s)));
		v = must(talloc_asprintf(w->ctx, "%lld", w->prio[s->order]));
		break;
	default:
		if (k->type == ST_LOGDEST)
			return ini_log(w, out, s, k, mv);
		v = k->type == ST_STRING ? ini_string(w, mv, s, true) : ini_scalar(w->ctx, k, mv);
		if (v && !ini_fits(w, v, emit_loc(mv), k->name))
			v = NULL;
		break;
	}
	return v ? ini_line(out, k->ini, v) : out;
}

#define SAME_NONE LLONG_MIN

/* Keys supervisord has nothing for ('after' becomes priorities instead):
 * what a dropped one costs, in the warning and in the comment, and the
 * value that is supervisord's own behaviour, which drops nothing. */
static const struct {
	enum schema_key_id id;
	long long same;      /* nothing is lost for this number; SAME_NONE */
	const char *lost;    /* after "dropped; " in the warning */
	const char *comment; /* in the comment's parentheses */
} dropped[] = {
	{SVC_READY, SAME_NONE,
	 "RUNNING means up for startsecs there, and 'after' falls back to priority",
	 "supervisord has no readiness; the start order falls back to priority"},
	{SVC_HEALTH, SAME_NONE, "nothing restarts an unhealthy process there",
	 "supervisord has no health checks"},
	{SVC_ESSENTIAL, 0, "supervisord keeps running when the process is lost for good",
	 "supervisord does not exit when a process is lost for good"},
	{SVC_LIMITS, SAME_NONE,
	 "the process gets supervisord's own limits there (minfds and minprocs are the "
	 "daemon's, not a program's)",
	 "supervisord sets no resource limits of a program"},
	{SVC_NICE, SAME_NONE, "the process runs at supervisord's own nice value there",
	 "supervisord has no nice setting"},
	{SVC_OOM_SCORE_ADJ, SAME_NONE, "the process keeps supervisord's oom_score_adj there",
	 "supervisord has no oom_score_adj setting"},
	{SVC_MEMORY, SAME_NONE, "nothing bounds the process's memory there",
	 "supervisord makes no cgroups"},
	{SVC_MAXRSS, SAME_NONE, "nothing restarts the process when it grows there",
	 "supervisord does not watch memory"},
	{SVC_ENVFILE, SAME_NONE, "the process does not get the file's variables there",
	 "supervisord reads no environment files; write the variables as env"},
	{SVC_KILLTREE, 0,
	 "what is left of the process tree after a stop keeps running there "
	 "(stopasgroup and killasgroup reach the process group only)",
	 "supervisord kills the process, or its process group with stopasgroup and "
	 "killasgroup, never the rest of its tree"},
	{SVC_BACKOFF, 0, "retry N waits N seconds there",
	 "supervisord's backoff is linear: retry N waits N seconds"},
	{SVC_RELOADSIGNAL, SAME_NONE, "a reload restarts the process there",
	 "supervisord restarts a changed program, it signals none"},
	{SVC_ROLLING, SAME_NONE, "a restart takes every instance at once there",
	 "supervisord restarts all the instances at once"},
	{SUP_ENVFILE, SAME_NONE, "the processes do not get the file's variables there",
	 "supervisord reads no environment files; write the variables as env"},
};

/* ST as it was written, on one line: key, values, and its block. */
static char *stmt_text(TALLOC_CTX *ctx, const struct ast_stmt *st)
{
	char *out = must(talloc_strdup(ctx, st->key));

	for (size_t i = 0; i < st->nvalues; i++)
		out = must(talloc_asprintf_append_buffer(out, " %s", st->values[i].text));
	if (!st->has_block)
		return out;
	out = must(talloc_strdup_append_buffer(out, " {"));
	for (size_t i = 0; i < st->nbody; i++)
		out = must(talloc_asprintf_append_buffer(out, " %s;", stmt_text(ctx, st->body[i])));
	return must(talloc_strdup_append_buffer(out, " }"));
}

/* TEXT on one comment line: a control byte (a carriage return would end
 * the line for supervisord's reader) as \xNN. */
static char *comment_text(TALLOC_CTX *ctx, const char *text)
{
	char *out = must(talloc_strdup(ctx, ""));

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		out = *p < 0x20 || *p == 0x7f
			? must(talloc_asprintf_append_buffer(out, "\\x%02x", *p))
			: must(talloc_strndup_append_buffer(out, (const char *)p, 1));
	return out;
}

/* limits as they apply: the service's own and those of defaults it adds
 * to, in the block's order. */
static char *limits_text(TALLOC_CTX *ctx, const struct schema_key *k, const struct mvalue *mv)
{
	char *out = must(talloc_asprintf(ctx, "%s {", k->name));

	for (size_t i = 0; mv->sub && i < schema_count(mv->sub->kind); i++)
		if (mv->sub->v[i].stmt)
			out = must(talloc_asprintf_append_buffer(
				out, " %s;", stmt_text(ctx, mv->sub->v[i].stmt)));
	return must(talloc_strdup_append_buffer(out, " }"));
}

/* A key without a supervisord name that is set: warned about once, as
 * DESC's ("service 'web'", "supervisor"), and said in a comment of the
 * section, a line for each statement of a repeated key. */
static char *ini_dropped_key(struct ini *w, char *out, const char *desc, const struct schema_key *k,
			     const struct mvalue *mv)
{
	const char *lost = NULL, *why = "supervisord has no such setting";
	long long same = k->type == ST_BOOL ? 0 : SAME_NONE; /* false is supervisord's way */
	size_t n = k->flags & SF_REPEAT ? mv->nreps : 1;

	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
		if (dropped[i].id == k->id) {
			lost = dropped[i].lost;
			why = dropped[i].comment;
			same = dropped[i].same;
		}
	if (!mv->stmt || mv->num == same)
		return out;
	diag_report(w->d, D_DROPPED, emit_loc(mv),
		    "'%s' of %s has no supervisord equivalent in --emit ini: dropped%s%s", k->name,
		    desc, lost ? "; " : "", lost ? lost : "");
	for (size_t i = 0; i < n; i++) {
		const struct ast_stmt *st = k->flags & SF_REPEAT ? mv->reps[i] : mv->stmt;
		char *text =
			k->id == SVC_LIMITS ? limits_text(w->ctx, k, mv) : stmt_text(w->ctx, st);

		out = must(talloc_asprintf_append_buffer(out, "; svc: dropped %s (%s)\n",
							 comment_text(w->ctx, text), why));
	}
	return out;
}

static char *ini_dropped(struct ini *w, char *out, const struct mservice *s,
			 const struct schema_key *k, const struct mvalue *mv)
{
	const char *desc = must(
		talloc_asprintf(w->ctx, "%s '%s'", s->listener ? "listener" : "service", s->name));

	return ini_dropped_key(w, out, desc, k, mv);
}

/* supervisord has no infinite: retry N waits N seconds there, so this many
 * retries never end in practice (svcc --import reads any count above
 * svc's 1000 back as infinite). */
#define INI_RETRIES_INFINITE "1000000"

static char *ini_retries(struct ini *w, char *out, const struct mservice *s,
			 const struct mvalue *mv)
{
	if (mv->num != SCHEMA_INFINITE)
		return ini_line(out, schema_keys[SVC_STARTRETRIES].ini,
				ini_scalar(w->ctx, &schema_keys[SVC_STARTRETRIES], mv));
	diag_report(w->d, D_DROPPED, emit_loc(mv),
		    "'startretries infinite' of %s '%s' has no supervisord equivalent in --emit "
		    "ini: written as startretries=" INI_RETRIES_INFINITE
		    ", which gives up only after that many failed starts",
		    s->listener ? "listener" : "service", s->name);
	out = must(talloc_strdup_append_buffer(
		out,
		"; svc: startretries infinite is written as " INI_RETRIES_INFINITE
		" (supervisord has no infinite; retry N waits N seconds)\n"));
	return ini_line(out, schema_keys[SVC_STARTRETRIES].ini, INI_RETRIES_INFINITE);
}

/* A listener is supervisord's [eventlistener:NAME], a pool of its own. */
static char *ini_program(struct ini *w, const struct mservice *s)
{
	const char *section = schema_keys[s->listener ? TOP_LISTENER : TOP_SERVICE].ini;
	char *out = must(talloc_asprintf(w->ctx, "\n[%.*s%s]\n", (int)strcspn(section, ":"),
					 section + 1, s->name));

	for (size_t i = 0; i < schema_count(SB_SERVICE); i++) {
		const struct schema_key *k = &schema_keys[s->b->first + i];
		const struct mvalue *mv = &s->b->v[i];

		if (k->ini && key_wanted(s, k, mv, w))
			out = ini_program_key(w, out, s, k, mv);
	}
	for (size_t i = 0; i < schema_count(SB_SERVICE); i++) {
		const struct schema_key *k = &schema_keys[s->b->first + i];

		if (!k->ini && k->id != SVC_AFTER && !(k->flags & SF_LISTENER))
			out = ini_dropped(w, out, s, k, &s->b->v[i]);
	}
	return out;
}

static char *ini_group(struct ini *w, const struct mgroup *g)
{
	char *out = must(talloc_asprintf(w->ctx, "\n[group:%s]\n%s=", g->name,
					 schema_keys[GRP_SERVICES].ini));

	for (size_t i = 0; i < g->nservices; i++)
		out = must(talloc_asprintf_append_buffer(out, "%s%s", i ? "," : "",
							 g->services[i]->name));
	out = must(talloc_strdup_append_buffer(out, "\n"));
	if (MV(g->b, GRP_PRIORITY)->stmt)
		out = ini_line(out, schema_keys[GRP_PRIORITY].ini,
			       must(talloc_asprintf(w->ctx, "%lld", MV(g->b, GRP_PRIORITY)->num)));
	return out;
}

/* supervisord knows no dependencies, only "lower priority starts first":
 * each service gets at least one more than every service it is after. */
static void ini_priorities(struct ini *w)
{
	const struct model *m = w->m;
	struct mservice **order = deps_start_order(w->ctx, m);

	w->prio = must(talloc_array(w->ctx, long long, m->nservices + 1));
	for (size_t i = 0; i < m->nservices; i++) {
		const struct mservice *s = order[i];
		long long p = MV(s->b, SVC_PRIORITY)->num;

		for (size_t k = 0; k < s->nafter; k++)
			if (w->prio[s->after[k]->order] >= p)
				p = w->prio[s->after[k]->order] + 1;
		w->prio[s->order] = p;
	}
}

char *emit_ini(TALLOC_CTX *ctx, const struct model *m, const char *source, struct diags *d)
{
	struct ini w = {must(talloc_new(NULL)), m, d, NULL, false};
	char *programs = must(talloc_strdup(w.ctx, "")), *groups = must(talloc_strdup(w.ctx, ""));
	char *out = NULL;

	ini_priorities(&w);
	for (size_t i = 0; i < m->nservices; i++)
		programs = must(
			talloc_strdup_append_buffer(programs, ini_program(&w, m->services[i])));
	for (size_t i = 0; i < m->ngroups; i++)
		groups = must(talloc_strdup_append_buffer(groups, ini_group(&w, m->groups[i])));
	const char *kv[] = {
		"SOURCE",   source,          "SUPERVISORD",   ini_supervisord(&w),
		"SERVERS",  ini_servers(&w), "SUPERVISORCTL", ini_supervisorctl(&w),
		"PROGRAMS", programs,        "GROUPS",        groups,
		NULL,
	};
	if (!w.failed)
		out = emit_fill(ctx, emit_template("supervisord.conf"), kv);
	talloc_free(w.ctx);
	return out;
}
