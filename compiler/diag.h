/* Diagnostics: collected during a compilation, counted, printed at the end
 * as gcc-style text, JSON or SARIF 2.1.0. Nothing prints while compiling. */
#ifndef SVC_DIAG_H
#define SVC_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>
#include "src.h"

enum diag_code {
#define X(id, code, sev, title) id,
#include "diagcodes.def"
#undef X
	D__COUNT
};

enum diag_sev { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };
enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_SARIF };

struct diag_note {
	struct loc loc;
	char *msg;
};

struct diag {
	enum diag_code code;
	enum diag_sev sev;
	struct loc loc;
	char *msg;
	struct diag_note *notes; /* talloc array */
	size_t nnotes;
	unsigned seq; /* order of report: ties in sorting */
};

struct diags {
	struct diag **list; /* talloc array */
	size_t n;
	unsigned nerrors, nwarnings;
	unsigned nsystem;    /* of nerrors: svcc's own failures (an
					   output that cannot be written), not
					   the input's */
	unsigned max_errors; /* 0: no cap; default 50 */
	bool capped;         /* errors were dropped past max_errors */
};

#define DIAG_MAX_ERRORS 50

/* svcc's exit status when the input is fine but svcc could not finish:
 * an output could not be written, or memory ran out. */
#define DIAG_EXIT_SYSTEM 3

struct diags *diags_new(TALLOC_CTX *ctx);

/* Records a diagnostic of CODE (its severity comes from diagcodes.def).
 * Returns it so notes can be added, or NULL when the error cap dropped it. */
/* An output that cannot be written (SVC029 with no place in the input):
 * counted in nsystem too, for the exit status. */
void diag_system(struct diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct diag *diag_report(struct diags *d, enum diag_code code, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Adds "note: ..." under DG; a NULL DG is ignored (dropped by the cap). */
void diag_note(struct diag *dg, struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

const char *diag_code_name(enum diag_code code); /* "SVC012" */
const char *diag_code_title(enum diag_code code);
enum diag_sev diag_code_sev(enum diag_code code);

/* Prints every diagnostic sorted by file, then offset, then report order.
 * COLOR adds gcc's ANSI colours (text only). */
void diags_print(const struct diags *d, FILE *out, enum diag_format fmt, bool color);

#endif
