/* The engine's event stream: every process state change, every change of
 * the supervisor's own state and, while some subscriber asks for them, the
 * chunks of child output written to the logs. Events go into a fixed ring
 * sized when the stream is made; a subscriber reads at its own pace with
 * its own cursor, and one that falls a whole ring behind loses the oldest
 * events and is told how many. Publishing never allocates and never waits. */
#ifndef SVC_EVENTS_H
#define SVC_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

enum ev_kind {
	EV_PROC_STATE, /* a process entered a state (proc, from, to) */
	EV_SUP_STATE,  /* the supervisor: running, shutting down, reloaded */
	EV_LOG,        /* child output was logged (proc, stream, data) */
	EV_GROUP,      /* a group was added (to 1) or removed (to 0); its name in data */
	EV_REMOTE,     /* sendRemoteCommEvent: data holds "TYPE\nDATA" */
	EV_TICK,       /* a TICK_5/60/3600 slice began: to is the period, data its start (s) */
	EV_COMM        /* a captured block ended (proc, stream, data) */
};

/* The supervisor's states, for EV_SUP_STATE's `to`. */
enum ev_sup_state { EV_SUP_RUNNING, EV_SUP_SHUTDOWN, EV_SUP_RELOADED };

struct ev {
	uint64_t serial; /* 1, 2, 3... over the life of svcd */
	int64_t mono;    /* loop_now() when it happened, ms */
	int64_t wall;    /* the same instant, ms since the epoch */
	enum ev_kind kind;
	uint64_t proc;  /* the process's id (struct proc's id), 0: none */
	int from, to;   /* enum proc_state or enum ev_sup_state */
	int stream;     /* EV_LOG: 1 stdout, 2 stderr */
	uint64_t data;  /* EV_LOG: the chunk's place in the data ring */
	size_t len;     /* EV_LOG: its length */
	int pid;        /* EV_PROC_STATE: the child's, or 0 */
	unsigned tries; /* EV_PROC_STATE: failed starts so far */
	bool expected;  /* EV_PROC_STATE to EXITED: the exit code was expected */
};

/* A reader called as each event is published, when its bytes are still in
 * the data ring (ev_log_data) and its process still exists: the event
 * listener pools, which must see every byte and every process however much
 * is published before the loop's next pass. It must not publish. */
struct ev_hook {
	void (*fn)(void *arg, const struct ev *e);
	void *arg;
	bool logs; /* wants EV_LOG */
};

struct ev_ring {
	struct ev *ring;
	size_t cap;    /* events the ring holds */
	uint64_t next; /* serial of the next event */
	char *data;    /* bytes of logged chunks, a ring too */
	size_t datacap;
	uint64_t datanext;   /* total bytes ever put in the data ring */
	unsigned log_wanted; /* subscribers that asked for EV_LOG */
	struct ev_hook hook;
};

/* A reader of the stream; embed it in the subscriber. */
struct ev_sub {
	uint64_t cursor; /* serial of the next event to read */
	uint64_t lost;   /* events overwritten before they were read */
	bool logs;       /* receives EV_LOG events */
};

/* CAP events and DATACAP bytes of output, allocated once under MEM.
 * Returns 0, or -1 when out of memory. */
int ev_ring_init(struct ev_ring *r, TALLOC_CTX *mem, size_t cap, size_t datacap);

/* Frees what ev_ring_init made. */
void ev_ring_fini(struct ev_ring *r);

/* What a process state change says besides its states. */
struct ev_proc_info {
	int pid;
	unsigned tries;
	bool expected;
};

void ev_publish_proc(struct ev_ring *r, uint64_t proc, int from, int to,
		     const struct ev_proc_info *info);
void ev_publish_group(struct ev_ring *r, const char *group, bool added);
/* TYPE and DATA of sendRemoteCommEvent, EV_REMOTE_MAX bytes together at
 * most (what a listener's event carries); false when longer. */
#define EV_REMOTE_MAX (64 * 1024)
bool ev_publish_remote(struct ev_ring *r, const char *type, const char *data);
void ev_publish_tick(struct ev_ring *r, int period, int64_t slice);
/* A block of captured output; its last half data ring at most. */
void ev_publish_comm(struct ev_ring *r, uint64_t proc, int stream, const char *buf, size_t len);
void ev_publish_sup(struct ev_ring *r, int state);
/* Does nothing unless a subscriber asked for logs. */
void ev_publish_log(struct ev_ring *r, uint64_t proc, int stream, const char *buf, size_t len);

/* Sets the ring's one hook (fn NULL: none). */
void ev_set_hook(struct ev_ring *r, const struct ev_hook *h);
/* The time now, ms since the epoch, as events are stamped. */
int64_t ev_wall_ms(void);

/* Registers S from the next event on; LOGS asks for EV_LOG too. */
void ev_subscribe(struct ev_ring *r, struct ev_sub *s, bool logs);
/* Starts or stops S's EV_LOG events (and their publication, when S was
 * the only reader that wanted them). */
void ev_want_logs(struct ev_ring *r, struct ev_sub *s, bool on);

/* The next event for S into *E. False when S has read everything. */
bool ev_next(struct ev_ring *r, struct ev_sub *s, struct ev *e);
/* An EV_LOG, EV_GROUP or EV_REMOTE event's bytes: up to LEN of them into
 * OUT. Returns how many, 0 when the data ring has since been overwritten. */
size_t ev_log_data(const struct ev_ring *r, const struct ev *e, char *out, size_t len);
/* True when there is something S has not read. */
bool ev_pending(const struct ev_ring *r, const struct ev_sub *s);

#endif
