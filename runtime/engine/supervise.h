/* The set of supervised processes: start order with `after` dependencies,
 * the ordered stop at shutdown, and applying a reloaded configuration as a
 * difference. The event loop calls sup_pass after every wake-up. */
#ifndef SVC_SUPERVISE_H
#define SVC_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <talloc.h>
#include "conf.h"
#include "loop.h"
#include "proc.h"

struct sup {
	TALLOC_CTX *mem;
	struct loop *loop;
	struct conf *conf;
	struct proc **procs;	/* parallel to conf->procs */
	bool *scratch;		/* one flag per process, for passes */
	struct proc **retired;	/* removed or changed, still being stopped */
	size_t nretired;
	TALLOC_CTX *graveyard;	/* old confs the retired still point into */
	bool shutdown;
};

/* Takes CONF (stolen under MEM) and queues every autostart process. */
void sup_init(struct sup *s, TALLOC_CTX *mem, struct loop *l, struct conf *conf);

/* A child was reaped. Unknown pids (orphans) are logged. */
void sup_reaped(struct sup *s, pid_t pid, int status, int64_t now);

/* Runs due timers, starts what may start, advances an ordered stop.
 * Returns the nearest deadline, or -1 when nothing is due. */
int64_t sup_pass(struct sup *s, int64_t now);

/* Begins the ordered stop of everything (SIGTERM, SIGINT). */
void sup_shutdown(struct sup *s);
/* True once a shutdown has finished: no child left. */
bool sup_done(const struct sup *s);

/* Applies NEWCONF (stolen): added processes start when autostart, removed
 * ones stop, changed ones stop and start again, unchanged ones keep
 * running untouched. */
void sup_reload(struct sup *s, struct conf *newconf, int64_t now);

/* SIGUSR2: every child log is reopened on its next write. */
void sup_reopen_logs(struct sup *s);

/* For the control server: the process named NAME, or NULL. */
struct proc *sup_find(struct sup *s, const char *name);

#endif
