#include "httphead.h"

#include <string.h>
#include <strings.h>

static bool httphead_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		|| (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool httphead_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool httphead_split(const char *line, size_t len, struct httphead *h)
{
	size_t i = 0, end = len;

	while (i < len && httphead_tchar(line[i]))
		i++;
	if (i == 0 || i >= len || line[i] != ':')
		return false;
	h->name = line;
	h->namelen = i++;
	while (i < end && httphead_blank(line[i]))
		i++;
	while (end > i && httphead_blank(line[end - 1]))
		end--;
	h->value = line + i;
	h->valuelen = end - i;
	return true;
}

bool httphead_is(const struct httphead *h, const char *name)
{
	return strlen(name) == h->namelen && strncasecmp(h->name, name, h->namelen) == 0;
}
