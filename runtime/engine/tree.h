/* Process trees (language.md §6). When svcd finds a writable cgroup v2
 * hierarchy, each process runs in a cgroup of its own (under one of
 * svcd's, named svcd-PID): `killtree` is a write to its cgroup.kill, the
 * usage comes from its cpu.stat and its members' memory, and `memory` is
 * its memory.max where the memory controller can be enabled. Without one
 * (or with SVC_NO_CGROUP=1 in svcd's environment), a process's tree is
 * its Unix session (every child is spawned with setsid) and the orphans
 * svcd inherits as a subreaper that still carry its name in their
 * environment (SUPERVISOR_PROCESS_NAME); the usage then comes from /proc. */
#ifndef SVC_TREE_H
#define SVC_TREE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Looks for the hierarchy; once, before the first table is loaded. */
void tree_detect(void);
/* True when processes get cgroups; true when memory.max can be set. */
bool tree_cgroups(void);
bool tree_memory(void);
/* "cgroup v2 at PATH" or "no cgroups (process sessions)", for the log. */
const char *tree_mode(void);

/* The cgroup.procs of NAME's cgroup, made if missing, opened for the
 * child to write itself into; with MEMORY > 0 its memory.max set first.
 * Returns the fd (close-on-exec), or -1 (no cgroups, or it failed: the
 * child then runs in svcd's cgroup, and svcd says so once). */
int tree_open(const char *name, uint64_t memory);

/* Kills (SIGKILL) whatever is left of NAME's tree, whose main process
 * SID has exited. Returns how many processes were found (0 when the
 * cgroup's count is unknown). */
int tree_kill(const char *name, pid_t sid);

struct tree_usage {
	double cpu;   /* seconds of CPU, user and system */
	uint64_t rss; /* bytes resident */
	int procs;    /* processes counted */
};
/* The usage of NAME's tree, whose main process is PID (0: none): its
 * cgroup's, or without cgroups the main process's own (its children's
 * CPU counted once it has reaped them). */
void tree_usage(const char *name, pid_t pid, struct tree_usage *u);

/* The pid of PID's parent, from /proc; 0 when it is gone. */
pid_t tree_parent(pid_t pid);

/* Removes NAME's cgroup (empty by now), and at exit svcd's own. */
void tree_remove(const char *name);
void tree_cleanup(void);

#endif
