/* Readiness and health of one process (language.md §5): the ready
 * condition that moves STARTING to RUNNING (a line on a notify pipe,
 * READY=1 on the notify socket, a probe that succeeds, a line of output
 * that matches), the liveness checks of a RUNNING process, and the
 * watchdog of sdnotify, and maxrss (superlance memmon's rule). It asks proc.c for every change of state
 * (PROC_EV_READY, PROC_EV_RESTART); the timing is its own, on the one
 * timer, and nothing runs for a process that configures none of it. */
#ifndef SVC_READY_H
#define SVC_READY_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include "notify.h"
#include "probe.h"

#define READY_LINE_MAX 4096 /* ready log matches this much of a line */
#define READY_NOTE_MAX 4096 /* ready notify: the longest line read */

enum ready_phase {
	READY_OFF,     /* neither starting nor running, or nothing configured */
	READY_WAITING, /* STARTING: waiting for the ready condition */
	READY_LIVE     /* RUNNING: health checks and the watchdog */
};

struct readiness {
	enum ready_phase phase;
	struct probe probe;
	struct loop_src note;           /* ready notify: svcd's end of the pipe; fd -1 */
	int64_t due;                    /* when ready_timer must run; -1: never */
	int64_t next_try;               /* -1: none */
	int64_t try_end;                /* the try under way ends by then; -1: none */
	int64_t watchdog_at;            /* -1: none */
	int64_t rss_at;                 /* maxrss: the next check; -1: none */
	bool ready;                     /* RUNNING because it said or showed it was ready */
	int healthy;                    /* -1 not checked yet, 0 failing, 1 healthy */
	unsigned fails;                 /* health failures in a row */
	char why[PROBE_WHY_MAX];        /* the last failure */
	char status[NOTIFY_STATUS_MAX]; /* sdnotify's STATUS= */
	pid_t mainpid;                  /* sdnotify's MAINPID=, followed when the main pid exits */
	char *line;                     /* ready log: the line so far */
	size_t linelen;
	size_t note_len; /* ready notify: bytes read without a newline */
};

struct proc;

/* Sets up P's state (nothing configured runs). */
void ready_init(struct proc *p);
/* ready log's line buffer, under MEM. Returns 0, or -1 when out of
 * memory. */
int ready_init_line(struct proc *p, TALLOC_CTX *mem);
/* P's configuration moved (an unchanged process across a reload). */
void ready_rebind(struct proc *p);
/* P was spawned: NOTE is svcd's end of its notify pipe, or -1. */
void ready_spawned(struct proc *p, int note, int64_t now);
/* P entered RUNNING: health checks and the watchdog begin. */
void ready_running(struct proc *p, int64_t now);
/* P left STARTING and RUNNING: every try is given up. */
void ready_stop(struct proc *p);
/* Runs what is due at NOW (ready.due <= NOW). */
void ready_timer(struct proc *p, int64_t now);
/* A message of P's from the notify socket. */
void ready_notified(struct proc *p, const struct notify_msg *m, int64_t now);
/* True when PID was one of P's exec probes. */
bool ready_reaped(struct proc *p, pid_t pid, int status);
/* ", ready, healthy" or ", unhealthy (2 failures: connection refused)"
 * for the description of a RUNNING P; "" when it has neither. */
void ready_describe(const struct proc *p, char *buf, size_t len);
/* For STARTING: "waiting to be ready (connection refused)", or "". */
void ready_describe_wait(const struct proc *p, char *buf, size_t len);

#endif
