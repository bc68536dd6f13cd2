/* Child output: the read ends of a child's stdout/stderr pipes, drained
 * without blocking into log files rotated at maxbytes (FILE.1 .. FILE.N),
 * cut exactly at the limit so that no byte is lost or duplicated. */
#ifndef SVC_LOGPIPE_H
#define SVC_LOGPIPE_H

#include <stdbool.h>
#include <sys/types.h>
#include "capture.h"
#include "events.h"
#include "loop.h"

/* A log file; path NULL means the output is discarded. The path is borrowed
 * (it lives in the configuration). */
struct logfile {
	const char *path;
	long long maxbytes; /* 0: never rotate */
	int backups;
	uid_t uid; /* the user the log is for (safeopen.h) */
	gid_t gid;
	int fd;       /* -1 until first needed */
	bool regular; /* a regular file: the only kind rotated */
	long long size;
	int werr;       /* errno of the last failed write; 0: writing works */
	long long lost; /* bytes dropped since werr was set */
};

struct logpipe {
	struct loop_src src; /* src.fd: the pipe's read end, -1 when closed */
	struct loop *loop;
	struct logfile *file;
	struct ev_ring *events; /* chunks are published here when wanted */
	uint64_t proc;          /* the process's id, for the events */
	int stream;             /* 1 stdout, 2 stderr */
	/* also given every chunk when set: an event listener's protocol */
	void (*tap)(void *arg, const char *buf, size_t len);
	void *tap_arg;
	/* also given every chunk when set, the events unchanged: ready log */
	void (*watch)(void *arg, const char *buf, size_t len);
	void *watch_arg;
	const char *name;        /* the process's, for the main log */
	bool syslog;             /* each line to syslog too */
	struct capture *capture; /* capture mode, or NULL */
};

void logfile_init(struct logfile *f, const char *path, long long maxbytes, int backups);
/* The log is written for UID/GID (default svcd's own user): a file planted
 * by anyone else at its path is refused, and a folder others may write to
 * is reported in the main log. */
void logfile_owner(struct logfile *f, uid_t uid, gid_t gid);
/* Says in the main log when others than root, svcd's user and the log's
 * user may write to the log's folder. Made when the configuration is
 * taken (it looks up user names), never in the loop's steady work. */
void logfile_check_folder(const struct logfile *f);
/* Opens (append, create) when not open yet, through safeopen_log().
 * Returns 0, or -1 with errno. */
int logfile_open(struct logfile *f);
/* Empties the log (clearProcessLogs), through its own fd when open.
 * Returns 0, or -1 with errno. */
int logfile_clear(struct logfile *f);
void logfile_close(struct logfile *f);
/* Appends all of BUF, rotating as many times as the size limit asks. */
void logfile_write(struct logfile *f, const char *buf, size_t len);

void logpipe_init(struct logpipe *p);
/* Watches RFD (made non-blocking, owned from now on) and copies what arrives
 * into FILE. An earlier pipe still open is drained and closed first. */
int logpipe_start(struct logpipe *p, struct loop *l, int rfd, struct logfile *file);
/* Copies whatever is readable now, then closes the pipe. */
void logpipe_close(struct logpipe *p);
bool logpipe_is_open(const struct logpipe *p);

#endif
