/* Test helper: waits for an event, never by sleeping a fixed time. The
 * deadline only bounds a failure; the wait ends as soon as the kernel says
 * something changed (inotify for files, a pidfd for processes).
 *
 *   waitfor [-t SECS] log FILE EREGEX [N]   N lines of FILE match (default 1)
 *   waitfor [-t SECS] exists PATH           PATH exists
 *   waitfor [-t SECS] absent PATH           PATH does not exist
 *   waitfor [-t SECS] exit PID...           every PID has exited
 *
 * Exit status 0 when it happened, 1 on the deadline (with a message on
 * stderr), 2 on a usage error. The default deadline is 30 s. With -p PID,
 * a wait for a file also ends, with status 3, when PID exits first (a
 * client that gave up, a daemon that died). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WATCH_MASK \
	(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE \
	 | IN_ATTRIB)

static long long deadline_ms;
static int watch_pidfd = -1; /* -p: give up when this process exits */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int left_ms(void)
{
	long long left = deadline_ms - now_ms();

	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* Watches the folder that holds PATH, so creation, writes, renames and
 * removal of PATH all wake us. */
static int watch_folder(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	if (fd < 0)
		return -1;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (inotify_add_watch(fd, dir, WATCH_MASK) < 0) {
		fprintf(stderr, "waitfor: can't watch %s: %s\n", dir, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Blocks until the watch reports something or the deadline passes;
 * returns 0 on the deadline. */
static int wait_change(int fd)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = watch_pidfd, .events = POLLIN}};
	char buf[4096];
	int n = poll(p, watch_pidfd >= 0 ? 2 : 1, left_ms());

	if (n > 0 && watch_pidfd >= 0 && (p[1].revents & POLLIN))
		exit(3);
	if (n > 0)
		while (read(fd, buf, sizeof(buf)) > 0)
			;
	return n > 0 || (n < 0 && errno == EINTR);
}

/* How far a log has been read: only what was added since is matched, so
 * a wait on a growing log costs its length once, not once per write. A
 * file replaced (another inode) or cut shorter is read again from the
 * start. */
struct scan {
	ino_t ino;
	off_t off;  /* the end of the last complete line read */
	long count; /* complete lines up to off that match */
};

/* The matching lines of PATH now: complete ones counted once, plus the
 * last line when it has no newline yet. */
static long count_lines(const char *path, const regex_t *re, struct scan *sc)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long partial = 0;

	if (!f)
		return 0;
	if (fstat(fileno(f), &st) < 0 || st.st_ino != sc->ino || st.st_size < sc->off)
		*sc = (struct scan){.ino = st.st_ino};
	fseeko(f, sc->off, SEEK_SET);
	while ((len = getline(&line, &cap, f)) > 0) {
		bool whole = line[len - 1] == '\n';

		if (whole) {
			line[len - 1] = '\0';
			sc->off += len; /* a partial last line is read again next time */
		}
		if (regexec(re, line, 0, NULL, 0) == 0)
			*(whole ? &sc->count : &partial) += 1;
	}
	free(line);
	fclose(f);
	return sc->count + partial;
}

static int wait_log(const char *path, const char *pattern, long want)
{
	struct scan sc = {0};
	regex_t re;
	long got;
	int fd, rc = 1;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		fprintf(stderr, "waitfor: bad regular expression '%s'\n", pattern);
		return 2;
	}
	fd = watch_folder(path);
	if (fd < 0) {
		regfree(&re);
		return 1;
	}
	/* the watch is set before the first count, so no write is missed */
	while ((got = count_lines(path, &re, &sc)) < want) {
		if (!wait_change(fd)) {
			fprintf(stderr, "waitfor: timed out: %ld of %ld lines of %s match '%s'\n",
				got, want, path, pattern);
			goto done;
		}
	}
	rc = 0;
done:
	regfree(&re);
	close(fd);
	return rc;
}

static int wait_path(const char *path, int want_exists)
{
	struct stat st;
	int fd = watch_folder(path);

	if (fd < 0)
		return 1;
	while ((lstat(path, &st) == 0) != want_exists) {
		if (!wait_change(fd)) {
			fprintf(stderr, "waitfor: timed out: %s %s\n", path,
				want_exists ? "does not exist" : "still exists");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}

/* A pidfd becomes readable when the process exits, zombie or reaped, so a
 * child of the calling shell that nobody reaps yet counts as gone. */
static int wait_exit(char **pids, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		long pid = strtol(pids[i], NULL, 10);
		int fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r;

		if (pid <= 0) {
			fprintf(stderr, "waitfor: bad pid '%s'\n", pids[i]);
			return 2;
		}
		if (fd < 0) {
			if (errno == ESRCH)
				continue;
			fprintf(stderr, "waitfor: pidfd_open %ld: %s\n", pid, strerror(errno));
			return 1;
		}
		do
			r = poll(&p, 1, left_ms());
		while (r < 0 && errno == EINTR);
		close(fd);
		if (r <= 0) {
			fprintf(stderr, "waitfor: timed out: pid %ld still runs\n", pid);
			return 1;
		}
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: waitfor [-t SECS] [-p PID] log FILE EREGEX [N] | exists PATH | "
		"absent PATH | exit PID...\n");
	return 2;
}

int main(int argc, char **argv)
{
	double secs = 30;
	int i = 1;

	while (i + 1 < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-t") == 0) {
			secs = strtod(argv[i + 1], NULL);
		} else if (strcmp(argv[i], "-p") == 0) {
			watch_pidfd = (int)syscall(SYS_pidfd_open, (pid_t)atol(argv[i + 1]), 0);
			if (watch_pidfd < 0)
				return 3;
		} else {
			return usage();
		}
		i += 2;
	}
	deadline_ms = now_ms() + (long long)(secs * 1000);
	if (i >= argc)
		return usage();
	if (strcmp(argv[i], "log") == 0 && (argc - i == 3 || argc - i == 4))
		return wait_log(argv[i + 1], argv[i + 2], argc - i == 4 ? atol(argv[i + 3]) : 1);
	if (strcmp(argv[i], "exists") == 0 && argc - i == 2)
		return wait_path(argv[i + 1], 1);
	if (strcmp(argv[i], "absent") == 0 && argc - i == 2)
		return wait_path(argv[i + 1], 0);
	if (strcmp(argv[i], "exit") == 0 && argc - i >= 2)
		return wait_exit(argv + i + 1, argc - i - 1);
	return usage();
}
