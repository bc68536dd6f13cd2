/* Starting a child: the checks supervisord makes before forking (with its
 * error texts), then fork, a session (so a process group) of its own, its
 * cgroup (tree.h), its limits, nice and oom_score_adj, output pipes,
 * user, directory, umask and environment, and exec without a shell. */
#ifndef SVC_SPAWN_H
#define SVC_SPAWN_H

#include <stddef.h>
#include <sys/types.h>
#include "conf.h"

/* svcd's ends of a child's pipes; -1 for none. */
struct spawn_fds {
	int in_w;   /* the child's standard input, as in supervisord a pipe */
	int out_r;  /* its stdout: a pipe unless discarded (always for a listener) */
	int err_r;  /* its stderr: a pipe unless discarded or merged */
	int note_r; /* ready notify: the pipe on its descriptor ready.fd */
};

/* Starts P. Returns the child's pid with svcd's ends of its pipes in *FDS
 * (close-on-exec). On failure returns -1 with supervisord's spawnerr text
 * in ERR (for example "can't find command 'foo'"). */
pid_t spawn_proc(const struct conf_proc *p, struct spawn_fds *fds, char *err, size_t errlen);

/* Starts ARGV (an exec probe of P) as P would run: its user, folder,
 * umask and environment, its own session, standard streams on
 * /dev/null. Returns the pid, or -1 with why in ERR. */
pid_t spawn_probe(const struct conf_proc *p, char **argv, char *err, size_t errlen);

/* Finds P's command as execve needs it: argv[0] when it holds a '/', else
 * searched in P's PATH. Returns 0, or -1 with the spawnerr text in ERR. */
int spawn_resolve(const struct conf_proc *p, char *path, size_t pathlen, char *err, size_t errlen);

#endif
