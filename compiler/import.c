/* svcc --import: supervisord's sections and options mapped onto the .svc
 * language through the schema's `ini` column; values re-typed with
 * supervisord's own rules, its %(name)s expansions turned into ${...}. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "import.h"
#include "interp.h"
#include "schema.h"
#include "common/buf.h"
#include "common/evtype.h"
#include "common/text.h"
#include "common/signame.h"
#include "values.h"
#include "common/oom.h"

/* Which of supervisord's expansions a place allows (besides ENV_X). */
enum { X_HERE = 1, X_HOST = 2, X_PROG = 4, X_NUM = 8 };
#define X_SECTION X_HERE
#define X_PROGRAM (X_HERE | X_HOST | X_PROG)
#define X_PROCESS (X_PROGRAM | X_NUM)

struct envvar {
	char *name;
	char *svc; /* the value as .svc string text */
};

/* The [program:x] or [eventlistener:x] being converted. */
struct program {
	const char *name, *group;
	bool listener;
	long long numprocs, start;
	struct envvar *env; /* its environment=, for %(ENV_X)s after it */
	size_t nenv;
};

struct imp {
	TALLOC_CTX *tmp;
	struct ini *ini;
	const char *here; /* the folder ${here} stands for */
	bool used_here;
	struct program *prog; /* NULL outside a program */
	struct buf notes;     /* comments for the block being written */
	bool failed;
};

/* One %... of a value, as Python's %-formatting reads it. */
struct ref {
	size_t len;   /* bytes from the '%' */
	bool percent; /* "%%" */
	char *name;
	char flags[8];
	int width, prec; /* -1: none */
	char conv;
};

/* supervisord options svc has no counterpart for, by section kind: they
 * get a "not supported" comment; any other unknown option is one that
 * supervisord itself ignores, and the comment says so. */
static const char *const sup_only[] = {
	"nodaemon",  "silent",     "minprocs",   "nocleanup", "user",
	"directory", "strip_ansi", "identifier", NULL,
};
static const char *const prog_only[] = {
	"serverurl",
	"result_handler",
	NULL,
};
#define DEFAULT_RESULT_HANDLER "supervisor.dispatchers:default_handler"
static const char *const ctl_known[] = {
	"serverurl", "username", "password", "prompt", "history_file", NULL,
};

/* ---- messages and comments ---- */

static void fail(struct imp *im, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct imp *im, const char *path, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = must(talloc_vasprintf(im->tmp, fmt, ap));
	va_end(ap);
	ini_report(im->ini, path, line, true, "%s", msg);
	im->failed = true;
}

static void note(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = must(talloc_vasprintf(im->tmp, fmt, ap));
	va_end(ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	buf_str(&im->notes, "    # ");
	buf_str(&im->notes, msg);
	buf_addc(&im->notes, '\n');
}

static bool in_list(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (strcmp(*list, word) == 0)
			return true;
	return false;
}

/* A comment for every option of SEC nobody took. An option of [DEFAULT]
 * is in every section, and supervisord ignores it where the section does
 * not know it: it is commented only where supervisord would use it (KNOWN
 * lists those svc has no counterpart for). */
static void note_unused(struct imp *im, const struct ini_section *sec, const char *const *known,
			bool with_section)
{
	for (size_t i = 0; i < sec->nvals; i++) {
		const struct ini_value *v = &sec->vals[i];
		if (v->used || (v->inherited && !(known && in_list(known, v->key))))
			continue;
		note(im, "not supported by svc: %s%s%s%s=%s%s", with_section ? "[" : "",
		     with_section ? sec->name : "", with_section ? "] " : "", v->key, v->value,
		     v->inherited ? " (from [DEFAULT])"
			     : known && !in_list(known, v->key)
			     ? " (not a supervisord option either)"
			     : "");
	}
}

/* [DEFAULT]'s options that no section took: supervisord ignores them. */
static void note_default(struct imp *im, const struct ini_section *def)
{
	for (size_t j = 0; j < def->nvals; j++) {
		bool taken = false;

		for (size_t i = 0; i < im->ini->nsecs && !taken; i++) {
			const struct ini_value *v = ini_get(im->ini->secs[i], def->vals[j].key);
			taken = v && v->inherited && v->used;
		}
		if (!taken)
			note(im, "[DEFAULT] %s=%s: no section uses it", def->vals[j].key,
			     def->vals[j].value);
	}
}

static struct ini_value *take(struct ini_section *sec, const char *key)
{
	struct ini_value *v = ini_get(sec, key);

	if (v)
		v->used = true;
	return v;
}

/* ---- text ---- */

static void svc_escape(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\' || s[i] == '$') {
			buf_addc(b, '\\');
			buf_addc(b, s[i]);
		} else if (s[i] == '\n') {
			buf_str(b, "\\n");
		} else if (s[i] == '\t') {
			buf_str(b, "\\t");
		} else {
			buf_addc(b, s[i]);
		}
	}
}

static char *escaped(TALLOC_CTX *ctx, const char *s)
{
	struct buf b;

	buf_init(&b, ctx, BUF_UNLIMITED);
	svc_escape(&b, s, strlen(s));
	return buf_take(&b);
}

/* A svc identifier, as the lexer takes one. */
static bool is_ident(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || strchr("_.-", *s)))
			return false;
	return true;
}

/* A user or group name: bare when the lexer takes it, else quoted. */
static char *word_text(TALLOC_CTX *ctx, const char *s)
{
	return is_ident(s) && strcmp(s, "true") && strcmp(s, "false")
		? must(talloc_strdup(ctx, s))
		: must(talloc_asprintf(ctx, "\"%s\"", escaped(ctx, s)));
}

static const char *host_name(TALLOC_CTX *ctx)
{
	struct utsname un;

	return uname(&un) == 0 ? must(talloc_strdup(ctx, un.nodename)) : "localhost";
}

/* ---- %(name)s ---- */

static bool ref_parse(TALLOC_CTX *ctx, const char *p, struct ref *r)
{
	const char *q = p + 1, *start;
	size_t nf = 0;
	int depth = 1;

	*r = (struct ref){.width = -1, .prec = -1};
	if (*q == '%') {
		r->len = 2;
		r->percent = true;
		return true;
	}
	if (*q != '(')
		return false;
	for (start = ++q; *q && depth; q++)
		depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
	if (depth)
		return false;
	r->name = must(talloc_strndup(ctx, start, (size_t)(q - 1 - start)));
	for (; *q && strchr("#0- +", *q); q++)
		if (nf < sizeof r->flags - 1)
			r->flags[nf++] = *q;
	if (isdigit((unsigned char)*q))
		for (r->width = 0; isdigit((unsigned char)*q) && r->width < 1000; q++)
			r->width = r->width * 10 + (*q - '0');
	if (*q == '.')
		for (r->prec = 0, q++; isdigit((unsigned char)*q) && r->prec < 1000; q++)
			r->prec = r->prec * 10 + (*q - '0');
	if (*q && strchr("hlL", *q))
		q++;
	if (!*q || !strchr("diouxXeEfFgGcrsa", *q))
		return false;
	r->conv = *q;
	r->len = (size_t)(q + 1 - p);
	return true;
}

/* The next piece of the text at *P, which moves past it: a literal run of
 * *LIT bytes (ending at the new *P), or (*LIT 0) the reference in R,
 * r.percent for "%%". False, reported, for a bad '%'. */
static bool ref_next(struct imp *im, const struct ini_value *v, const char **p, size_t *lit,
		     struct ref *r)
{
	*lit = strcspn(*p, "%");
	if (*lit) {
		*p += *lit;
		return true;
	}
	if (!ref_parse(im->tmp, *p, r)) {
		fail(im, v->path, v->line,
		     "%s: a '%%' must be written '%%%%' or start "
		     "%%(name)s",
		     v->key);
		return false;
	}
	*p += r->len;
	return true;
}

static bool ref_plain_spec(const struct ref *r)
{
	return !r->flags[0] && r->width < 0 && r->prec < 0;
}

/* Whether supervisord knows NAME where ALLOW says; reports it if not. */
static bool ref_known(struct imp *im, const struct ini_value *v, const struct ref *r,
		      unsigned allow)
{
	const char *n = r->name;
	bool ok = strncmp(n, "ENV_", 4) == 0 || (strcmp(n, "here") == 0 && (allow & X_HERE))
		|| (strcmp(n, "host_node_name") == 0 && (allow & X_HOST))
		|| ((strcmp(n, "program_name") == 0 || strcmp(n, "group_name") == 0)
		    && (allow & X_PROG))
		|| ((strcmp(n, "process_num") == 0 || strcmp(n, "numprocs") == 0)
		    && (allow & X_NUM));

	if (!ok)
		fail(im, v->path, v->line,
		     "%s: %%(%s)%c cannot be expanded here (supervisord "
		     "refuses it)",
		     v->key, n, r->conv);
	else if (strcmp(n, "process_num") && strcmp(n, "numprocs")
		 && (!ref_plain_spec(r) || r->conv != 's')) {
		fail(im, v->path, v->line, "%s: %%(%s) must be written %%(%s)s", v->key, n, n);
		ok = false;
	}
	return ok;
}

/* The value of %(ENV_X)s when the import runs, or NULL (reported). */
static const char *env_now(struct imp *im, const struct ini_value *v, const char *name)
{
	const char *val = getenv(name);

	if (!val)
		fail(im, v->path, v->line,
		     "%s: %%(ENV_%s)s must be resolved when importing, "
		     "and %s is not set",
		     v->key, name, name);
	return val;
}

/* V's text with every expansion resolved now, for keys that take no
 * ${...} (numbers, users). NULL when something cannot be expanded. */
static char *plain(struct imp *im, const struct ini_value *v, unsigned allow)
{
	struct buf b;
	bool deferred = false;

	buf_init(&b, im->tmp, BUF_UNLIMITED);
	for (const char *p = v->value; *p;) {
		struct ref r;
		const char *val;
		size_t lit;

		if (!ref_next(im, v, &p, &lit, &r))
			return NULL;
		if (lit || r.percent) {
			buf_add(&b, lit ? p - lit : "%", lit ? lit : 1);
			continue;
		}
		if (!ref_known(im, v, &r, allow & ~X_NUM))
			return NULL;
		if (strcmp(r.name, "here") == 0)
			val = v->dir;
		else if (strcmp(r.name, "host_node_name") == 0)
			val = host_name(im->tmp), deferred = true;
		else if (strcmp(r.name, "program_name") == 0)
			val = im->prog->name;
		else if (strcmp(r.name, "group_name") == 0)
			val = im->prog->group;
		else if (!(val = env_now(im, v, r.name + 4)))
			return NULL;
		else
			deferred = true;
		buf_str(&b, val);
	}
	if (deferred)
		note(im, "%s: %s was expanded when imported; svc cannot defer it here", v->key,
		     v->value);
	return buf_take(&b);
}

/* ${index} for %(process_num)...: exact when every instance number
 * prints as the same text around its digits (zero padding of numbers of
 * one width), otherwise plain ${index} and a warning. */
static char *index_form(struct imp *im, const struct ini_value *v, const struct ref *r)
{
	const struct program *p = im->prog;
	char fmt[64], s[1100], dec[32], *pre = NULL, *suf = NULL;
	bool text = strchr("sra", r->conv) != NULL;
	struct buf b;
	size_t n = 0;

	if (!strchr("diusra", r->conv) || (text && r->prec >= 0)) {
		fail(im, v->path, v->line, "%s: %%(process_num)%c cannot be written in svc", v->key,
		     r->conv);
		return NULL;
	}
	n += (size_t)snprintf(fmt, sizeof fmt, "%%");
	for (const char *f = r->flags; *f; f++)
		if (!(text && strchr("0+ #", *f)))
			fmt[n++] = *f;
	fmt[n] = '\0';
	if (r->width >= 0)
		n += (size_t)snprintf(fmt + n, sizeof fmt - n, "%d", r->width);
	if (r->prec >= 0)
		n += (size_t)snprintf(fmt + n, sizeof fmt - n, ".%d", r->prec);
	snprintf(fmt + n, sizeof fmt - n, "lld");
	for (long long i = p->start; i < p->start + p->numprocs; i++) {
		size_t sl, dl;
		snprintf(s, sizeof s, fmt, i);
		dl = (size_t)snprintf(dec, sizeof dec, "%lld", i);
		sl = strlen(s);
		if (!pre) {
			size_t at = strncmp(s + (sl >= dl ? sl - dl : 0), dec, dl) == 0 ? sl - dl
				: strchr("+ ", s[0])                                    ? 1
											: 0;
			pre = must(talloc_strndup(im->tmp, s, at));
			suf = must(talloc_strdup(im->tmp, sl >= at + dl ? s + at + dl : ""));
		}
		if (sl != strlen(pre) + dl + strlen(suf) || strncmp(s, pre, strlen(pre))
		    || strncmp(s + strlen(pre), dec, dl) || strcmp(s + strlen(pre) + dl, suf)) {
			ini_report(im->ini, v->path, v->line, false,
				   "%s: svc cannot pad "
				   "${index} as %%(process_num)%s%s does for instances %lld to "
				   "%lld; the padding is left out, which changes the text",
				   v->key, r->flags,
				   r->width >= 0 ? must(
					   talloc_asprintf(im->tmp, "%d%c", r->width, r->conv))
						 : "d",
				   p->start, p->start + p->numprocs - 1);
			note(im, "%s: the padding of %s was left out (svc cannot pad ${index})",
			     v->key, v->value);
			return "${index}";
		}
	}
	buf_init(&b, im->tmp, BUF_UNLIMITED);
	svc_escape(&b, pre ? pre : "", pre ? strlen(pre) : 0);
	buf_str(&b, "${index}");
	svc_escape(&b, suf ? suf : "", suf ? strlen(suf) : 0);
	return buf_take(&b);
}

/* The program's own environment= value of NAME, as .svc text, or NULL. */
static const char *prog_env(const struct imp *im, const char *name)
{
	for (size_t i = 0; im->prog && i < im->prog->nenv; i++)
		if (strcmp(im->prog->env[i].name, name) == 0)
			return im->prog->env[i].svc;
	return NULL;
}

/* PATH relative to the main INI's folder when it lies inside it. */
static const char *shown_path(const struct imp *im, const char *path)
{
	size_t n = strlen(im->ini->dir);

	if (strncmp(path, im->ini->dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* %(here)s of a file in DIR: ${here} for the folder of the .svc file, and
 * the folders below it, so the output moves with its include folder. */
static const char *here_form(struct imp *im, const char *dir)
{
	size_t n = strlen(im->here);

	if (strncmp(dir, im->here, n) != 0 || (dir[n] && dir[n] != '/'))
		return escaped(im->tmp, dir);
	im->used_here = true;
	return must(talloc_asprintf(im->tmp, "${here}%s", escaped(im->tmp, dir + n)));
}

/* One expansion as .svc text inside a string of key K. */
static const char *ref_form(struct imp *im, const struct ini_value *v, const struct ref *r,
			    const struct schema_key *k)
{
	const char *n = r->name;
	bool runtime = k->flags & SF_RUNTIME;

	if (strcmp(n, "process_num") == 0)
		return index_form(im, v, r);
	if (strcmp(n, "numprocs") == 0)
		return must(talloc_asprintf(im->tmp, "%lld", im->prog->numprocs));
	if (strcmp(n, "here") == 0)
		return here_form(im, v->dir);
	if (strcmp(n, "program_name") == 0)
		return k->block == SB_SERVICE ? "${service}" : escaped(im->tmp, im->prog->name);
	if (strcmp(n, "group_name") == 0)
		return k->block == SB_SERVICE ? "${group}" : escaped(im->tmp, im->prog->group);
	if (strcmp(n, "host_node_name") == 0) {
		if (runtime)
			return "${host}";
		note(im, "%s: %%(host_node_name)s was expanded when imported", v->key);
		return escaped(im->tmp, host_name(im->tmp));
	}
	if (prog_env(im, n + 4))
		return prog_env(im, n + 4);
	if (runtime && interp_env_name(n + 4))
		return must(talloc_asprintf(im->tmp, "${env.%s}", n + 4));
	if (!env_now(im, v, n + 4))
		return NULL;
	note(im, "%s: %%(%s)s was expanded when imported; svc cannot defer it here", v->key, n);
	return escaped(im->tmp, getenv(n + 4));
}

/* The pieces of TEXT (V's value, or a part of it): literal text, and
 * expansions already as .svc text. */
struct piece {
	bool ref;
	char *text;
};

static struct piece *pieces(struct imp *im, const struct ini_value *v, const char *text,
			    unsigned allow, const struct schema_key *k, size_t *count)
{
	struct piece *out = must(talloc_array(im->tmp, struct piece, strlen(text) + 1));
	size_t n = 0;

	for (const char *p = text; *p;) {
		struct ref r;
		const char *form;
		size_t lit;

		if (!ref_next(im, v, &p, &lit, &r))
			return NULL;
		if (lit || r.percent) {
			out[n++] = (struct piece){false,
						  lit ? must(talloc_strndup(out, p - lit, lit))
						      : must(talloc_strdup(out, "%"))};
			continue;
		}
		if (!ref_known(im, v, &r, allow) || !(form = ref_form(im, v, &r, k)))
			return NULL;
		out[n++] = (struct piece){true, must(talloc_strdup(out, form))};
	}
	*count = n;
	return out;
}

/* TEXT as the inside of a .svc string for key K. */
static char *svc_text(struct imp *im, const struct ini_value *v, const char *text, unsigned allow,
		      const struct schema_key *k)
{
	size_t n;
	struct piece *ps = pieces(im, v, text, allow, k, &n);
	struct buf b;

	if (!ps)
		return NULL;
	buf_init(&b, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++) {
		if (ps[i].ref)
			buf_str(&b, ps[i].text);
		else
			svc_escape(&b, ps[i].text, strlen(ps[i].text));
	}
	return buf_take(&b);
}

/* ---- supervisord's value types ---- */

/* Python's int() of a string. */
static bool py_int(const char *s, long long *out)
{
	char *end;
	char digits[64];
	size_t n = 0;
	const char *p = s;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		digits[n++] = *p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (; *p && n < sizeof digits - 1; p++) {
		if (*p == '_' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[-1]))
			continue;
		if (!isdigit((unsigned char)*p))
			break;
		digits[n++] = *p;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return false;
	digits[n] = '\0';
	*out = strtoll(digits, &end, 10);
	return *end == '\0';
}

static int py_bool(const char *s)
{
	static const char *const yes[] = {"yes", "true", "on", "1", NULL};
	static const char *const no[] = {"no", "false", "off", "0", NULL};
	char *low = strdup(s);
	int r = -1;

	for (char *p = low; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (low && in_list(yes, low))
		r = 1;
	else if (low && in_list(no, low))
		r = 0;
	free(low);
	return r;
}

/* supervisord's byte_size: an integer with an optional KB, MB or GB. */
static bool byte_size(const char *s, long long *out)
{
	static const char *const units[] = {"kb", "mb", "gb"};
	size_t n = strlen(s);

	for (int i = 0; i < 3 && n >= 2; i++) {
		if (strcasecmp(s + n - 2, units[i]) == 0) {
			char *num = strndup(s, n - 2);
			bool ok = num && py_int(num, out);
			free(num);
			if (ok)
				*out <<= 10 * (i + 1);
			return ok;
		}
	}
	return py_int(s, out);
}

static bool octal(const char *s, long long *out)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	*out = strtoll(s, &end, 8);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' && *out >= 0;
}

static bool signal_num(const char *s, long long *out)
{
	char name[32];
	size_t n = 0;

	if (py_int(s, out))
		return signame_name((int)*out) != NULL;
	while (isspace((unsigned char)*s))
		s++;
	for (; *s && !isspace((unsigned char)*s) && n < sizeof name - 1; s++)
		name[n++] = (char)toupper((unsigned char)*s);
	name[n] = '\0';
	*out = signame_number(name, SIGNAME_STRICT);
	return *out > 0;
}

/* S read as K's type with supervisord's rules into *NUM (an enum: the
 * index of its word); false after reporting what is wrong. */
static bool typed(struct imp *im, const struct schema_key *k, const struct ini_value *v,
		  const char *s, long long *num)
{
	const char *what = NULL;
	int b;

	switch (k->type) {
	case ST_INT:
		if (!py_int(s, num))
			what = "an integer";
		break;
	case ST_DURATION:
		if (!py_int(s, num))
			what = "a whole number of seconds";
		*num *= 1000;
		break;
	case ST_SIZE:
		if (!byte_size(s, num))
			what = "a byte size such as 1024, 10KB or 50MB";
		break;
	case ST_OCTAL:
		if (!octal(s, num))
			what = "an octal number such as 022";
		break;
	case ST_SIGNAL:
		if (!signal_num(s, num))
			what = "a signal name or number";
		break;
	case ST_BOOL:
		if ((b = py_bool(s)) < 0)
			what = "a boolean (true, false, yes, no, on, off, 1, 0)";
		*num = b;
		break;
	case ST_ENUM: {
		char *low = must(talloc_strdup(im->tmp, s));
		for (char *p = low; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		b = py_bool(low);
		if (b >= 0 && schema_word(k, "true") >= 0)
			low = must(talloc_strdup(im->tmp, b ? "true" : "false"));
		if ((*num = schema_word(k, low)) < 0)
			what = must(talloc_asprintf(im->tmp, "one of: %s", k->words));
		break;
	}
	default: return true;
	}
	if (what) {
		fail(im, v->path, v->line, "%s: '%s' is not %s", v->key, s, what);
		return false;
	}
	if ((k->type == ST_INT || k->type == ST_DURATION || k->type == ST_SIZE)
	    && (*num < k->min || *num > k->max)) {
		fail(im, v->path, v->line, "%s: %s is out of the range svc accepts", v->key, s);
		return false;
	}
	return true;
}

/* events=: supervisord's list_of_strings (commas, blanks around each),
 * upper-cased as supervisord does, each a type it knows. */
static char *events_text(struct imp *im, const struct ini_value *v, const char *s)
{
	struct buf b;
	char *save = NULL;

	buf_init(&b, im->tmp, BUF_UNLIMITED);
	for (char *t = strtok_r(must(talloc_strdup(im->tmp, s)), ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		char *a = t, *z = t + strlen(t);
		while (isspace((unsigned char)*a))
			a++;
		while (z > a && isspace((unsigned char)z[-1]))
			z--;
		for (char *p = a; p < z; p++)
			*p = (char)toupper((unsigned char)*p);
		if (z == a)
			continue;
		if (!evtype_mask(a, (unsigned long)(z - a))) {
			fail(im, v->path, v->line, "%s: unknown event type %.*s", v->key,
			     (int)(z - a), a);
			return NULL;
		}
		buf_str(&b,
			must(talloc_asprintf(im->tmp, "%s%.*s", b.len ? " " : "", (int)(z - a),
					     a)));
	}
	if (!b.len)
		fail(im, v->path, v->line, "%s: names no event type", v->key);
	return b.len ? buf_take(&b) : NULL;
}

/* K's value from V as .svc text, or NULL (reported). *DEF tells whether it
 * equals K's default, so it can be left out. */
static char *value_text(struct imp *im, const struct schema_key *k, const struct ini_value *v,
			unsigned allow, bool *def)
{
	long long num = 0;
	char *s;

	*def = false;
	if (k->type == ST_STRING || k->type == ST_LOGDEST) {
		s = svc_text(im, v, v->value, allow, k);
		if (s && k->def_str && strcmp(s, escaped(im->tmp, k->def_str)) == 0)
			*def = true;
		return s ? must(talloc_asprintf(im->tmp, "\"%s\"", s)) : NULL;
	}
	if (!(s = plain(im, v, allow)))
		return NULL;
	switch (k->type) {
	case ST_WORD: return word_text(im->tmp, s);
	case ST_EVENTS: return events_text(im, v, s);
	case ST_HOSTPORT:
		return must(talloc_asprintf(im->tmp, "\"%s%s\"", strchr(s, ':') ? "" : ":",
					    escaped(im->tmp, s)));
	case ST_INTS: {
		struct buf b;
		char *save = NULL;
		buf_init(&b, im->tmp, BUF_UNLIMITED);
		for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (!py_int(t, &num) || num < k->min || num > k->max) {
				fail(im, v->path, v->line,
				     "%s: not a valid list of exit codes: '%s'", v->key, v->value);
				return NULL;
			}
			buf_str(&b,
				must(talloc_asprintf(im->tmp, "%s%lld", b.len ? " " : "", num)));
		}
		*def = strcmp(buf_cstr(&b), "0") == 0;
		return b.len ? buf_take(&b) : NULL;
	}
	default: break;
	}
	if (!typed(im, k, v, s, &num))
		return NULL;
	*def = num == k->def_num;
	switch (k->type) {
	case ST_BOOL: return must(talloc_strdup(im->tmp, num ? "true" : "false"));
	case ST_ENUM: {
		const char *w = k->words;
		for (long long i = 0; i < num; i++)
			w = strchr(w, ' ') + 1;
		return must(talloc_strndup(im->tmp, w, strcspn(w, " ")));
	}
	case ST_SIGNAL: return must(talloc_strdup(im->tmp, signame_name((int)num)));
	case ST_DURATION: return must(talloc_asprintf(im->tmp, "%llds", num / 1000));
	default: return values_format(im->tmp, k, num);
	}
}

/* "    key value;" into B unless it is the default. */
static void put_key(struct imp *im, struct buf *b, const struct schema_key *k,
		    const struct ini_value *v, unsigned allow)
{
	bool def;
	char *s = value_text(im, k, v, allow, &def);

	if (s && !def)
		buf_str(b, must(talloc_asprintf(im->tmp, "    %s %s;\n", k->name, s)));
}

/* "program:" from "[program:NAME]", the TOP key K's `ini` column. */
static char *section_prefix(TALLOC_CTX *ctx, const struct schema_key *k)
{
	return must(talloc_strndup(ctx, k->ini + 1, strcspn(k->ini + 1, ":") + 1));
}

/* ---- environment= ---- */

/* shlex in its non-POSIX mode, as supervisord splits environment=: words
 * of letters, digits and _/.+-():, quoted strings kept with their quotes,
 * any other character a token of its own, '#' a comment to the line's end.
 * Bytes 1 and 2 mark an expansion and count as word characters. */
static bool env_word(const char *p)
{
	unsigned char c = (unsigned char)*p;

	return (c < 128 && isalnum(c)) || (c && strchr("_/.+-():\1\2", c));
}

/* One character: a UTF-8 sequence, or one byte that is not one. */
static size_t utf8_len(const char *p)
{
	uint32_t cp;
	size_t n = utf8_decode(p, 4, &cp);

	return n ? n : 1;
}

static char **shlex_tokens(TALLOC_CTX *ctx, const char *s, size_t *count, bool *unclosed)
{
	char **tok = must(talloc_array(ctx, char *, strlen(s) + 1));
	size_t n = 0;

	*unclosed = false;
	while (*s) {
		const char *start = s;
		if (strchr(" \t\r\n", *s)) {
			s++;
		} else if (*s == '#') {
			s += strcspn(s, "\n");
		} else if (*s == '\'' || *s == '"') {
			const char *close = strchr(s + 1, *s);
			if (!close) {
				*unclosed = true;
				return NULL;
			}
			s = close + 1;
			tok[n++] = must(talloc_strndup(tok, start, (size_t)(s - start)));
		} else if (env_word(s)) {
			struct buf b;
			buf_init(&b, tok, BUF_UNLIMITED);
			while (*s && (env_word(s) || *s == '\'' || *s == '"' || *s == '#')) {
				if (*s
				    == '#') { /* non-POSIX shlex: skip the line, stay in the word */
					s += strcspn(s, "\n");
					s += *s == '\n';
				} else
					buf_addc(&b, *s++);
			}
			tok[n++] = buf_take(&b);
		} else {
			s += utf8_len(s);
			tok[n++] = must(talloc_strndup(tok, start, (size_t)(s - start)));
		}
	}
	*count = n;
	return tok;
}

/* TOKEN with its expansion marks replaced by FORMS and its literal text
 * escaped for a .svc string. */
static char *unmark(TALLOC_CTX *ctx, const char *token, char **forms)
{
	struct buf b;

	buf_init(&b, ctx, BUF_UNLIMITED);
	for (const char *p = token; *p;) {
		if (*p == '\1') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			buf_str(&b, forms[i]);
			p = end + (*end == '\2');
			continue;
		}
		size_t lit = strcspn(p, "\1");
		svc_escape(&b, p, lit);
		p += lit;
	}
	return buf_take(&b);
}

/* environment= into PROG's env list, as supervisord reads it: expanded
 * first (what ALLOW says, for key K), then split by shlex into KEY = VALUE
 * and a separator, the value freed of quote characters at both ends. */
static bool parse_env(struct imp *im, const struct ini_value *v, struct program *prog,
		      const struct schema_key *k, unsigned allow)
{
	size_t n, ntok;
	struct piece *ps = pieces(im, v, v->value, allow, k, &n);
	char **forms = must(talloc_array(im->tmp, char *, n + 1)), **tok;
	struct buf marked;
	bool unclosed;

	if (!ps)
		return false;
	buf_init(&marked, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++) {
		forms[i] = ps[i].text;
		if (ps[i].ref)
			buf_str(&marked, must(talloc_asprintf(im->tmp, "\1%zu\2", i)));
		else
			buf_str(&marked, ps[i].text);
	}
	tok = shlex_tokens(im->tmp, buf_cstr(&marked), &ntok, &unclosed);
	if (!tok) {
		fail(im, v->path, v->line, "environment: a quote is not closed in '%s'", v->value);
		return false;
	}
	prog->env = must(talloc_array(im->tmp, struct envvar, ntok / 3 + 1));
	for (size_t i = 0; i < ntok; i += 4) {
		char *val;
		size_t a, z;
		if (ntok - i < 3 || strcmp(tok[i + 1], "=") != 0) {
			fail(im, v->path, v->line,
			     "environment: unexpected end of key/value "
			     "pairs in '%s' (quote values that hold anything but letters, "
			     "digits and _/.+-():)",
			     v->value);
			return false;
		}
		if (!interp_env_name(tok[i]) || strchr(tok[i], '\1')) {
			fail(im, v->path, v->line, "environment: '%s' cannot be a svc env name",
			     tok[i]);
			return false;
		}
		val = tok[i + 2];
		a = strspn(val, "'\"");
		for (z = strlen(val); z > a && strchr("'\"", val[z - 1]); z--)
			;
		val = unmark(im->tmp, must(talloc_strndup(im->tmp, val + a, z - a)), forms);
		for (a = 0; a < prog->nenv && strcmp(prog->env[a].name, tok[i]); a++)
			;
		if (a == prog->nenv) /* a repeated name keeps its place, takes the last value */
			prog->env[prog->nenv++].name = tok[i];
		prog->env[a].svc = val;
	}
	return true;
}

/* "    env NAME \"value\";" of P's variables, K naming the key. */
static void put_env_of(struct imp *im, struct buf *b, const struct program *p,
		       const struct schema_key *k)
{
	for (size_t i = 0; i < p->nenv; i++)
		buf_str(b,
			must(talloc_asprintf(im->tmp, "    %s %s \"%s\";\n", k->name,
					     p->env[i].name, p->env[i].svc)));
}

/* ---- [supervisord] and the servers ---- */

/* [supervisord] environment= is expanded twice by supervisord: once as
 * every option of the section is (%(here)s and %(ENV_X)s of the real
 * environment), then again with %(host_node_name)s as well, before it is
 * split. The first pass here: "%%" becomes "%", %(here)s and %(ENV_X)s stay
 * for the second (their values are taken to hold no '%'), any other name
 * is refused as supervisord refuses it. */
static char *sup_env_once(struct imp *im, const struct ini_value *v)
{
	struct buf b;

	buf_init(&b, im->tmp, BUF_UNLIMITED);
	for (const char *p = v->value; *p;) {
		struct ref r;
		size_t lit;

		if (!ref_next(im, v, &p, &lit, &r))
			return NULL;
		if (lit || r.percent) {
			buf_add(&b, lit ? p - lit : "%", lit ? lit : 1);
			continue;
		}
		if (!ref_known(im, v, &r, X_HERE))
			return NULL;
		buf_add(&b, p - r.len, r.len);
	}
	return buf_take(&b);
}

/* supervisor { env NAME "value"; } from [supervisord] environment=. */
static void put_sup_env(struct imp *im, struct buf *b, struct ini_section *sec,
			const struct schema_key *k)
{
	struct ini_value *v = take(sec, k->ini), once;
	struct program env = {.name = "supervisord", .group = "supervisord"};

	if (!v)
		return;
	once = *v;
	if (!(once.value = sup_env_once(im, v)) || !parse_env(im, &once, &env, k, X_HERE | X_HOST))
		return;
	put_env_of(im, b, &env, k);
}

/* username and password of SEC; NULL when it has none. */
static bool auth_of(struct imp *im, struct ini_section *sec, struct ini_value **user,
		    struct ini_value **pass)
{
	*user = ini_get(sec, schema_keys[AUTH_USERNAME].ini);
	*pass = ini_get(sec, schema_keys[AUTH_PASSWORD].ini);
	if (!*user != !*pass) {
		fail(im, sec->path, sec->line,
		     "[%s] has a %s but no %s (supervisord refuses "
		     "incomplete authentication)",
		     sec->name, *user ? "username" : "password", *user ? "password" : "username");
		return false;
	}
	return *user != NULL;
}

static bool same_value(const struct ini_value *a, const struct ini_value *b)
{
	return a && b && strcmp(a->value, b->value) == 0;
}

/* supervisor's one auth { }, from the servers that have one. */
static void put_auth(struct imp *im, struct buf *b)
{
	struct ini_section *srv[2] = {ini_section(im->ini, "unix_http_server"),
				      ini_section(im->ini, "inet_http_server")};
	struct ini_value *user = NULL, *pass = NULL;
	int from = -1;

	for (int i = 0; i < 2; i++) {
		struct ini_value *u, *p;
		if (!srv[i] || !auth_of(im, srv[i], &u, &p))
			continue;
		if (from < 0) {
			from = i, user = u, pass = p;
		} else if (same_value(u, user) && same_value(p, pass)) {
			u->used = p->used = true;
		}
	}
	if (from < 0)
		return;
	user->used = pass->used = true;
	buf_str(b,
		must(talloc_asprintf(
			im->tmp,
			"    auth {\n        username %s;\n"
			"        password %s;\n    }\n",
			value_text(im, &schema_keys[AUTH_USERNAME], user, X_SECTION, &(bool){0}),
			value_text(im, &schema_keys[AUTH_PASSWORD], pass, X_SECTION, &(bool){0}))));
	for (int i = 0; i < 2; i++)
		if (srv[i] && i != from && !ini_get(srv[i], "username"))
			note(im,
			     "[%s] has no username and password in the INI; svc's auth "
			     "applies to both servers",
			     srv[i]->name);
}

/* socket "PATH" { mode; owner; group; } from [unix_http_server]. */
static void put_socket(struct imp *im, struct buf *b, const struct schema_key *k,
		       struct ini_section *sec, struct ini_value *file)
{
	struct buf sub;
	bool def;
	char *path = value_text(im, k, file, X_SECTION, &def);

	buf_init(&sub, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < schema_count(k->sub); i++) {
		const struct schema_key *sk = &schema_keys[schema_first(k->sub) + i];
		struct ini_value *v = take(sec, sk->ini), part;
		const char *colon;
		if (!v)
			continue;
		part = *v;
		colon = strchr(v->value, ':');
		if (sk->type == ST_WORD && colon) /* chown=user:group */
			part.value = sk->id == SOCK_GROUP
				? must(talloc_strdup(im->tmp, colon + 1))
				: must(talloc_strndup(im->tmp, v->value,
						      (size_t)(colon - v->value)));
		else if (sk->id == SOCK_GROUP)
			continue;
		if (*part.value)
			put_key(im, &sub, sk, &part, X_SECTION);
	}
	if (!path)
		return;
	if (!sub.len) {
		buf_str(b, must(talloc_asprintf(im->tmp, "    %s %s;\n", k->name, path)));
		return;
	}
	buf_str(b, must(talloc_asprintf(im->tmp, "    %s %s {\n", k->name, path)));
	for (char *line = strtok(sub.data, "\n"); line; line = strtok(NULL, "\n"))
		buf_str(b, must(talloc_asprintf(im->tmp, "    %s\n", line)));
	buf_str(b, "    }\n");
}

/* A supervisor key kept in another section: "[unix_http_server] file". */
static void put_server_key(struct imp *im, struct buf *b, const struct schema_key *k)
{
	size_t n = strcspn(k->ini, "]");
	char *name = must(talloc_strndup(im->tmp, k->ini + 1, n - 1));
	struct ini_section *sec = ini_section(im->ini, name);
	struct ini_value *v = take(sec, k->ini + n + 2);

	if (sec && !v) {
		fail(im, sec->path, sec->line, "[%s] has no %s value", name, k->ini + n + 2);
		return;
	}
	if (!v)
		return;
	if (k->sub != SB_NONE)
		put_socket(im, b, k, sec, v);
	else
		put_key(im, b, k, v, X_SECTION);
}

/* [supervisorctl]: what svc derives from the servers and auth needs no
 * comment; anything else gets one. */
static void check_ctl(struct imp *im)
{
	struct ini_section *ctl = ini_section(im->ini, "supervisorctl");
	struct ini_section *unix_srv = ini_section(im->ini, "unix_http_server");
	struct ini_value *url = ini_get(ctl, "serverurl"), *file = ini_get(unix_srv, "file");

	if (!ctl)
		return;
	if (url && file && strncmp(url->value, "unix://", 7) == 0
	    && strcmp(url->value + 7, file->value) == 0)
		url->used = true;
	for (int i = 0; i < 2; i++) {
		const char *key = schema_keys[i ? AUTH_PASSWORD : AUTH_USERNAME].ini;
		struct ini_value *mine = ini_get(ctl, key);
		struct ini_value *srv = ini_get(unix_srv, key);
		if (!srv)
			srv = ini_get(ini_section(im->ini, "inet_http_server"), key);
		if (same_value(mine, srv))
			mine->used = true;
	}
	note_unused(im, ctl, ctl_known, true);
}

/* supervisord's defaults for its log, pid and child-log places are not
 * svc's: say which one applies now. */
static void note_unset(struct imp *im, const struct schema_key *k)
{
	if ((k->flags & SF_RUNTIME) && (k->type == ST_STRING || k->type == ST_LOGDEST)
	    && k->def_str)
		note(im,
		     "%s: not set in the INI, where supervisord's default is %s; svc "
		     "uses \"%s\"",
		     k->name,
		     k->id == SUP_CHILDLOGDIR ? "the temporary "
						"folder"
					      : "a file in the folder it starts in",
		     k->def_str);
}

static void put_supervisor(struct imp *im, struct buf *out)
{
	struct ini_section *sec = ini_section(im->ini, "supervisord");
	struct buf body;

	buf_init(&body, im->tmp, BUF_UNLIMITED);
	buf_init(&im->notes, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < schema_count(SB_SUPERVISOR); i++) {
		const struct schema_key *k = &schema_keys[schema_first(SB_SUPERVISOR) + i];
		struct ini_value *v;
		if (k->id == SUP_AUTH)
			put_auth(im, &body);
		else if (!k->ini || k->type == ST_BLOCK)
			continue;
		else if (k->ini[0] == '[')
			put_server_key(im, &body, k);
		else if (k->type == ST_ENV)
			put_sup_env(im, &body, sec, k);
		else if ((v = take(sec, k->ini)) && k->type == ST_LOGDEST
			 && schema_word(k, v->value) >= 0)
			/* supervisord takes logfile=syslog, exactly so, as the word */
			buf_str(&body,
				must(talloc_asprintf(im->tmp, "    %s %s;\n", k->name, v->value)));
		else if (v)
			put_key(im, &body, k, v, X_SECTION);
		else
			note_unset(im, k);
	}
	note_unused(im, sec, sup_only, true);
	for (int i = 0; i < 2; i++) {
		struct ini_section *srv =
			ini_section(im->ini, i ? "inet_http_server" : "unix_http_server");
		if (srv)
			note_unused(im, srv,
				    (const char *const[]){"file", "chmod", "chown", "port",
							  "username", "password", NULL},
				    true);
	}
	check_ctl(im);
	buf_str(out, "supervisor {\n");
	buf_str(out, buf_cstr(&body));
	buf_str(out, buf_cstr(&im->notes));
	buf_str(out, "}\n");
}

/* ---- [program:x] ---- */

/* STREAM_syslog: 1 true, 0 false or unset, -1 not a boolean (reported). */
static int syslog_of(struct imp *im, struct ini_section *sec, const struct schema_key *k,
		     struct ini_value **sy)
{
	size_t stem = strlen(k->ini) - strlen("_logfile");
	char *key = must(talloc_asprintf(im->tmp, "%.*s%s", (int)stem, k->ini, SCHEMA_INI_SYSLOG));
	const struct schema_key as_bool = {.name = key, .type = ST_BOOL};
	long long b;
	char *s;

	if (!(*sy = take(sec, key)))
		return 0;
	if (!(s = plain(im, *sy, X_PROGRAM)) || !typed(im, &as_bool, *sy, s, &b))
		return -1;
	return b != 0;
}

/* Where a stream goes, as supervisord reads STREAM_logfile (V) and
 * STREAM_syslog (SYSLOG): svc sends a stream to one place, so syslog beside
 * a file keeps the one that was written out. NULL: reported. */
static const char *log_dest(struct imp *im, const struct schema_key *k, struct ini_value *v,
			    struct ini_value *sy, int syslog)
{
	bool def;
	const char *dest;

	if (v && !strcasecmp(v->value, "syslog")) /* supervisord's old spelling */
		return "syslog";
	if (v && (!strcasecmp(v->value, "none") || !strcasecmp(v->value, "off")))
		return syslog ? "syslog" : "none";
	if (!v && syslog) {
		note(im,
		     "not supported by svc: %s=%s with no %s (supervisord writes an AUTO "
		     "file as well; svc sends a stream to one place: written as syslog)",
		     sy->key, sy->value, k->ini);
		return "syslog";
	}
	if (!v || !strcasecmp(v->value, "auto"))
		dest = "auto";
	else if (!(dest = value_text(im, k, v, X_PROCESS, &def)))
		return NULL;
	if (syslog)
		note(im,
		     "not supported by svc: %s=%s beside %s=%s (svc sends a stream to one "
		     "place: the file is kept)",
		     sy->key, sy->value, v->key, v->value);
	return dest;
}

/* stdout or stderr, with its { maxbytes; backups; } and, for stderr,
 * redirect_stderr. */
static void put_log(struct imp *im, struct buf *b, struct ini_section *sec,
		    const struct schema_key *k, bool redirect)
{
	size_t stem = strlen(k->ini) - strlen("_logfile");
	struct ini_value *v = take(sec, k->ini), *sy;
	int syslog = syslog_of(im, sec, k, &sy);
	const char *dest;
	struct buf sub;
	bool def;

	if (syslog < 0)
		return;
	if (redirect) {
		if (v)
			note(im, "ignored by supervisord with redirect_stderr=true: %s=%s", v->key,
			     v->value);
		if (sy)
			note(im, "ignored by supervisord with redirect_stderr=true: %s=%s", sy->key,
			     sy->value);
		dest = "stdout";
	} else if (!(dest = log_dest(im, k, v, sy, syslog))) {
		return;
	}
	buf_init(&sub, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < schema_count(k->sub); i++) {
		const struct schema_key *sk = &schema_keys[schema_first(k->sub) + i];
		char *key = must(talloc_asprintf(im->tmp, "%.*s%s", (int)stem, k->ini, sk->ini));
		struct ini_value *sv = take(sec, key);
		char *text;
		if (!sv)
			continue;
		if (!strcmp(dest, "stdout")
		    || ((!strcmp(dest, "none") || !strcmp(dest, "syslog")) && sk->id != LOG_EVENTS
			&& sk->id != LOG_CAPTURE)) {
			if (!strcmp(dest, "syslog") && !v) /* the AUTO file it was for is gone */
				note(im, "not supported by svc: %s=%s (no AUTO file is kept)", key,
				     sv->value);
			else
				note(im, "ignored by supervisord %s: %s=%s",
				     !strcmp(dest, "stdout") ? "with redirect_stderr=true"
							     : "without a log file",
				     key, sv->value);
			continue;
		}
		if (im->prog->listener && k->id == SVC_STDOUT
		    && (sk->id == LOG_CAPTURE || sk->id == LOG_EVENTS)) {
			note(im,
			     "ignored by supervisord: %s=%s (a listener's stdout carries the "
			     "event protocol)",
			     key, sv->value);
			continue;
		}
		if ((text = value_text(im, sk, sv, X_PROGRAM, &def)) && !def)
			buf_str(&sub,
				must(talloc_asprintf(im->tmp, "        %s %s;\n", sk->name, text)));
	}
	if (!sub.len && !strcmp(dest, "auto"))
		return;
	buf_str(b, must(talloc_asprintf(im->tmp, "    %s %s", k->name, dest)));
	buf_str(b, sub.len ? must(talloc_asprintf(im->tmp, " {\n%s    }\n", sub.data)) : ";\n");
}

/* instances and first_index, needed before any ${index}. */
static bool read_counts(struct imp *im, struct ini_section *sec, struct program *p)
{
	struct ini_value *v;
	char *s;

	p->numprocs = 1;
	p->start = 0;
	if ((v = ini_get(sec, schema_keys[SVC_INSTANCES].ini))
	    && (!(s = plain(im, v, X_PROGRAM))
		|| !typed(im, &schema_keys[SVC_INSTANCES], v, s, &p->numprocs)))
		return false;
	if ((v = ini_get(sec, schema_keys[SVC_FIRST_INDEX].ini))
	    && (!(s = plain(im, v, X_PROGRAM))
		|| !typed(im, &schema_keys[SVC_FIRST_INDEX], v, s, &p->start)))
		return false;
	return true;
}

static void put_name(struct imp *im, struct buf *b, struct ini_section *sec)
{
	const struct schema_key *k = &schema_keys[SVC_NAME];
	struct ini_value *v = take(sec, k->ini);
	char *s;

	if (!v && im->prog->numprocs > 1)
		fail(im, sec->path, sec->line,
		     "[%s]: %%(process_num) must be present within "
		     "process_name when numprocs > 1",
		     sec->name);
	if (!v)
		return;
	if (im->prog->numprocs > 1 && !strstr(v->value, "%(process_num)")) {
		fail(im, v->path, v->line,
		     "%s: %%(process_num) must be present within "
		     "process_name when numprocs > 1",
		     v->key);
		return;
	}
	if (!(s = svc_text(im, v, v->value, X_PROCESS, k)))
		return;
	if (strcmp(s, im->prog->numprocs > 1 ? "${service}_${index}" : "${service}") != 0)
		buf_str(b, must(talloc_asprintf(im->tmp, "    %s \"%s\";\n", k->name, s)));
}

/* killasgroup follows stopasgroup unless given, in both. */
static void put_killasgroup(struct imp *im, struct buf *b, struct ini_section *sec)
{
	const struct schema_key *k = &schema_keys[SVC_KILLASGROUP];
	struct ini_value *stop = ini_get(sec, schema_keys[SVC_STOPASGROUP].ini);
	struct ini_value *kill = take(sec, k->ini);
	long long s = 0, kv;
	char *text;

	if (stop
	    && (!(text = plain(im, stop, X_PROGRAM))
		|| !typed(im, &schema_keys[SVC_STOPASGROUP], stop, text, &s)))
		return;
	if (!kill || !(text = plain(im, kill, X_PROGRAM)) || !typed(im, k, kill, text, &kv))
		return;
	if (s && !kv)
		fail(im, kill->path, kill->line,
		     "cannot set stopasgroup=true and "
		     "killasgroup=false (supervisord refuses it)");
	else if (kv != s)
		buf_str(b,
			must(talloc_asprintf(im->tmp, "    %s %s;\n", k->name,
					     kv ? "true" : "false")));
}

static void put_env(struct imp *im, struct buf *b)
{
	put_env_of(im, b, im->prog, &schema_keys[SVC_ENV]);
}

static bool redirected(struct imp *im, struct ini_section *sec)
{
	struct ini_value *v = take(sec, "redirect_stderr");
	char *s;
	int b;

	if (!v || !(s = plain(im, v, X_PROGRAM)))
		return false;
	if ((b = py_bool(s)) < 0)
		fail(im, v->path, v->line, "redirect_stderr: '%s' is not a boolean", s);
	return b == 1;
}

/* startretries above svc's most: supervisord waits N seconds before retry
 * N, so so many retries never end in practice; svc says infinite (and
 * svcc --emit ini writes infinite as 1000000). */
static void put_retries(struct imp *im, struct buf *b, struct ini_section *sec)
{
	const struct schema_key *k = &schema_keys[SVC_STARTRETRIES];
	struct ini_value *v = take(sec, k->ini);
	long long num;
	char *s;

	if (!v)
		return;
	if (!(s = plain(im, v, X_PROGRAM)))
		return;
	if (py_int(s, &num) && num > k->max) {
		note(im,
		     "startretries=%s: more than svc's %lld, so infinite (supervisord waits N "
		     "seconds before retry N: it would never give up in practice either)",
		     s, k->max);
		buf_str(b, "    startretries infinite;\n");
		return;
	}
	put_key(im, b, k, v, X_PROGRAM);
}

static void put_service_key(struct imp *im, struct buf *b, struct ini_section *sec,
			    const struct schema_key *k, bool redirect)
{
	struct ini_value *v;

	switch (k->id) {
	case SVC_NAME: put_name(im, b, sec); return;
	case SVC_ENV: put_env(im, b); return;
	case SVC_KILLASGROUP: put_killasgroup(im, b, sec); return;
	case SVC_STARTRETRIES: put_retries(im, b, sec); return;
	case SVC_STDOUT: put_log(im, b, sec, k, false); return;
	case SVC_STDERR: put_log(im, b, sec, k, redirect); return;
	default: break;
	}
	if ((k->flags & SF_LISTENER) && !im->prog->listener)
		return;
	if (k->id == SVC_PRIORITY && im->prog->listener) {
		/* left out when it is a listener's default, not a program's */
		struct schema_key lk = *k;
		lk.def_num = schema_keys[TOP_LISTENER].def_num;
		if ((v = take(sec, k->ini)))
			put_key(im, b, &lk, v, X_PROGRAM);
		return;
	}
	if ((v = take(sec, k->ini)))
		put_key(im, b, k, v, k->flags & SF_PERPROC ? X_PROCESS : X_PROGRAM);
	else if (k->id == SVC_EVENTS)
		fail(im, sec->path, sec->line, "[%s] section requires an \"events\" line",
		     sec->name);
	else if (k->flags & SF_REQUIRED)
		fail(im, sec->path, sec->line, "program section %s does not specify a %s",
		     sec->name, k->ini);
}

/* result_handler: svcd has only supervisord's default one. */
static void check_result_handler(struct ini_section *sec)
{
	struct ini_value *v = ini_get(sec, "result_handler");

	if (v && strcmp(v->value, DEFAULT_RESULT_HANDLER) == 0)
		v->used = true;
}

/* A [program:x], or with LISTENER an [eventlistener:x], as a block. */
static void put_service(struct imp *im, struct buf *out, struct ini_section *sec, const char *name,
			const char *group, bool listener)
{
	struct program prog = {.name = name, .group = group ? group : name, .listener = listener};
	struct buf body;
	struct ini_value *env;
	bool redirect;

	if (!is_ident(name)) {
		fail(im, sec->path, sec->line,
		     "[%s]: '%s' cannot be a svc service name (letters, "
		     "digits, _ . - and not a digit first)",
		     sec->name, name);
		return;
	}
	buf_init(&body, im->tmp, BUF_UNLIMITED);
	buf_init(&im->notes, im->tmp, BUF_UNLIMITED);
	im->prog = &prog;
	if (!read_counts(im, sec, &prog))
		goto done;
	if ((env = take(sec, schema_keys[SVC_ENV].ini))
	    && !parse_env(im, env, &prog, &schema_keys[SVC_ENV], X_PROCESS))
		goto done;
	redirect = redirected(im, sec);
	if (redirect && prog.listener)
		fail(im, sec->path, sec->line,
		     "[%s] section sets redirect_stderr=true but this is not allowed "
		     "because it will interfere with the eventlistener protocol",
		     sec->name);
	if (prog.listener)
		check_result_handler(sec);
	for (size_t i = 0; i < schema_count(SB_SERVICE); i++) {
		const struct schema_key *k = &schema_keys[schema_first(SB_SERVICE) + i];
		if (k->ini)
			put_service_key(im, &body, sec, k, redirect);
	}
	note_unused(im, sec, prog_only, false);
	if (strcmp(sec->path, im->ini->files[0]) != 0)
		buf_str(out,
			must(talloc_asprintf(im->tmp, "\n# from %s\n", shown_path(im, sec->path))));
	else
		buf_str(out, "\n");
	buf_str(out,
		must(talloc_asprintf(im->tmp, "%s %s {\n%s%s}\n",
				     schema_keys[prog.listener ? TOP_LISTENER : TOP_SERVICE].name,
				     name, buf_cstr(&body), buf_cstr(&im->notes))));
done:
	im->prog = NULL;
}

/* ---- [group:x] ---- */

/* The names in programs=, split as supervisord does (commas, blanks
 * around each), or NULL. */
static char **group_programs(struct imp *im, struct ini_section *sec, size_t *count)
{
	struct ini_value *v = take(sec, schema_keys[GRP_SERVICES].ini);
	char *s, **out, *save = NULL;
	size_t n = 0;

	if (!v || !(s = plain(im, v, X_SECTION))) {
		if (!v)
			fail(im, sec->path, sec->line, "[%s] has no programs", sec->name);
		return NULL;
	}
	out = must(talloc_array(im->tmp, char *, strlen(s) + 2));
	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *a = t, *z = t + strlen(t);
		while (isspace((unsigned char)*a))
			a++;
		while (z > a && isspace((unsigned char)z[-1]))
			z--;
		out[n++] = must(talloc_strndup(out, a, (size_t)(z - a)));
	}
	*count = n;
	return out;
}

/* The group PROGRAM belongs to, or NULL. A program in two groups has no
 * svc form. */
static const char *group_of(struct imp *im, const char *program, const char *gprefix)
{
	const char *found = NULL;

	for (size_t i = 0; i < im->ini->nsecs; i++) {
		struct ini_section *sec = im->ini->secs[i];
		struct ini_value *v = ini_get(sec, schema_keys[GRP_SERVICES].ini);
		char *s, *save = NULL;
		if (strncmp(sec->name, gprefix, strlen(gprefix)) || !v)
			continue;
		s = must(talloc_strdup(im->tmp, v->value));
		for (char *t = strtok_r(s, ", \t\n", &save); t;
		     t = strtok_r(NULL, ", \t\n", &save)) {
			if (strcmp(t, program) != 0)
				continue;
			if (found && strcmp(found, sec->name + strlen(gprefix)) != 0)
				fail(im, v->path, v->line,
				     "program '%s' is in the groups '%s' and "
				     "'%s'; a svc service can be in one group only",
				     program, found, sec->name + strlen(gprefix));
			found = sec->name + strlen(gprefix);
		}
	}
	return found;
}

static void put_group(struct imp *im, struct buf *out, struct ini_section *sec, const char *name,
		      const char *pprefix)
{
	size_t n;
	char **progs;
	char *list = must(talloc_strdup(im->tmp, ""));
	struct ini_value *prio;

	buf_init(&im->notes, im->tmp, BUF_UNLIMITED);
	if (!is_ident(name)) {
		fail(im, sec->path, sec->line, "[%s]: '%s' cannot be a svc group name", sec->name,
		     name);
		return;
	}
	if (!(progs = group_programs(im, sec, &n)))
		return;
	for (size_t i = 0; i < n; i++) {
		char *full = must(talloc_asprintf(im->tmp, "%s%s", pprefix, progs[i]));
		char *fcgi = must(talloc_asprintf(im->tmp, "fcgi-program:%s", progs[i]));
		if (ini_section(im->ini, full))
			list = must(talloc_asprintf_append(list, " %s", progs[i]));
		else if (ini_section(im->ini, fcgi))
			note(im, "not supported by svc: [fcgi-program:%s] in this group", progs[i]);
		else
			fail(im, sec->path, sec->line,
			     "[%s] names unknown program or fcgi-program "
			     "%s",
			     sec->name, progs[i]);
	}
	buf_str(out,
		must(talloc_asprintf(im->tmp, "\ngroup %s {\n    %s%s;\n", name,
				     schema_keys[GRP_SERVICES].name, list)));
	if ((prio = take(sec, schema_keys[GRP_PRIORITY].ini)))
		put_key(im, out, &schema_keys[GRP_PRIORITY], prio, X_SECTION);
	note_unused(im, sec, NULL, false);
	buf_str(out, buf_cstr(&im->notes));
	buf_str(out, "}\n");
}

/* ---- the whole file ---- */

/* The rpcinterface svc always provides: no comment needed. */
static bool standard_rpc(struct ini_section *sec)
{
	struct ini_value *f = ini_get(sec, "supervisor.rpcinterface_factory");
	size_t own = 0;

	for (size_t i = 0; i < sec->nvals; i++) /* [DEFAULT]'s reach it too */
		own += !sec->vals[i].inherited;
	if (strcmp(sec->name, "rpcinterface:supervisor") || !f || f->inherited || own != 1
	    || strcmp(f->value, "supervisor.rpcinterface:make_main_rpcinterface"))
		return false;
	f->used = true;
	return true;
}

/* Sections that are neither taken nor known: one comment per option. */
static void put_others(struct imp *im, struct buf *out, const char *pprefix, const char *gprefix,
		       const char *lprefix)
{
	static const char *const mine[] = {"supervisord", "unix_http_server", "inet_http_server",
					   "supervisorctl", NULL};

	buf_init(&im->notes, im->tmp, BUF_UNLIMITED);
	for (size_t i = 0; i < im->ini->nsecs; i++) {
		struct ini_section *sec = im->ini->secs[i];
		if (in_list(mine, sec->name) || !strncmp(sec->name, pprefix, strlen(pprefix))
		    || !strncmp(sec->name, lprefix, strlen(lprefix))
		    || !strncmp(sec->name, gprefix, strlen(gprefix)) || standard_rpc(sec))
			continue;
		if (!strcmp(sec->name, "DEFAULT")) {
			note_default(im, sec);
			continue;
		}
		if (!strcmp(sec->name, "include"))
			take(sec, "files");
		if (sec->nvals == 0)
			note(im, "not supported by svc: [%s]", sec->name);
		note_unused(im, sec, NULL, true);
	}
	if (!im->notes.len)
		return;
	buf_str(out, "\n# Sections svc does not support:\n");
	for (char *p = im->notes.data; *p; p++) /* top level: no indent */
		if (strncmp(p, "    # ", 6) == 0)
			memmove(p, p + 4, strlen(p + 4) + 1);
	buf_str(out, buf_cstr(&im->notes));
}

static void put_header(struct imp *im, struct buf *out, const char *path)
{
	buf_str(out,
		must(talloc_asprintf(im->tmp,
				     "# Converted from the supervisord "
				     "configuration %s by svcc --import.\n",
				     path)));
	for (size_t i = 1; i < im->ini->nfiles; i++)
		buf_str(out,
			must(talloc_asprintf(im->tmp, "# Included from it: %s\n",
					     shown_path(im, im->ini->files[i]))));
	if (im->used_here)
		buf_str(out,
			"# ${here} is the folder of this file: %(here)s paths were made "
			"relative to it.\n");
	buf_str(out, "\n");
}

static char *convert(struct imp *im, const char *path)
{
	const char *pprefix = section_prefix(im->tmp, &schema_keys[TOP_SERVICE]);
	const char *gprefix = section_prefix(im->tmp, &schema_keys[TOP_GROUP]);
	const char *lprefix = section_prefix(im->tmp, &schema_keys[TOP_LISTENER]);
	const struct ini_section *def;
	struct buf body, out;

	buf_init(&body, im->tmp, BUF_UNLIMITED);
	buf_init(&out, im->tmp, BUF_UNLIMITED);
	if (!ini_section(im->ini, "supervisord")) {
		fail(im, path, 0, "no [supervisord] section (supervisord requires one)");
		return NULL;
	}
	def = ini_section(im->ini, "DEFAULT");
	if (def && def->nvals && ini_section(im->ini, "rpcinterface:supervisor"))
		ini_report(im->ini, def->path, def->line, false,
			   "supervisord also passes [DEFAULT]'s options to the "
			   "[rpcinterface:supervisor] factory, which refuses them: supervisord "
			   "cannot start with this file");
	put_supervisor(im, &body);
	for (size_t i = 0; i < im->ini->nsecs; i++) {
		struct ini_section *sec = im->ini->secs[i];
		const char *name = sec->name + strlen(pprefix);
		if (strncmp(sec->name, pprefix, strlen(pprefix)) == 0)
			put_service(im, &body, sec, name, group_of(im, name, gprefix), false);
	}
	for (size_t i = 0; i < im->ini->nsecs; i++) {
		struct ini_section *sec = im->ini->secs[i];
		if (strncmp(sec->name, lprefix, strlen(lprefix)) == 0)
			put_service(im, &body, sec, sec->name + strlen(lprefix), NULL, true);
	}
	for (size_t i = 0; i < im->ini->nsecs; i++) {
		struct ini_section *sec = im->ini->secs[i];
		if (strncmp(sec->name, gprefix, strlen(gprefix)) == 0)
			put_group(im, &body, sec, sec->name + strlen(gprefix), pprefix);
	}
	put_others(im, &body, pprefix, gprefix, lprefix);
	if (im->failed)
		return NULL;
	put_header(im, &out, path);
	buf_str(&out, buf_cstr(&body));
	return buf_take(&out);
}

char *import_ini(TALLOC_CTX *ctx, const char *path, const char *output, struct ini **inip)
{
	struct imp im = {.tmp = must(talloc_new(ctx))};
	char *text;

	*inip = im.ini = ini_load(ctx, path);
	if (!im.ini || !im.tmp)
		return NULL;
	if (im.ini->nerrors) {
		talloc_free(im.tmp);
		return NULL;
	}
	if (output) {
		char *abs = ini_abspath(im.tmp, output);
		*strrchr(abs, '/') = '\0';
		im.here = *abs ? abs : "/";
	} else {
		im.here = im.ini->dir;
	}
	text = convert(&im, path);
	if (text)
		text = talloc_steal(ctx, text);
	talloc_free(im.tmp);
	return text;
}
