/* The event loop: epoll over a signalfd, a timerfd and callers' sources.
 * Signals are blocked and read as data, so nothing runs in signal context. */
#include "loop.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* Tags for the loop's own fds; callers' sources are pointers, never these. */
static struct loop_src loop_sigtag, loop_timertag;

int64_t loop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int loop_watch(struct loop *l, int fd, void *tag, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = tag};

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev);
}

int loop_init(struct loop *l, const sigset_t *sigs)
{
	memset(l, 0, sizeof(*l));
	l->epfd = l->sigfd = l->timerfd = -1;
	l->armed = -1;
	l->sigs = *sigs;
	if (sigprocmask(SIG_BLOCK, sigs, NULL) < 0)
		return -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->sigfd = signalfd(-1, sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->epfd < 0 || l->sigfd < 0 || l->timerfd < 0)
		goto fail;
	if (loop_watch(l, l->sigfd, &loop_sigtag, EPOLLIN) < 0
	    || loop_watch(l, l->timerfd, &loop_timertag, EPOLLIN) < 0)
		goto fail;
	return 0;
fail:
	loop_fini(l);
	return -1;
}

void loop_fini(struct loop *l)
{
	int saved = errno;

	if (l->epfd >= 0)
		close(l->epfd);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	l->epfd = l->sigfd = l->timerfd = -1;
	errno = saved;
}

int loop_add(struct loop *l, struct loop_src *src, uint32_t events)
{
	return loop_watch(l, src->fd, src, events);
}

int loop_mod(struct loop *l, struct loop_src *src, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = src};

	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, src->fd, &ev);
}

void loop_del(struct loop *l, struct loop_src *src)
{
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, src->fd, NULL);
}

void loop_set_deadline(struct loop *l, int64_t at)
{
	struct itimerspec its = {0};

	if (at == l->armed)
		return;
	if (at >= 0) {
		/* 0 would disarm; the deadline is never before the clock's epoch */
		if (at == 0)
			at = 1;
		its.it_value.tv_sec = at / 1000;
		its.it_value.tv_nsec = (at % 1000) * 1000000;
	}
	timerfd_settime(l->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
	l->armed = at;
}

static int loop_read_signals(struct loop *l, int *sigs, int max, int n)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (n < max)
			sigs[n++] = (int)si.ssi_signo;
	}
	return n;
}

int loop_wait(struct loop *l, int *sigs, int max, int *nsigs, bool *timer)
{
	struct epoll_event evs[32];
	uint64_t ticks;
	int n, i;

	*nsigs = 0;
	*timer = false;
	n = epoll_wait(l->epfd, evs, 32, -1);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < n; i++) {
		struct loop_src *src = evs[i].data.ptr;

		if (src == &loop_sigtag) {
			*nsigs = loop_read_signals(l, sigs, max, *nsigs);
		} else if (src == &loop_timertag) {
			if (read(l->timerfd, &ticks, sizeof(ticks)) > 0)
				l->armed = -1;
			*timer = true;
		} else {
			src->fn(src, evs[i].events);
		}
	}
	return 0;
}
