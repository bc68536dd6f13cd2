/* RFC 3164 lines, as glibc's syslog(3) writes them to /dev/log: "<PRI>Mmm dd
 * hh:mm:ss TAG: MESSAGE". One socket, connected when first needed and
 * again after the log daemon went away. */
#include "syslogger.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SYSLOGGER_PATH "/dev/log"
#define SYSLOGGER_LINE 2048 /* what one datagram carries of a line */

static int sl_fd = -1;

static int syslogger_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (sl_fd >= 0)
		return 0;
	sl_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sl_fd < 0)
		return -1;
	memcpy(sa.sun_path, SYSLOGGER_PATH, sizeof(SYSLOGGER_PATH));
	if (connect(sl_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(sl_fd);
		sl_fd = -1;
		return -1;
	}
	return 0;
}

static void syslogger_send(const char *msg, size_t len)
{
	/* a line the log cannot take now is dropped: svcd never waits */
	if (syslogger_connect() < 0
	    || send(sl_fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len)
		return;
	if (errno != EAGAIN && errno != ENOBUFS) {
		/* the daemon restarted: a new socket for the next line */
		close(sl_fd);
		sl_fd = -1;
	}
}

static void syslogger_line(int pri, const char *tag, const char *stamp, const char *line,
			   size_t len)
{
	char msg[SYSLOGGER_LINE];
	int n = snprintf(msg, sizeof(msg), "<%d>%s %s: %.*s", LOG_DAEMON | pri, stamp, tag,
			 (int)len, line);

	if (n > 0)
		syslogger_send(msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
}

void syslogger_lines(int pri, const char *tag, const char *buf, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		syslogger_line(pri, tag, stamp, buf, n);
		n += nl != NULL;
		buf += n;
		len -= n;
	}
}
