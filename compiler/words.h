/* Splitting a command into argv like a POSIX shell word list: blanks
 * separate words, '...' and "..." quote, a backslash escapes; nothing is
 * expanded. Interpolated values arrive as opaque segments and never split. */
#ifndef SVC_WORDS_H
#define SVC_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>
#include "model.h"

enum words_seg_kind {
	WS_TEXT,    /* shell text: quotes, backslashes and blanks act */
	WS_LITERAL, /* a value resolved at compile time: copied as is */
	WS_DYNAMIC, /* a ${host} or ${env.NAME} template: copied as is and
			   makes its word a dynamic template */
};

struct words_seg {
	enum words_seg_kind kind;
	const char *text;
};

/* Splits SEGS into *ARGV (a talloc array under CTX of *ARGC words). A word
 * holding a dynamic segment is a template in which a literal '$' is "$$".
 * Returns false on an unterminated quote, with *BAD_SEG and *BAD_OFF
 * giving the segment and byte offset of the opening quote. */
bool words_split(TALLOC_CTX *ctx, const struct words_seg *segs, size_t nsegs, struct mstr **argv,
		 size_t *argc, size_t *bad_seg, size_t *bad_off);

/* Same for one plain text. */
bool words_split_text(TALLOC_CTX *ctx, const char *text, struct mstr **argv, size_t *argc,
		      size_t *bad_off);

#endif
