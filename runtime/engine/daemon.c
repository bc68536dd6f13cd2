/* Detach and pidfile. The parent of a detaching svcd returns only once the
 * daemon has got as far as running (or failed), so an init script's exit
 * status means something. */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common/atomic.h"

static pid_t daemon_read_pid(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (pid_t)strtol(buf, NULL, 10);
}

/* The process PID runs a program named svcd (also under a sanitizer). */
static int daemon_is_svcd(pid_t pid)
{
	char path[64], comm[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	comm[n] = '\0';
	return strncmp(comm, "svcd", 4) == 0;
}

int daemon_check_pidfile(const char *path, char *err, size_t errlen)
{
	pid_t pid = daemon_read_pid(path);

	if (pid <= 0 || pid == getpid())
		return 0;
	if (kill(pid, 0) < 0 && errno != EPERM)
		return 0;
	if (!daemon_is_svcd(pid))
		return 0;
	snprintf(err, errlen, "another svcd is already running with pid %d (pidfile %s)", (int)pid,
		 path);
	return -1;
}

/* Atomically (common/atomic.h): a fresh temporary beside the pidfile
 * (mkostemp: O_EXCL, so a planted symlink or file is never followed or
 * truncated), flushed, then renamed over it, so a reader sees the old pid
 * or the new one, never nothing. */
int daemon_write_pidfile(const char *path)
{
	char buf[32], err[PATH_MAX + 64];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	return atomic_write_mode(path, buf, (size_t)n, 0644, err, sizeof(err));
}

void daemon_remove_pidfile(const char *path)
{
	if (daemon_read_pid(path) == getpid())
		unlink(path);
}

int daemon_detach(void)
{
	int fds[2], null;
	unsigned char status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &status, 1) != 1)
			_exit(1);
		_exit(status);
	}
	close(fds[0]);
	setsid();
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	return fds[1];
}

void daemon_ready(int fd, int status)
{
	unsigned char c = (unsigned char)status;

	if (fd < 0)
		return;
	if (write(fd, &c, 1) < 0)
		(void)0; /* the parent is gone: nobody to tell */
	close(fd);
}
