/* Helpers over the syntax tree built by the parser (grammar/svc.y). */
#include "ast.h"

const char *ast_str_plain(const struct ast_str *s)
{
	if (s->nparts == 0)
		return "";
	if (s->nparts == 1 && s->parts[0].kind == PART_TEXT)
		return s->parts[0].text;
	return NULL;
}
