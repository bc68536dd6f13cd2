/* A reader of supervisord's INI dialect (Python's configparser as
 * supervisord configures it): sections, comments, continuation lines,
 * case-insensitive option names, last-wins duplicates and [include]. */
#ifndef SVC_INI_H
#define SVC_INI_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>

/* One option. A later duplicate replaces the value and the place, but
 * keeps the position of the first, as configparser does. */
struct ini_value {
	char *key;        /* lower case */
	char *value;      /* continuation lines joined with '\n' */
	const char *path; /* the file it was read from, as named */
	const char *dir;  /* that file's absolute folder: %(here)s */
	unsigned line;    /* of "key = value" */
	bool used;        /* free for the reader's user: set once taken */
	bool inherited;   /* [DEFAULT]'s, given to a section that does not set it */
};

/* Sections of the same name, in any of the files, are merged. */
struct ini_section {
	char *name;       /* case kept: "program:web" */
	const char *path; /* where it first appeared */
	const char *dir;  /* that file's absolute folder */
	unsigned line;
	struct ini_value *vals;
	size_t nvals;
};

struct ini_problem {
	const char *path;
	unsigned line; /* 0: the file as a whole */
	bool error;    /* else a warning */
	char *msg;
};

struct ini {
	const char *dir;           /* absolute folder of the main file */
	struct ini_section **secs; /* in order of first appearance */
	size_t nsecs;
	const char **files; /* every file read, main file first */
	size_t nfiles;
	struct ini_problem *probs;
	size_t nprobs;
	unsigned nerrors;
};

struct ini *ini_new(TALLOC_CTX *ctx);

/* Parses TEXT, read from PATH whose absolute folder is DIR, into INI.
 * Bad lines are reported into INI and skipped, so all are found. */
void ini_parse(struct ini *ini, const char *path, const char *dir, const char *text, size_t len);

/* configparser's [DEFAULT]: its options are in every other section that
 * does not set them (as inherited copies, %(here)s the section's folder,
 * which is what supervisord's expand_here gives them). The readers below
 * apply it; supervisord's RawConfigParser does no %(name)s of them. */
void ini_defaults(struct ini *ini);

/* Reads PATH alone, as supervisorctl does (it follows no [include]).
 * Returns INI (nfiles is 0 when PATH could not be read). Running out of
 * memory anywhere in this reader ends the program (common/oom.h). */
struct ini *ini_read(TALLOC_CTX *ctx, const char *path);

/* Reads PATH as supervisord does: the file, then the files its [include]
 * section names (globs relative to PATH's folder, sorted, not recursive).
 * Returns INI (with problems in it). */
struct ini *ini_load(TALLOC_CTX *ctx, const char *path);

/* PATH made absolute and normalised without resolving links, as Python's
 * os.path.abspath, which supervisord uses for %(here)s. */
char *ini_abspath(TALLOC_CTX *ctx, const char *path);

/* What ini_expand may expand besides %(ENV_X)s (supervisord allows
 * different names in different places). */
enum { INI_HERE = 1, INI_HOST = 2 };

/* V's value with supervisord's %(ENV_X)s, and %(here)s (V's folder) and
 * %(host_node_name)s when ALLOW says, expanded; "%%" is one '%'. NULL
 * after a problem, named for WHAT, is reported into INI. */
char *ini_expand(TALLOC_CTX *ctx, struct ini *ini, const struct ini_value *v, const char *what,
		 unsigned allow);

/* The section NAME, or NULL. */
struct ini_section *ini_section(const struct ini *ini, const char *name);

/* The option KEY (lower case) of SEC, or NULL. */
struct ini_value *ini_get(const struct ini_section *sec, const char *key);

/* Adds a problem at PATH:LINE (printf-style message). */
void ini_report(struct ini *ini, const char *path, unsigned line, bool error, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Prints every problem as "path:line: error: message". */
void ini_print(const struct ini *ini, FILE *out);

#endif
