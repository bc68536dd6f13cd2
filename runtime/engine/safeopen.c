/* Log files opened without following what others may have planted; see
 * safeopen.h. Checks are made on the opened fd (fstat), never on the path
 * before opening, so nothing can be swapped in between. */
#include "safeopen.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool safeopen_trusted_uid(uid_t who, uid_t uid)
{
	return who == 0 || who == geteuid() || who == uid;
}

/* Character devices need root to make; a file or FIFO that someone else
 * made at the path would hand them the output, so its owner must be root,
 * svcd's user or the user the log is for. */
static int safeopen_kind(const struct stat *st, uid_t uid)
{
	if (S_ISCHR(st->st_mode))
		return 0;
	if (!S_ISREG(st->st_mode) && !S_ISFIFO(st->st_mode))
		return EINVAL;
	return safeopen_trusted_uid(st->st_uid, uid) ? 0 : EPERM;
}

/* Opens PATH with FLAGS (never through a symlink at its end, never
 * blocking on a FIFO) and checks what was opened with CHECK. Returns the
 * fd, or -1 with errno. */
static int safeopen_checked(const char *path, int flags, int (*check)(const struct stat *, uid_t),
			    uid_t uid, struct stat *st)
{
	int fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
		      SAFEOPEN_LOG_MODE),
	    e;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0)
		e = errno;
	else if ((e = check(st, uid)) == 0)
		return fd;
	close(fd);
	errno = e;
	return -1;
}

static int safeopen_regular(const struct stat *st, uid_t uid)
{
	return S_ISREG(st->st_mode) ? safeopen_kind(st, uid) : EINVAL;
}

static int safeopen_any_regular(const struct stat *st, uid_t uid)
{
	(void)uid;
	return S_ISREG(st->st_mode) ? 0 : EINVAL;
}

int safeopen_log(const char *path, bool trunc, uid_t uid, bool *regular)
{
	struct stat st;
	int fd;

	if (regular)
		*regular = false;
	/* symlinks on Linux, but named on purpose: svcd's own streams */
	if (strcmp(path, "/dev/stdout") == 0)
		return fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (strcmp(path, "/dev/stderr") == 0)
		return fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	/* O_NONBLOCK: a FIFO with no reader fails (ENXIO) instead of hanging
	   svcd, and a full one drops bytes instead of blocking the loop */
	fd = safeopen_checked(path, O_WRONLY | O_APPEND | O_CREAT, safeopen_kind, uid, &st);
	if (fd < 0 || !S_ISREG(st.st_mode))
		return fd;
	if (trunc && ftruncate(fd, 0) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	fcntl(fd, F_SETFL, O_APPEND); /* blocking again: a disk, not a pipe */
	if (regular)
		*regular = true;
	return fd;
}

int safeopen_read(const char *path)
{
	struct stat st;

	return safeopen_checked(path, O_RDONLY, safeopen_any_regular, 0, &st);
}

int safeopen_truncate(const char *path, uid_t uid)
{
	struct stat st;
	int fd = safeopen_checked(path, O_WRONLY, safeopen_regular, uid, &st), rc, e;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = ftruncate(fd, 0);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

bool safeopen_folder_open_to_others(const char *path, uid_t uid, gid_t gid, char *why,
				    size_t whylen)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!slash || strncmp(path, "/dev/", 5) == 0)
		return false;
	snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (stat(dir, &st) < 0)
		return false;
	if (!safeopen_trusted_uid(st.st_uid, uid)) {
		struct passwd *pw = getpwuid(st.st_uid);

		if (pw)
			snprintf(why, whylen, "%s is owned by %s", dir, pw->pw_name);
		else
			snprintf(why, whylen, "%s is owned by uid %d", dir, (int)st.st_uid);
		return true;
	}
	/* a sticky folder (/tmp) lets others create files, not replace ours */
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		snprintf(why, whylen, "everyone may write to %s", dir);
		return true;
	}
	if ((st.st_mode & S_IWGRP) && !(st.st_mode & S_ISVTX) && st.st_gid != 0
	    && st.st_gid != gid) {
		struct group *gr = getgrgid(st.st_gid);

		if (gr)
			snprintf(why, whylen, "group %s may write to %s", gr->gr_name, dir);
		else
			snprintf(why, whylen, "gid %d may write to %s", (int)st.st_gid, dir);
		return true;
	}
	return false;
}
