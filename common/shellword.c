/* Plain words stay plain; words with blanks only are single-quoted; words
 * with a quote, a backslash, ';' or '#' get each such character and each
 * blank escaped with a backslash. */
#include "shellword.h"

#include <ctype.h>
#include <string.h>

static bool shellword_hard(char c)
{
	return strchr("'\"\\;#", c) != NULL;
}

void shellword_quote(struct buf *b, const char *word)
{
	bool blank = false, hard = false;

	if (!*word) {
		buf_str(b, "''");
		return;
	}
	for (const char *p = word; *p; p++) {
		blank |= isspace((unsigned char)*p) != 0;
		hard |= shellword_hard(*p);
	}
	if (!blank && !hard) {
		buf_str(b, word);
	} else if (!hard) {
		buf_printf(b, "'%s'", word);
	} else {
		for (const char *p = word; *p; p++) {
			if (isspace((unsigned char)*p) || shellword_hard(*p))
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
	}
}
