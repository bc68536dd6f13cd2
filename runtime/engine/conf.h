/* svcd's configuration in memory: built from a validated table when svcd
 * starts and on each reload, with ${host} and ${env.NAME} resolved, every
 * child's argv and environment prepared, and everything sized up front. */
#ifndef SVC_CONF_H
#define SVC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <regex.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <talloc.h>
#include "common/table.h"

enum conf_restart { CONF_RESTART_FALSE, CONF_RESTART_TRUE, CONF_RESTART_UNEXPECTED };

/* Where one output stream goes. */
struct conf_log {
	const char *path; /* NULL: discarded (none, or merged) */
	bool merge;       /* stderr only: into the stdout pipe */
	long long maxbytes;
	int backups;
	bool syslog;       /* each line to syslog instead of a file */
	bool events;       /* PROCESS_LOG_* events */
	long long capture; /* PROCESS_COMMUNICATION capture maxbytes; 0 off */
};

/* A ready or health probe (language.md §5), resolved when the table is
 * loaded: the address looked up, the HTTP request written, the regex
 * compiled. Durations in ms; numbers a kind does not use are 0. */
struct conf_probe {
	enum table_probe_kind kind; /* TABLE_PROBE_NONE: not configured */
	const char *target;         /* TCP, HTTP, LOG: as written, resolved */
	char **argv;                /* EXEC: NULL-terminated */
	struct sockaddr_storage addr;
	socklen_t addrlen;    /* TCP, HTTP: 0 when the host can't be found */
	const char *addr_err; /* then why, for the probe's failures */
	const char *request;  /* HTTP: the whole GET request */
	size_t request_len;
	regex_t *re; /* LOG */
	int fd;      /* NOTIFY */
	int64_t timeout, every, watchdog, grace;
	unsigned failures;
};

struct conf_proc {
	const char *name;
	const char *group;     /* its group's name, or its service's */
	char **argv;           /* NULL-terminated, argv[0] as written */
	char **envp;           /* NULL-terminated: the complete environment */
	const char *path_env;  /* PATH to search argv[0] in (never NULL) */
	const char *directory; /* NULL: svcd's */
	const char *user;      /* NULL: svcd's */
	uid_t uid;
	gid_t gid;
	bool user_known; /* false: no such user (a spawn error) */
	int umask;       /* -1: inherit */
	int priority, group_priority;
	bool autostart, stopasgroup, killasgroup;
	enum conf_restart autorestart;
	unsigned char exitcodes[32];
	int64_t startsecs; /* ms */
	int64_t stopwait;  /* ms */
	unsigned startretries;
	int stopsignal;
	struct conf_log out, err;
	size_t *deps; /* indices into conf.procs */
	size_t ndeps;
	bool listener;   /* an event listener of the pool named `group` */
	uint32_t events; /* its mask of enum evtype (common/evtype.h) */
	unsigned buffer; /* its pool's buffer of events */
	bool essential;  /* svcd exits when it is lost for good */
	struct conf_probe ready, health;
	bool killtree;   /* what is left of its tree is killed when it exits */
	uint32_t limits; /* TABLE_LIM_* and (1 << enum table_rlimit) set */
	uint64_t rlimit[TABLE_NRLIMITS];
	int nice, oom_score_adj;
	uint64_t memory, maxrss; /* bytes; 0 none */
	int64_t maxrss_every;    /* ms */
	enum table_backoff backoff;
	int64_t backoff_initial, backoff_max; /* ms, exponential */
	int reloadsignal;                     /* 0: none */
	unsigned roll_batch;                  /* 0: no rolling */
	int64_t roll_pause;                   /* ms */
};

struct conf {
	const char *path; /* the table file */
	const char *logfile, *pidfile, *childlogdir;
	bool log_syslog;                     /* svcd's log to syslog (logfile is NULL) */
	const char *socket, *listen;         /* NULL when not set */
	const char *sock_owner, *sock_group; /* NULL: leave as created */
	int sock_mode;                       /* permissions of the socket file */
	const char *username, *password;     /* NULL: no auth; the password
						   is "{SHA}" + 40 hex digits */
	long long log_maxbytes;
	int log_backups;
	int loglevel; /* enum mainlog_level */
	unsigned minfds;
	int umask;
	struct conf_proc *procs; /* in table order */
	size_t nprocs;
	bool sdnotify; /* some process is ready through NOTIFY_SOCKET */
	size_t *order; /* start order: (group priority, priority,
				   group, name); stops go the other way, one
				   (group priority, priority) layer at a time */
};

/* Why a table was refused: TABLE_IO (it cannot be read, or memory ran
 * out), TABLE_CORRUPT,
 * TABLE_NEWER, TABLE_OLDER (common/table.h); TABLE_CORRUPT too for a valid
 * table this host cannot run (an ${env.NAME} that is not set). */
struct conf_error {
	int status;
	char text[1024];
};

/* Loads the table at PATH into a new conf under MEMCTX. On failure returns
 * NULL, with why in E. */
struct conf *conf_load(TALLOC_CTX *memctx, const char *path, struct conf_error *e);

/* "name", or "group:name" when they differ. */
void conf_namespec(const struct conf_proc *p, char *buf, size_t len);
/* The value of NAME in the NULL-terminated environment ENV, or NULL. */
const char *conf_getenv(char **env, const char *name);
/* True when some process of C is in GROUP. */
bool conf_has_group(const struct conf *c, const char *group);

/* Index of the process named NAME in C, or -1. */
ssize_t conf_find(const struct conf *c, const char *name);

/* True when A and B (of confs CA and CB) would run the same way: every
 * setting, dependencies compared by name. */
bool conf_proc_equal(const struct conf *ca, const struct conf_proc *a, const struct conf *cb,
		     const struct conf_proc *b);

bool conf_exit_expected(const struct conf_proc *p, int code);

#endif
