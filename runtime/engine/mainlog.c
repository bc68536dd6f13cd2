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
#include "safeopen.h"
#include "syslogger.h"

static const char *const mainlog_names[] = {"CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT"};

static struct {
	int fd;
	char path[PATH_MAX];
	long long maxbytes;
	long long size;
	bool regular; /* a regular file: the only kind rotated */
	int backups;
	enum mainlog_level level;
	bool echo;
	long long lost; /* lines the file refused since the last one it took */
	bool cut;       /* the file ends inside a line */
	bool syslog;    /* lines go to syslog instead of a file */
} ml = {.fd = -1, .level = MAINLOG_INFO};

/* The syslog priority of each level. */
static const int mainlog_pri[] = {LOG_CRIT,  LOG_ERR,   LOG_WARNING, LOG_INFO,
				  LOG_DEBUG, LOG_DEBUG, LOG_DEBUG};

int mainlog_open(const char *path, long long maxbytes, int backups, enum mainlog_level level)
{
	struct stat st;
	bool regular;
	int fd;

	if (strlen(path) >= sizeof(ml.path) - 8) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = safeopen_log(path, false, geteuid(), &regular);
	if (fd < 0)
		return -1;
	ml.regular = regular;
	if (ml.fd >= 0)
		close(ml.fd);
	ml.fd = fd;
	ml.syslog = false;
	strcpy(ml.path, path);
	ml.maxbytes = maxbytes;
	ml.backups = backups;
	ml.level = level;
	ml.size = regular && fstat(fd, &st) == 0 ? st.st_size : 0;
	return 0;
}

int mainlog_clear(void)
{
	if (ml.fd < 0) {
		errno = ENOENT;
		return -1;
	}
	ml.size = 0;
	return ml.regular ? ftruncate(ml.fd, 0) : 0;
}

void mainlog_echo(bool on)
{
	ml.echo = on;
}

void mainlog_to_syslog(enum mainlog_level level)
{
	mainlog_close();
	ml.syslog = true;
	ml.level = level;
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
	bool regular;
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
	fd = safeopen_log(ml.path, true, geteuid(), &regular);
	if (fd < 0)
		return; /* keep writing to the renamed file rather than lose lines */
	ml.regular = regular;
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
	n += (size_t)snprintf(buf + n, len - n, ",%03ld %s ", ts.tv_nsec / 1000000,
			      mainlog_names[level]);
	return n;
}

static size_t mainlog_format(char *line, size_t size, enum mainlog_level level, const char *fmt,
			     va_list ap)
{
	size_t n = mainlog_stamp(line, size, level);
	int m = vsnprintf(line + n, size - n - 1, fmt, ap);

	if (m < 0)
		m = 0;
	n += (size_t)m < size - n - 1 ? (size_t)m : size - n - 2;
	line[n++] = '\n';
	return n;
}

static size_t mainlog_printf(char *line, size_t size, enum mainlog_level level, const char *fmt,
			     ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = mainlog_format(line, size, level, fmt, ap);
	va_end(ap);
	return n;
}

static void mainlog_stderr(const char *line, size_t n)
{
	if (write(STDERR_FILENO, line, n) < 0)
		(void)0; /* nowhere left to report it */
}

/* All of LINE, or false with errno (a short write is retried, so that a
 * full disk shows as ENOSPC). */
static bool mainlog_put(const char *line, size_t n)
{
	bool started = false;

	while (n > 0) {
		ssize_t w = write(ml.fd, line, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			ml.cut = ml.cut || started;
			return false;
		}
		ml.size += w;
		line += w;
		n -= (size_t)w;
		started = true;
	}
	ml.cut = false;
	return true;
}

/* The file refused a line (a full disk): the line goes to stderr instead,
 * and the first refusal says why. */
static void mainlog_refused(const char *line, size_t n, int err)
{
	char note[PATH_MAX + 256];

	if (ml.lost++ == 0)
		mainlog_stderr(note,
			       mainlog_printf(note, sizeof(note), MAINLOG_ERRO,
					      "can't write to log file %s: %s; lines go to stderr "
					      "until it can",
					      ml.path, strerror(err)));
	if (!ml.echo)
		mainlog_stderr(line, n);
}

/* The first line the file takes again is preceded by the count of lines
 * it missed, so a reader of the file knows there is a gap. */
static void mainlog_gap(void)
{
	char note[256];
	size_t n;

	if (ml.lost == 0)
		return;
	note[0] = '\n'; /* ends a line cut short by the full disk */
	n = mainlog_printf(note + ml.cut, sizeof(note) - 1, MAINLOG_WARN,
			   "%lld lines could not be written to this file "
			   "before this one",
			   ml.lost);
	if (mainlog_put(note, n + ml.cut))
		ml.lost = 0;
}

void mainlog(enum mainlog_level level, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	size_t n;

	if (level > ml.level)
		return;
	va_start(ap, fmt);
	n = mainlog_format(line, sizeof(line), level, fmt, ap);
	va_end(ap);
	if (ml.syslog) {
		/* the level and the message: syslog has its own time */
		size_t stamp = strcspn(line, " ") + 1;

		stamp += strcspn(line + stamp, " ") + 1;
		syslogger_lines(mainlog_pri[level], "svcd", line + stamp, n - stamp);
	}
	if ((ml.fd < 0 && !ml.syslog) || ml.echo)
		mainlog_stderr(line, n);
	if (ml.fd < 0)
		return;
	mainlog_gap();
	if (!mainlog_put(line, n))
		mainlog_refused(line, n, errno);
	if (ml.maxbytes > 0 && ml.regular && ml.size >= ml.maxbytes)
		mainlog_rotate();
}
