/* The kinds of ready and health probes (their words are the schema's, in
 * schema.def) and the checks of their targets: a "HOST:PORT", an http://
 * URL, a POSIX extended regular expression. */
#ifndef SVC_PROBEKIND_H
#define SVC_PROBEKIND_H

#include <stdbool.h>
#include <talloc.h>
#include "model.h"

struct probekind {
	const char *word;      /* as written after ready or health */
	enum mprobe_kind kind; /* in the model (and the table) */
	const char *target;    /* the string it takes, "\"HOST:PORT\""; NULL: none */
};

/* The kind named WORD, or NULL. */
const struct probekind *probekind_find(const char *word);

/* Why S, a resolved target of KIND (TCP, HTTP or LOG), is refused, or
 * NULL when it is fine. A dynamic S (${host}, ${env.NAME}) is checked
 * where its parts are known: a part that depends on the supervisor's
 * values passes (svcd checks it once resolved). The reason is under CTX
 * and follows the target in a message ("\"x\" has no port"); for LOG it
 * holds regerror's text. */
char *probekind_check(TALLOC_CTX *ctx, enum mprobe_kind kind, struct mstr s);

#endif
