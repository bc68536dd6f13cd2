/* Opening files at paths that someone else may be able to write to: the
 * log files of services that run as other users. svcd runs as root, so a
 * symlink or FIFO planted at a predictable log name must never make it
 * write, read or truncate a file the planter could not. */
#ifndef SVC_SAFEOPEN_H
#define SVC_SAFEOPEN_H

#include <stdbool.h>
#include <sys/types.h>

/* The mode of a log file svcd creates (before svcd's umask): readable by
 * its group, never by everyone. */
#define SAFEOPEN_LOG_MODE 0640

/* Opens PATH to append to, creating it with SAFEOPEN_LOG_MODE (and emptying
 * it first when TRUNC), for a log written for user UID. A symlink at the
 * end of PATH is refused (ELOOP), as is anything but a regular file, a FIFO
 * or a character device (EINVAL), and a file or FIFO owned by someone
 * other than root, svcd's user or UID (EPERM). /dev/stdout and
 * /dev/stderr, symlinks on Linux, name svcd's own streams and give a
 * duplicate of them. *REGULAR (when not NULL) says whether it is a regular
 * file, the only kind that is rotated. Returns the fd, or -1 with errno. */
int safeopen_log(const char *path, bool trunc, uid_t uid, bool *regular);

/* Opens PATH to read a log back: no symlink at its end, a regular file
 * only. Returns the fd, or -1 with errno. */
int safeopen_read(const char *path);

/* Empties the regular file PATH, a log for UID, through an fd opened and
 * checked as safeopen_log does; a missing file is already empty. Returns
 * 0, or -1 with errno. */
int safeopen_truncate(const char *path, uid_t uid);

/* Whether someone other than root, svcd's user and UID/GID could replace
 * files in the folder holding PATH; if so, writes who into WHY. */
bool safeopen_folder_open_to_others(const char *path, uid_t uid, gid_t gid, char *why,
				    size_t whylen);

#endif
