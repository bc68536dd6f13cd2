/* Parsing a compilation: the main file, then what its top-level include
 * statements name, each include replaced in place by the statements of the
 * files it matches, in sorted order, every file read once. */
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include "lexer.h"
#include "parse.h"
#include "common/oom.h"

struct parser {
	struct ast_unit *unit;
	struct diags *d;
	const struct src_file **chain; /* files being expanded, outermost first */
	size_t depth;
};

static void expand_file(struct parser *p, struct src_file *f);

static void add_file(struct ast_unit *u, struct src_file *f)
{
	f->index = (unsigned)u->nfiles;
	u->files = must(talloc_realloc(u, u->files, struct src_file *, u->nfiles + 1));
	u->files[u->nfiles++] = f;
}

static void add_stmt(struct ast_unit *u, struct ast_stmt *s)
{
	u->top = must(talloc_realloc(u, u->top, struct ast_stmt *, u->ntop + 1));
	u->top[u->ntop++] = talloc_steal(u->top, s);
}

static bool file_seen(const struct ast_unit *u, const char *real)
{
	for (size_t i = 0; i < u->nfiles; i++)
		if (strcmp(u->files[i]->real, real) == 0)
			return true;
	return false;
}

/* The glob's value, or NULL after saying why the statement is wrong. */
static const struct ast_value *include_arg(struct parser *p, const struct ast_stmt *s)
{
	const struct ast_value *v = s->nvalues ? &s->values[0] : NULL;

	if (!v || s->nvalues > 1 || v->kind != AV_STRING) {
		struct loc l = !v ? s->key_loc : v->kind != AV_STRING ? v->loc : s->values[1].loc;

		diag_report(p->d, D_BAD_TYPE, l,
			    "include takes one string, a file name or a glob: "
			    "include \"conf.d/*.svc\";");
		return NULL;
	}
	if (s->has_block) {
		diag_report(p->d, D_BAD_TYPE, s->block_loc, "include takes no block");
		return NULL;
	}
	if (!ast_str_plain(&v->str)) {
		diag_report(p->d, D_BAD_TYPE, v->loc,
			    "include takes a plain string: interpolations are "
			    "not expanded here");
		return NULL;
	}
	return v;
}

/* The path of MATCH as the including file's path would lead to it, so that
 * messages read like the user's own paths. */
static char *shown_path(TALLOC_CTX *ctx, const struct src_file *from, const char *glob_text,
			const char *match)
{
	const char *slash = strrchr(from->path, '/');
	size_t dlen = strlen(from->dir);
	const char *rel = match;

	if (glob_text[0] == '/')
		return must(talloc_strdup(ctx, match));
	if (strncmp(match, from->dir, dlen) == 0 && match[dlen] == '/')
		rel = match + dlen + 1;
	else if (strcmp(from->dir, "/") == 0 && match[0] == '/')
		rel = match + 1;
	if (!slash)
		return must(talloc_strdup(ctx, rel));
	return must(talloc_asprintf(ctx, "%.*s/%s", (int)(slash - from->path), from->path, rel));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A match already on the chain closes a cycle: names it and returns true. */
static bool is_cycle(struct parser *p, const char *real, struct loc at)
{
	char *text;

	for (size_t i = 0; i < p->depth; i++) {
		if (strcmp(p->chain[i]->real, real) != 0)
			continue;
		text = must(talloc_strdup(p->unit, "include cycle:"));
		for (size_t j = i; j < p->depth; j++)
			text = must(talloc_asprintf_append(text, " %s ->", p->chain[j]->path));
		text = must(talloc_asprintf_append(text, " %s", p->chain[i]->path));
		diag_report(p->d, D_INCLUDE_CYCLE, at, "%s", text);
		talloc_free(text);
		return true;
	}
	return false;
}

static void include_one(struct parser *p, const struct src_file *from, const struct ast_value *v,
			const char *match)
{
	const char *glob_text = ast_str_plain(&v->str);
	char *real = realpath(match, NULL);
	struct src_file *f;
	int err = 0;

	if (real && (is_cycle(p, real, v->loc) || file_seen(p->unit, real))) {
		free(real);
		return;
	}
	free(real);
	f = src_open(p->unit, match, &err);
	if (!f) {
		char *shown = shown_path(p->unit, from, glob_text, match);

		diag_report(p->d, D_IO, v->loc, "cannot read '%s': %s", shown, strerror(err));
		talloc_free(shown);
		return;
	}
	f->path = shown_path(f, from, glob_text, match);
	add_file(p->unit, f);
	expand_file(p, f);
}

static void include_stmt(struct parser *p, const struct src_file *from, const struct ast_stmt *s)
{
	const struct ast_value *v = include_arg(p, s);
	const char *glob_text;
	char *pattern;
	glob_t g;
	int rc;

	if (!v)
		return;
	glob_text = ast_str_plain(&v->str);
	pattern = glob_text[0] == '/'
		? must(talloc_strdup(p->unit, glob_text))
		: must(talloc_asprintf(p->unit, "%s/%s", from->dir, glob_text));
	rc = *glob_text ? glob(pattern, GLOB_NOSORT, NULL, &g) : GLOB_NOMATCH;
	talloc_free(pattern);
	if (rc != 0) {
		diag_report(p->d, D_INCLUDE, v->loc, "include \"%s\" matches no file", glob_text);
		if (rc != GLOB_NOMATCH)
			globfree(&g);
		return;
	}
	/* Sorted bytewise, not by locale, so every host reads the same order. */
	qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), cmp_str);
	for (size_t i = 0; i < g.gl_pathc; i++)
		include_one(p, from, v, g.gl_pathv[i]);
	globfree(&g);
}

static void expand_file(struct parser *p, struct src_file *f)
{
	TALLOC_CTX *tmp = must(talloc_new(p->unit));
	struct ast_stmt **top;
	size_t ntop;

	if (lexer_parse_file(tmp, f, p->d, &top, &ntop) < 0) {
		talloc_free(tmp);
		return;
	}
	p->chain = must(talloc_realloc(p->unit, p->chain, const struct src_file *, p->depth + 1));
	p->chain[p->depth++] = f;
	for (size_t i = 0; i < ntop; i++) {
		if (strcmp(top[i]->key, "include") == 0)
			include_stmt(p, f, top[i]);
		else
			add_stmt(p->unit, top[i]);
	}
	p->depth--;
	talloc_free(tmp);
}

static struct ast_unit *parse_file(struct ast_unit *u, struct src_file *f, struct diags *d)
{
	struct parser p = {.unit = u, .d = d};

	add_file(u, f);
	expand_file(&p, f);
	talloc_free(p.chain);
	return u;
}

struct ast_unit *parse_unit(TALLOC_CTX *ctx, const char *path, struct diags *d)
{
	struct ast_unit *u = must(talloc_zero(ctx, struct ast_unit));
	struct src_file *f;
	int err = 0;

	if (!u)
		return NULL;
	f = src_open(u, path, &err);
	if (!f) {
		diag_report(d, D_IO, (struct loc){NULL, 0, 0}, "cannot read '%s': %s", path,
			    strerror(err));
		talloc_free(u);
		return NULL;
	}
	return parse_file(u, f, d);
}

struct ast_unit *parse_text(TALLOC_CTX *ctx, const char *name, const char *dir, const char *text,
			    struct diags *d)
{
	struct ast_unit *u = must(talloc_zero(ctx, struct ast_unit));
	struct src_file *f;

	if (!u)
		return NULL;
	f = src_from_text(u, name, dir, text, strlen(text));
	if (!f) {
		talloc_free(u);
		return NULL;
	}
	return parse_file(u, f, d);
}
