/* supervisord's event listeners: pools of listener processes fed from the
 * engine's event stream with supervisord's protocol (READY, a header line
 * and a payload on the listener's stdin, RESULT N and OK or FAIL on its
 * stdout), its states, its bounded buffer with the same overflow rule, and
 * rejected events sent again. Pools are made at start-up and on reload;
 * dispatching never allocates and never waits for a listener. */
#ifndef SVC_LISTENER_H
#define SVC_LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>
#include "events.h"
#include "loop.h"

struct proc;
struct lsn_pool;

/* supervisord's EventListenerStates. */
enum lsn_state { LSN_ACKNOWLEDGED, LSN_READY, LSN_BUSY, LSN_UNKNOWN };

#define LSN_LINE 256 /* a RESULT line, or a result, longer than this is garbage */

/* One listener process's side of the protocol; lives in its struct proc. */
struct lsn_proc {
	struct lsn_pool *pool; /* NULL: not a listener */
	enum lsn_state state;
	int event;          /* slot of the event it was sent (BUSY), or -1 */
	size_t sent;        /* bytes of that event written to its stdin */
	long resultlen;     /* -1: the RESULT line is still to come */
	char buf[LSN_LINE]; /* protocol bytes not consumed yet */
	size_t len;
	char result[2]; /* only "OK" is an answer that is not a rejection */
	size_t rlen;
};

struct sup;

/* Every pool of a configuration, and svcd's side of the stream. */
struct lsn_set {
	struct sup *sup;
	TALLOC_CTX *mem; /* the pools, made again by each build */
	struct lsn_pool *pools;
	size_t npools;
	uint32_t wanted;  /* the union of the pools' masks */
	uint64_t serial;  /* the last serial given to an event (-1: none) */
	int64_t ticks[3]; /* the current 5, 60 and 3600 s slices; -1 unknown */
};

/* Makes the pools of S's configuration under MEM, in place of the last
 * ones, and hooks them to S's event stream. A pool of a name the
 * last ones had keeps their events, queued and being handled. Returns 0,
 * or -1 when out of memory. Called at start-up and after every reload. */
int lsn_build(struct lsn_set *ls, TALLOC_CTX *mem, struct sup *s);
/* Forgets the pools and their events (before a restart frees the
 * processes). */
void lsn_clear(struct lsn_set *ls);

/* Publishes the ticks that are due, sends what a ready listener can take,
 * and returns the next tick due on the loop_now() clock (-1: no pool
 * wants ticks). Events reach the pools as they are published. */
int64_t lsn_pass(struct lsn_set *ls, int64_t now);

/* Sends what ready listeners can take now: after the requests a pass
 * served, whose events would otherwise wait for the next wake-up. */
void lsn_send_all(struct lsn_set *ls);

/* A listener was spawned (its protocol starts again) or its child is gone
 * (an event it held goes back to the head of its pool's buffer). */
void lsn_spawned(struct proc *p);
void lsn_gone(struct proc *p);

/* What a listener wrote on its stdout. */
void lsn_input(struct proc *p, const char *buf, size_t len);

/* Its stdin can take more of the event being sent. */
void lsn_writable(struct proc *p);

#endif
