/* The event loop: one epoll set holding a signalfd, a timerfd on
 * CLOCK_MONOTONIC and the sources added by callers; one wait call, one
 * nearest deadline, and no wake-up at all while nothing happens. */
#ifndef SVC_LOOP_H
#define SVC_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/epoll.h>

/* A watched descriptor; embed it in the owner and recover the owner in fn. */
struct loop_src {
	int fd;
	void (*fn)(struct loop_src *src, uint32_t events);
};

struct loop {
	int epfd;
	int sigfd;
	int timerfd;
	int64_t armed; /* deadline the timerfd holds; -1: disarmed */
	sigset_t sigs;
};

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t loop_now(void);

/* Blocks SIGS (they then arrive through the loop) and creates the fds.
 * Returns 0, or -1 with errno set. */
int loop_init(struct loop *l, const sigset_t *sigs);
void loop_fini(struct loop *l);

int loop_add(struct loop *l, struct loop_src *src, uint32_t events);
/* Changes the events SRC is watched for. */
int loop_mod(struct loop *l, struct loop_src *src, uint32_t events);
void loop_del(struct loop *l, struct loop_src *src);

/* Arms the single timer at absolute time AT (loop_now() clock), or disarms it
 * when AT < 0. Cheap when the deadline did not change. */
void loop_set_deadline(struct loop *l, int64_t at);

/* Waits for the next event. Calls the fn of every ready source, stores each
 * pending signal number into SIGS (up to MAX, returns how many through
 * *NSIGS), and sets *TIMER when the deadline passed. Returns 0, or -1 on a
 * wait error other than EINTR. */
int loop_wait(struct loop *l, int *sigs, int max, int *nsigs, bool *timer);

#endif
