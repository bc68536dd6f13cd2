/* Test helper: the client of tests/helpers/ctlserver.py.
 *
 *   ctlrun SOCKET ARGV0 ARGS...
 *
 * Hands its standard streams, working folder, environment and ARGS to the
 * server, which runs supervisorctl ARGS in a process forked for it; passes
 * on INT, TERM, HUP and QUIT; exits with the command's status, or dies of
 * the signal that killed it. Exit status 125 when the server can't be
 * reached. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

static int conn = -1;

static void forward(int sig)
{
	unsigned char b = (unsigned char)sig;

	if (write(conn, &b, 1) < 0)
		(void)0; /* the server is gone: the reply read says so */
}

static int put(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s) + 1;

	if (*len + n > *cap) {
		char *p;

		*cap = (*len + n) * 2;
		p = realloc(*buf, *cap);
		if (!p)
			return -1;
		*buf = p;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	return 0;
}

static int send_request(int argc, char **argv)
{
	char cwd[PATH_MAX], count[16], *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[3] = {0, 1, 2}, i, rc = -1;
	char ctl[CMSG_SPACE(sizeof(fds))] = {0};
	uint32_t size;
	struct iovec iov = {&size, sizeof(size)};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl,
			     .msg_controllen = sizeof(ctl)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(count, sizeof(count), "%d", argc - 3);
	if (put(&buf, &len, &cap, argv[2]) < 0 || put(&buf, &len, &cap, cwd) < 0
	    || put(&buf, &len, &cap, count) < 0)
		goto done;
	for (i = 3; i < argc; i++)
		if (put(&buf, &len, &cap, argv[i]) < 0)
			goto done;
	for (i = 0; environ[i]; i++)
		if (put(&buf, &len, &cap, environ[i]) < 0)
			goto done;
	size = (uint32_t)len;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	if (sendmsg(conn, &msg, 0) != (ssize_t)sizeof(size))
		goto done;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(conn, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto done;
		off += (size_t)n;
	}
	rc = 0;
done:
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct sigaction act = {.sa_handler = forward};
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	char reply[64];
	size_t got = 0;
	int code;

	if (argc < 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: ctlrun SOCKET ARGV0 ARGS...\n");
		return 125;
	}
	strcpy(sa.sun_path, argv[1]);
	conn = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (conn < 0 || connect(conn, (struct sockaddr *)&sa, sizeof(sa)) < 0
	    || send_request(argc, argv) < 0) {
		fprintf(stderr, "ctlrun: can't reach %s: %s\n", argv[1], strerror(errno));
		return 125;
	}
	sigemptyset(&act.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &act, NULL);
	while (got < sizeof(reply) - 1) {
		ssize_t n = read(conn, reply + got, sizeof(reply) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (reply[got - 1] == '\n')
			break;
	}
	reply[got] = '\0';
	if (sscanf(reply, "exit %d", &code) == 1)
		return code;
	if (sscanf(reply, "signal %d", &code) == 1) {
		signal(code, SIG_DFL);
		kill(getpid(), code);
		return 128 + code;
	}
	fprintf(stderr, "ctlrun: no reply from %s\n", argv[1]);
	return 125;
}
