/* The schema of the language: blocks, keys, value types, ranges, defaults,
 * supervisord names and descriptions, generated from schema.def. */
#ifndef SVC_SCHEMA_H
#define SVC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#define SVC_MAX_SIZE  (1LL << 40) /* 1 TB: larger log sizes are typos */
#define SVC_MAX_LIMIT (1LL << 50) /* 1 PB: rlimits, memory.max, maxrss */

/* The number of the word "infinite" of an ST_INT that takes it
 * (startretries); its word is then "infinite" too. */
#define SCHEMA_INFINITE (-1LL)

/* supervisord's boolean beside STREAM_logfile that sends STREAM to syslog
 * (stdout_syslog, stderr_syslog): how the word syslog is written there. */
#define SCHEMA_INI_SYSLOG "_syslog"

enum schema_block {
	SB_NONE = -1,
	SB_TOP,
	SB_SUPERVISOR,
	SB_SERVICE,
	SB_GROUP,
	SB_NGINX,
	SB_INITSCRIPT,
	SB_SOCKET,
	SB_AUTH,
	SB_LOG,
	SB_READY,   /* the block after ready KIND */
	SB_HEALTH,  /* the block after health KIND */
	SB_LIMITS,  /* limits { } */
	SB_MAXRSS,  /* the block after maxrss SIZE */
	SB_BACKOFF, /* the block after backoff exponential */
	SB_ROLLING, /* rolling { } */
	SB__COUNT
};

enum schema_type {
	ST_BLOCK,    /* a block only: service NAME { }, auth { } */
	ST_STRING,   /* one string */
	ST_INT,      /* one integer in [min, max], or one of words */
	ST_OCTAL,    /* one integer, conventionally written in octal */
	ST_DURATION, /* one duration (milliseconds), or 0 */
	ST_SIZE,     /* one size (bytes), or a plain integer */
	ST_BOOL,     /* true or false */
	ST_ENUM,     /* one of words; the value is its index */
	ST_SIGNAL,   /* a signal name with or without SIG */
	ST_INTS,     /* one or more integers in [min, max] */
	ST_NAMES,    /* one or more identifiers naming services */
	ST_WORD,     /* an identifier or a string: a user or group */
	ST_IDENT,    /* one identifier */
	ST_LOGDEST,  /* a string path, or one of words */
	ST_ENV,      /* an identifier and a string */
	ST_HOSTPORT, /* a string "HOST:PORT" */
	ST_PORT,     /* an integer port in [min, max], or a string "HOST:PORT" */
	ST_STRINGS,  /* one or more strings, or one of words */
	ST_DIGITS,   /* a string of decimal digits */
	ST_EVENTS,   /* one or more event type names (common/evtype.h) */
	ST_PROBE,    /* one of words (the probe's kind), then its string when the
			kind takes one (compiler/probe.h) */
};

enum schema_flag {
	SF_REPEAT = 1 << 0,    /* may be given several times */
	SF_REQUIRED = 1 << 1,  /* must be given */
	SF_NAMED = 1 << 2,     /* a block statement that takes a name */
	SF_BLOCK = 1 << 3,     /* must have a { } block */
	SF_BLOCK_OPT = 1 << 4, /* may have a { } block after its value */
	SF_RUNTIME = 1 << 5,   /* may hold ${host} and ${env.NAME} */
	SF_PERPROC = 1 << 6,   /* resolved per process: may hold ${index} */
	SF_LISTENER = 1 << 7,  /* a service key only a listener takes */
	SF_SECONDS = 1 << 8,   /* a duration used in whole seconds (rounded up) */
};

enum schema_key_id {
#define X(id, ...) id,
#include "schema.def"
#undef X
	SK__COUNT
};

struct schema_key {
	enum schema_key_id id;
	enum schema_block block;
	const char *name;
	enum schema_type type;
	const char *words;
	long long min, max;
	long long def_num;
	const char *def_str;
	unsigned flags;
	enum schema_block sub;
	const char *ini;
	const char *doc;
};

extern const struct schema_key schema_keys[SK__COUNT];

/* The key NAME of BLOCK, or NULL. */
const struct schema_key *schema_find(enum schema_block block, const char *name);

/* Keys of BLOCK are schema_keys[first .. first + count - 1]. */
enum schema_key_id schema_first(enum schema_block block);
size_t schema_count(enum schema_block block);

/* Index of WORD in the space-separated KEY->words, or -1. */
int schema_word(const struct schema_key *key, const char *word);

/* The closest key name of BLOCK to NAME by edit distance, or NULL when none
 * is close enough to suggest. */
const char *schema_suggest(enum schema_block block, const char *name);

/* "supervisor", "service", ... as used in messages. */
const char *schema_block_name(enum schema_block block);

#endif
