/* The notify socket. A message is a datagram of NAME=VALUE lines; svcd
 * reads READY, STATUS, WATCHDOG, MAINPID and BARRIER and ignores
 * the rest, as systemd ignores what it does not know. BARRIER=1 comes with
 * a pipe's write end: closing it is the answer (systemd-notify --ready
 * waits for it), and every descriptor a message carries is closed at once. */
#include "notify.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NOTIFY_DGRAM_MAX 4096 /* systemd's own limit */
#define NOTIFY_FDS_MAX   16
#define NOTIFY_BATCH     64 /* datagrams read per wake-up */

static char notify_env[64];

const char *notify_socket_name(void)
{
	unsigned char r[8] = {0};
	size_t i;

	if (notify_env[0])
		return notify_env + strlen("NOTIFY_SOCKET=");
	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		/* a unique enough fallback: nothing secret rests on the name,
		   senders are checked by their credentials */
		pid_t pid = getpid();

		memcpy(r, &pid, sizeof(pid));
	}
	i = (size_t)snprintf(notify_env, sizeof(notify_env), "NOTIFY_SOCKET=@svcd-notify-");
	for (size_t k = 0; k < sizeof(r); k++)
		i += (size_t)snprintf(notify_env + i, sizeof(notify_env) - i, "%02x", r[k]);
	return notify_env + strlen("NOTIFY_SOCKET=");
}

/* ADDR as a sockaddr_un: "@name" is abstract. Returns its length, or 0. */
static socklen_t notify_addr(const char *addr, struct sockaddr_un *sa)
{
	size_t len = strlen(addr);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (len == 0 || len >= sizeof(sa->sun_path))
		return 0;
	memcpy(sa->sun_path, addr, len);
	if (addr[0] == '@')
		sa->sun_path[0] = '\0';
	else
		len++; /* the NUL */
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
}

static void notify_line(struct notify_msg *m, const char *line, size_t len)
{
	if (len == 7 && memcmp(line, "READY=1", 7) == 0) {
		m->ready = true;
	} else if (len == 10 && memcmp(line, "WATCHDOG=1", 10) == 0) {
		m->watchdog = true;
	} else if (len >= 7 && memcmp(line, "STATUS=", 7) == 0) {
		size_t n = len - 7 < sizeof(m->status) - 1 ? len - 7 : sizeof(m->status) - 1;

		memcpy(m->status, line + 7, n);
		m->status[n] = '\0';
		for (size_t i = 0; i < n; i++) {
			if ((unsigned char)m->status[i] < 0x20)
				m->status[i] = ' ';
		}
		m->has_status = true;
	} else if (len > 8 && len < 20 && memcmp(line, "MAINPID=", 8) == 0) {
		char num[16];
		long v;
		char *end;

		memcpy(num, line + 8, len - 8);
		num[len - 8] = '\0';
		v = strtol(num, &end, 10);
		if (*end == '\0' && v > 1 && v <= INT_MAX)
			m->mainpid = (pid_t)v;
	}
}

static void notify_parse(struct notify_msg *m, const char *buf, size_t len)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i == len || buf[i] == '\n') {
			if (i > start)
				notify_line(m, buf + start, i - start);
			start = i + 1;
		}
	}
}

/* Finds the sender and the descriptors the message carried (BARRIER=1's
 * pipe); at most NOTIFY_FDS_MAX of them, the kernel closes the rest.
 * False when it has no credentials. */
static bool notify_ancillary(struct msghdr *mh, struct notify_msg *m, int *fds, size_t *nfds)
{
	bool creds = false;

	*nfds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_RIGHTS) {
			size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			if (n > NOTIFY_FDS_MAX - *nfds)
				n = NOTIFY_FDS_MAX - *nfds;
			memcpy(fds + *nfds, CMSG_DATA(c), n * sizeof(int));
			*nfds += n;
		} else if (c->cmsg_type == SCM_CREDENTIALS
			   && c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			m->pid = uc.pid;
			m->uid = uc.uid;
			creds = true;
		}
	}
	return creds;
}

static bool notify_says_something(const struct notify_msg *m)
{
	return m->ready || m->watchdog || m->has_status || m->mainpid;
}

/* One datagram. Its descriptors are closed after its sender is looked
 * up: closing the barrier's pipe lets a systemd-notify exit, and its pid
 * would then no longer lead to its parent. */
static void notify_one(struct notify_sock *n, const char *buf, ssize_t len, struct msghdr *mh)
{
	struct notify_msg m = {0};
	int fds[NOTIFY_FDS_MAX];
	size_t nfds, k;
	bool creds = notify_ancillary(mh, &m, fds, &nfds);

	if (creds && !(mh->msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		notify_parse(&m, buf, (size_t)len);
		if (notify_says_something(&m))
			n->fn(n->arg, &m);
	}
	for (k = 0; k < nfds; k++)
		close(fds[k]);
}

static void notify_readable(struct loop_src *src, uint32_t events)
{
	struct notify_sock *n = (struct notify_sock *)src;
	char buf[NOTIFY_DGRAM_MAX + 1];
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct ucred))
			   + CMSG_SPACE(NOTIFY_FDS_MAX * sizeof(int))];
	} ctl;

	(void)events;
	/* a flood waits for the next wake-up: the loop has other work */
	for (int batch = 0; batch < NOTIFY_BATCH; batch++) {
		struct iovec iov = {buf, sizeof(buf) - 1};
		struct msghdr mh = {.msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = ctl.space,
				    .msg_controllen = sizeof(ctl.space)};
		ssize_t len = recvmsg(n->src.fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return; /* EAGAIN: all read */
		}
		notify_one(n, buf, len, &mh);
	}
}

int notify_open(struct notify_sock *n, struct loop *l,
		void (*fn)(void *, const struct notify_msg *), void *arg)
{
	struct sockaddr_un sa;
	socklen_t salen = notify_addr(notify_socket_name(), &sa);
	int one = 1, fd;

	n->fn = fn;
	n->arg = arg;
	if (n->src.fd >= 0)
		return 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0
	    || bind(fd, (struct sockaddr *)&sa, salen) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	n->src.fd = fd;
	n->src.fn = notify_readable;
	if (loop_add(l, &n->src, EPOLLIN) < 0) {
		int e = errno;

		close(fd);
		n->src.fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

void notify_close(struct notify_sock *n, struct loop *l)
{
	if (n->src.fd < 0)
		return;
	loop_del(l, &n->src);
	close(n->src.fd);
	n->src.fd = -1;
}

int notify_send(const char *addr, const char *text)
{
	struct sockaddr_un sa;
	socklen_t salen = notify_addr(addr, &sa);
	int fd, rc;

	if (salen == 0) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	rc = sendto(fd, text, strlen(text), MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0 ? -1
											     : 0;
	if (rc < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}
