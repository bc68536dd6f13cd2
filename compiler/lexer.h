/* Internal to the front end: the state the flex scanner (grammar/svc.l) and
 * the bison parser (grammar/svc.y) share, and the call parse.c makes. */
#ifndef SVC_LEXER_H
#define SVC_LEXER_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include "ast.h"
#include "diag.h"
#include "src.h"

typedef void *yyscan_t;

struct lex_state {
	yyscan_t scanner;
	TALLOC_CTX *tmp; /* token values and lists being built */
	const struct src_file *file;
	struct diags *d;
	uint32_t off;  /* offset of the next byte to scan */
	bool eof;      /* end of file seen: keep returning it */
	bool semi_due; /* a broken string ended a line: give ';' */
	uint32_t semi_off;
	int prev_tok, last_tok; /* for readable syntax errors */

	/* The string being scanned. */
	struct ast_value *str;
	char *piece; /* pending literal text, escapes applied */
	uint32_t str_off, piece_off;
	unsigned str_errors; /* error count when the string began */

	/* The result: the file's top-level statements, in order. */
	struct ast_stmt **top;
	size_t ntop;
};

/* Parses the text of F into its top-level statements (allocated under CTX,
 * in file order, includes not expanded). Errors go to D; a file with errors
 * still gives every statement that could be read. Returns -1 only when out
 * of memory. */
int lexer_parse_file(TALLOC_CTX *ctx, const struct src_file *f, struct diags *d,
		     struct ast_stmt ***top, size_t *ntop);

/* The scanner over ST->file (grammar/svc.l). */
int lexer_open(struct lex_state *st);
void lexer_close(struct lex_state *st);

#endif
