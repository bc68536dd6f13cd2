/* A back-reference is a backslash and a digit 1-9; an escaped backslash
 * before a digit is a literal backslash and a digit. */
#include "ere.h"

char ere_backref(const char *re)
{
	for (const char *c = re; *c; c++) {
		if (c[0] == '\\' && c[1] >= '1' && c[1] <= '9')
			return c[1];
		if (c[0] == '\\' && c[1])
			c++;
	}
	return 0;
}
