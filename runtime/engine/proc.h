/* One supervised process and supervisord's state machine for it, written
 * as a table state x event -> action (see proc.c beside the table). */
#ifndef SVC_PROC_H
#define SVC_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "conf.h"
#include "events.h"
#include "listener.h"
#include "logpipe.h"
#include "loop.h"
#include "ready.h"

/* Listed in table order; proc_state_code() gives supervisord's numbers. */
enum proc_state {
	PROC_STOPPED,
	PROC_STARTING,
	PROC_RUNNING,
	PROC_BACKOFF,
	PROC_STOPPING,
	PROC_EXITED,
	PROC_FATAL,
	PROC_UNKNOWN,
	PROC_NSTATES
};

enum proc_event {
	PROC_EV_START,   /* autostart, a dependency became ready, admin */
	PROC_EV_STOP,    /* admin, shutdown, reload */
	PROC_EV_EXIT,    /* the child was reaped (status in exitstatus) */
	PROC_EV_TIMER,   /* the process's deadline passed */
	PROC_EV_GIVEUP,  /* shutdown while in BACKOFF */
	PROC_EV_READY,   /* its ready condition was met (ready.c) */
	PROC_EV_RESTART, /* unhealthy or a missed watchdog: stop, then start */
	PROC_NEVENTS
};

/* Read by the control server, written only by the engine (proc.c and
 * supervise.c): a change of any process goes through supervise.h. */
struct proc {
	const struct conf_proc *cf;
	struct loop *loop;
	struct ev_ring *events; /* every change of state is published here */
	uint64_t id;            /* unique over the life of svcd */
	enum proc_state state;
	pid_t pid;          /* 0 when no child */
	int exitstatus;     /* the last wait status */
	int64_t laststart;  /* ms, loop_now() clock */
	int64_t laststop;   /* ms, loop_now() clock, of the last reap; 0: never */
	int64_t deadline;   /* when PROC_EV_TIMER is due; -1: none */
	int64_t kill_at;    /* STOPPING: when SIGKILL is due */
	unsigned backoff;   /* consecutive failed starts */
	bool start_pending; /* a spawn waits for the once-a-second limit */
	bool no_restart;    /* shutting down or retired: no autorestart */
	/* used by supervise.c */
	bool want_start; /* start once every dependency is RUNNING */
	bool hidden;     /* its group is out of the active configuration
				   (removeProcessGroup, or not added yet) */
	bool dep_fatal_logged;
	bool wait_old;      /* a retired process of this name still runs */
	pid_t exit_pid;     /* while its exit is handled: the pid reaped */
	bool exit_expected; /* while EXITED is entered: the code was expected */
	char spawnerr[256];
	struct logfile out, err;
	struct logpipe pout, perr;
	struct capture cout, cerr; /* capture mode, when configured */
	struct loop_src in;        /* svcd's end of the child's stdin pipe; fd -1: none */
	bool in_watched;           /* in is in the loop, for the rest of a write */
	struct lsn_proc lsn;       /* an event listener's protocol state */
	struct readiness rd;       /* ready, health, watchdog (ready.h) */
	bool restart_after_stop;   /* STOPPING for a restart (PROC_EV_RESTART) */
	bool stop_fails_start;     /* STOPPING because it was not ready in time */
	bool was_running;          /* has been RUNNING since svcd started it */
	bool followed;             /* pid is a MAINPID svcd follows, not the one it started */
	pid_t pgid;                /* the group (and session) of the one it started */
	bool user_stopped;         /* a client stopped it: kept across svcd's restarts */
	int *essential_exit;       /* essential: where its exit status goes
				      when it is lost for good (-1 until then) */
};

/* ID is the process's number in the event stream EVENTS. */
void proc_init(struct proc *p, const struct conf_proc *cf, struct loop *l, struct ev_ring *events,
	       uint64_t id);
/* Capture mode for the streams that have it and ready log's line, under
 * MEM (the process's own talloc context). Returns 0, or -1 when out of
 * memory. */
int proc_init_buffers(struct proc *p, TALLOC_CTX *mem);
/* Points an unchanged process at its entry in a new configuration. */
void proc_rebind(struct proc *p, const struct conf_proc *cf);
void proc_event(struct proc *p, enum proc_event ev, int64_t now);
/* Records a wait status for P's pid and runs PROC_EV_EXIT. */
void proc_reaped(struct proc *p, int status, int64_t now);
/* Closes P's log files and pipes (after it is down). */
void proc_fini(struct proc *p);
/* Writes LEN bytes to P's stdin now (sendProcessStdin). Returns 0, or -1
 * with errno: EPIPE when it has no open stdin, EAGAIN when the pipe
 * cannot take them all (nothing is written then). */
int proc_write_stdin(struct proc *p, const char *buf, size_t len);
/* Reopens log files on their next write (SIGUSR2). */
void proc_reopen_logs(struct proc *p);

int proc_state_code(enum proc_state s);
const char *proc_state_name(enum proc_state s);
/* STARTING, RUNNING or BACKOFF: on its way up or up. */
bool proc_state_running(enum proc_state s);
/* STOPPED, EXITED, FATAL or UNKNOWN. */
bool proc_state_stopped(enum proc_state s);
/* No child and nothing pending: STOPPED, EXITED or FATAL with no spawn due. */
bool proc_is_down(const struct proc *p);
/* supervisord's text for a wait status: "exit status 1",
 * "terminated by SIGKILL", "terminated by SIGSEGV (core dumped)". */
void proc_status_text(int status, char *buf, size_t len);

#endif
