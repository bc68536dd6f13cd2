/* Interpolations in strings: the names a ${...} may hold, where each may
 * appear (schema flags decide), and their resolution (see interp.h). */
#include <stdio.h>
#include <string.h>
#include "interp.h"
#include "common/buf.h"
#include "common/template.h"
#include "suggest.h"
#include "common/oom.h"

enum iname { IN_SERVICE, IN_INDEX, IN_GROUP, IN_HERE, IN_HOST, IN_ENV, IN_UNKNOWN };

static const char *const inames[] = {"service", "index", "group", "here", "host"};

bool interp_env_name(const char *name)
{
	if (!name
	    || !(*name == '_' || (*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z')))
		return false;
	return name[strspn(name,
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			   "0123456789_")]
		== '\0';
}

static enum iname iname_of(const char *text)
{
	for (size_t i = 0; i < sizeof inames / sizeof inames[0]; i++)
		if (strcmp(text, inames[i]) == 0)
			return (enum iname)i;
	if (strncmp(text, "env.", 4) == 0 && interp_env_name(text + 4))
		return IN_ENV;
	return IN_UNKNOWN;
}

/* "command, directory and env": the keys of BLOCK carrying FLAG. */
static char *keys_with(TALLOC_CTX *ctx, enum schema_block block, unsigned flag)
{
	size_t first = schema_first(block), n = schema_count(block), seen = 0, total = 0;
	char *out = must(talloc_strdup(ctx, ""));

	for (size_t i = 0; i < n; i++)
		total += (schema_keys[first + i].flags & flag) != 0;
	for (size_t i = 0; i < n; i++) {
		if (!(schema_keys[first + i].flags & flag))
			continue;
		seen++;
		out = must(talloc_asprintf_append(out, "%s%s",
						  seen == 1               ? ""
							  : seen == total ? " and "
									  : ", ",
						  schema_keys[first + i].name));
	}
	return out;
}

static void report_unknown(const struct ast_part *p, struct diags *d)
{
	const char *hint = suggest_best(p->text, inames, sizeof inames / sizeof inames[0]);

	if (strncmp(p->text, "env.", 4) == 0) {
		diag_report(d, D_INTERP, p->loc,
			    "'${%s}' does not name an environment variable: a name is "
			    "letters, digits and '_', not starting with a digit",
			    p->text);
	} else if (hint) {
		diag_report(d, D_INTERP, p->loc,
			    "unknown interpolation '${%s}'; did you mean '${%s}'?", p->text, hint);
	} else if (interp_env_name(p->text)) {
		diag_report(d, D_INTERP, p->loc,
			    "unknown interpolation '${%s}'; did you mean '${env.%s}'?", p->text,
			    p->text);
	} else {
		diag_report(d, D_INTERP, p->loc, "unknown interpolation '${%s}'", p->text);
	}
}

/* Strings of these types are text; others hold a single token (a user, a
 * port) that must be written out plainly. */
static bool key_is_text(const struct schema_key *key)
{
	return key->type == ST_STRING || key->type == ST_LOGDEST || key->type == ST_ENV
		|| (key->flags & (SF_RUNTIME | SF_PERPROC));
}

static bool check_place(const struct ast_part *p, enum iname n, const struct schema_key *key,
			struct diags *d)
{
	TALLOC_CTX *tmp;

	if (!key_is_text(key)) {
		diag_report(d, D_INTERP_PLACE, p->loc,
			    "'${%s}' cannot be used in '%s': it takes plain text", p->text,
			    key->name);
		return false;
	}
	if ((n == IN_SERVICE || n == IN_GROUP || n == IN_INDEX) && key->block != SB_SERVICE) {
		diag_report(d, D_INTERP_PLACE, p->loc,
			    "'${%s}' cannot be used in '%s': it only means something "
			    "in a service or defaults block",
			    p->text, key->name);
		return false;
	}
	tmp = must(talloc_new(NULL));
	if (n == IN_INDEX && !(key->flags & SF_PERPROC)) {
		diag_report(d, D_INTERP_PLACE, p->loc,
			    "'${index}' cannot be used in '%s'; it can be used in %s", key->name,
			    keys_with(tmp, SB_SERVICE, SF_PERPROC));
		talloc_free(tmp);
		return false;
	}
	if ((n == IN_HOST || n == IN_ENV) && !(key->flags & SF_RUNTIME)) {
		diag_report(d, D_INTERP_PLACE, p->loc,
			    "'${%s}' cannot be used in '%s': it is only known when the "
			    "supervisor loads its configuration%s%s",
			    p->text, key->name,
			    *keys_with(tmp, key->block, SF_RUNTIME) ? "; it can be used in " : "",
			    keys_with(tmp, key->block, SF_RUNTIME));
		talloc_free(tmp);
		return false;
	}
	talloc_free(tmp);
	return true;
}

bool interp_check(const struct ast_str *s, const struct schema_key *key, struct diags *d)
{
	bool ok = true;

	for (size_t i = 0; i < s->nparts; i++) {
		const struct ast_part *p = &s->parts[i];
		enum iname n;

		if (p->kind != PART_INTERP)
			continue;
		n = iname_of(p->text);
		if (n == IN_UNKNOWN) {
			report_unknown(p, d);
			ok = false;
		} else if (!check_place(p, n, key, d)) {
			ok = false;
		}
	}
	return ok;
}

bool interp_has(const struct ast_str *s, const char *name)
{
	for (size_t i = 0; i < s->nparts; i++)
		if (s->parts[i].kind == PART_INTERP && strcmp(s->parts[i].text, name) == 0)
			return true;
	return false;
}

static struct words_seg part_seg(TALLOC_CTX *ctx, const struct ast_part *p,
				 const struct interp_ctx *ic)
{
	const char *v = NULL;

	if (p->kind == PART_TEXT)
		return (struct words_seg){WS_TEXT, must(talloc_strdup(ctx, p->text))};
	switch (iname_of(p->text)) {
	case IN_SERVICE: v = ic->service; break;
	case IN_GROUP: v = ic->group; break;
	case IN_INDEX:
		if (ic->has_index)
			v = must(talloc_asprintf(ctx, "%lld", ic->index));
		break;
	case IN_HERE: v = p->loc.file ? p->loc.file->dir : "."; break;
	case IN_ENV:
		for (size_t i = 0; i < ic->nsupenv; i++)
			if (strcmp(ic->supenv[i].name, p->text + 4) == 0)
				return (struct words_seg){
					ic->supenv[i].value.dynamic ? WS_DYNAMIC : WS_LITERAL,
					must(talloc_strdup(ctx, ic->supenv[i].value.text))};
		/* fall through */
	case IN_HOST:
		return (struct words_seg){WS_DYNAMIC, must(talloc_asprintf(ctx, "${%s}", p->text))};
	case IN_UNKNOWN: break;
	}
	if (!v)
		v = must(talloc_asprintf(ctx, "${%s}", p->text));
	return (struct words_seg){WS_LITERAL, must(talloc_strdup(ctx, v))};
}

struct words_seg *interp_segments(TALLOC_CTX *ctx, const struct ast_str *s,
				  const struct interp_ctx *ic)
{
	struct words_seg *segs = must(talloc_array(ctx, struct words_seg, s->nparts));

	for (size_t i = 0; i < s->nparts; i++)
		segs[i] = part_seg(segs, &s->parts[i], ic);
	return segs;
}

struct mstr interp_resolve(TALLOC_CTX *ctx, const struct ast_str *s, const struct interp_ctx *ic)
{
	struct words_seg *segs = interp_segments(ctx, s, ic);
	struct buf plain, tmpl;
	bool dynamic = false;

	buf_init(&plain, ctx, BUF_UNLIMITED);
	buf_init(&tmpl, ctx, BUF_UNLIMITED);
	for (size_t i = 0; i < s->nparts; i++) {
		if (segs[i].kind == WS_DYNAMIC) {
			dynamic = true;
			buf_str(&tmpl, segs[i].text);
			continue;
		}
		buf_str(&plain, segs[i].text);
		template_literal(&tmpl, segs[i].text);
	}
	talloc_free(segs);
	if (dynamic) {
		talloc_free(buf_take(&plain));
		return (struct mstr){buf_take(&tmpl), true};
	}
	talloc_free(buf_take(&tmpl));
	return (struct mstr){buf_take(&plain), false};
}
