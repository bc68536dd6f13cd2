/* Validation: named passes that turn the parsed unit into the model. Each
 * pass reports everything it finds; later passes skip what an earlier one
 * found broken, so one mistake gives one message. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "deps.h"
#include "interp.h"
#include "probekind.h"
#include "suggest.h"
#include "validate.h"
#include "values.h"
#include "words.h"
#include "common/evtype.h"
#include "common/oom.h"

#define SOCKET_PATH_MAX 107 /* sizeof(sun_path) - 1 on Linux */

struct vstate {
	TALLOC_CTX *tmp;
	const struct validate_opts *opts;
	struct diags *d;
	struct model *m;
	const struct ast_stmt *once[SK__COUNT]; /* first supervisor, defaults... */
	struct mblock *defaults;
	const struct ast_stmt **svc_stmts; /* every service statement, in order */
	size_t nsvc_stmts;
	const struct ast_stmt **grp_stmts;
	size_t ngrp_stmts;
	const struct ast_stmt **svc_stmt;    /* parallel to m->services */
	struct mservice **by_name;           /* services sorted by name */
	const char **names;                  /* service names in order: suggestions */
	const struct ast_value **in_group;   /* per service: where it was grouped */
	const struct ast_value ***after_val; /* per service: each after edge's value */
	bool probe_said[2];          /* ready, health: a mistake reported for this service */
	bool probe_said_defaults[2]; /* ... for the one of defaults */
	bool startsecs_said;         /* SVC110 for defaults' startsecs and ready */
};

/* ---- helpers ---- */

static const struct ast_str *stmt_str(const struct ast_stmt *st, size_t i)
{
	if (!st || st->nvalues <= i || st->values[i].kind != AV_STRING)
		return NULL;
	return &st->values[i].str;
}

static struct loc stmt_vloc(const struct ast_stmt *st)
{
	return st->nvalues ? st->values[0].loc : st->key_loc;
}

static int cmp_by_name(const void *a, const void *b)
{
	const struct mservice *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static struct mservice *find_service(struct vstate *vs, const char *name)
{
	struct mservice key = {.name = name}, *kp = &key, **hit;

	if (!vs->m->nservices)
		return NULL;
	hit = bsearch(&kp, vs->by_name, vs->m->nservices, sizeof *hit, cmp_by_name);
	return hit ? *hit : NULL;
}

/* The closest service name to NAME, never SELF: a service after itself
 * would be a cycle, not a fix. */
static const char *suggest_service(struct vstate *vs, const char *name, const struct mservice *self)
{
	const char *own = self ? vs->names[self->order] : NULL;
	const char *hint;

	if (self)
		vs->names[self->order] = "";
	hint = suggest_best(name, vs->names, vs->m->nservices);
	if (self)
		vs->names[self->order] = own;
	return hint;
}

static struct mblock *block_new(TALLOC_CTX *ctx, enum schema_block kind,
				const struct ast_stmt *stmt)
{
	struct mblock *b = must(talloc_zero(ctx, struct mblock));

	b->kind = kind;
	b->stmt = stmt;
	b->first = schema_first(kind);
	b->v = must(talloc_zero_array(b, struct mvalue, schema_count(kind)));
	return b;
}

/* ---- pass 1: blocks, keys and values ---- */

/* How a block is checked: DESC names it in messages ("service 'web'"),
 * NAME_LOC is where a missing required key is reported (no report when
 * REQUIRE is false), INHERIT gives values the block does not set, and
 * LISTENER says it is a listener's, which takes the SF_LISTENER keys. */
struct bspec {
	const char *desc;
	struct loc name_loc;
	const struct mblock *inherit;
	bool require;
	bool listener;
};

static struct mblock *block_build(struct vstate *vs, TALLOC_CTX *ctx, enum schema_block kind,
				  const struct ast_stmt *owner, const struct bspec *bs);

static void report_unknown_key(struct vstate *vs, enum schema_block kind, const struct ast_stmt *st,
			       const char *desc)
{
	const char *hint = schema_suggest(kind, st->key);

	if (hint)
		diag_report(vs->d, D_UNKNOWN_KEY, st->key_loc,
			    "unknown key '%s' in %s; did you mean '%s'?", st->key, desc, hint);
	else
		diag_report(vs->d, D_UNKNOWN_KEY, st->key_loc, "unknown key '%s' in %s", st->key,
			    desc);
}

/* A block where one is needed, none where none is taken. */
static bool shape_ok(struct vstate *vs, const struct schema_key *k, const struct ast_stmt *st)
{
	if ((k->flags & SF_BLOCK) && !st->has_block) {
		diag_report(vs->d, D_BAD_TYPE, st->key_loc, "'%s' needs a block { ... }", k->name);
		return false;
	}
	if (st->has_block && !(k->flags & (SF_BLOCK | SF_BLOCK_OPT))) {
		diag_report(vs->d, D_BAD_TYPE, st->block_loc, "'%s' takes no block", k->name);
		return false;
	}
	if (k->type == ST_BLOCK && st->nvalues && !(k->flags & SF_NAMED)) {
		diag_report(vs->d, D_BAD_TYPE, st->values[0].loc,
			    "'%s' takes no value, only a block { ... }", k->name);
		return false;
	}
	return true;
}

/* A value the lexer already reported: one message per mistake. */
static bool any_bad(const struct ast_stmt *st)
{
	for (size_t i = 0; i < st->nvalues; i++)
		if (st->values[i].bad)
			return true;
	return false;
}

static bool strings_ok(struct vstate *vs, const struct schema_key *k, const struct ast_stmt *st)
{
	bool ok = true;

	for (size_t i = 0; i < st->nvalues; i++)
		if (st->values[i].kind == AV_STRING)
			ok = interp_check(&st->values[i].str, k, vs->d) && ok;
	return ok;
}

/* Log events and capture work without a log file, as in supervisord. */
static bool events_only(const struct ast_stmt *st)
{
	for (size_t i = 0; i < st->nbody; i++)
		if (strcmp(st->body[i]->key, schema_keys[LOG_EVENTS].name)
		    && strcmp(st->body[i]->key, schema_keys[LOG_CAPTURE].name))
			return false;
	return true;
}

/* A log's rotation block only makes sense for a file that is written. */
static void logdest_block_ok(struct vstate *vs, const struct schema_key *k,
			     const struct ast_stmt *st, const struct mvalue *mv)
{
	if (k->type != ST_LOGDEST || !st->has_block || !mv->word)
		return;
	if (strcmp(mv->word, "stdout") == 0)
		diag_report(vs->d, D_BAD_TYPE, st->block_loc,
			    "'%s stdout' takes no block: "
			    "maxbytes and backups belong to stdout's log",
			    k->name);
	else if (strcmp(mv->word, "none") == 0 && !events_only(st))
		diag_report(vs->d, D_BAD_TYPE, st->block_loc,
			    "'%s none' takes only events and capture in its block: "
			    "nothing is written",
			    k->name);
	else if (strcmp(mv->word, "syslog") == 0 && !events_only(st))
		diag_report(vs->d, D_BAD_TYPE, st->block_loc,
			    "'%s syslog' takes only events and capture in its block: "
			    "syslog keeps no file to rotate",
			    k->name);
}

/* A destination word in quotes is a file of that name, which is rarely
 * what was meant (supervisord even reads stdout_logfile=syslog as its word). */
static void logdest_quoted_word(struct vstate *vs, const struct schema_key *k,
				const struct ast_stmt *st)
{
	const char *text;

	if (k->type != ST_LOGDEST || st->nvalues != 1 || st->values[0].kind != AV_STRING)
		return;
	text = ast_str_plain(&st->values[0].str);
	if (!text || schema_word(k, text) < 0)
		return;
	diag_report(vs->d, D_QUOTED_WORD, st->values[0].loc,
		    "'%s \"%s\"' is a file named '%s'; write '%s %s;' without quotes for "
		    "the word %s, or \"./%s\" for the file",
		    k->name, text, text, k->name, text, text, text);
}

/* "notify", "tcp, http and exec": the space-separated WORDS for a message. */
static char *kinds_text(TALLOC_CTX *ctx, const char *words)
{
	char *w = must(talloc_strdup(ctx, words)), *out = must(talloc_strdup(ctx, ""));
	size_t n = 1, seen = 0;

	for (const char *p = words; *p; p++)
		n += *p == ' ';
	for (char *tok = strtok(w, " "); tok; tok = strtok(NULL, " "))
		out = must(talloc_asprintf_append(out, "%s%s",
						  !seen++             ? ""
							  : seen == n ? " and "
								      : ", ",
						  tok));
	return out;
}

/* A key of a probe's block applies to the kinds its schema words name:
 * 'fd' is notify's, 'watchdog' sdnotify's, 'every' is for the kinds that
 * are tried again and again. */
static void probe_block_kinds(struct vstate *vs, const struct schema_key *k,
			      const struct ast_stmt *st, const struct mvalue *mv)
{
	for (size_t i = 0; mv->word && i < st->nbody; i++) {
		const struct schema_key *sk = schema_find(k->sub, st->body[i]->key);
		char *kinds;

		if (!sk || !sk->words || schema_word(sk, mv->word) >= 0)
			continue;
		kinds = kinds_text(vs->tmp, sk->words);
		diag_report(vs->d, D_CONFLICT, st->body[i]->key_loc,
			    "'%s' does not apply to '%s %s': only %s %s take%s it", sk->name,
			    k->name, mv->word, k->name, kinds, strchr(sk->words, ' ') ? "" : "s");
	}
}

/* An envfile names a file: neither "" nor a lone "-", which only marks a
 * file that may be missing. */
static void envfile_path_ok(struct vstate *vs, const struct schema_key *k,
			    const struct ast_stmt *st)
{
	const struct ast_value *v = st->nvalues == 1 ? &st->values[0] : NULL;

	if ((k->id != SVC_ENVFILE && k->id != SUP_ENVFILE) || !v || v->kind != AV_STRING)
		return;
	if (v->str.nparts == 0)
		diag_report(vs->d, D_BAD_TYPE, v->loc, "'%s' needs a path, not an empty string",
			    k->name);
	else if (v->str.nparts == 1 && v->str.parts[0].kind == PART_TEXT
		 && strcmp(v->str.parts[0].text, "-") == 0)
		diag_report(vs->d, D_BAD_TYPE, v->loc,
			    "'%s' needs a path after '-', which only marks a file that may be "
			    "missing: write \"-/etc/default/NAME\"",
			    k->name);
}

/* 'backoff linear' waits N seconds before retry N: it has nothing to set. */
static void backoff_block_ok(struct vstate *vs, const struct schema_key *k,
			     const struct ast_stmt *st, const struct mvalue *mv)
{
	if (k->id != SVC_BACKOFF || !st->has_block || !mv->word || mv->num != 0)
		return;
	diag_report(vs->d, D_BAD_TYPE, st->block_loc,
		    "'backoff linear' takes no block: initial and max are the settings of "
		    "'backoff exponential'");
}

static void block_stmt(struct vstate *vs, struct mblock *b, const struct ast_stmt *st,
		       const struct bspec *bs)
{
	const struct schema_key *k = schema_find(b->kind, st->key);
	const char *desc = bs->desc;
	struct mvalue *mv;

	if (!k) {
		report_unknown_key(vs, b->kind, st, desc);
		return;
	}
	if ((k->flags & SF_LISTENER) && !bs->listener) {
		/* not recorded: a defaults' events would reach every service */
		diag_report(vs->d, D_LISTENER_KEY, st->key_loc,
			    "'%s' is a listener's key, not one of %s; an event listener "
			    "is written listener NAME { ... }",
			    k->name, desc);
		return;
	}
	mv = MV(b, k->id);
	if (mv->stmt && !(k->flags & SF_REPEAT)) {
		struct diag *dg = diag_report(vs->d, D_DUP_KEY, st->key_loc,
					      "duplicate key '%s' in %s", k->name, desc);
		diag_note(dg, mv->stmt->key_loc, "first set here");
		return;
	}
	if (!mv->stmt)
		mv->stmt = st;
	if (k->flags & SF_REPEAT) {
		mv->reps =
			must(talloc_realloc(b, mv->reps, const struct ast_stmt *, mv->nreps + 1));
		mv->reps[mv->nreps++] = st;
	}
	if (!shape_ok(vs, k, st) || any_bad(st))
		return;
	if (k->type != ST_BLOCK && !values_check(b, k, st, vs->d, mv))
		return;
	if (!strings_ok(vs, k, st))
		return;
	logdest_block_ok(vs, k, st, mv);
	logdest_quoted_word(vs, k, st);
	envfile_path_ok(vs, k, st);
	backoff_block_ok(vs, k, st, mv);
	if (st->has_block && k->sub != SB_NONE)
		mv->sub = block_build(vs, b, k->sub, st,
				      &(struct bspec){k->name, st->key_loc, NULL, true, false});
	if (st->has_block && k->type == ST_PROBE)
		probe_block_kinds(vs, k, st, mv);
}

/* Every env name once per block: the second would silently win. */
static void env_dups(struct vstate *vs, const struct mvalue *mv, const char *desc)
{
	for (size_t i = 0; i < mv->nreps; i++) {
		const struct ast_stmt *a = mv->reps[i];
		if (a->nvalues < 1 || a->values[0].kind != AV_IDENT)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct ast_stmt *b = mv->reps[j];
			if (b->nvalues < 1 || strcmp(a->values[0].text, b->values[0].text))
				continue;
			struct diag *dg =
				diag_report(vs->d, D_DUP_KEY, a->values[0].loc,
					    "duplicate env '%s' in %s", a->values[0].text, desc);
			diag_note(dg, b->values[0].loc, "first set here");
			break;
		}
	}
}

/* The same file twice in one block is a slip: said as a duplicate. */
static void envfile_dups(struct vstate *vs, const struct mvalue *mv, const char *desc)
{
	for (size_t i = 0; i < mv->nreps; i++) {
		const struct ast_str *a = stmt_str(mv->reps[i], 0);
		const char *at = a ? ast_str_plain(a) : NULL;

		for (size_t j = 0; at && j < i; j++) {
			const struct ast_str *b = stmt_str(mv->reps[j], 0);
			const char *bt = b ? ast_str_plain(b) : NULL;

			if (!bt || strcmp(at, bt))
				continue;
			struct diag *dg = diag_report(vs->d, D_DUP_KEY, mv->reps[i]->values[0].loc,
						      "duplicate envfile \"%s\" in %s", at, desc);
			diag_note(dg, mv->reps[j]->values[0].loc, "first set here");
			break;
		}
	}
}

/* The envfiles of defaults, then the service's own: all of them are read,
 * in that order (as env, whose own values come after). */
static void envfile_merge(TALLOC_CTX *ctx, struct mvalue *own, const struct mvalue *inh)
{
	const struct ast_stmt **all;

	if (!inh || !inh->nreps || !own->nreps)
		return;
	all = must(talloc_array(ctx, const struct ast_stmt *, inh->nreps + own->nreps));
	memcpy(all, inh->reps, inh->nreps * sizeof *all);
	memcpy(all + inh->nreps, own->reps, own->nreps * sizeof *all);
	own->reps = all;
	own->nreps += inh->nreps;
}

/* limits of a service add to those of defaults, key by key: each limit is
 * a setting of its own, unlike a probe's block, which fits its kind. */
static void limits_merge(struct mblock *own, const struct mblock *inh)
{
	for (size_t i = 0; own && inh && i < schema_count(own->kind); i++)
		if (!own->v[i].stmt && inh->v[i].stmt) {
			own->v[i] = inh->v[i];
			own->v[i].from_defaults = true;
		}
}

/* The defaults' env then the service's own; the service's wins a name. */
static void env_merge(TALLOC_CTX *ctx, struct mvalue *own, const struct mvalue *inh)
{
	const struct ast_stmt **all;
	size_t n = 0;

	if (!inh || !inh->nreps || !own->nreps)
		return;
	all = must(talloc_array(ctx, const struct ast_stmt *, inh->nreps + own->nreps));
	for (size_t i = 0; i < inh->nreps; i++) {
		const struct ast_stmt *d = inh->reps[i];
		bool overridden = false;
		for (size_t j = 0; j < own->nreps && d->nvalues; j++)
			if (own->reps[j]->nvalues
			    && strcmp(own->reps[j]->values[0].text, d->values[0].text) == 0)
				overridden = true;
		if (!overridden)
			all[n++] = d;
	}
	for (size_t j = 0; j < own->nreps; j++)
		all[n++] = own->reps[j];
	own->reps = all;
	own->nreps = n;
}

/* supervisord: killasgroup follows stopasgroup, and refuses
 * stopasgroup=true with killasgroup=false. */
static void kill_group(struct vstate *vs, struct mblock *b)
{
	struct mvalue *stop = MV(b, SVC_STOPASGROUP), *kill = MV(b, SVC_KILLASGROUP);

	if (!kill->stmt) {
		kill->num = stop->num;
		return;
	}
	if (!stop->num || kill->num || (stop->from_defaults && kill->from_defaults))
		return;
	struct diag *dg = diag_report(vs->d, D_CONFLICT, stmt_vloc(kill->stmt),
				      "'killasgroup false' conflicts with 'stopasgroup true': "
				      "the group asked to stop must also be killed as a group "
				      "(supervisord refuses this too)");
	diag_note(dg, stop->stmt->key_loc, "stopasgroup set here");
}

static void block_fill(struct vstate *vs, struct mblock *b, const struct mblock *inherit)
{
	for (size_t i = 0; i < schema_count(b->kind); i++) {
		const struct schema_key *k = &schema_keys[b->first + i];
		struct mvalue *mv = &b->v[i];

		if (k->type == ST_ENV && inherit)
			env_merge(b, mv, &inherit->v[i]);
		if (k->id == SVC_ENVFILE && inherit)
			envfile_merge(b, mv, &inherit->v[i]);
		if (mv->stmt) {
			if (!mv->sub && k->sub != SB_NONE && k->type != ST_BLOCK)
				mv->sub = block_build(vs, b, k->sub, NULL,
						      &(struct bspec){k->name, mv->stmt->key_loc,
								      NULL, false, false});
			if (k->id == SVC_LIMITS && inherit)
				limits_merge(mv->sub, inherit->v[i].sub);
		} else if (inherit && inherit->v[i].stmt) {
			*mv = inherit->v[i];
			mv->from_defaults = true;
		} else {
			values_default(b, k, mv);
		}
	}
}

/* True when an unknown key of OWNER was reported with KEY as its hint:
 * "did you mean 'command'?" already says what is missing. */
static bool misspelt(const struct ast_stmt *owner, enum schema_block kind, const char *key)
{
	for (size_t i = 0; i < owner->nbody; i++) {
		const char *name = owner->body[i]->key;
		const char *hint = schema_find(kind, name) ? NULL : schema_suggest(kind, name);
		if (hint && strcmp(hint, key) == 0)
			return true;
	}
	return false;
}

static void block_required(struct vstate *vs, struct mblock *b, const struct ast_stmt *owner,
			   const struct bspec *bs)
{
	for (size_t i = 0; i < schema_count(b->kind); i++) {
		const struct schema_key *k = &schema_keys[b->first + i];
		if ((k->flags & SF_LISTENER) && !bs->listener)
			continue;
		if ((k->flags & SF_REQUIRED) && !b->v[i].stmt && !misspelt(owner, b->kind, k->name))
			diag_report(vs->d, D_MISSING, bs->name_loc, "%s has no '%s'", bs->desc,
				    k->name);
	}
}

/* backoff exponential waits initial, doubling it at each retry up to max:
 * an initial above max could never be waited. Said where it is written,
 * so one of defaults once. */
static void backoff_range(struct vstate *vs, const struct mblock *b)
{
	const struct mvalue *bo = MV(b, SVC_BACKOFF), *init, *max;
	TALLOC_CTX *tmp;
	struct diag *dg;

	if (!bo->stmt || bo->from_defaults || bo->num != 1 || !bo->sub)
		return;
	init = MV(bo->sub, BACKOFF_INITIAL);
	max = MV(bo->sub, BACKOFF_MAX);
	if (init->num <= max->num)
		return;
	tmp = must(talloc_new(NULL));
	if (init->stmt) {
		dg = diag_report(vs->d, D_CONFLICT, stmt_vloc(init->stmt),
				 "'initial' %s is more than 'max' %s%s: the delays of 'backoff "
				 "exponential' start at initial and never exceed max",
				 values_format(tmp, &schema_keys[BACKOFF_INITIAL], init->num),
				 values_format(tmp, &schema_keys[BACKOFF_MAX], max->num),
				 max->stmt ? "" : " (its default)");
		if (max->stmt)
			diag_note(dg, stmt_vloc(max->stmt), "max is set here");
	} else {
		diag_report(vs->d, D_CONFLICT, stmt_vloc(max->stmt),
			    "'max' %s is less than 'initial' %s (its default): the delays of "
			    "'backoff exponential' start at initial and never exceed max; set "
			    "initial too",
			    values_format(tmp, &schema_keys[BACKOFF_MAX], max->num),
			    values_format(tmp, &schema_keys[BACKOFF_INITIAL], init->num));
	}
	talloc_free(tmp);
}

/* supervisord starts listeners first (priority -1) so that they see the
 * programs' events; a priority of defaults, meant to order services,
 * does not move them. */
static void listener_priority(struct mblock *b)
{
	struct mvalue *mv = MV(b, SVC_PRIORITY);

	if (!mv->stmt || mv->from_defaults)
		*mv = (struct mvalue){.num = schema_keys[TOP_LISTENER].def_num};
}

/* Checks OWNER's block as a KIND block and returns its values with
 * defaults applied; a NULL OWNER gives all defaults. */
static struct mblock *block_build(struct vstate *vs, TALLOC_CTX *ctx, enum schema_block kind,
				  const struct ast_stmt *owner, const struct bspec *bs)
{
	struct mblock *b = block_new(ctx, kind, owner);

	for (size_t i = 0; owner && i < owner->nbody; i++)
		block_stmt(vs, b, owner->body[i], bs);
	if (kind == SB_SERVICE) {
		env_dups(vs, MV(b, SVC_ENV), bs->desc);
		envfile_dups(vs, MV(b, SVC_ENVFILE), bs->desc);
	} else if (kind == SB_SUPERVISOR) {
		env_dups(vs, MV(b, SUP_ENV), bs->desc);
		envfile_dups(vs, MV(b, SUP_ENVFILE), bs->desc);
	}
	block_fill(vs, b, bs->inherit);
	if (kind == SB_SERVICE) {
		kill_group(vs, b);
		backoff_range(vs, b);
	}
	if (bs->listener)
		listener_priority(b);
	if (owner && bs->require)
		block_required(vs, b, owner, bs);
	return b;
}

/* ---- pass 1: top-level statements ---- */

static void report_unknown_block(struct vstate *vs, const struct ast_stmt *st)
{
	const char *hint = schema_suggest(SB_TOP, st->key);

	if (hint)
		diag_report(vs->d, D_UNKNOWN_BLOCK, st->key_loc,
			    "unknown block '%s'; did you mean '%s'?", st->key, hint);
	else
		diag_report(vs->d, D_UNKNOWN_BLOCK, st->key_loc, "unknown block '%s'", st->key);
}

/* The NAME of service NAME / group NAME, or NULL when it has none usable. */
static const char *block_name(struct vstate *vs, const struct schema_key *k,
			      const struct ast_stmt *st)
{
	const struct ast_value *v = st->nvalues ? &st->values[0] : NULL;

	if (!v) {
		diag_report(vs->d, D_BAD_TYPE, st->key_loc, "'%s' needs a name: %s NAME { ... }",
			    k->name, k->name);
		return NULL;
	}
	if (st->nvalues > 1) {
		diag_report(vs->d, D_BAD_TYPE, st->values[1].loc, "'%s' takes one name, not %zu",
			    k->name, st->nvalues);
		return NULL;
	}
	if (v->bad)
		return NULL;
	if (v->kind != AV_IDENT) {
		diag_report(vs->d, D_BAD_TYPE, v->loc,
			    "a %s name must be an identifier such "
			    "as web or uwsgi_app",
			    k->name);
		return NULL;
	}
	if (strpbrk(v->text, ":/")) {
		diag_report(vs->d, D_BAD_NAME, v->loc, "%s name '%s' must not hold ':' or '/'",
			    k->name, v->text);
		return NULL;
	}
	return v->text;
}

static void top_stmt(struct vstate *vs, const struct ast_stmt *st)
{
	const struct schema_key *k = schema_find(SB_TOP, st->key);

	if (!k) {
		report_unknown_block(vs, st);
		return;
	}
	if (k->id == TOP_INCLUDE || !shape_ok(vs, k, st))
		return;
	if (k->flags & SF_NAMED) {
		/* services and listeners share one name space, as supervisord's
		   groups do: each listener is a pool named after it */
		bool svc = k->id == TOP_SERVICE || k->id == TOP_LISTENER;
		const struct ast_stmt ***list = svc ? &vs->svc_stmts : &vs->grp_stmts;
		size_t *n = svc ? &vs->nsvc_stmts : &vs->ngrp_stmts;
		if (!block_name(vs, k, st)) {
			/* Still look inside, so its mistakes are reported too. */
			block_build(vs, vs->tmp, k->sub, st,
				    &(struct bspec){k->name, st->key_loc, NULL, false,
						    k->id == TOP_LISTENER});
			return;
		}
		*list = must(talloc_realloc(vs->tmp, *list, const struct ast_stmt *, *n + 1));
		(*list)[(*n)++] = st;
		return;
	}
	if (vs->once[k->id]) {
		struct diag *dg =
			diag_report(vs->d, D_DUP_BLOCK, st->key_loc,
				    "'%s' is given twice; there can be only one", k->name);
		diag_note(dg, vs->once[k->id]->key_loc, "first defined here");
		block_build(
			vs, vs->tmp, k->sub, st,
			&(struct bspec){k->name, st->key_loc, NULL, k->id != TOP_DEFAULTS, false});
		return;
	}
	vs->once[k->id] = st;
}

struct named {
	const char *name;
	size_t i;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* For each named block statement, the index of the first statement with the
 * same name (itself when it is the first): duplicates in O(n log n). */
static size_t *first_of_name(TALLOC_CTX *ctx, const struct ast_stmt **st, size_t n)
{
	struct named *v = must(talloc_array(ctx, struct named, n + 1));
	size_t *first = must(talloc_array(ctx, size_t, n + 1));

	for (size_t i = 0; i < n; i++)
		v[i] = (struct named){st[i]->values[0].text, i};
	qsort(v, n, sizeof *v, cmp_named);
	for (size_t i = 0; i < n; i++)
		first[v[i].i] =
			i && strcmp(v[i - 1].name, v[i].name) == 0 ? first[v[i - 1].i] : v[i].i;
	talloc_free(v);
	return first;
}

/* A second block named like FIRST: reported, and its content still
 * checked (into scratch memory) so that one run shows every mistake.
 * True when ST is such a block. */
static bool dup_block(struct vstate *vs, const struct ast_stmt *st, const struct ast_stmt *first,
		      enum diag_code code, enum schema_block block, struct bspec *bs)
{
	struct diag *dg;

	if (first == st)
		return false;
	dg = diag_report(vs->d, code, st->values[0].loc, "duplicate %s '%s'", st->key,
			 st->values[0].text);
	diag_note(dg, first->values[0].loc, "first defined here");
	block_build(vs, vs->tmp, block, st, bs);
	return true;
}

/* A listener's stdout carries the protocol: nothing else may be mixed
 * into it (supervisord refuses redirect_stderr there) nor taken from it. */
static void listener_stdout(struct vstate *vs, const struct mservice *s, const struct bspec *bs)
{
	const struct mvalue *err = MV(s->b, SVC_STDERR), *out = MV(s->b, SVC_STDOUT);
	const struct mvalue *cap = out->sub ? MV(out->sub, LOG_CAPTURE) : NULL;
	const struct mvalue *ev = out->sub ? MV(out->sub, LOG_EVENTS) : NULL;
	struct diag *dg;

	if (err->word && strcmp(err->word, "stdout") == 0) {
		dg = diag_report(vs->d, D_LISTENER_OUT,
				 err->from_defaults ? bs->name_loc : stmt_vloc(err->stmt),
				 "listener '%s' cannot merge its stderr into its stdout: stdout "
				 "carries the event protocol; write stderr auto, none or a path",
				 s->name);
		if (err->from_defaults)
			diag_note(dg, stmt_vloc(err->stmt),
				  "'stderr stdout' comes from defaults here");
	}
	if (cap && cap->stmt && cap->num)
		diag_report(vs->d, D_LISTENER_OUT, stmt_vloc(cap->stmt),
			    "listener '%s' cannot capture its stdout: stdout carries the "
			    "event protocol (capture its stderr instead)",
			    s->name);
	if (ev && ev->stmt && ev->num)
		diag_report(vs->d, D_LISTENER_OUT, stmt_vloc(ev->stmt),
			    "listener '%s' cannot send its stdout as PROCESS_LOG events: stdout "
			    "carries the event protocol (supervisord sends none)",
			    s->name);
}

/* 'ready log' reads stdout, which a listener's protocol owns. The other
 * probes and essential do not touch it and are a listener's too. One of
 * defaults, meant for the programs, does not reach listeners (as their
 * priority): a listener could not say "no ready" to get rid of it. */
static void listener_ready(struct vstate *vs, struct mservice *s)
{
	struct mvalue *ready = MV(s->b, SVC_READY);
	const struct probekind *pk = ready->stmt ? probekind_find(ready->word) : NULL;

	if (!pk || pk->kind != MPROBE_LOG)
		return;
	if (ready->from_defaults) {
		values_default(s->b, &schema_keys[SVC_READY], ready);
		return;
	}
	diag_report(vs->d, D_LISTENER_READY, stmt_vloc(ready->stmt),
		    "listener '%s' cannot use 'ready log': its stdout carries the event "
		    "protocol; use another kind of ready",
		    s->name);
}

static uint32_t events_mask(const struct mvalue *mv)
{
	uint32_t mask = 0;

	for (size_t i = 0; i < mv->nvals; i++)
		mask |= evtype_mask(mv->vals[i].text, strlen(mv->vals[i].text));
	return mask;
}

static void add_service(struct vstate *vs, const struct ast_stmt *st, const struct ast_stmt *first)
{
	struct model *m = vs->m;
	const char *name = st->values[0].text;
	bool listener = strcmp(st->key, schema_keys[TOP_LISTENER].name) == 0;
	struct bspec bs = {must(talloc_asprintf(vs->tmp, "%s '%s'", st->key, name)),
			   st->values[0].loc, vs->defaults, true, listener};
	struct mservice *s;

	if (dup_block(vs, st, first, D_DUP_SERVICE, SB_SERVICE, &bs))
		return;
	s = must(talloc_zero(m, struct mservice));
	s->name = must(talloc_strdup(s, name));
	s->order = (unsigned)m->nservices;
	s->listener = listener;
	s->b = block_build(vs, s, SB_SERVICE, st, &bs);
	if (listener) {
		listener_stdout(vs, s, &bs);
		listener_ready(vs, s);
		s->events = events_mask(MV(s->b, SVC_EVENTS));
	}
	s->after = must(talloc_array(s, struct mservice *, 0));
	s->procs = must(talloc_array(s, struct mproc *, 0));
	m->services[m->nservices] = s;
	vs->svc_stmt[m->nservices++] = st;
}

static void add_group(struct vstate *vs, const struct ast_stmt *st, const struct ast_stmt *first)
{
	struct model *m = vs->m;
	const char *name = st->values[0].text;
	struct bspec bs = {must(talloc_asprintf(vs->tmp, "group '%s'", name)), st->values[0].loc,
			   NULL, true, false};
	struct mgroup *g;

	if (dup_block(vs, st, first, D_DUP_GROUP, SB_GROUP, &bs))
		return;
	g = must(talloc_zero(m, struct mgroup));
	g->name = must(talloc_strdup(g, name));
	g->b = block_build(vs, g, SB_GROUP, st, &bs);
	g->services = must(talloc_array(g, struct mservice *, 0));
	m->groups[m->ngroups++] = g;
}

/* supervisor, defaults, nginx, initscript: at most one each. */
static struct mblock *single_block(struct vstate *vs, TALLOC_CTX *ctx, enum schema_key_id id,
				   bool require)
{
	const struct ast_stmt *st = vs->once[id];
	const struct schema_key *k = &schema_keys[id];

	return block_build(
		vs, ctx, k->sub, st,
		&(struct bspec){k->name, st ? st->key_loc : (struct loc){0}, NULL, require, false});
}

static void pass_blocks(struct vstate *vs, const struct ast_unit *u)
{
	struct model *m = vs->m;
	size_t *first;

	for (size_t i = 0; i < u->ntop; i++)
		top_stmt(vs, u->top[i]);
	if (vs->once[TOP_DEFAULTS])
		vs->defaults = single_block(vs, m, TOP_DEFAULTS, false);
	m->supervisor = single_block(vs, m, TOP_SUPERVISOR, true);
	if (vs->once[TOP_NGINX])
		m->nginx = single_block(vs, m, TOP_NGINX, true);
	if (vs->once[TOP_INITSCRIPT])
		m->initscript = single_block(vs, m, TOP_INITSCRIPT, true);
	first = first_of_name(vs->tmp, vs->svc_stmts, vs->nsvc_stmts);
	m->services = must(talloc_realloc(m, m->services, struct mservice *, vs->nsvc_stmts + 1));
	vs->svc_stmt = must(talloc_array(vs->tmp, const struct ast_stmt *, vs->nsvc_stmts + 1));
	for (size_t i = 0; i < vs->nsvc_stmts; i++)
		add_service(vs, vs->svc_stmts[i], vs->svc_stmts[first[i]]);
	first = first_of_name(vs->tmp, vs->grp_stmts, vs->ngrp_stmts);
	m->groups = must(talloc_realloc(m, m->groups, struct mgroup *, vs->ngrp_stmts + 1));
	for (size_t i = 0; i < vs->ngrp_stmts; i++)
		add_group(vs, vs->grp_stmts[i], vs->grp_stmts[first[i]]);
}

static void index_services(struct vstate *vs)
{
	struct model *m = vs->m;

	vs->by_name = must(talloc_array(vs->tmp, struct mservice *, m->nservices + 1));
	memcpy(vs->by_name, m->services, m->nservices * sizeof *m->services);
	qsort(vs->by_name, m->nservices, sizeof *vs->by_name, cmp_by_name);
	vs->names = must(talloc_array(vs->tmp, const char *, m->nservices + 1));
	for (size_t i = 0; i < m->nservices; i++)
		vs->names[i] = m->services[i]->name;
	vs->in_group = must(talloc_zero_array(vs->tmp, const struct ast_value *, m->nservices + 1));
	vs->after_val =
		must(talloc_zero_array(vs->tmp, const struct ast_value **, m->nservices + 1));
}

/* ---- pass 2: groups ---- */

static void group_add_member(struct vstate *vs, struct mgroup *g, const struct ast_value *v)
{
	struct mservice *s = find_service(vs, v->text);
	const char *hint;
	struct diag *dg;

	if (!s) {
		hint = suggest_service(vs, v->text, NULL);
		diag_report(vs->d, D_UNKNOWN_MEMBER, v->loc,
			    "group '%s' names unknown service '%s'%s%s%s", g->name, v->text,
			    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		return;
	}
	if (s->listener) {
		diag_report(vs->d, D_LISTENER_GROUP, v->loc,
			    "group '%s' names listener '%s': a listener is a group of its "
			    "own (supervisord's programs= takes programs only)",
			    g->name, s->name);
		return;
	}
	if (s->group == g) {
		dg = diag_report(vs->d, D_DUP_SERVICE, v->loc,
				 "service '%s' is listed twice in group '%s'", s->name, g->name);
		diag_note(dg, vs->in_group[s->order]->loc, "first listed here");
		return;
	}
	if (s->group) {
		dg = diag_report(vs->d, D_TWO_GROUPS, v->loc,
				 "service '%s' is in two groups, '%s' and '%s'; a service "
				 "can be in only one",
				 s->name, s->group->name, g->name);
		diag_note(dg, vs->in_group[s->order]->loc, "first put in group '%s' here",
			  s->group->name);
		return;
	}
	s->group = g;
	vs->in_group[s->order] = v;
	g->services = must(talloc_realloc(g, g->services, struct mservice *, g->nservices + 1));
	g->services[g->nservices++] = s;
}

static void pass_groups(struct vstate *vs)
{
	for (size_t i = 0; i < vs->m->ngroups; i++) {
		struct mgroup *g = vs->m->groups[i];
		const struct mvalue *mv = MV(g->b, GRP_SERVICES);

		for (size_t k = 0; k < mv->nvals; k++)
			group_add_member(vs, g, &mv->vals[k]);
	}
}

/* ---- pass 3: after, and dependency cycles ---- */

static void after_edge(struct vstate *vs, struct mservice *s, const struct ast_value *v)
{
	struct mservice *t = find_service(vs, v->text);
	const char *hint;

	if (!t) {
		hint = suggest_service(vs, v->text, s);
		diag_report(vs->d, D_UNKNOWN_AFTER, v->loc,
			    "service '%s' is after unknown service '%s'%s%s%s", s->name, v->text,
			    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		return;
	}
	for (size_t k = 0; k < s->nafter; k++)
		if (s->after[k] == t)
			return;
	s->after = must(talloc_realloc(s, s->after, struct mservice *, s->nafter + 1));
	vs->after_val[s->order] = must(talloc_realloc(vs->tmp, vs->after_val[s->order],
						      const struct ast_value *, s->nafter + 1));
	vs->after_val[s->order][s->nafter] = v;
	s->after[s->nafter++] = t;
}

static void report_cycle(struct vstate *vs, const struct deps_cycle *c)
{
	struct model *m = vs->m;
	char *path = must(talloc_strdup(vs->tmp, ""));
	struct diag *dg;

	for (size_t k = 0; k < c->n; k++)
		path = must(talloc_asprintf_append(path, "%s -> ", m->services[c->nodes[k]]->name));
	path = must(talloc_asprintf_append(path, "%s", m->services[c->nodes[0]]->name));
	dg = diag_report(vs->d, D_CYCLE, vs->after_val[c->nodes[0]][c->edges[0]]->loc,
			 "dependency cycle: %s", path);
	for (size_t k = 0; k < c->n; k++) {
		size_t from = c->nodes[k], to = c->nodes[(k + 1) % c->n];
		diag_note(dg, vs->after_val[from][c->edges[k]]->loc, "'%s' is after '%s' here",
			  m->services[from]->name, m->services[to]->name);
	}
}

static void pass_after(struct vstate *vs)
{
	struct model *m = vs->m;
	size_t **adj = must(talloc_array(vs->tmp, size_t *, m->nservices + 1));
	size_t *nadj = must(talloc_array(vs->tmp, size_t, m->nservices + 1));
	struct deps_cycle *cycles;
	size_t n;

	for (size_t i = 0; i < m->nservices; i++) {
		struct mservice *s = m->services[i];
		const struct mvalue *mv = MV(s->b, SVC_AFTER);

		for (size_t k = 0; k < mv->nvals; k++)
			after_edge(vs, s, &mv->vals[k]);
		adj[i] = must(talloc_array(adj, size_t, s->nafter + 1));
		nadj[i] = s->nafter;
		for (size_t k = 0; k < s->nafter; k++)
			adj[i][k] = s->after[k]->order;
	}
	n = deps_cycles(vs->tmp, m->nservices, adj, nadj, &cycles);
	for (size_t i = 0; i < n; i++)
		report_cycle(vs, &cycles[i]);
}

/* ---- pass 4: instances, processes, argv, env, logs ---- */

static struct interp_ctx service_ctx(const struct model *m, const struct mservice *s,
				     long long index)
{
	return (struct interp_ctx){
		s->name, s->group ? s->group->name : s->name, index, true, m->env, m->nenv};
}

/* Block-level strings: resolved once for the block (a service's for its
 * first instance; each process has its own in struct mproc). */
static void block_resolve(TALLOC_CTX *ctx, struct mblock *b, const struct interp_ctx *ic)
{
	for (size_t i = 0; i < schema_count(b->kind); i++) {
		const struct schema_key *k = &schema_keys[b->first + i];
		struct mvalue *mv = &b->v[i];
		const struct ast_str *s = stmt_str(mv->stmt, 0);

		if ((k->type == ST_STRING || k->type == ST_LOGDEST) && s)
			mv->str = interp_resolve(ctx, s, ic);
		if (mv->sub && !mv->from_defaults)
			block_resolve(ctx, mv->sub, ic);
	}
}

static struct loc proc_name_loc(struct vstate *vs, const struct mservice *s)
{
	const struct ast_stmt *name = MV(s->b, SVC_NAME)->stmt;

	return name ? stmt_vloc(name) : vs->svc_stmt[s->order]->values[0].loc;
}

static const char *proc_name(struct vstate *vs, struct mproc *p, const struct interp_ctx *ic)
{
	const struct mservice *s = p->svc;
	const struct ast_str *name = stmt_str(MV(s->b, SVC_NAME)->stmt, 0);

	if (name)
		return interp_resolve(p, name, ic).text;
	if (MV(s->b, SVC_INSTANCES)->num > 1)
		return must(talloc_asprintf(p, "%s_%lld", s->name, p->index));
	(void)vs;
	return must(talloc_strdup(p, s->name));
}

/* A process name becomes a log file's name (childlogdir/NAME-stdout.log),
 * a part of the panel's URLs and HTML: nothing that could leave the folder,
 * break a URL or need escaping in markup or a shell. */
static bool name_valid(const char *name)
{
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return !strpbrk(name, " :/\\<>\"'&%?#`");
}

/* Where the unterminated quote is: exact when the string's text part is
 * written without escapes, else the whole string. */
static struct loc quote_loc(const struct ast_value *v, size_t seg, size_t off)
{
	const struct ast_part *p = &v->str.parts[seg];

	if (p->kind == PART_TEXT && p->loc.file && p->loc.len == strlen(p->text))
		return (struct loc){p->loc.file, p->loc.off + (uint32_t)off, 1};
	return v->loc;
}

/* The string value VI of ST split into words for P, as a command is, into
 * *ARGV (under P) of *ARGC words: none when it cannot be split. WHAT
 * names it in messages ("'command'"); mistakes are reported when REPORT
 * (they do not depend on the instance: values are never split). */
static void split_command(struct vstate *vs, struct mproc *p, const struct ast_stmt *st, size_t vi,
			  const struct interp_ctx *ic, const char *what, bool report,
			  struct mstr **argv, size_t *argc)
{
	const struct ast_str *cmd = stmt_str(st, vi);
	struct words_seg *segs;
	size_t seg, off;

	*argv = must(talloc_array(p, struct mstr, 0));
	*argc = 0;
	if (!cmd)
		return;
	segs = interp_segments(vs->tmp, cmd, ic);
	if (!words_split(p, segs, cmd->nparts, argv, argc, &seg, &off)) {
		if (report)
			diag_report(vs->d, D_COMMAND_QUOTE, quote_loc(&st->values[vi], seg, off),
				    "unterminated quote in %s of service '%s'", what, p->svc->name);
		*argv = must(talloc_array(p, struct mstr, 0));
		*argc = 0;
	} else if (*argc == 0 && report) {
		diag_report(vs->d, D_EMPTY_COMMAND, st->values[vi].loc,
			    "the %s of service '%s' is empty", what, p->svc->name);
	}
	talloc_free(segs);
}

static void proc_argv(struct vstate *vs, struct mproc *p, const struct interp_ctx *ic)
{
	split_command(vs, p, MV(p->svc->b, SVC_COMMAND)->stmt, 0, ic, "'command'",
		      p == p->svc->procs[0], &p->argv, &p->argc);
}

/* The numbers of a probe's block SUB that apply to its kind WORD; the
 * others stay 0, as the table holds them. */
static void probe_numbers(struct mprobe *pr, const struct mblock *sub, const char *word)
{
	for (size_t i = 0; i < schema_count(sub->kind); i++) {
		const struct schema_key *sk = &schema_keys[sub->first + i];
		long long num = sub->v[i].num;

		if (sk->words && schema_word(sk, word) < 0)
			continue;
		switch (sk->id) {
		case READY_TIMEOUT:
		case HEALTH_TIMEOUT: pr->timeout = num; break;
		case READY_EVERY:
		case HEALTH_EVERY: pr->every = num; break;
		case READY_FD: pr->fd = num; break;
		case READY_WATCHDOG: pr->watchdog = num; break;
		case HEALTH_FAILURES: pr->failures = num; break;
		case HEALTH_GRACE: pr->grace = num; break;
		default: break;
		}
	}
}

/* A target that is refused: "'ready tcp' address "x" has no port; ...". */
static void probe_target_bad(struct vstate *vs, const struct mproc *p, const struct schema_key *k,
			     const struct probekind *pk, const struct ast_value *v,
			     const struct mstr *target, const char *why)
{
	const char *which = "", *hint = "";
	const char *noun = pk->kind == MPROBE_TCP ? "address"
		: pk->kind == MPROBE_HTTP         ? "URL"
						  : "regular expression";
	enum diag_code code = pk->kind == MPROBE_TCP ? D_PROBE_ADDRESS
		: pk->kind == MPROBE_HTTP            ? D_PROBE_URL
						     : D_REGEX;

	if (MV(p->svc->b, SVC_INSTANCES)->num > 1 && interp_has(&v->str, "index"))
		which = must(talloc_asprintf(vs->tmp, " (of process '%s')", p->name));
	if (pk->kind == MPROBE_TCP)
		hint = "; write \"HOST:PORT\" such as \"127.0.0.1:8000\" or \"[::1]:8000\"";
	else if (pk->kind == MPROBE_HTTP)
		hint = "; write \"http://HOST[:PORT][/PATH]\"";
	diag_report(vs->d, code, v->loc, "'%s %s' %s \"%s\"%s %s%s", k->name, pk->word, noun,
		    target->text, which, why, hint);
}

/* Process P's probe of key K (ready or health): its kind, its target or
 * command resolved for P, and its block's numbers. A mistake in the
 * target is reported once a service (once in all for one of defaults):
 * with ${index}, any instance may be the one whose target is wrong. */
static struct mprobe proc_probe(struct vstate *vs, struct mproc *p, enum schema_key_id id,
				const struct interp_ctx *ic)
{
	const struct schema_key *k = &schema_keys[id];
	const struct mvalue *mv = MV(p->svc->b, id);
	const struct probekind *pk = mv->stmt ? probekind_find(mv->word) : NULL;
	const struct ast_str *str;
	bool *said = mv->from_defaults ? &vs->probe_said_defaults[id == SVC_HEALTH]
				       : &vs->probe_said[id == SVC_HEALTH];
	struct mprobe pr = {.kind = MPROBE_NONE};
	char *why;

	if (!pk || !mv->sub)
		return pr;
	str = stmt_str(mv->stmt, 1);
	if (pk->target && !str)
		return pr; /* reported by values_check */
	pr.kind = pk->kind;
	probe_numbers(&pr, mv->sub, pk->word);
	if (pk->kind == MPROBE_EXEC) {
		char *what = must(talloc_asprintf(vs->tmp, "'%s exec' command", k->name));

		split_command(vs, p, mv->stmt, 1, ic, what, !*said, &pr.argv, &pr.argc);
		*said = true;
		return pr;
	}
	if (!str)
		return pr;
	pr.target = interp_resolve(p, str, ic);
	why = probekind_check(vs->tmp, pk->kind, pr.target);
	if (why && !*said) {
		probe_target_bad(vs, p, k, pk, &mv->stmt->values[1], &pr.target, why);
		*said = true;
	}
	return pr;
}

/* ENV's pairs of 'env NAME "value";' statements, resolved for IC, into
 * *OUT of *N (a talloc array under CTX, room for EXTRA more). */
static void env_resolve(TALLOC_CTX *ctx, const struct mvalue *mv, const struct interp_ctx *ic,
			size_t extra, struct menv **out, size_t *n)
{
	*out = must(talloc_array(ctx, struct menv, mv->nreps + extra + 1));
	*n = 0;
	for (size_t i = 0; i < mv->nreps; i++) {
		const struct ast_stmt *st = mv->reps[i];
		const struct ast_str *val = stmt_str(st, 1);

		if (!val || st->values[0].kind != AV_IDENT)
			continue;
		(*out)[*n].name = st->values[0].text;
		(*out)[(*n)++].value = interp_resolve(ctx, val, ic);
	}
}

/* The process's environment as supervisord makes it: the supervisor's
 * variables in their order, a service's own value replacing one of the
 * same name in its place, then the service's other variables. */
static void proc_env(struct mproc *p, const struct interp_ctx *ic)
{
	size_t nsup = ic->nsupenv, nown;
	struct menv *own;

	env_resolve(p, MV(p->svc->b, SVC_ENV), ic, 0, &own, &nown);
	p->env = must(talloc_array(p, struct menv, nsup + nown + 1));
	p->nenv = 0;
	for (size_t i = 0; i < nsup; i++)
		p->env[p->nenv++] = ic->supenv[i];
	for (size_t j = 0; j < nown; j++) {
		size_t i = 0;

		while (i < nsup && strcmp(p->env[i].name, own[j].name) != 0)
			i++;
		if (i < nsup)
			p->env[i] = own[j];
		else
			p->env[p->nenv++] = own[j];
	}
	talloc_free(own);
}

/* The envfile paths of the statements of MV, resolved for IC, after the
 * N0 of FIRST, into *OUT of *N (a talloc array under CTX). */
static void envfiles_resolve(TALLOC_CTX *ctx, const struct mstr *first, size_t n0,
			     const struct mvalue *mv, const struct interp_ctx *ic,
			     struct mstr **out, size_t *n)
{
	*out = must(talloc_array(ctx, struct mstr, n0 + mv->nreps + 1));
	*n = n0;
	if (n0)
		memcpy(*out, first, n0 * sizeof **out);
	for (size_t i = 0; i < mv->nreps; i++) {
		const struct ast_str *path = stmt_str(mv->reps[i], 0);

		if (path)
			(*out)[(*n)++] = interp_resolve(ctx, path, ic);
	}
}

static struct mlog proc_log(struct mproc *p, const struct mvalue *mv, const struct interp_ctx *ic)
{
	struct mlog log = {.kind = MLOG_AUTO};
	const struct ast_str *path = stmt_str(mv->stmt, 0);

	if (path) {
		log.kind = MLOG_PATH;
		log.path = interp_resolve(p, path, ic);
	} else if (mv->word && strcmp(mv->word, "none") == 0) {
		log.kind = MLOG_NONE;
	} else if (mv->word && strcmp(mv->word, "stdout") == 0) {
		log.kind = MLOG_MERGE;
	} else if (mv->word && strcmp(mv->word, "syslog") == 0) {
		log.kind = MLOG_SYSLOG;
	}
	log.maxbytes = mv->sub ? MV(mv->sub, LOG_MAXBYTES)->num : schema_keys[LOG_MAXBYTES].def_num;
	log.backups = mv->sub ? MV(mv->sub, LOG_BACKUPS)->num : schema_keys[LOG_BACKUPS].def_num;
	log.events = mv->sub ? MV(mv->sub, LOG_EVENTS)->num != 0 : schema_keys[LOG_EVENTS].def_num;
	log.capture = mv->sub ? MV(mv->sub, LOG_CAPTURE)->num : schema_keys[LOG_CAPTURE].def_num;
	return log;
}

static struct mproc *proc_new(struct vstate *vs, struct mservice *s, long long index)
{
	struct mproc *p = must(talloc_zero(s, struct mproc));
	struct interp_ctx ic = service_ctx(vs->m, s, index);
	const struct ast_str *dir = stmt_str(MV(s->b, SVC_DIRECTORY)->stmt, 0);

	p->svc = s;
	p->index = index;
	s->procs = must(talloc_realloc(s, s->procs, struct mproc *, s->nprocs + 1));
	s->procs[s->nprocs++] = p;
	p->name = proc_name(vs, p, &ic);
	proc_argv(vs, p, &ic);
	proc_env(p, &ic);
	if (dir)
		p->directory = interp_resolve(p, dir, &ic);
	p->out = proc_log(p, MV(s->b, SVC_STDOUT), &ic);
	p->err = proc_log(p, MV(s->b, SVC_STDERR), &ic);
	p->ready = proc_probe(vs, p, SVC_READY, &ic);
	p->health = proc_probe(vs, p, SVC_HEALTH, &ic);
	envfiles_resolve(p, vs->m->envfiles, vs->m->nenvfiles, MV(s->b, SVC_ENVFILE), &ic,
			 &p->envfiles, &p->nenvfiles);
	return p;
}

/* False when several instances would share one name (reported). */
static bool instances_named(struct vstate *vs, const struct mservice *s)
{
	const struct ast_stmt *name = MV(s->b, SVC_NAME)->stmt;
	const struct ast_str *str = stmt_str(name, 0);
	long long n = MV(s->b, SVC_INSTANCES)->num;

	if (n <= 1 || !str || interp_has(str, "index"))
		return true;
	diag_report(vs->d, D_NO_INDEX, stmt_vloc(name),
		    "'name' must contain ${index}: "
		    "service '%s' runs %lld instances and each needs its own name",
		    s->name, n);
	return false;
}

static void expand_service(struct vstate *vs, struct mservice *s)
{
	struct model *m = vs->m;
	long long n = MV(s->b, SVC_INSTANCES)->num, first = MV(s->b, SVC_FIRST_INDEX)->num;
	bool bad_reported = false;

	vs->probe_said[0] = vs->probe_said[1] = false;
	block_resolve(s->b, s->b,
		      &(struct interp_ctx){.service = s->name,
					   .group = s->group ? s->group->name : s->name,
					   .index = first,
					   .has_index = true,
					   .supenv = m->env,
					   .nsupenv = m->nenv});
	for (long long i = 0; i < n; i++) {
		struct mproc *p = proc_new(vs, s, first + i);

		if (!name_valid(p->name) && !bad_reported) {
			diag_report(
				vs->d, D_BAD_NAME, proc_name_loc(vs, s),
				"process name '%s' "
				"of service '%s' must not be empty, '.' or '..', or hold blanks "
				"or any of : / \\ < > \" ' & %% ? # `",
				p->name, s->name);
			bad_reported = true;
		}
		p->order = (unsigned)m->nprocs;
		m->procs = must(talloc_realloc(m, m->procs, struct mproc *, m->nprocs + 1));
		m->procs[m->nprocs++] = p;
	}
}

static int cmp_proc_name(const void *a, const void *b)
{
	const struct mproc *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	return c ? c : (int)(*x)->order - (int)(*y)->order;
}

/* Two processes of different services with one name: once per service. */
static void dup_procs(struct vstate *vs, const bool *skip)
{
	struct model *m = vs->m;
	struct mproc **sorted = must(talloc_array(vs->tmp, struct mproc *, m->nprocs + 1));
	bool *done = must(talloc_zero_array(vs->tmp, bool, m->nservices + 1));

	memcpy(sorted, m->procs, m->nprocs * sizeof *sorted);
	qsort(sorted, m->nprocs, sizeof *sorted, cmp_proc_name);
	for (size_t i = 1; i < m->nprocs; i++) {
		struct mproc *a = sorted[i - 1], *b = sorted[i];
		struct mservice *sb = b->svc;

		if (strcmp(a->name, b->name) || skip[sb->order] || skip[a->svc->order]
		    || done[sb->order])
			continue;
		done[sb->order] = true;
		struct diag *dg = diag_report(vs->d, D_DUP_PROCESS, proc_name_loc(vs, sb),
					      "two processes are named '%s'", b->name);
		diag_note(dg, proc_name_loc(vs, a->svc), "the other is a process of service '%s'",
			  a->svc->name);
	}
}

static void pass_instances(struct vstate *vs)
{
	struct model *m = vs->m;
	bool *skip = must(talloc_zero_array(vs->tmp, bool, m->nservices + 1));

	/* the supervisor's own values see svcd's environment, as supervisord
	   expands [supervisord] environment= against its own */
	env_resolve(m, MV(m->supervisor, SUP_ENV), &(struct interp_ctx){0}, 0, &m->env, &m->nenv);
	envfiles_resolve(m, NULL, 0, MV(m->supervisor, SUP_ENVFILE), &(struct interp_ctx){0},
			 &m->envfiles, &m->nenvfiles);
	m->procs = must(talloc_array(m, struct mproc *, 0));
	for (size_t i = 0; i < m->nservices; i++) {
		skip[i] = !instances_named(vs, m->services[i]);
		expand_service(vs, m->services[i]);
	}
	dup_procs(vs, skip);
}

/* ---- pass 5: the supervisor's control, nginx, initscript ---- */

static void check_socket(struct vstate *vs, const struct mvalue *sock)
{
	size_t len;

	if (!sock->stmt || !sock->str.text || sock->str.dynamic)
		return;
	len = strlen(sock->str.text);
	if (len > SOCKET_PATH_MAX)
		diag_report(vs->d, D_SOCKET_PATH, stmt_vloc(sock->stmt),
			    "the socket path is "
			    "%zu bytes long; a unix socket path holds at most %d",
			    len, SOCKET_PATH_MAX);
}

static bool is_sha_password(const char *p)
{
	return strncmp(p, "{SHA}", 5) == 0 && strlen(p + 5) == 40
		&& strspn(p + 5, "0123456789abcdefABCDEF") == 40;
}

static void check_auth(struct vstate *vs, const struct mvalue *auth)
{
	const struct mvalue *pass;

	if (!auth->sub)
		return;
	pass = MV(auth->sub, AUTH_PASSWORD);
	if (!pass->stmt || !pass->word || is_sha_password(pass->word))
		return;
	if (strncmp(pass->word, "{SHA}", 5) == 0)
		diag_report(vs->d, D_BAD_TYPE, stmt_vloc(pass->stmt),
			    "a '{SHA}' password "
			    "must be followed by 40 hex digits, the SHA-1 of the password");
	else
		diag_report(vs->d, D_PLAIN_PASS, stmt_vloc(pass->stmt),
			    "the password is "
			    "written in plain text; write \"{SHA}\" and its SHA-1 in hex "
			    "instead (printf %%s 'PASSWORD' | sha1sum)");
}

static void pass_control(struct vstate *vs)
{
	const struct mblock *sup = vs->m->supervisor;
	const struct mvalue *sock = MV(sup, SUP_SOCKET), *listen = MV(sup, SUP_LISTEN);
	const struct mvalue *auth = MV(sup, SUP_AUTH);
	const struct src_file *main_file = vs->m->unit->nfiles ? vs->m->unit->files[0] : NULL;

	block_resolve(vs->m, vs->m->supervisor, &(struct interp_ctx){0});
	check_socket(vs, sock);
	if (!sock->stmt && !listen->stmt)
		diag_report(vs->d, D_NO_CONTROL,
			    sup->stmt ? sup->stmt->key_loc : (struct loc){main_file, 0, 0},
			    "neither 'socket' nor 'listen' is "
			    "set in supervisor: nothing, not even svcctl, can control the daemon");
	if (listen->stmt && !auth->stmt)
		diag_report(vs->d, D_LISTEN_NOAUTH, stmt_vloc(listen->stmt),
			    "'listen' without "
			    "'auth': anyone who can reach %s can control every process; add "
			    "auth { username \"...\"; password \"...\"; }",
			    listen->word ? listen->word : "it");
	check_auth(vs, auth);
}

static void pass_nginx(struct vstate *vs)
{
	struct mblock *ngx = vs->m->nginx;
	const struct mblock *sup = vs->m->supervisor;
	const struct mvalue *loc, *up;

	if (!ngx)
		return;
	block_resolve(vs->m, ngx, &(struct interp_ctx){0});
	loc = MV(ngx, NGX_LOCATION);
	up = MV(ngx, NGX_UPSTREAM);
	if (loc->str.text) {
		size_t n = strlen(loc->str.text);
		if (n == 0 || loc->str.text[0] != '/' || loc->str.text[n - 1] != '/')
			diag_report(vs->d, D_LOCATION,
				    loc->stmt ? stmt_vloc(loc->stmt) : ngx->stmt->key_loc,
				    "nginx location '%s' must begin and end "
				    "with '/', such as \"/supervisor/\"",
				    loc->str.text);
	}
	struct loc at = up->stmt ? stmt_vloc(up->stmt) : ngx->stmt->key_loc;
	if (up->num == 1 && !MV(sup, SUP_LISTEN)->stmt)
		diag_report(vs->d, D_CONFLICT, at,
			    "'upstream listen' needs 'listen' in "
			    "supervisor: nginx would have nothing to proxy to");
	else if (up->num == 0 && !MV(sup, SUP_SOCKET)->stmt)
		diag_report(vs->d, D_CONFLICT, at,
			    "nginx proxies to the supervisor's unix "
			    "socket, but supervisor has no 'socket'; add one, or write "
			    "'upstream listen;'");
}

static void pass_initscript(struct vstate *vs)
{
	struct mblock *init = vs->m->initscript;
	struct mvalue *cfg;

	if (!init)
		return;
	block_resolve(vs->m, init, &(struct interp_ctx){0});
	cfg = MV(init, INIT_CONFIG);
	if (!cfg->stmt) {
		cfg->word = MV(init, INIT_DAEMON)->num == 1 ? "/etc/supervisord.conf"
							    : "/etc/svcd/services.svct";
		cfg->str = (struct mstr){cfg->word, false};
	}
}

/* ---- pass 6: warnings ---- */

static bool arg_is(const char *a, const char *flag)
{
	size_t n = strlen(flag);

	return strncmp(a, flag, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* The argument that makes ARGV put itself in the background, or NULL. */
static const char *daemon_flag(const struct mstr *argv, size_t argc, const char *base)
{
	for (size_t i = 1; i < argc; i++) {
		const char *a = argv[i].text, *next = i + 1 < argc ? argv[i + 1].text : "";

		if (strcmp(base, "redis-server") == 0) {
			if (strcmp(a, "--daemonize") == 0 && strcmp(next, "yes") == 0)
				return "--daemonize yes";
			continue;
		}
		if ((strcmp(base, "gunicorn") == 0 && strcmp(a, "-D") == 0)
		    || (strcmp(base, "memcached") == 0 && strcmp(a, "-d") == 0)
		    || arg_is(a, "--daemon") || arg_is(a, "--daemonize")
		    || arg_is(a, "--daemonize2"))
			return a;
	}
	return NULL;
}

static bool nginx_foreground(const struct mstr *argv, size_t argc)
{
	for (size_t i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i].text, "-g") == 0 && strstr(argv[i + 1].text, "daemon off"))
			return true;
	return false;
}

static void check_daemonizes(struct vstate *vs, const struct mproc *p, struct loc at)
{
	const char *base, *flag;

	if (!p->argc || p->argv[0].dynamic)
		return;
	base = strrchr(p->argv[0].text, '/') ? strrchr(p->argv[0].text, '/') + 1 : p->argv[0].text;
	if (strcmp(base, "nginx") == 0 && !nginx_foreground(p->argv, p->argc)) {
		diag_report(vs->d, D_DAEMONIZES, at,
			    "nginx puts itself in the background "
			    "unless started with -g 'daemon off;': the supervisor would see it "
			    "exit and retry it until FATAL");
		return;
	}
	flag = daemon_flag(p->argv, p->argc, base);
	if (flag)
		diag_report(vs->d, D_DAEMONIZES, at,
			    "'%s' makes %s put itself in the "
			    "background: the supervisor would see it exit and retry it until "
			    "FATAL; remove it",
			    flag, base);
}

static void check_exec(struct vstate *vs, const struct mproc *p, struct loc at)
{
	const char *path;
	struct stat st;

	if (!vs->opts->host_checks || !p->argc || p->argv[0].dynamic || p->argv[0].text[0] != '/')
		return;
	path = p->argv[0].text;
	if (stat(path, &st) != 0)
		diag_report(vs->d, D_NOT_EXEC, at, "'%s' does not exist on this host", path);
	else if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)
		diag_report(vs->d, D_NOT_EXEC, at, "'%s' is not an executable file on this host",
			    path);
}

struct logref {
	const char *path;
	const struct mproc *p;
	const char *stream;
	struct loc loc;
};

static int cmp_logref(const void *a, const void *b)
{
	const struct logref *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (int)x->p->order - (int)y->p->order;
}

static size_t add_log(struct logref *refs, size_t n, const struct mproc *p, const struct mlog *log,
		      const char *stream, const struct mvalue *mv)
{
	if (log->kind != MLOG_PATH || log->path.dynamic)
		return n;
	refs[n] = (struct logref){log->path.text, p, stream, stmt_vloc(mv->stmt)};
	return n + 1;
}

static void same_proc_log(struct vstate *vs, const struct mproc *p)
{
	if (p->out.kind != MLOG_PATH || p->err.kind != MLOG_PATH || p->out.path.dynamic
	    || p->err.path.dynamic || strcmp(p->out.path.text, p->err.path.text)
	    || p != p->svc->procs[0])
		return;
	diag_report(vs->d, D_SHARED_LOG, stmt_vloc(MV(p->svc->b, SVC_STDERR)->stmt),
		    "stdout and stderr of service '%s' both go to '%s'; write 'stderr stdout;' "
		    "to merge them",
		    p->svc->name, p->out.path.text);
}

/* One file written by two processes: once per service. */
static void shared_logs(struct vstate *vs)
{
	struct model *m = vs->m;
	struct logref *refs = must(talloc_array(vs->tmp, struct logref, 2 * m->nprocs + 1));
	bool *done = must(talloc_zero_array(vs->tmp, bool, m->nservices + 1));
	size_t n = 0, run = 0;

	for (size_t i = 0; i < m->nprocs; i++) {
		const struct mproc *p = m->procs[i];
		same_proc_log(vs, p);
		n = add_log(refs, n, p, &p->out, "stdout", MV(p->svc->b, SVC_STDOUT));
		n = add_log(refs, n, p, &p->err, "stderr", MV(p->svc->b, SVC_STDERR));
	}
	qsort(refs, n, sizeof *refs, cmp_logref);
	for (size_t i = 1; i < n; i++) {
		const struct logref *a = &refs[run], *b = &refs[i];

		if (strcmp(a->path, b->path)) {
			run = i;
			continue;
		}
		if (a->p == b->p || done[b->p->svc->order])
			continue;
		done[b->p->svc->order] = true;
		struct diag *dg = diag_report(vs->d, D_SHARED_LOG, b->loc,
					      "processes '%s' and "
					      "'%s' both write to '%s'",
					      a->p->name, b->p->name, b->path);
		diag_note(dg, a->loc, "'%s' writes its %s there", a->p->name, a->stream);
	}
}

/* With ready, RUNNING means ready and startsecs is never waited for: a
 * startsecs given anyway was meant for something that does not happen.
 * Said at the service's own startsecs, else at its own ready (the one in
 * defaults is the other's note); once for both in defaults. */
static void startsecs_unused(struct vstate *vs, const struct mservice *s)
{
	const struct mvalue *ready = MV(s->b, SVC_READY), *secs = MV(s->b, SVC_STARTSECS);
	static const char msg[] =
		"'startsecs' is not used when 'ready' is set: RUNNING means ready";
	struct diag *dg;

	if (!ready->stmt || !secs->stmt
	    || (ready->from_defaults && secs->from_defaults && vs->startsecs_said))
		return;
	if (ready->from_defaults && secs->from_defaults)
		vs->startsecs_said = true;
	if (!secs->from_defaults || ready->from_defaults) {
		dg = diag_report(vs->d, D_STARTSECS_UNUSED, stmt_vloc(secs->stmt), "%s", msg);
		diag_note(dg, ready->stmt->key_loc, "ready is set here");
	} else {
		dg = diag_report(vs->d, D_STARTSECS_UNUSED, ready->stmt->key_loc, "%s", msg);
		diag_note(dg, stmt_vloc(secs->stmt), "startsecs is set in defaults here");
	}
}

/* A rolling restart goes through several instances a batch at a time:
 * with one instance, or a batch as large as all of them, it is a plain
 * restart. Said for the service's own rolling only: one of defaults is
 * meant for the services that run several. */
static void rolling_useless(struct vstate *vs, const struct mservice *s)
{
	const struct mvalue *roll = MV(s->b, SVC_ROLLING), *batch;
	long long n = MV(s->b, SVC_INSTANCES)->num;
	const char *what = s->listener ? "listener" : "service";

	if (!roll->stmt || roll->from_defaults || !roll->sub)
		return;
	batch = MV(roll->sub, ROLL_BATCH);
	if (n <= 1)
		diag_report(vs->d, D_NO_EFFECT, roll->stmt->key_loc,
			    "'rolling' has no effect on %s '%s', which runs one instance: a "
			    "rolling restart goes through several, batch at a time",
			    what, s->name);
	else if (batch->num >= n && batch->stmt)
		diag_report(vs->d, D_NO_EFFECT, stmt_vloc(batch->stmt),
			    "'batch %lld' restarts all %lld instances of %s '%s' at once: "
			    "'rolling' has no effect; give a smaller batch",
			    batch->num, n, what, s->name);
}

static void pass_warnings(struct vstate *vs)
{
	struct model *m = vs->m;

	for (size_t i = 0; i < m->nservices; i++) {
		const struct mservice *s = m->services[i];
		const struct ast_stmt *cmd = MV(s->b, SVC_COMMAND)->stmt;

		startsecs_unused(vs, s);
		rolling_useless(vs, s);
		/* a command the lexer already reported (an unterminated string)
		   is not what the user meant: no warnings about it */
		if (!s->nprocs || !cmd || (cmd->nvalues && cmd->values[0].bad))
			continue;
		check_daemonizes(vs, s->procs[0], stmt_vloc(cmd));
		check_exec(vs, s->procs[0], stmt_vloc(cmd));
	}
	shared_logs(vs);
}

struct model *validate(TALLOC_CTX *ctx, const struct ast_unit *unit,
		       const struct validate_opts *opts, struct diags *d)
{
	struct vstate vs = {.opts = opts, .d = d};
	struct model *m = must(talloc_zero(ctx, struct model));

	vs.tmp = must(talloc_new(NULL));
	vs.m = m;
	m->unit = unit;
	m->services = must(talloc_array(m, struct mservice *, 0));
	m->groups = must(talloc_array(m, struct mgroup *, 0));
	pass_blocks(&vs, unit);
	index_services(&vs);
	pass_groups(&vs);
	pass_after(&vs);
	pass_instances(&vs);
	pass_control(&vs);
	pass_nginx(&vs);
	pass_initscript(&vs);
	pass_warnings(&vs);
	talloc_free(vs.tmp);
	return m;
}
