/* Child output into rotated log files. One shared read buffer, sized once;
 * each wake-up reads a bounded amount so that one chatty child cannot starve
 * the loop (epoll is level-triggered and calls again). */
#include "logpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mainlog.h"
#include "safeopen.h"
#include "syslogger.h"

#define LOGPIPE_BUF            (64 * 1024)
#define LOGPIPE_READS_PER_WAKE 8

static char logpipe_buf[LOGPIPE_BUF];

void logfile_init(struct logfile *f, const char *path, long long maxbytes, int backups)
{
	f->path = path;
	f->maxbytes = maxbytes;
	f->backups = backups;
	f->uid = geteuid();
	f->gid = getegid();
	f->fd = -1;
	f->regular = false;
	f->size = 0;
	f->werr = 0;
	f->lost = 0;
}

void logfile_owner(struct logfile *f, uid_t uid, gid_t gid)
{
	f->uid = uid;
	f->gid = gid;
}

/* Not said again for a folder just named: the output still goes there,
 * but whoever may write to the folder could have planted what receives
 * it. */
void logfile_check_folder(const struct logfile *f)
{
	static char said[8][PATH_MAX];
	static unsigned next;
	const char *slash = f->path ? strrchr(f->path, '/') : NULL;
	size_t len = slash ? (size_t)(slash - f->path) : 0;
	char why[512];

	if (!slash)
		return;
	for (unsigned i = 0; i < 8; i++)
		if (len < PATH_MAX && strncmp(said[i], f->path, len) == 0 && said[i][len] == '\0')
			return;
	if (!safeopen_folder_open_to_others(f->path, f->uid, f->gid, why, sizeof(why)))
		return;
	mainlog_warn("the folder of log file %s is open to others (%s): they could "
		     "plant what receives the output of its logs",
		     f->path, why);
	if (len < PATH_MAX)
		snprintf(said[next++ % 8], PATH_MAX, "%.*s", (int)len, f->path);
}

int logfile_open(struct logfile *f)
{
	struct stat st;

	if (f->fd >= 0 || f->path == NULL)
		return 0;
	f->fd = safeopen_log(f->path, false, f->uid, &f->regular);
	if (f->fd < 0)
		return -1;
	f->size = f->regular && fstat(f->fd, &st) == 0 ? st.st_size : 0;
	return 0;
}

int logfile_clear(struct logfile *f)
{
	f->size = 0;
	if (!f->path)
		return 0;
	if (f->fd >= 0)
		return f->regular ? ftruncate(f->fd, 0) : 0;
	return safeopen_truncate(f->path, f->uid);
}

void logfile_close(struct logfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static void logfile_rotate(struct logfile *f)
{
	char from[PATH_MAX + 16], to[PATH_MAX + 16];
	int i;

	for (i = f->backups - 1; i >= 1; i--) {
		snprintf(from, sizeof(from), "%s.%d", f->path, i);
		snprintf(to, sizeof(to), "%s.%d", f->path, i + 1);
		rename(from, to);
	}
	if (f->backups > 0) {
		snprintf(to, sizeof(to), "%s.1", f->path);
		rename(f->path, to);
	}
	close(f->fd);
	/* with no backups the file starts again empty, as supervisord does */
	f->fd = safeopen_log(f->path, true, f->uid, &f->regular);
	f->size = 0;
}

/* A full disk must not stop the child or svcd: the bytes are dropped, and
 * the main log says so once when it starts and once when it ends. */
static void logfile_lose(struct logfile *f, int err, size_t len)
{
	if (f->werr == 0)
		mainlog_warn("can't write to log file %s: %s; its output is "
			     "dropped until it can",
			     f->path, strerror(err));
	f->werr = err;
	f->lost += (long long)len;
}

static void logfile_wrote(struct logfile *f)
{
	if (f->werr == 0)
		return;
	mainlog_warn("writing to log file %s again; %lld bytes were dropped", f->path, f->lost);
	f->werr = 0;
	f->lost = 0;
}

static void logfile_put(struct logfile *f, const char *buf, size_t len)
{
	while (len > 0 && f->fd >= 0) {
		ssize_t n = write(f->fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			logfile_lose(f, errno, len);
			return;
		}
		logfile_wrote(f);
		f->size += n;
		buf += n;
		len -= (size_t)n;
	}
}

void logfile_write(struct logfile *f, const char *buf, size_t len)
{
	if (f->path == NULL)
		return;
	if (logfile_open(f) < 0) {
		logfile_lose(f, errno, len);
		return;
	}
	while (len > 0) {
		size_t chunk = len;

		if (f->maxbytes > 0 && f->regular) {
			if (f->size >= f->maxbytes)
				logfile_rotate(f);
			if ((long long)chunk > f->maxbytes - f->size)
				chunk = (size_t)(f->maxbytes - f->size);
		}
		logfile_put(f, buf, chunk);
		if (f->fd < 0) { /* reopening after the rotation failed */
			logfile_lose(f, errno, len);
			return;
		}
		buf += chunk;
		len -= chunk;
	}
}

void logpipe_init(struct logpipe *p)
{
	p->src.fd = -1;
	p->src.fn = NULL;
	p->loop = NULL;
	p->file = NULL;
	p->events = NULL;
	p->proc = 0;
	p->stream = 0;
	p->tap = NULL;
	p->tap_arg = NULL;
	p->watch = NULL;
	p->watch_arg = NULL;
	p->name = "";
	p->syslog = false;
	p->capture = NULL;
}

static const char *logpipe_channel(const struct logpipe *p)
{
	return p->stream == 2 ? "stderr" : "stdout";
}

/* supervisord's _log: output outside a captured block goes to the file
 * (and a listener's protocol); all of it to the PROCESS_LOG events. */
static void logpipe_log(void *arg, const char *buf, size_t len, bool inside)
{
	struct logpipe *p = arg;

	if (!inside) {
		logfile_write(p->file, buf, len);
		if (p->syslog)
			syslogger_lines(p->stream == 2 ? LOG_ERR : LOG_INFO, p->name, buf, len);
		if (p->tap)
			p->tap(p->tap_arg, buf, len);
		if (p->watch)
			p->watch(p->watch_arg, buf, len);
	}
	mainlog_debug("'%s' %s output:\n%.*s", p->name, logpipe_channel(p), (int)len, buf);
	/* a listener's stdout is its protocol: supervisord logs no event of it */
	if (p->events && !p->tap)
		ev_publish_log(p->events, p->proc, p->stream, buf, len);
}

static void logpipe_emit(void *arg, const char *buf, size_t len)
{
	struct logpipe *p = arg;

	if (p->events)
		ev_publish_comm(p->events, p->proc, p->stream, buf, len);
	mainlog_debug("'%s' %s emitted a comm event", p->name, logpipe_channel(p));
}

static void logpipe_take(struct logpipe *p, const char *buf, size_t len)
{
	const struct capture_out out = {logpipe_log, logpipe_emit, p};

	if (p->capture)
		capture_feed(p->capture, buf, len, &out);
	else
		logpipe_log(p, buf, len, false);
}

bool logpipe_is_open(const struct logpipe *p)
{
	return p->src.fd >= 0;
}

/* Returns false once the pipe reached end of file or failed. */
static bool logpipe_pump(struct logpipe *p, int rounds)
{
	while (rounds-- > 0) {
		ssize_t n = read(p->src.fd, logpipe_buf, sizeof(logpipe_buf));

		if (n > 0) {
			logpipe_take(p, logpipe_buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && errno == EAGAIN;
	}
	return true;
}

static void logpipe_shut(struct logpipe *p)
{
	const struct capture_out out = {logpipe_log, logpipe_emit, p};

	if (p->capture)
		capture_flush(p->capture, &out);
	loop_del(p->loop, &p->src);
	close(p->src.fd);
	p->src.fd = -1;
}

static void logpipe_ready(struct loop_src *src, uint32_t events)
{
	struct logpipe *p = (struct logpipe *)src;

	(void)events;
	if (!logpipe_pump(p, LOGPIPE_READS_PER_WAKE))
		logpipe_shut(p);
}

void logpipe_close(struct logpipe *p)
{
	if (p->src.fd < 0)
		return;
	/* a grandchild may hold the write end forever: take what is there */
	logpipe_pump(p, 1024);
	logpipe_shut(p);
}

int logpipe_start(struct logpipe *p, struct loop *l, int rfd, struct logfile *file)
{
	logpipe_close(p);
	fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
	fcntl(rfd, F_SETFD, FD_CLOEXEC);
	p->src.fd = rfd;
	p->src.fn = logpipe_ready;
	p->loop = l;
	p->file = file;
	if (loop_add(l, &p->src, EPOLLIN) < 0) {
		close(rfd);
		p->src.fd = -1;
		return -1;
	}
	return 0;
}
