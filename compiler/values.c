/* Typed checks of statement values against the schema (see values.h). One
 * function per schema type; messages say what the key takes and what it got. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "interp.h"
#include "probekind.h"
#include "suggest.h"
#include "common/evtype.h"
#include "common/signame.h"
#include "values.h"
#include "common/oom.h"

char *values_format(TALLOC_CTX *ctx, const struct schema_key *key, long long num)
{
	static const struct {
		const char *unit;
		long long n;
	} durs[] =
		{
			{"h", 3600000},
			{"m", 60000},
			{"s", 1000},
		},
	  sizes[] = {
		  {"GB", 1LL << 30},
		  {"MB", 1LL << 20},
		  {"KB", 1LL << 10},
	  };

	if (key->type == ST_OCTAL)
		return must(talloc_asprintf(ctx, "%s0%llo", num < 0 ? "-" : "",
					    (unsigned long long)(num < 0 ? -num : num)));
	for (size_t i = 0; i < 3 && num != 0; i++) {
		if (key->type == ST_DURATION && num % durs[i].n == 0)
			return must(talloc_asprintf(ctx, "%lld%s", num / durs[i].n, durs[i].unit));
		if (key->type == ST_SIZE && num % sizes[i].n == 0)
			return must(
				talloc_asprintf(ctx, "%lld%s", num / sizes[i].n, sizes[i].unit));
	}
	if (key->type == ST_DURATION)
		return must(talloc_asprintf(ctx, "%lldms", num));
	if (key->type == ST_SIZE)
		return must(talloc_asprintf(ctx, "%lldB", num));
	return must(talloc_asprintf(ctx, "%lld", num));
}

/* How a value looks in a message: its spelling, or "a string". */
static char *shown(TALLOC_CTX *ctx, const struct ast_value *v)
{
	if (v->kind == AV_STRING && ast_str_plain(&v->str))
		return must(talloc_asprintf(ctx, "\"%s\"", ast_str_plain(&v->str)));
	if (v->kind == AV_STRING)
		return must(talloc_strdup(ctx, "a string"));
	return must(talloc_asprintf(ctx, "'%s'", v->text ? v->text : "?"));
}

/* What KEY takes, for "'KEY' takes ...". */
static char *form(TALLOC_CTX *ctx, const struct schema_key *k)
{
	switch (k->type) {
	case ST_BLOCK: return must(talloc_strdup(ctx, "a block"));
	case ST_STRING: return must(talloc_strdup(ctx, "a string"));
	case ST_INT:
		return k->words ? must(talloc_asprintf(ctx, "an integer or %s", k->words))
				: must(talloc_strdup(ctx, "an integer"));
	case ST_OCTAL: return must(talloc_strdup(ctx, "an octal number such as 022"));
	case ST_DURATION: return must(talloc_strdup(ctx, "a duration such as '10s'"));
	case ST_SIZE: return must(talloc_strdup(ctx, "a size such as '50MB'"));
	case ST_BOOL: return must(talloc_strdup(ctx, "true or false"));
	case ST_SIGNAL: return must(talloc_strdup(ctx, "a signal name such as TERM, INT or HUP"));
	case ST_INTS: return must(talloc_strdup(ctx, "one or more integers"));
	case ST_NAMES: return must(talloc_strdup(ctx, "one or more service names"));
	case ST_EVENTS:
		return must(
			talloc_strdup(ctx, "one or more event type names such as PROCESS_STATE"));
	case ST_WORD: return must(talloc_strdup(ctx, "a name or a string"));
	case ST_IDENT: return must(talloc_strdup(ctx, "a name"));
	case ST_ENV: return must(talloc_strdup(ctx, "a name and a string: env NAME \"value\""));
	case ST_HOSTPORT:
		return must(talloc_strdup(ctx, "\"HOST:PORT\" such as \"127.0.0.1:9001\""));
	case ST_PORT: return must(talloc_strdup(ctx, "a port or \"HOST:PORT\""));
	case ST_DIGITS:
		return must(talloc_strdup(ctx, "a string of run levels 0 to 6 such as \"2345\""));
	case ST_ENUM:
	case ST_PROBE:
	case ST_LOGDEST:
	case ST_STRINGS: break;
	}
	char *w = must(talloc_strdup(ctx, k->words ? k->words : ""));
	char *out =
		must(talloc_strdup(ctx,
				   k->type == ST_ENUM || k->type == ST_PROBE ? "one of "
					   : k->type == ST_LOGDEST ? "a string path or one of "
								   : "one or more strings, or "));
	for (char *p = w; *p; p++)
		if (*p == ' ')
			*p = '|';
	for (char *tok = strtok(w, "|"), *next; tok; tok = next) {
		next = strtok(NULL, "|");
		out = must(talloc_asprintf_append(out, "%s%s", tok, next ? ", " : ""));
	}
	return out;
}

static void bad_kind(const struct schema_key *k, const struct ast_value *v, struct diags *d)
{
	TALLOC_CTX *tmp = must(talloc_new(NULL));

	diag_report(d, D_BAD_TYPE, v->loc, "'%s' takes %s, not %s", k->name, form(tmp, k),
		    shown(tmp, v));
	talloc_free(tmp);
}

/* MIN..MAX values (0 < MAX) or exactly one: reports a wrong count. */
static bool count_ok(const struct schema_key *k, const struct ast_stmt *st, size_t min, size_t max,
		     struct diags *d)
{
	TALLOC_CTX *tmp;

	if (st->nvalues >= min && st->nvalues <= max)
		return true;
	tmp = must(talloc_new(NULL));
	if (st->nvalues < min)
		diag_report(d, D_BAD_TYPE, st->key_loc, "'%s' needs %s", k->name, form(tmp, k));
	else
		diag_report(d, D_BAD_TYPE, st->values[max].loc, "'%s' takes %s; %zu values given",
			    k->name, form(tmp, k), st->nvalues);
	talloc_free(tmp);
	return false;
}

static bool range_ok(const struct schema_key *k, const struct ast_value *v, long long num,
		     struct diags *d)
{
	TALLOC_CTX *tmp;

	if (k->min == 0 && k->max == 0)
		return true;
	if (num >= k->min && num <= k->max)
		return true;
	tmp = must(talloc_new(NULL));
	diag_report(d, D_RANGE, v->loc, "'%s' must be between %s and %s, not %s", k->name,
		    values_format(tmp, k, k->min), values_format(tmp, k, k->max),
		    values_format(tmp, k, num));
	talloc_free(tmp);
	return false;
}

static bool check_enum(const struct schema_key *k, const struct ast_value *v, struct diags *d,
		       struct mvalue *mv);

/* The word an ST_INT takes besides a number (startretries infinite). */
static bool check_int_word(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			   struct mvalue *mv)
{
	if (!check_enum(k, v, d, mv))
		return false;
	mv->num = SCHEMA_INFINITE;
	return true;
}

static bool check_number(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			 struct mvalue *mv)
{
	bool kind_ok = false;

	if (k->type == ST_INT && k->words && v->kind == AV_IDENT)
		return check_int_word(k, v, d, mv);
	switch (k->type) {
	case ST_INT:
	case ST_INTS: kind_ok = v->kind == AV_INT; break;
	case ST_OCTAL:
		kind_ok = v->kind == AV_INT;
		if (kind_ok && !v->octal && v->num != 0) {
			diag_report(d, D_BAD_TYPE, v->loc,
				    "'%s' takes an octal number such as "
				    "022, not '%s': write it with a leading 0",
				    k->name, v->text);
			return false;
		}
		break;
	case ST_DURATION:
		kind_ok = v->kind == AV_DURATION || (v->kind == AV_INT && v->num == 0);
		break;
	case ST_SIZE: kind_ok = v->kind == AV_SIZE || v->kind == AV_INT; break;
	default: break;
	}
	if (!kind_ok) {
		bad_kind(k, v, d);
		return false;
	}
	if (!range_ok(k, v, v->num, d))
		return false;
	mv->num = v->num;
	return true;
}

/* Whole seconds are all supervisord can say for a duration with an INI name. */
static void check_inexact(const struct schema_key *k, const struct ast_value *v, struct diags *d)
{
	if (k->type != ST_DURATION || !k->ini || v->num % 1000 == 0)
		return;
	diag_report(d, D_INEXACT, v->loc,
		    "'%s' of %lldms is not a whole number of "
		    "seconds: supervisord's '%s' counts seconds, so its INI cannot say it "
		    "exactly",
		    k->name, v->num, k->ini);
}

/* RLIMIT_CPU counts seconds: the table holds the duration rounded up. */
static void check_seconds(const struct schema_key *k, const struct ast_value *v, struct diags *d)
{
	if (!(k->flags & SF_SECONDS) || v->num % 1000 == 0)
		return;
	diag_report(d, D_ROUNDED, v->loc,
		    "'%s' of %lldms is not a whole number of seconds: it counts seconds, so "
		    "it is rounded up to %llds",
		    k->name, v->num, (v->num + 999) / 1000);
}

static bool check_enum(const struct schema_key *k, const struct ast_value *v, struct diags *d,
		       struct mvalue *mv)
{
	TALLOC_CTX *tmp;
	const char *cands[16];
	size_t n = 0;
	int i = -1;

	if ((v->kind == AV_IDENT || v->kind == AV_BOOL) && v->text)
		i = schema_word(k, v->text);
	if (i >= 0) {
		mv->num = i;
		mv->word = v->text;
		return true;
	}
	tmp = must(talloc_new(NULL));
	char *w = must(talloc_strdup(tmp, k->words ? k->words : ""));
	for (char *tok = strtok(w, " "); tok && n < 16; tok = strtok(NULL, " "))
		cands[n++] = tok;
	const char *hint = v->kind == AV_STRING ? NULL : suggest_best(v->text, cands, n);
	diag_report(d, D_BAD_TYPE, v->loc, "'%s' takes %s, not %s%s%s%s", k->name, form(tmp, k),
		    shown(tmp, v), hint ? "; did you mean '" : "", hint ? hint : "",
		    hint ? "'?" : "");
	talloc_free(tmp);
	return false;
}

static bool check_signal(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			 struct mvalue *mv)
{
	const char *names[SIGNAME_MAX];
	size_t nnames = signame_list(names, SIGNAME_MAX);
	int num = v->kind == AV_IDENT ? signame_number(v->text, SIGNAME_STRICT) : -1;

	if (num >= 0) {
		mv->num = num;
		mv->word = signame_name(num);
		return true;
	}
	if (v->kind != AV_IDENT) {
		bad_kind(k, v, d);
		return false;
	}
	char *upper = must(talloc_strdup(NULL, v->text));
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	const char *bare = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;
	int known = signame_number(upper, SIGNAME_STRICT);
	const char *hint = known >= 0 ? signame_name(known) : suggest_best(bare, names, nnames);
	diag_report(d, D_BAD_TYPE, v->loc,
		    "'%s' is not a signal name (they are written "
		    "in capitals, such as TERM or SIGTERM)%s%s%s",
		    v->text, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
	talloc_free(upper);
	return false;
}

/* "HOST:PORT" with HOST empty, '*' or a name/address, PORT 1..65535. */
static bool check_hostport(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			   struct mvalue *mv)
{
	const char *s = ast_str_plain(&v->str);
	const char *colon;
	char *end;
	long port;

	if (!s)
		return true; /* interp_check reports it */
	colon = strrchr(s, ':');
	if (!colon || !colon[1] || colon[1 + strspn(colon + 1, "0123456789")]) {
		diag_report(d, D_BAD_TYPE, v->loc,
			    "'%s' takes \"HOST:PORT\" such as "
			    "\"127.0.0.1:9001\" or \"*:9001\", not \"%s\"",
			    k->name, s);
		return false;
	}
	port = strtol(colon + 1, &end, 10);
	if (port < 1 || port > 65535 || colon - s > 255) {
		diag_report(d, D_RANGE, v->loc,
			    "the port of '%s' must be between 1 and "
			    "65535, not %s",
			    k->name, colon + 1);
		return false;
	}
	mv->num = port;
	mv->word = s;
	return true;
}

static bool check_digits(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			 struct mvalue *mv)
{
	const char *s = v->kind == AV_STRING ? ast_str_plain(&v->str) : NULL;

	if (v->kind == AV_STRING && !s)
		return true;
	if (!s || !*s || s[strspn(s, "0123456")]) {
		bad_kind(k, v, d);
		return false;
	}
	mv->word = s;
	return true;
}

static bool check_word(const struct schema_key *k, const struct ast_value *v, struct diags *d,
		       struct mvalue *mv)
{
	const char *s = v->kind == AV_IDENT ? v->text : NULL;

	if (v->kind == AV_STRING && k->type == ST_WORD) {
		s = ast_str_plain(&v->str);
		if (!s)
			return true;
	}
	if (!s || !*s) {
		bad_kind(k, v, d);
		return false;
	}
	mv->word = s;
	return true;
}

static bool check_logdest(const struct schema_key *k, const struct ast_value *v, struct diags *d,
			  struct mvalue *mv)
{
	if (v->kind == AV_STRING) {
		if (v->str.nparts == 0) {
			diag_report(d, D_BAD_TYPE, v->loc,
				    "'%s' needs a path, not an empty string%s", k->name,
				    schema_word(k, "none") >= 0
					    ? "; write none to discard the output"
					    : "");
			return false;
		}
		mv->num = -1;
		mv->word = NULL;
		return true;
	}
	/* a word sends the output elsewhere: no default path stays behind */
	mv->str = (struct mstr){NULL, false};
	return check_enum(k, v, d, mv);
}

static bool check_env(const struct schema_key *k, const struct ast_stmt *st, struct diags *d)
{
	const struct ast_value *name = &st->values[0], *val = &st->values[1];
	bool ok = true;

	if (name->kind != AV_IDENT) {
		bad_kind(k, name, d);
		ok = false;
	} else if (!interp_env_name(name->text)) {
		diag_report(d, D_BAD_NAME, name->loc,
			    "'%s' is not a valid environment "
			    "variable name: use letters, digits and '_', not starting with a "
			    "digit",
			    name->text);
		ok = false;
	}
	if (val->kind != AV_STRING) {
		bad_kind(k, val, d);
		ok = false;
	}
	return ok;
}

/* supervisord's names only: a listener subscribed to a misspelt type would
 * wait for ever, and supervisord refuses to start with one. */
static bool check_event(const struct schema_key *k, const struct ast_value *v, struct diags *d)
{
	size_t n = 0;
	const char *hint;

	if (v->kind != AV_IDENT) {
		bad_kind(k, v, d);
		return false;
	}
	if (evtype_mask(v->text, strlen(v->text)))
		return true;
	while (evtype_names[n])
		n++;
	hint = suggest_best(v->text, evtype_names, n);
	diag_report(d, D_UNKNOWN_EVENT, v->loc, "'%s' is not an event type%s%s%s", v->text,
		    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
	return false;
}

static bool check_list_item(const struct schema_key *k, const struct ast_value *v, struct diags *d)
{
	if (k->type == ST_EVENTS)
		return check_event(k, v, d);

	bool ok = k->type == ST_NAMES ? v->kind == AV_IDENT
		: k->type == ST_INTS
		? v->kind == AV_INT
		: v->kind == AV_STRING || (v->kind == AV_IDENT && schema_word(k, v->text) >= 0);

	if (!ok)
		bad_kind(k, v, d);
	else if (k->type == ST_INTS)
		ok = range_ok(k, v, v->num, d);
	return ok;
}

static bool check_list(TALLOC_CTX *ctx, const struct schema_key *k, const struct ast_stmt *st,
		       struct diags *d, struct mvalue *mv)
{
	bool ok = count_ok(k, st, 1, (size_t)-1, d);

	for (size_t i = 0; i < st->nvalues; i++)
		ok = check_list_item(k, &st->values[i], d) && ok;
	if (!ok)
		return false;
	if ((k->flags & SF_REPEAT) && mv->nvals) {
		struct ast_value *all =
			must(talloc_array(ctx, struct ast_value, mv->nvals + st->nvalues));
		memcpy(all, mv->vals, mv->nvals * sizeof *all);
		memcpy(all + mv->nvals, st->values, st->nvalues * sizeof *all);
		mv->vals = all;
		mv->nvals += st->nvalues;
	} else {
		mv->vals = st->values;
		mv->nvals = st->nvalues;
	}
	if (k->type == ST_INTS)
		mv->num = st->values[0].num;
	return true;
}

static bool check_one(const struct schema_key *k, const struct ast_value *v, struct diags *d,
		      struct mvalue *mv)
{
	switch (k->type) {
	case ST_STRING:
		if (v->kind != AV_STRING)
			break;
		mv->word = ast_str_plain(&v->str);
		return true;
	case ST_INT:
	case ST_OCTAL:
	case ST_SIZE: return check_number(k, v, d, mv);
	case ST_DURATION:
		if (!check_number(k, v, d, mv))
			return false;
		check_inexact(k, v, d);
		check_seconds(k, v, d);
		return true;
	case ST_BOOL:
		if (v->kind != AV_BOOL)
			break;
		mv->num = v->num;
		return true;
	case ST_ENUM: return check_enum(k, v, d, mv);
	case ST_SIGNAL: return check_signal(k, v, d, mv);
	case ST_WORD:
	case ST_IDENT: return check_word(k, v, d, mv);
	case ST_LOGDEST: return check_logdest(k, v, d, mv);
	case ST_HOSTPORT:
		if (v->kind != AV_STRING)
			break;
		return check_hostport(k, v, d, mv);
	case ST_PORT:
		if (v->kind == AV_STRING)
			return check_hostport(k, v, d, mv);
		if (v->kind != AV_INT)
			break;
		mv->word = NULL;
		return check_number(
			&(struct schema_key){
				.name = k->name, .type = ST_INT, .min = k->min, .max = k->max},
			v, d, mv);
	case ST_DIGITS: return check_digits(k, v, d, mv);
	default: break;
	}
	bad_kind(k, v, d);
	return false;
}

/* ready KIND ["TARGET"]: a kind word, and the string it takes (only
 * syntax here: what the string must hold is checked once it is resolved
 * for each process, see validate.c). */
static bool check_probe(const struct schema_key *k, const struct ast_stmt *st, struct diags *d,
			struct mvalue *mv)
{
	TALLOC_CTX *tmp;
	const struct probekind *pk;
	const struct ast_value *target;

	if (st->nvalues == 0) {
		tmp = must(talloc_new(NULL));
		diag_report(d, D_BAD_TYPE, st->key_loc, "'%s' needs a kind: %s", k->name,
			    form(tmp, k));
		talloc_free(tmp);
		return false;
	}
	if (!check_enum(k, &st->values[0], d, mv))
		return false;
	pk = probekind_find(mv->word);
	target = st->nvalues > 1 ? &st->values[1] : NULL;
	if (!pk) /* a word of the schema that probekind.c does not know */
		return false;
	if (pk->target && !target) {
		diag_report(d, D_BAD_TYPE, st->values[0].loc, "'%s %s' needs a string: %s %s %s",
			    k->name, pk->word, k->name, pk->word, pk->target);
		return false;
	}
	if (!pk->target && target) {
		diag_report(d, D_BAD_TYPE, target->loc, "'%s %s' takes no string", k->name,
			    pk->word);
		return false;
	}
	if (st->nvalues > 2) {
		diag_report(d, D_BAD_TYPE, st->values[2].loc,
			    "'%s %s' takes one string; %zu values given", k->name, pk->word,
			    st->nvalues);
		return false;
	}
	if (target && target->kind != AV_STRING) {
		tmp = must(talloc_new(NULL));
		diag_report(d, D_BAD_TYPE, target->loc, "'%s %s' takes a string %s, not %s",
			    k->name, pk->word, pk->target, shown(tmp, target));
		talloc_free(tmp);
		return false;
	}
	return true;
}

bool values_check(TALLOC_CTX *ctx, const struct schema_key *key, const struct ast_stmt *st,
		  struct diags *d, struct mvalue *mv)
{
	switch (key->type) {
	case ST_INTS:
	case ST_NAMES:
	case ST_EVENTS:
	case ST_STRINGS: return check_list(ctx, key, st, d, mv);
	case ST_ENV: return count_ok(key, st, 2, 2, d) && check_env(key, st, d);
	case ST_BLOCK: return count_ok(key, st, 0, 0, d);
	case ST_PROBE: return check_probe(key, st, d, mv);
	default: return count_ok(key, st, 1, 1, d) && check_one(key, &st->values[0], d, mv);
	}
}

void values_default(TALLOC_CTX *ctx, const struct schema_key *key, struct mvalue *mv)
{
	*mv = (struct mvalue){.num = key->def_num, .word = key->def_str};
	switch (key->type) {
	case ST_ENUM: {
		const char *w = key->words;
		for (long long i = 0; w && i < key->def_num; i++)
			w = strchr(w, ' ') ? strchr(w, ' ') + 1 : "";
		mv->word = w ? must(talloc_strndup(ctx, w, strcspn(w, " "))) : NULL;
		break;
	}
	case ST_SIGNAL: mv->word = signame_name((int)key->def_num); break;
	case ST_STRING:
	case ST_LOGDEST:
		mv->str = (struct mstr){key->def_str, false};
		if (key->type != ST_LOGDEST)
			break;
		/* a default that is none of the words is a path (logfile's) */
		mv->num = key->def_str ? schema_word(key, key->def_str) : -1;
		if (mv->num < 0)
			mv->word = NULL;
		break;
	default: break;
	}
}
