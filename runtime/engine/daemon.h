/* Becoming a daemon: detaching from the terminal, and the pidfile, which
 * also keeps a second svcd from starting over a live one. */
#ifndef SVC_DAEMON_H
#define SVC_DAEMON_H

#include <stddef.h>
#include <sys/types.h>

/* Returns -1 with a message in ERR when PATH names a live svcd; a stale
 * pidfile (no such process, or not an svcd) is fine. */
int daemon_check_pidfile(const char *path, char *err, size_t errlen);
/* Writes our pid (temp file + rename). Returns 0, or -1 with errno. */
int daemon_write_pidfile(const char *path);
/* Removes PATH if it still holds our pid. */
void daemon_remove_pidfile(const char *path);

/* Forks; the parent waits until the child calls daemon_ready and exits
 * with the status given there (or 1 if the child died first). Returns, in
 * the child, a descriptor for daemon_ready, in its own session, stdio on
 * /dev/null; -1 when the fork failed. */
int daemon_detach(void);
void daemon_ready(int fd, int status);

#endif
