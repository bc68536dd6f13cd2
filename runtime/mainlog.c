/* svcd's own log: fixed buffers, one write per line, rotation by renaming
 * as supervisord's RotatingFileHandler does. */
#include "mainlog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const mainlog_names[] = {
	"CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT"
};

static struct {
	int fd;
	char path[PATH_MAX];
	long long maxbytes;
	long long size;
	int backups;
	enum mainlog_level level;
	bool echo;
} ml = { .fd = -1, .level = MAINLOG_INFO };

int mainlog_open(const char *path, long long maxbytes, int backups,
		 enum mainlog_level level)
{
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(ml.path) - 8) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (ml.fd >= 0)
		close(ml.fd);
	ml.fd = fd;
	strcpy(ml.path, path);
	ml.maxbytes = maxbytes;
	ml.backups = backups;
	ml.level = level;
	ml.size = fstat(fd, &st) == 0 ? st.st_size : 0;
	return 0;
}

void mainlog_echo(bool on)
{
	ml.echo = on;
}

void mainlog_close(void)
{
	if (ml.fd >= 0)
		close(ml.fd);
	ml.fd = -1;
}

/* FILE.N-1 -> FILE.N ... FILE -> FILE.1; with no backups the file restarts
 * empty, as supervisord does. */
static void mainlog_rotate(void)
{
	char from[PATH_MAX + 16], to[PATH_MAX + 16];
	int i, fd;

	for (i = ml.backups - 1; i >= 1; i--) {
		snprintf(from, sizeof(from), "%s.%d", ml.path, i);
		snprintf(to, sizeof(to), "%s.%d", ml.path, i + 1);
		rename(from, to);
	}
	if (ml.backups > 0) {
		snprintf(to, sizeof(to), "%s.1", ml.path);
		rename(ml.path, to);
	}
	fd = open(ml.path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;		/* keep writing to the renamed file rather than lose lines */
	close(ml.fd);
	ml.fd = fd;
	ml.size = 0;
}

static size_t mainlog_stamp(char *buf, size_t len, enum mainlog_level level)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	n += (size_t)snprintf(buf + n, len - n, ",%03ld %s ",
			      ts.tv_nsec / 1000000, mainlog_names[level]);
	return n;
}

void mainlog(enum mainlog_level level, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	size_t n;
	int m;

	if (level > ml.level)
		return;
	n = mainlog_stamp(line, sizeof(line), level);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += (size_t)m < sizeof(line) - n - 1 ? (size_t)m : sizeof(line) - n - 2;
	line[n++] = '\n';
	if (ml.fd < 0 || ml.echo) {
		if (write(STDERR_FILENO, line, n) < 0)
			(void)0;	/* nowhere left to report it */
	}
	if (ml.fd < 0)
		return;
	if (write(ml.fd, line, n) > 0)
		ml.size += (long long)n;
	if (ml.maxbytes > 0 && ml.size >= ml.maxbytes)
		mainlog_rotate();
}
