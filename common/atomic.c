/* Atomic file output: write a temporary file beside the target, flush it to
 * disk, then rename it over the target so readers never see a partial file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "atomic.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The rename is only durable once the folder itself is flushed. */
static void sync_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static mode_t file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

int atomic_write(const char *path, const void *buf, size_t len, char *err, size_t errlen)
{
	return atomic_write_mode(path, buf, len, -1, err, errlen);
}

int atomic_write_mode(const char *path, const void *buf, size_t len, int mode, char *err,
		      size_t errlen)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof ".tmp.XXXXXX");
	int fd = -1, saved;

	if (!tmp) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail_open;
	if (fchmod(fd, mode < 0 ? file_mode() : (mode_t)mode) || write_all(fd, buf, len)
	    || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	sync_dir(path);
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_open:
	saved = errno;
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	free(tmp);
	errno = saved;
	return -1;
}
