/* Atomic file output: a reader of PATH sees the old file or the new one,
 * never a half-written one (temporary file in the same folder, fsync,
 * rename; the temporary is removed on failure). */
#ifndef SVC_ATOMIC_H
#define SVC_ATOMIC_H

#include <stddef.h>

/* Replaces PATH with LEN bytes at BUF, mode 0666 less the umask. Returns 0,
 * or -1 with "cannot write PATH: reason" in ERR (ERRLEN bytes). */
int atomic_write(const char *path, const void *buf, size_t len, char *err, size_t errlen);
/* The same with MODE (-1: 0666 less the umask); errno is kept for the
 * caller too. */
int atomic_write_mode(const char *path, const void *buf, size_t len, int mode, char *err,
		      size_t errlen);

#endif
