/* A probe's try. tcp: the connect succeeding is success. http: the
 * request is sent once the connect succeeds, and only the status line of
 * the reply is read: 2xx and 3xx are success. exec: the child's exit 0. */
#include "probe.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "proc.h"
#include "spawn.h"

void probe_init(struct probe *pr, struct loop *l, probe_done_fn *done)
{
	memset(pr, 0, sizeof(*pr));
	pr->src.fd = -1;
	pr->loop = l;
	pr->done = done;
}

static void probe_close(struct probe *pr)
{
	if (pr->src.fd < 0)
		return;
	/* first: a child forked meanwhile may hold a copy, which would keep
	   the entry in epoll after the close */
	loop_del(pr->loop, &pr->src);
	close(pr->src.fd);
	pr->src.fd = -1;
}

/* Its group, and itself should it have left the group. */
static void probe_kill(struct probe *pr)
{
	if (pr->pid > 0) {
		kill(-pr->pid, SIGKILL);
		kill(pr->pid, SIGKILL);
	}
}

/* The try's result, given once. */
static void probe_finish(struct probe *pr, bool ok, const char *why)
{
	probe_close(pr);
	if (!pr->running)
		return;
	pr->running = false;
	pr->done(pr, ok, why);
}

/* "Connection refused" as "connection refused". */
static void probe_fail_errno(struct probe *pr, int e)
{
	char why[PROBE_WHY_MAX];

	snprintf(why, sizeof(why), "%s", strerror(e));
	why[0] = (char)tolower((unsigned char)why[0]);
	probe_finish(pr, false, why);
}

/* "HTTP/1.1 204 No Content": 2xx and 3xx are success. */
static void probe_status_line(struct probe *pr)
{
	char why[PROBE_WHY_MAX];
	const char *r = pr->reply;

	if (strncmp(r, "HTTP/", 5) != 0 || !strchr(r, ' ')
	    || !isdigit((unsigned char)strchr(r, ' ')[1])
	    || !isdigit((unsigned char)strchr(r, ' ')[2])
	    || !isdigit((unsigned char)strchr(r, ' ')[3])) {
		probe_finish(pr, false, "not an HTTP reply");
		return;
	}
	r = strchr(r, ' ') + 1;
	if (r[0] == '2' || r[0] == '3') {
		probe_finish(pr, true, NULL);
		return;
	}
	snprintf(why, sizeof(why), "HTTP %.3s", r);
	probe_finish(pr, false, why);
}

static void probe_http_read(struct probe *pr)
{
	for (;;) {
		ssize_t n = read(pr->src.fd, pr->reply + pr->got, sizeof(pr->reply) - 1 - pr->got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			probe_fail_errno(pr, errno);
			return;
		}
		pr->got += (size_t)n;
		pr->reply[pr->got] = '\0';
		if (n == 0 || memchr(pr->reply, '\n', pr->got)
		    || pr->got == sizeof(pr->reply) - 1) {
			if (pr->got < 12)
				probe_finish(pr, false,
					     n == 0 ? "connection closed" : "not an HTTP reply");
			else
				probe_status_line(pr);
			return;
		}
	}
}

static void probe_http_write(struct probe *pr)
{
	while (pr->sent < pr->cf->request_len) {
		ssize_t n = send(pr->src.fd, pr->cf->request + pr->sent,
				 pr->cf->request_len - pr->sent, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			probe_fail_errno(pr, errno);
			return;
		}
		pr->sent += (size_t)n;
	}
	pr->writing = false;
	if (loop_mod(pr->loop, &pr->src, EPOLLIN) < 0)
		probe_fail_errno(pr, errno);
}

static void probe_ready(struct loop_src *src, uint32_t events)
{
	struct probe *pr = (struct probe *)src;
	int e = 0;
	socklen_t elen = sizeof(e);

	(void)events;
	if (pr->writing && pr->sent == 0) {
		/* the connect's outcome */
		if (getsockopt(pr->src.fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0)
			e = errno;
		if (e == EINPROGRESS)
			return;
		if (e != 0) {
			probe_fail_errno(pr, e);
			return;
		}
		if (pr->cf->kind == TABLE_PROBE_TCP) {
			probe_finish(pr, true, NULL);
			return;
		}
	}
	if (pr->writing)
		probe_http_write(pr);
	else
		probe_http_read(pr);
}

static void probe_connect(struct probe *pr)
{
	const struct conf_probe *cf = pr->cf;
	int fd;

	if (cf->addrlen == 0) {
		probe_finish(pr, false, cf->addr_err ? cf->addr_err : "bad address");
		return;
	}
	fd = socket(cf->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		probe_fail_errno(pr, errno);
		return;
	}
	pr->src.fd = fd;
	pr->src.fn = probe_ready;
	pr->writing = true;
	pr->sent = pr->got = 0;
	if (connect(fd, (const struct sockaddr *)&cf->addr, cf->addrlen) < 0
	    && errno != EINPROGRESS) {
		probe_fail_errno(pr, errno);
		return;
	}
	if (loop_add(pr->loop, &pr->src, EPOLLOUT) < 0)
		probe_fail_errno(pr, errno);
}

static void probe_exec(struct probe *pr)
{
	char err[256];
	pid_t pid = spawn_probe(pr->proc, pr->cf->argv, err, sizeof(err));

	if (pid < 0) {
		probe_finish(pr, false, err);
		return;
	}
	pr->pid = pid;
}

void probe_start(struct probe *pr, const struct conf_proc *proc, const struct conf_probe *cf)
{
	if (pr->running)
		probe_expire(pr);
	pr->proc = proc;
	pr->cf = cf;
	if (cf->kind == TABLE_PROBE_EXEC) {
		pr->running = true;
		/* the last one is killed but not reaped yet (stuck in the
		   kernel, say): a failure, or a hung check would never fail */
		if (pr->pid > 0) {
			probe_kill(pr);
			probe_finish(pr, false, "the last check is still running");
			return;
		}
		probe_exec(pr);
	} else {
		pr->running = true;
		probe_connect(pr);
	}
}

void probe_expire(struct probe *pr)
{
	probe_kill(pr);
	probe_finish(pr, false, "timed out");
}

void probe_cancel(struct probe *pr)
{
	probe_kill(pr);
	probe_close(pr);
	pr->running = false;
}

bool probe_reaped(struct probe *pr, pid_t pid, int status)
{
	char why[PROBE_WHY_MAX];

	if (pr->pid <= 0 || pid != pr->pid)
		return false;
	pr->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		probe_finish(pr, true, NULL);
	} else {
		proc_status_text(status, why, sizeof(why));
		probe_finish(pr, false, why);
	}
	return true;
}
