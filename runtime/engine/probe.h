/* One try of a tcp, http or exec probe (language.md §5), without ever
 * blocking: a non-blocking connect watched by the loop, a GET whose status
 * line is all that is read, or a child reaped by the same code as every
 * other. The caller (ready.c) decides when a try starts and when it has
 * run out of time. */
#ifndef SVC_PROBE_H
#define SVC_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "conf.h"
#include "loop.h"

#define PROBE_WHY_MAX 96

struct probe;
/* A try ended: OK, or WHY ("connection refused", "HTTP 503", "exit
 * status 1"). Called from the loop, or from probe_start when the try
 * ends at once. */
typedef void probe_done_fn(struct probe *pr, bool ok, const char *why);

struct probe {
	struct loop_src src; /* a tcp or http try's socket; fd -1: none */
	struct loop *loop;
	const struct conf_proc *proc;
	const struct conf_probe *cf;
	probe_done_fn *done;
	pid_t pid;    /* an exec try's child, until it is reaped */
	bool running; /* a try is under way: its result is still due */
	bool writing; /* http: the request is not all sent */
	size_t sent, got;
	char reply[64]; /* the start of an http reply */
};

void probe_init(struct probe *pr, struct loop *l, probe_done_fn *done);
/* Starts a try of CF for the process PROC. A try already under way is
 * given up first (as a failure: one try never outlives the next). An
 * exec try whose last child is killed but not reaped yet fails. */
void probe_start(struct probe *pr, const struct conf_proc *proc, const struct conf_probe *cf);
/* The try under way ran out of time: it fails with "timed out". */
void probe_expire(struct probe *pr);
/* Ends a try under way without a result (the process left the state
 * that wanted it). An exec child is killed, and reaped later. */
void probe_cancel(struct probe *pr);
/* True when PID was this probe's exec child (its result is given now). */
bool probe_reaped(struct probe *pr, pid_t pid, int status);

#endif
