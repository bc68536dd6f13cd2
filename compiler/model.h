/* The validated model: what validate.c builds from the syntax tree and every
 * back end (table writer, INI, init script, nginx emitters) reads. Blocks
 * hold one resolved value per schema key (defaults applied); services are
 * expanded to processes whose per-process strings are resolved. */
#ifndef SVC_MODEL_H
#define SVC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>
#include "ast.h"
#include "schema.h"

/* A string after compile-time interpolation. When dynamic, text is a
 * template still holding ${host} and ${env.NAME} for the supervisor to
 * resolve when it loads its configuration, and a literal '$' is written
 * "$$"; otherwise text is the final string. */
struct mstr {
	const char *text; /* NULL: not set */
	bool dynamic;
};

/* One key's setting in one block, defaults applied. */
struct mvalue {
	const struct ast_stmt *stmt;  /* where it was set; NULL: built-in default */
	bool from_defaults;           /* inherited from the defaults block */
	long long num;                /* ints, octal, bool, enum index, signal number,
					   duration in ms, size in bytes, port */
	const char *word;             /* ST_WORD, ST_IDENT, ST_LOGDEST words, ST_HOSTPORT,
					   ST_DIGITS, and ST_STRING when plain */
	struct mstr str;              /* ST_STRING, ST_LOGDEST path: resolved for the
					   block (per-process keys: see struct mproc) */
	const struct ast_value *vals; /* ST_INTS, ST_NAMES, ST_STRINGS: the list */
	size_t nvals;
	const struct ast_stmt **reps; /* SF_REPEAT keys: every statement, in order */
	size_t nreps;
	struct mblock *sub; /* the optional or required sub-block */
};

struct mblock {
	enum schema_block kind;
	const struct ast_stmt *stmt; /* NULL when the block is absent (all defaults) */
	enum schema_key_id first;    /* v[i] is key first + i */
	struct mvalue *v;            /* talloc array of schema_count(kind) */
};

/* The value of KEY in B (KEY must belong to B's kind). */
#define MV(b, key) (&(b)->v[(key) - (b)->first])

enum mlog_kind { MLOG_AUTO, MLOG_NONE, MLOG_PATH, MLOG_MERGE, MLOG_SYSLOG };

struct mlog {
	enum mlog_kind kind; /* MLOG_MERGE only for stderr; MLOG_SYSLOG: each line
				to syslog, no file */
	struct mstr path;    /* MLOG_PATH */
	long long maxbytes;
	long long backups;
	bool events;       /* PROCESS_LOG events of this stream */
	long long capture; /* capture maxbytes, 0 off */
};

/* The kinds of probe, in the table's order (common/table.h). */
enum mprobe_kind {
	MPROBE_NONE,
	MPROBE_NOTIFY,
	MPROBE_SDNOTIFY,
	MPROBE_TCP,
	MPROBE_HTTP,
	MPROBE_EXEC,
	MPROBE_LOG,
};

/* One process's ready or health probe, its strings resolved for it.
 * Numbers the kind does not use are 0, as the table holds them. */
struct mprobe {
	enum mprobe_kind kind; /* MPROBE_NONE: not set */
	struct mstr target;    /* TCP, HTTP, LOG */
	struct mstr *argv;     /* EXEC: the command split into words */
	size_t argc;
	long long fd;                              /* ready notify */
	long long timeout, every, watchdog, grace; /* milliseconds */
	long long failures;                        /* health */
};

struct menv {
	const char *name;
	struct mstr value;
};

struct mgroup;

struct mservice {
	const char *name;
	struct mblock *b;        /* SB_SERVICE values, defaults applied */
	struct mgroup *group;    /* NULL when in no group */
	struct mservice **after; /* talloc array, in the order written */
	size_t nafter;
	struct mproc **procs; /* talloc array: its instances in index order */
	size_t nprocs;
	unsigned order;  /* position in model.services */
	bool listener;   /* listener NAME { }: an event listener, its own pool */
	uint32_t events; /* a listener's mask of enum evtype */
};

struct mproc {
	const char *name; /* final process name */
	struct mservice *svc;
	long long index;   /* ${index} */
	struct mstr *argv; /* talloc array: the command split into words */
	size_t argc;
	struct menv *env; /* talloc array, in the order written */
	size_t nenv;
	struct mstr directory;
	struct mlog out, err;
	struct mprobe ready, health;
	struct mstr *envfiles; /* talloc array: the supervisor's envfiles, then the
				  service's (defaults' first), in the order written */
	size_t nenvfiles;
	unsigned order; /* position in model.procs */
};

struct mgroup {
	const char *name;
	struct mblock *b;           /* SB_GROUP values */
	struct mservice **services; /* talloc array, in the order written */
	size_t nservices;
};

struct model {
	struct mblock *supervisor;  /* always set; all defaults when absent */
	struct mblock *nginx;       /* NULL when absent */
	struct mblock *initscript;  /* NULL when absent */
	struct mservice **services; /* talloc array, in source order */
	size_t nservices;
	struct mgroup **groups;
	size_t ngroups;
	struct menv *env; /* supervisor { env }: every process's, resolved
			     against svcd's environment */
	size_t nenv;
	struct mstr *envfiles; /* supervisor { envfile }: every process's first */
	size_t nenvfiles;
	struct mproc **procs; /* every process: services in order, then index */
	size_t nprocs;
	const struct ast_unit *unit;
};

#endif
