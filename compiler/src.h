/* Source files of one compilation: their text, their folder, and the map
 * from byte offsets to line:column used only when a message is printed. */
#ifndef SVC_SRC_H
#define SVC_SRC_H

#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

struct src_file;

/* A span of source text. Offsets are bytes from the start of the file. */
struct loc {
	const struct src_file *file; /* NULL: no place (built-in default) */
	uint32_t off;
	uint32_t len;
};

struct src_file {
	const char *path; /* as the user or the include named it: shown in messages */
	const char *real; /* canonical path: identifies the file for include cycles */
	const char *dir;  /* absolute folder holding the file: includes and ${here} */
	const char *text; /* NUL-terminated */
	size_t size;
	uint32_t *lines; /* offset where each line begins */
	size_t nlines;
	unsigned index; /* order in which the file was opened (0 = main file) */
};

/* Reads PATH; on failure returns NULL and sets *err to errno. */
struct src_file *src_open(TALLOC_CTX *ctx, const char *path, int *err);

/* A file made from memory (tests, stdin); DIR is the folder for ${here}. */
struct src_file *src_from_text(TALLOC_CTX *ctx, const char *name, const char *dir, const char *text,
			       size_t len);

/* 1-based line and byte column of OFF. */
void src_position(const struct src_file *f, uint32_t off, unsigned *line, unsigned *col);

/* Text of 1-based LINE without its newline. */
const char *src_line(const struct src_file *f, unsigned line, size_t *len);

/* The span from the start of A to the end of B (same file). */
struct loc loc_join(struct loc a, struct loc b);

#endif
