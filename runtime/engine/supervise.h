/* The supervision engine: the set of processes, start order with `after`
 * dependencies, the ordered stop at shutdown, reloads applied as a
 * difference, and every change a client may ask for. It is the one writer
 * of every struct proc: the control server reads processes and asks here.
 * Every change of state is published on the event stream (events.h). The
 * event loop calls sup_pass after every wake-up. */
#ifndef SVC_SUPERVISE_H
#define SVC_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <talloc.h>
#include "conf.h"
#include "events.h"
#include "listener.h"
#include "loop.h"
#include "notify.h"
#include "proc.h"

struct sup {
	TALLOC_CTX *mem; /* the processes; made again by a restart */
	TALLOC_CTX *parent;
	struct loop *loop;
	struct ev_ring *events;
	const char *table; /* the table file, read again by reloads */
	struct conf *conf;
	struct proc **procs;   /* parallel to conf->procs */
	bool *scratch;         /* one flag per process, for passes */
	struct proc **retired; /* removed or changed, still being stopped */
	size_t nretired;
	TALLOC_CTX *graveyard; /* old confs the retired still point into */
	struct conf *pending;  /* read by sup_reread, not applied yet */
	uint64_t next_id;      /* for struct proc's id */
	uint64_t generation;   /* changes whenever a process may be freed; never 0 */
	bool shutdown;
	bool restart;             /* start again once the shutdown is done */
	struct lsn_set lsn;       /* the event listener pools */
	struct notify_sock nsock; /* NOTIFY_SOCKET of ready sdnotify; opened
				     when a table first has one */
	int64_t notify_logged;    /* when a foreign message was last logged */
	unsigned notify_ignored;  /* foreign messages since */
	bool state_dirty;         /* the stopped-by-user file is to be written */
	int exit_status;          /* an essential process's, once it is lost
				     for good; -1 before */
};

/* What became of a request; the control server words it for its client. */
enum sup_outcome {
	SUP_OK,
	SUP_BAD_NAME,       /* no such group */
	SUP_NO_FILE,        /* the command is not there (text in ERR) */
	SUP_NOT_EXECUTABLE, /* the command can't be run (text in ERR) */
	SUP_ALREADY_STARTED,
	SUP_NOT_RUNNING,
	SUP_SPAWN_ERROR, /* the spawn failed at once */
	SUP_FAILED,      /* text in ERR */
	SUP_ALREADY_ADDED,
	SUP_STILL_RUNNING,
	SUP_SHUTTING_DOWN,
	SUP_CANT_REREAD /* the table can't be loaded (text in ERR) */
};

/* Takes CONF (stolen) and queues every autostart process. TABLE is the
 * file reloads read; EVENTS receives every change. */
void sup_init(struct sup *s, TALLOC_CTX *mem, struct loop *l, struct ev_ring *events,
	      const char *table, struct conf *conf);

/* The process-wide settings of C, which reloads apply too: umask and the
 * open-file limit; the main log (returns 0, or -1 with errno). */
void sup_limits(const struct conf *c);
int sup_mainlog(const struct conf *c);

/* A child was reaped. Unknown pids (orphans) are logged. */
void sup_reaped(struct sup *s, pid_t pid, int status, int64_t now);

/* Runs due timers, starts what may start, advances an ordered stop.
 * Returns the nearest deadline, or -1 when nothing is due. */
int64_t sup_pass(struct sup *s, int64_t now);

/* Writes what changed of the stopped-by-user file: once, after the
 * requests of a pass (a stop of all is one write). */
void sup_flush(struct sup *s);

/* Begins the ordered stop of everything (SIGTERM, SIGINT, a client). */
void sup_shutdown(struct sup *s);
/* A client's restart: the ordered stop, then sup_restart. */
void sup_request_restart(struct sup *s);
/* True once every autostart process has been RUNNING once, is FATAL (or
 * in BACKOFF with startretries infinite) or waits for a FATAL dependency:
 * svcd's own readiness. */
bool sup_started(const struct sup *s);
/* True once a shutdown has finished: no child left. */
bool sup_done(const struct sup *s);
/* After a requested restart's stop: the table loaded again (the old one
 * kept when it can't be) and every process started afresh. */
void sup_restart(struct sup *s);

/* SIGHUP: loads the table again and applies it (sup_reload); a table that
 * can't be loaded is logged and the running configuration kept. */
void sup_reload_table(struct sup *s, int64_t now);
/* Applies NEWCONF (stolen): added processes start when autostart, removed
 * ones stop, changed ones stop and start again, unchanged ones keep
 * running untouched. */
void sup_reload(struct sup *s, struct conf *newconf, int64_t now);

/* sendRemoteCommEvent: a REMOTE_COMMUNICATION event for the listeners.
 * False when TYPE and DATA are too long for the event stream. */
bool sup_remote_event(struct sup *s, const char *type, const char *data);

/* SIGUSR2: every child log is reopened on its next write. */
void sup_reopen_logs(struct sup *s);

/* The process named NAME, or NULL. */
struct proc *sup_find(struct sup *s, const char *name);

/* ---- what a client may ask ---- */

/* Start or stop one process now (a dependency does not hold up a start a
 * client asked for). ERR gets the detail of NO_FILE, NOT_EXECUTABLE and
 * FAILED. */
enum sup_outcome sup_start(struct sup *s, struct proc *p, int64_t now, char *err, size_t errlen);
enum sup_outcome sup_stop(struct sup *s, struct proc *p, int64_t now, char *err, size_t errlen);
enum sup_outcome sup_signal(struct sup *s, struct proc *p, int sig, char *err, size_t errlen);

/* clearProcessLogs: P's stdout and stderr logs emptied. Returns 0, or -1
 * with errno. */
int sup_clear_logs(struct sup *s, struct proc *p);

/* A group is active when the running configuration has it and no
 * removeProcessGroup took it out. */
bool sup_group_active(const struct sup *s, const char *group);
/* removeProcessGroup: every process of the group must be down. */
enum sup_outcome sup_remove_group(struct sup *s, const char *group);
/* addProcessGroup: a group taken out comes back; a group of the table
 * read by sup_reread is added (the table is applied as a whole, and its
 * other new groups stay out until they are added in turn). */
enum sup_outcome sup_add_group(struct sup *s, const char *group, int64_t now);

/* reloadConfig: reads the table into s->pending, for sup_group_changes
 * and sup_add_group. */
enum sup_outcome sup_reread(struct sup *s, char *err, size_t errlen);

enum sup_change { SUP_ADDED, SUP_CHANGED, SUP_REMOVED };
struct sup_group_change {
	const char *group;
	enum sup_change change;
};
/* The groups that differ between the active configuration and NEWCONF,
 * sorted by name, into OUT (room for every group of both). Returns how
 * many. */
size_t sup_group_changes(const struct sup *s, const struct conf *newconf,
			 struct sup_group_change *out);

#endif
