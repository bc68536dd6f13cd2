/* supervisord's INI dialect, read line by line with the rules of Python's
 * configparser as supervisord sets it up: inline ';' and '#' comments only
 * after a blank, indented continuation lines, merged duplicates. */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "ini.h"
#include "oom.h"

/* Python's str.isspace() on ASCII, which configparser uses to strip lines
 * and to accept an inline comment. */
static bool py_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

struct ini *ini_new(TALLOC_CTX *ctx)
{
	return must(talloc_zero(ctx, struct ini));
}

void ini_report(struct ini *ini, const char *path, unsigned line, bool error, const char *fmt, ...)
{
	struct ini_problem *p;
	va_list ap;

	ini->probs = must(talloc_realloc(ini, ini->probs, struct ini_problem, ini->nprobs + 1));
	p = &ini->probs[ini->nprobs++];
	p->path = must(talloc_strdup(ini->probs, path));
	p->line = line;
	p->error = error;
	va_start(ap, fmt);
	p->msg = must(talloc_vasprintf(ini->probs, fmt, ap));
	va_end(ap);
	ini->nerrors += error;
}

/* Where PATH comes in the order the files were read. */
static size_t file_rank(const struct ini *ini, const char *path)
{
	for (size_t i = 0; i < ini->nfiles; i++)
		if (strcmp(ini->files[i], path) == 0)
			return i;
	return ini->nfiles;
}

static bool problem_before(const struct ini *ini, const struct ini_problem *a,
			   const struct ini_problem *b)
{
	size_t ra = file_rank(ini, a->path), rb = file_rank(ini, b->path);

	return ra != rb ? ra < rb : a->line < b->line;
}

/* In file and line order (problems are found key by key, not line by
 * line); a stable insertion sort of pointers, as the lists are short. */
void ini_print(const struct ini *ini, FILE *out)
{
	const struct ini_problem **order =
		must(talloc_array(NULL, const struct ini_problem *, ini->nprobs + 1));

	for (size_t i = 0; i < ini->nprobs; i++) {
		size_t j = i;
		for (; j > 0 && problem_before(ini, &ini->probs[i], order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = &ini->probs[i];
	}
	for (size_t i = 0; i < ini->nprobs; i++) {
		const struct ini_problem *p = order[i];
		if (p->line)
			fprintf(out, "%s:%u: %s: %s\n", p->path, p->line,
				p->error ? "error" : "warning", p->msg);
		else
			fprintf(out, "%s: %s: %s\n", p->path, p->error ? "error" : "warning",
				p->msg);
	}
	talloc_free(order);
}

struct ini_section *ini_section(const struct ini *ini, const char *name)
{
	for (size_t i = 0; i < ini->nsecs; i++)
		if (strcmp(ini->secs[i]->name, name) == 0)
			return ini->secs[i];
	return NULL;
}

struct ini_value *ini_get(const struct ini_section *sec, const char *key)
{
	for (size_t i = 0; sec && i < sec->nvals; i++)
		if (strcmp(sec->vals[i].key, key) == 0)
			return &sec->vals[i];
	return NULL;
}

/* ---- one file ---- */

struct parser {
	struct ini *ini;
	const char *path, *dir;
	struct ini_section *sec; /* the current section */
	struct ini_value *opt;   /* the option continuation lines extend */
	size_t pending;          /* empty lines seen inside OPT's value */
	size_t indent;           /* of the line that started OPT */
};

static struct ini_section *section_open(struct parser *ps, const char *name, unsigned line)
{
	struct ini *ini = ps->ini;
	struct ini_section *sec = ini_section(ini, name);

	if (sec)
		return sec;
	sec = must(talloc_zero(ini, struct ini_section));
	sec->name = must(talloc_strdup(sec, name));
	sec->path = must(talloc_strdup(sec, ps->path));
	sec->dir = must(talloc_strdup(sec, ps->dir));
	sec->line = line;
	ini->secs = must(talloc_realloc(ini, ini->secs, struct ini_section *, ini->nsecs + 1));
	ini->secs[ini->nsecs++] = sec;
	return sec;
}

static struct ini_value *option_set(struct parser *ps, char *key, const char *value, unsigned line)
{
	struct ini_section *sec = ps->sec;
	struct ini_value *v = ini_get(sec, key);

	if (!v) {
		sec->vals = must(talloc_realloc(sec, sec->vals, struct ini_value, sec->nvals + 1));
		v = &sec->vals[sec->nvals++];
		v->key = talloc_steal(sec, key);
	}
	v->value = must(talloc_strdup(sec, value));
	v->path = must(talloc_strdup(sec, ps->path));
	v->dir = must(talloc_strdup(sec, ps->dir));
	v->line = line;
	v->used = false;
	v->inherited = false;
	return v;
}

/* Where an inline comment starts in LINE (N bytes), or N. configparser
 * looks at the next ';' and the next '#' in turns and stops at the first
 * turn where one of them follows a blank (or starts the line). */
static size_t comment_start(const char *line, size_t n)
{
	static const char prefixes[2] = {';', '#'};
	long at[2] = {-1, -1};
	bool alive[2] = {true, true};
	size_t best = n;

	while (best == n && (alive[0] || alive[1])) {
		for (int i = 0; i < 2; i++) {
			const char *hit;
			if (!alive[i])
				continue;
			hit = memchr(line + at[i] + 1, prefixes[i], n - (size_t)(at[i] + 1));
			if (!hit) {
				alive[i] = false;
				continue;
			}
			at[i] = hit - line;
			if ((at[i] == 0 || py_space(line[at[i] - 1])) && (size_t)at[i] < best)
				best = (size_t)at[i];
		}
	}
	return best;
}

/* LINE[0..N) without blanks at either end, as a new string. */
static char *stripped(TALLOC_CTX *ctx, const char *line, size_t n)
{
	size_t a = 0;

	while (a < n && py_space(line[a]))
		a++;
	while (n > a && py_space(line[n - 1]))
		n--;
	return must(talloc_strndup(ctx, line + a, n - a));
}

static void parse_option(struct parser *ps, char *text, unsigned line, size_t indent)
{
	size_t keylen = strcspn(text, "=:");
	char *key, *value;

	if (!text[keylen]) {
		ini_report(ps->ini, ps->path, line, true,
			   "expected 'name = value' or a [section] header, not '%s'", text);
		return;
	}
	value = text + keylen + 1;
	while (keylen && py_space(text[keylen - 1]))
		keylen--;
	if (keylen == 0) {
		ini_report(ps->ini, ps->path, line, true,
			   "an option needs a name before "
			   "'%c'",
			   text[strcspn(text, "=:")]);
		return;
	}
	key = must(talloc_strndup(ps->ini, text, keylen));
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	ps->opt = option_set(ps, key, stripped(ps->ini, value, strlen(value)), line);
	ps->pending = 0;
	ps->indent = indent;
}

static void continue_option(struct parser *ps, const char *text)
{
	struct ini_value *v = ps->opt;

	for (size_t i = 0; i <= ps->pending; i++)
		v->value = must(talloc_strdup_append(v->value, "\n"));
	v->value = must(talloc_strdup_append(v->value, text));
	ps->pending = 0;
}

static void parse_line(struct parser *ps, const char *line, size_t n, unsigned lineno)
{
	size_t cut = comment_start(line, n), indent = 0;
	char *first = stripped(NULL, line, n), *text;

	if (first[0] == '#' || first[0] == ';')
		cut = 0;
	talloc_free(first);
	text = stripped(ps->ini, line, cut);
	while (indent < n && py_space(line[indent]))
		indent++;
	if (!*text) {
		/* A blank line may sit inside a value; a comment line may not
		 * add one, but does not end the value either. */
		if (cut == n && ps->sec && ps->opt)
			ps->pending++;
	} else if (ps->sec && ps->opt && indent > ps->indent) {
		continue_option(ps, text);
	} else if (text[0] == '[' && strrchr(text, ']') > text + 1) {
		char *name = must(
			talloc_strndup(text, text + 1, (size_t)(strrchr(text, ']') - text - 1)));
		ps->sec = section_open(ps, name, lineno);
		ps->opt = NULL;
		ps->indent = indent;
	} else if (!ps->sec) {
		ini_report(ps->ini, ps->path, lineno, true,
			   "'%s' comes before the first [section] header", text);
	} else {
		ps->indent = indent;
		parse_option(ps, text, lineno, indent);
	}
	talloc_free(text);
}

void ini_parse(struct ini *ini, const char *path, const char *dir, const char *text, size_t len)
{
	struct parser ps = {.ini = ini};
	unsigned lineno = 0;

	ps.path = must(talloc_strdup(ini, path));
	ps.dir = must(talloc_strdup(ini, dir));
	ini->files = must(talloc_realloc(ini, ini->files, const char *, ini->nfiles + 1));
	ini->files[ini->nfiles++] = ps.path;
	for (size_t off = 0; off < len;) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		size_t end = n;

		if (end && text[off + end - 1] == '\r')
			end--;
		parse_line(&ps, text + off, end, ++lineno);
		off += n + 1;
	}
}

/* ---- files and [include] ---- */

char *ini_abspath(TALLOC_CTX *ctx, const char *path)
{
	char cwd[PATH_MAX];
	char *full, *out, *save = NULL;

	if (path[0] == '/')
		full = must(talloc_strdup(ctx, path));
	else
		full = must(
			talloc_asprintf(ctx, "%s/%s", getcwd(cwd, sizeof cwd) ? cwd : ".", path));
	out = must(talloc_strdup(ctx, ""));
	for (char *seg = strtok_r(full, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			char *slash = strrchr(out, '/');
			if (slash)
				*slash = '\0';
			continue;
		}
		out = must(talloc_asprintf_append(out, "/%s", seg));
	}
	talloc_free(full);
	return *out ? out : must(talloc_strdup_append(out, "/"));
}

static char *dir_of(TALLOC_CTX *ctx, const char *abs)
{
	const char *slash = strrchr(abs, '/');

	return slash == abs ? must(talloc_strdup(ctx, "/"))
			    : must(talloc_strndup(ctx, abs, (size_t)(slash - abs)));
}

/* Reads PATH whole; NULL with errno set on failure. */
static char *slurp(TALLOC_CTX *ctx, const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0;
	int saved;

	if (!f)
		return NULL;
	for (;;) {
		char chunk[8192];
		size_t got = fread(chunk, 1, sizeof chunk, f);
		if (got) {
			buf = must(talloc_realloc(ctx, buf, char, n + got + 1));
			memcpy(buf + n, chunk, got);
			n += got;
		}
		if (got < sizeof chunk)
			break;
	}
	saved = errno;
	if (ferror(f)) {
		fclose(f);
		talloc_free(buf);
		errno = saved;
		return NULL;
	}
	fclose(f);
	if (!buf)
		buf = must(talloc_array(ctx, char, 1));
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool read_file(struct ini *ini, const char *path, const char *abs, bool must)
{
	size_t len;
	char *text = slurp(ini, path, &len);

	if (!text) {
		ini_report(ini, path, 0, must, "cannot read the file: %s", strerror(errno));
		return false;
	}
	ini_parse(ini, path, dir_of(text, abs), text, len);
	talloc_free(text);
	return true;
}

char *ini_expand(TALLOC_CTX *ctx, struct ini *ini, const struct ini_value *v, const char *what,
		 unsigned allow)
{
	char *out = must(talloc_strdup(ctx, ""));
	struct utsname un;

	for (const char *p = v->value; *p;) {
		const char *close, *val = NULL;
		char *name;
		if (p[0] != '%' || p[1] == '%') {
			out = must(talloc_strndup_append(out, p, 1)); /* "%%" is one '%' */
			p += p[0] == '%' ? 2 : 1;
			continue;
		}
		close = p[1] == '(' ? strchr(p, ')') : NULL;
		if (!close || close[1] != 's') {
			ini_report(ini, v->path, v->line, true,
				   "%s: a '%%' must be written "
				   "'%%%%' or start %%(name)s",
				   what);
			goto fail;
		}
		name = must(talloc_strndup(out, p + 2, (size_t)(close - p - 2)));
		if (strcmp(name, "here") == 0 && (allow & INI_HERE))
			val = v->dir;
		else if (strncmp(name, "ENV_", 4) == 0)
			val = getenv(name + 4);
		else if (strcmp(name, "host_node_name") == 0 && (allow & INI_HOST)
			 && uname(&un) == 0)
			val = must(talloc_strdup(out, un.nodename));
		if (!val) {
			ini_report(ini, v->path, v->line, true,
				   "%s: %%(%s)s cannot be "
				   "expanded here",
				   what, name);
			goto fail;
		}
		out = must(talloc_strdup_append(out, val));
		p = close + 2;
	}
	return out;
fail:
	talloc_free(out);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void include_pattern(struct ini *ini, const struct ini_value *v, const char *base,
			    const char *pattern)
{
	char *full = pattern[0] == '/' ? must(talloc_strdup(ini, pattern))
				       : must(talloc_asprintf(ini, "%s/%s", base, pattern));
	glob_t g;
	int rc = glob(full, GLOB_NOSORT, NULL, &g);

	if (rc != 0 || g.gl_pathc == 0) {
		ini_report(ini, v->path, v->line, false,
			   "no file matches the include "
			   "pattern \"%s\"",
			   full);
	} else {
		qsort(g.gl_pathv, g.gl_pathc, sizeof *g.gl_pathv, cmp_str);
		for (size_t i = 0; i < g.gl_pathc; i++)
			read_file(ini, g.gl_pathv[i], ini_abspath(full, g.gl_pathv[i]), false);
	}
	if (rc == 0)
		globfree(&g);
	talloc_free(full);
}

/* Files named by [include] are read once, from the main file's section:
 * an [include] inside an included file is merged but not followed. */
static void read_includes(struct ini *ini, const char *base)
{
	struct ini_section *inc = ini_section(ini, "include");
	struct ini_value *files = ini_get(inc, "files");
	char *patterns, *save = NULL;

	if (!inc)
		return;
	if (!files) {
		ini_report(ini, inc->path, inc->line, true,
			   "[include] has no 'files' setting (supervisord refuses this)");
		return;
	}
	patterns = ini_expand(ini, ini, files, "include files", INI_HERE | INI_HOST);
	if (!patterns)
		return;
	files = must(talloc_memdup(patterns, files, sizeof *files)); /* may move */
	for (char *p = strtok_r(patterns, " \t\n\r\f\v", &save); p;
	     p = strtok_r(NULL, " \t\n\r\f\v", &save))
		include_pattern(ini, files, base, p);
	talloc_free(patterns);
}

void ini_defaults(struct ini *ini)
{
	const struct ini_section *def = ini_section(ini, "DEFAULT");

	for (size_t i = 0; def && i < ini->nsecs; i++) {
		struct ini_section *sec = ini->secs[i];

		for (size_t j = 0; sec != def && j < def->nvals; j++) {
			const struct ini_value *d = &def->vals[j];
			struct ini_value *v = ini_get(sec, d->key);

			if (v && !v->inherited)
				continue;
			if (!v) {
				sec->vals = must(talloc_realloc(sec, sec->vals, struct ini_value,
								sec->nvals + 1));
				v = &sec->vals[sec->nvals++];
				*v = (struct ini_value){.key = must(talloc_strdup(sec, d->key)),
							.inherited = true};
			}
			v->value = must(talloc_strdup(sec, d->value));
			v->path = d->path;
			v->dir = sec->dir;
			v->line = d->line;
		}
	}
}

struct ini *ini_read(TALLOC_CTX *ctx, const char *path)
{
	struct ini *ini = ini_new(ctx);
	char *abs;

	if (!ini)
		return NULL;
	abs = ini_abspath(ini, path);
	ini->dir = dir_of(ini, abs);
	read_file(ini, path, abs, true);
	talloc_free(abs);
	ini_defaults(ini);
	return ini;
}

struct ini *ini_load(TALLOC_CTX *ctx, const char *path)
{
	struct ini *ini = ini_read(ctx, path);

	if (ini && ini->nfiles) {
		read_includes(ini, ini->dir);
		ini_defaults(ini);
	}
	return ini;
}
