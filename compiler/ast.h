/* The syntax tree. The language is uniform: every statement is a key, some
 * values and an optional block, so one node type serves every block; the
 * schema (schema.def) gives statements their meaning in validate.c. */
#ifndef SVC_AST_H
#define SVC_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>
#include "src.h"

enum ast_vkind {
	AV_IDENT,    /* web, www-data, unexpected, TERM, auto, all */
	AV_STRING,   /* "..." with interpolations kept as parts */
	AV_INT,      /* 3, 0700 (octal when written with a leading 0) */
	AV_DURATION, /* 500ms, 10s, 5m, 1h: num is milliseconds */
	AV_SIZE,     /* 50MB: num is bytes (powers of 1024) */
	AV_BOOL,     /* true, false: num is 1 or 0 */
};

enum ast_part_kind {
	PART_TEXT,   /* literal text, escapes already applied */
	PART_INTERP, /* ${name}: text is "index", "env.HOME", ... as written */
};

struct ast_part {
	enum ast_part_kind kind;
	const char *text;
	struct loc loc; /* for PART_INTERP: the whole ${...} */
};

struct ast_str {
	struct ast_part *parts; /* talloc array; an empty string has none */
	size_t nparts;
};

struct ast_value {
	enum ast_vkind kind;
	struct loc loc;
	const char *text;   /* the source spelling */
	long long num;      /* AV_INT, AV_BOOL, AV_DURATION, AV_SIZE */
	bool octal;         /* AV_INT written with a leading 0 */
	bool bad;           /* the lexer reported it: later passes skip it */
	struct ast_str str; /* AV_STRING */
};

struct ast_stmt {
	const char *key;
	struct loc key_loc;
	struct loc loc;           /* key to the closing ';' or '}' */
	struct ast_value *values; /* talloc array */
	size_t nvalues;
	bool has_block;
	struct ast_stmt **body; /* talloc array of the block's statements */
	size_t nbody;
	struct loc block_loc; /* '{' to '}' */
};

/* A compilation's parsed input: the top-level statements of the main file
 * with every include replaced, in place, by the statements of the files it
 * matched (sorted). Include statements themselves are consumed. */
struct ast_unit {
	struct ast_stmt **top; /* talloc array */
	size_t ntop;
	struct src_file **files; /* every file read, main file first */
	size_t nfiles;
};

/* Text of a string with no interpolation, or NULL when it has any. */
const char *ast_str_plain(const struct ast_str *s);

#endif
