/* Parsing: runs the flex/bison front end over a file and the files it
 * includes, and returns the unit with includes expanded in place. */
#ifndef SVC_PARSE_H
#define SVC_PARSE_H

#include <talloc.h>
#include "ast.h"
#include "diag.h"

/* Parses PATH and, recursively, what it includes. Errors go to D. Returns
 * NULL only when PATH itself cannot be read (reported as D_IO). */
struct ast_unit *parse_unit(TALLOC_CTX *ctx, const char *path, struct diags *d);

/* Same for text in memory named NAME; includes resolve against DIR. */
struct ast_unit *parse_text(TALLOC_CTX *ctx, const char *name, const char *dir, const char *text,
			    struct diags *d);

#endif
