/* The grammar of .svc files: every statement is a key, values, and either
 * ';' or a block. Builds the tree of compiler/ast.h; error rules resynchronise
 * at ';' and '}' so that one run reports every independent mistake. */

%code requires {
#include "lexer.h"
}

%code {
#include <string.h>
#include "common/oom.h"

/* A location spans its first to its last symbol; an empty rule sits at the
 * end of what precedes it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)						\
	do {									\
		if (N)								\
			(Cur) = loc_join(YYRHSLOC(Rhs, 1), YYRHSLOC(Rhs, N));	\
		else {								\
			(Cur) = YYRHSLOC(Rhs, 0);				\
			(Cur).off += (Cur).len;					\
			(Cur).len = 0;						\
		}								\
	} while (0)

/* Values of a statement's head (the key first) as read. */
struct vlist {
	struct ast_value **v;
	size_t n;
};

struct slist {
	struct ast_stmt **v;
	size_t n;
};

int lexer_scan(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner);
static int yylex(YYSTYPE *lval, YYLTYPE *lloc, struct lex_state *st);
static void yyerror(YYLTYPE *loc, struct lex_state *st, const char *msg);
static struct vlist *vlist_new(struct lex_state *st, struct ast_value *v);
static void vlist_add(struct vlist *l, struct ast_value *v);
static struct slist *slist_new(struct lex_state *st);
static void slist_add(struct slist *l, struct ast_stmt *s);
static struct ast_stmt *stmt_new(struct lex_state *st, struct vlist *head,
				 YYLTYPE loc, struct slist *body, YYLTYPE block);
static void no_key(struct lex_state *st, YYLTYPE loc, const char *what);
static void no_close(struct lex_state *st, YYLTYPE eof, YYLTYPE open);
static void stray_close(struct lex_state *st, YYLTYPE loc);
static void file_done(struct lex_state *st, struct slist *l);
}

%define api.pure full
%define api.location.type {struct loc}
%locations
%define parse.error detailed
%expect 0
%parse-param {struct lex_state *st}
%lex-param {struct lex_state *st}

%initial-action {
	@$ = (struct loc){ st->file, 0, 0 };
}

%union {
	struct ast_value *val;
	struct vlist *vals;
	struct slist *stmts;
	struct ast_stmt *stmt;
}

%token END 0 "end of file"
%token <val> IDENT "identifier"
%token <val> STRING "string"
%token <val> INTEGER "integer"
%token <val> DURATION "duration"
%token <val> SIZE "size"
%token <val> BOOLEAN "boolean"

%type <val> value
%type <vals> head
%type <stmts> top stmts
%type <stmt> stmt

%%

file:
	top			{ file_done(st, $1); }
	;

top:
	%empty			{ $$ = slist_new(st); }
|	top stmt		{ $$ = $1; slist_add($$, $2); }
	/* Right after a reported error it is likely part of that one. */
|	top '}'			{ $$ = $1; if (!YYRECOVERING()) stray_close(st, @2); }
	;

stmts:
	%empty			{ $$ = slist_new(st); }
|	stmts stmt		{ $$ = $1; slist_add($$, $2); }
	;

stmt:
	head ';'		{ $$ = stmt_new(st, $1, @$, NULL, @$); }
|	head '{' stmts '}'	{ $$ = stmt_new(st, $1, @$, $3, loc_join(@2, @4)); }
|	head '{' stmts END	{ no_close(st, @4, @2);
				  $$ = stmt_new(st, $1, @$, $3, loc_join(@2, @4)); }
	/* A missing ';' before '}' or the end of the file. */
|	head error		{ $$ = stmt_new(st, $1, @1, NULL, @1); }
|	';'			{ no_key(st, @1, "';'"); $$ = NULL; }
|	'{' stmts '}'		{ no_key(st, @1, "'{'"); $$ = NULL; }
|	'{' stmts END		{ no_key(st, @1, "'{'"); no_close(st, @3, @1); $$ = NULL; }
	;

	/* A statement may start with any value so that a misplaced one is
	 * reported once, at the statement, rather than by recovery. */
head:
	value			{ yyerrok; $$ = vlist_new(st, $1); }
|	head value		{ $$ = $1; vlist_add($$, $2); }
	;

value:
	IDENT | STRING | INTEGER | DURATION | SIZE | BOOLEAN
	;

%%

static bool is_value_tok(int t)
{
	return t == IDENT || t == STRING || t == INTEGER || t == DURATION ||
	       t == SIZE || t == BOOLEAN;
}

/* End of file sits at the end of the last line, not on an empty line after
 * the final newline, so messages point at visible text. */
static YYLTYPE eof_loc(const struct lex_state *st)
{
	YYLTYPE l = { st->file, (uint32_t)st->file->size, 0 };

	if (l.off > 0 && st->file->text[l.off - 1] == '\n')
		l.off--;
	return l;
}

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, struct lex_state *st)
{
	int tok;

	if (st->semi_due) {
		st->semi_due = false;
		*lloc = (YYLTYPE){ st->file, st->semi_off, 0 };
		tok = ';';
	} else if (st->eof) {
		*lloc = eof_loc(st);
		tok = END;
	} else {
		tok = lexer_scan(lval, lloc, st->scanner);
		if (tok == END) {
			st->eof = true;
			*lloc = eof_loc(st);
		}
	}
	st->prev_tok = st->last_tok;
	st->last_tok = tok;
	return tok;
}

/* Bison lists what it expected only when that is short; the states where
 * it is not are few, and the token before the bad one tells them apart. */
static void yyerror(YYLTYPE *loc, struct lex_state *st, const char *msg)
{
	const char *more = "";

	if (!strstr(msg, ", expecting")) {
		if (is_value_tok(st->prev_tok))
			more = ", expecting ';' or '{'";
	}
	diag_report(st->d, D_SYNTAX, *loc, "%s%s", msg, more);
}

static const char *kind_name(enum ast_vkind k)
{
	static const char *const names[] = {
		[AV_IDENT] = "identifier", [AV_STRING] = "string",
		[AV_INT] = "integer", [AV_DURATION] = "duration",
		[AV_SIZE] = "size", [AV_BOOL] = "boolean",
	};
	return names[k];
}

static void no_key(struct lex_state *st, YYLTYPE loc, const char *what)
{
	diag_report(st->d, D_SYNTAX, loc,
		    "syntax error, unexpected %s, expecting identifier", what);
}

static void no_close(struct lex_state *st, YYLTYPE eof, YYLTYPE open)
{
	struct diag *dg = diag_report(st->d, D_SYNTAX, eof,
				      "expected '}' at end of file");

	diag_note(dg, open, "to match this '{'");
}

static void stray_close(struct lex_state *st, YYLTYPE loc)
{
	diag_report(st->d, D_SYNTAX, loc,
		    "syntax error, unexpected '}' with no block open");
}

static struct vlist *vlist_new(struct lex_state *st, struct ast_value *v)
{
	struct vlist *l = must(talloc_zero(st->tmp, struct vlist));

	vlist_add(l, v);
	return l;
}

static void vlist_add(struct vlist *l, struct ast_value *v)
{
	/* Doubling keeps a long list of values linear. */
	if ((l->n & (l->n - 1)) == 0)
		l->v = must(talloc_realloc(l, l->v, struct ast_value *,
				      l->n ? l->n * 2 : 1));
	l->v[l->n++] = v;
}

static struct slist *slist_new(struct lex_state *st)
{
	return must(talloc_zero(st->tmp, struct slist));
}

static void slist_add(struct slist *l, struct ast_stmt *s)
{
	if (!s)
		return;
	if ((l->n & (l->n - 1)) == 0)
		l->v = must(talloc_realloc(l, l->v, struct ast_stmt *,
				      l->n ? l->n * 2 : 1));
	l->v[l->n++] = s;
}

/* Moves the statements of L under PARENT as an exact-size array. */
static struct ast_stmt **slist_take(TALLOC_CTX *parent, struct slist *l)
{
	struct ast_stmt **v = must(talloc_array(parent, struct ast_stmt *, l->n));

	for (size_t i = 0; i < l->n; i++)
		v[i] = talloc_steal(v, l->v[i]);
	return v;
}

static struct ast_stmt *stmt_new(struct lex_state *st, struct vlist *head,
				 YYLTYPE loc, struct slist *body, YYLTYPE block)
{
	struct ast_value *key = head->v[0];
	struct ast_stmt *s;

	if (key->kind != AV_IDENT) {
		diag_report(st->d, D_SYNTAX, key->loc,
			    "syntax error, unexpected %s, expecting identifier",
			    kind_name(key->kind));
		return NULL;
	}
	s = must(talloc_zero(st->tmp, struct ast_stmt));
	s->key = talloc_steal(s, key->text);
	s->key_loc = key->loc;
	s->loc = loc;
	s->nvalues = head->n - 1;
	s->values = must(talloc_array(s, struct ast_value, s->nvalues));
	for (size_t i = 0; i < s->nvalues; i++) {
		struct ast_value *v = head->v[i + 1];

		s->values[i] = *v;
		talloc_steal(s->values, v->text);
		talloc_steal(s->values, v->str.parts);
		talloc_free(v);
	}
	if (body) {
		s->has_block = true;
		s->nbody = body->n;
		s->body = slist_take(s, body);
		s->block_loc = block;
		talloc_free(body);
	}
	/* The token values are copied: free them now, so that parsing a large
	 * file holds each token once, not twice. */
	talloc_free(key);
	talloc_free(head);
	return s;
}

static void file_done(struct lex_state *st, struct slist *l)
{
	st->ntop = l->n;
	st->top = slist_take(st->tmp, l);
}

int lexer_parse_file(TALLOC_CTX *ctx, const struct src_file *f,
		     struct diags *d, struct ast_stmt ***top, size_t *ntop)
{
	struct lex_state st = { .file = f, .d = d };
	int ret = 0;

	*top = NULL;
	*ntop = 0;
	st.tmp = talloc_new(ctx);
	if (!st.tmp || lexer_open(&st) < 0) {
		talloc_free(st.tmp);
		return -1;
	}
	if (yyparse(&st) != 0)
		ret = -1;
	lexer_close(&st);
	if (st.top) {
		*top = talloc_steal(ctx, st.top);
		*ntop = st.ntop;
	}
	talloc_free(st.tmp);
	return ret;
}
