/* One HTTP header line, read the same way by svcd's server and by svcctl:
 * NAME ":" VALUE, NAME a token (no space before the colon, no folding),
 * VALUE without the blanks around it. */
#ifndef SVC_HTTPHEAD_H
#define SVC_HTTPHEAD_H

#include <stdbool.h>
#include <stddef.h>

struct httphead {
	const char *name;
	size_t namelen;
	const char *value;
	size_t valuelen;
};

/* Splits the LEN bytes of LINE (no line end) into H. False when the line
 * is not a header line. */
bool httphead_split(const char *line, size_t len, struct httphead *h);

/* True when H's name is NAME, in any case. */
bool httphead_is(const struct httphead *h, const char *name);

#endif
