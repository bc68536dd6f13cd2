/* Starting a child: the checks supervisord makes before forking (with its
 * error texts), then fork, a process group of its own, output pipes,
 * user, directory, umask and environment, and exec without a shell. */
#ifndef SVC_SPAWN_H
#define SVC_SPAWN_H

#include <stddef.h>
#include <sys/types.h>
#include "conf.h"

/* Starts P. Returns the child's pid with the read ends of its stdout and
 * stderr pipes in *OUT_R and *ERR_R (-1 when that stream is discarded or
 * merged). On failure returns -1 with supervisord's spawnerr text in ERR
 * (for example "can't find command 'foo'"). */
pid_t spawn_proc(const struct conf_proc *p, int *out_r, int *err_r, char *err, size_t errlen);

/* Finds P's command as execve needs it: argv[0] when it holds a '/', else
 * searched in P's PATH. Returns 0, or -1 with the spawnerr text in ERR. */
int spawn_resolve(const struct conf_proc *p, char *path, size_t pathlen, char *err, size_t errlen);

#endif
