#include "template.h"

#include <stdio.h>
#include <string.h>

void template_literal(struct buf *out, const char *text)
{
	for (const char *p = text; *p; p++)
		buf_add(out, *p == '$' ? "$$" : p, *p == '$' ? 2 : 1);
}

enum template_result template_expand(struct buf *out, const char *tpl, const char *host,
				     const char *(*lookup)(const char *name), char *name,
				     size_t namelen)
{
	const char *p = tpl, *d, *end;

	while ((d = strchr(p, '$')) != NULL) {
		buf_add(out, p, (size_t)(d - p));
		if (d[1] == '$') {
			buf_addc(out, '$');
			p = d + 2;
		} else if (strncmp(d, "${host}", 7) == 0) {
			buf_str(out, host);
			p = d + 7;
		} else if (strncmp(d, "${env.", 6) == 0 && (end = strchr(d, '}')) != NULL) {
			const char *val;

			snprintf(name, namelen, "%.*s", (int)(end - d - 6), d + 6);
			val = lookup(name);
			if (!val)
				return TEMPLATE_UNSET;
			buf_str(out, val);
			p = end + 1;
		} else {
			return TEMPLATE_BAD;
		}
	}
	buf_str(out, p);
	return TEMPLATE_OK;
}
