/* Process trees. The cgroup of a process is BASE/NAME, BASE being
 * svcd-PID under svcd's own cgroup; the child writes itself into
 * cgroup.procs before it execs, so that nothing it forks escapes. */
#include "tree.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "mainlog.h"

/* room for a cgroup path and a file name in it */
#define TREE_PATH (2 * PATH_MAX)

/* The start of a small file (/proc, cgroupfs) into BUF, NUL-terminated.
 * False when it can't be read or is empty. */
static bool tree_slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* DIR/FILE into OUT; false when it does not fit. */
static bool tree_join(char *out, size_t len, const char *dir, const char *file)
{
	return (size_t)snprintf(out, len, "%s/%s", dir, file) < len;
}

static struct {
	bool detected, on, memory, made, warned;
	char own[PATH_MAX];       /* svcd's cgroup, as a path */
	char base[PATH_MAX + 32]; /* own/svcd-PID, once made */
	char mode[PATH_MAX + 96];
} tree;

/* The mount point of the cgroup2 hierarchy, from mountinfo. */
static bool tree_mount(char *mnt, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char root[PATH_MAX], point[PATH_MAX];
		const char *dash = strstr(line, " - ");

		if (!dash || strncmp(dash, " - cgroup2 ", 11) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %4095s %4095s", root, point) == 2
		    && strcmp(root, "/") == 0 && strlen(point) < len) {
			snprintf(mnt, len, "%s", point);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* svcd's own cgroup v2 path ("0::/x/y"). */
static bool tree_self(char *path, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, len, "%s", strcmp(line + 3, "/") == 0 ? "" : line + 3);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static bool tree_file_has(const char *dir, const char *file, const char *word)
{
	char path[TREE_PATH], buf[1024];

	if (!tree_join(path, sizeof(path), dir, file) || !tree_slurp(path, buf, sizeof(buf)))
		return false;
	for (char *w = strtok(buf, " \n"); w; w = strtok(NULL, " \n")) {
		if (strcmp(w, word) == 0)
			return true;
	}
	return false;
}

void tree_detect(void)
{
	char mnt[PATH_MAX], self[PATH_MAX];
	const char *off = getenv("SVC_NO_CGROUP");

	tree.detected = true;
	snprintf(tree.mode, sizeof(tree.mode), "no cgroups (process sessions)");
	if ((off && strcmp(off, "1") == 0) || !tree_mount(mnt, sizeof(mnt))
	    || !tree_self(self, sizeof(self))
	    || (size_t)snprintf(tree.own, sizeof(tree.own), "%s%s", mnt, self) >= sizeof(tree.own)
	    || access(tree.own, W_OK) < 0)
		return;
	tree.on = true;
	/* memory.max needs the controller delegated to svcd's cgroup */
	tree.memory = tree_file_has(tree.own, "cgroup.subtree_control", "memory");
	snprintf(tree.mode, sizeof(tree.mode), "cgroup v2 at %s%s", tree.own,
		 tree.memory ? " with the memory controller" : "");
}

bool tree_cgroups(void)
{
	return tree.on;
}

bool tree_memory(void)
{
	return tree.memory;
}

const char *tree_mode(void)
{
	return tree.mode;
}

static bool tree_write(const char *dir, const char *file, const char *text)
{
	char path[TREE_PATH];
	int fd;
	bool ok;

	if (!tree_join(path, sizeof(path), dir, file))
		return false;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

/* Empty cgroups of svcds that are gone (SIGKILLed, or their machine
 * rebooted without cleaning): a cgroup with members refuses rmdir. */
static void tree_sweep(void)
{
	DIR *d = opendir(tree.own);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char dir[TREE_PATH];
		int pid;
		DIR *sub;

		if (sscanf(e->d_name, "svcd-%d-", &pid) != 1 || pid == getpid()
		    || (kill(pid, 0) == 0 || errno != ESRCH)
		    || !tree_join(dir, sizeof(dir), tree.own, e->d_name) || !(sub = opendir(dir)))
			continue;
		for (struct dirent *c; (c = readdir(sub));) {
			char leaf[TREE_PATH];

			if (c->d_type == DT_DIR && c->d_name[0] != '.'
			    && tree_join(leaf, sizeof(leaf), dir, c->d_name))
				rmdir(leaf);
		}
		closedir(sub);
		rmdir(dir);
	}
	closedir(d);
}

/* svcd-PID-RANDOM, made the first time a child needs it (after svcd
 * detached), and never one that exists: two svcds in two pid namespaces
 * can have the same pid. */
static bool tree_base(void)
{
	unsigned char r[4] = {0};

	if (tree.made)
		return true;
	tree_sweep();
	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		memcpy(r, &(int){(int)time(NULL)}, sizeof(r));
	snprintf(tree.base, sizeof(tree.base), "%s/svcd-%d-%02x%02x%02x%02x", tree.own,
		 (int)getpid(), r[0], r[1], r[2], r[3]);
	if (mkdir(tree.base, 0755) < 0)
		return false;
	if (tree.memory)
		tree_write(tree.base, "cgroup.subtree_control", "+memory");
	tree.made = true;
	return true;
}

static void tree_warn_once(const char *name, const char *what)
{
	if (tree.warned)
		return;
	tree.warned = true;
	mainlog_warn("can't give '%s' a cgroup of its own (%s: %s): it runs in svcd's", name, what,
		     strerror(errno));
}

int tree_open(const char *name, uint64_t memory)
{
	char dir[TREE_PATH], max[32];
	int fd;

	if (!tree.on)
		return -1;
	if (!tree_base()) {
		tree_warn_once(name, tree.base);
		return -1;
	}
	if (!tree_join(dir, sizeof(dir), tree.base, name))
		return -1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		tree_warn_once(name, dir);
		return -1;
	}
	if (memory > 0) {
		snprintf(max, sizeof(max), "%llu", (unsigned long long)memory);
		if (!tree_write(dir, "memory.max", max))
			mainlog_error("can't set memory.max of '%s': %s", name, strerror(errno));
	}
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/cgroup.procs");
	fd = open(dir, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		tree_warn_once(name, dir);
	return fd;
}

/* Fields of /proc/PID/stat after the command: ppid, session, utime, stime. */
struct tree_stat {
	pid_t ppid, session;
	unsigned long long utime, stime;
};

static bool tree_stat(pid_t pid, struct tree_stat *st)
{
	char path[64], buf[1024], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!tree_slurp(path, buf, sizeof(buf)))
		return false;
	/* "pid (comm) state ppid ...": comm may hold anything, even ") " */
	p = strrchr(buf, ')');
	return p
		&& sscanf(p + 1, " %*c %d %*d %d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &st->ppid,
			  &st->session, &st->utime, &st->stime)
		== 4;
}

/* True when PID's environment says it belongs to the process NAME. */
static bool tree_tagged(pid_t pid, const char *name)
{
	static const char key[] = "SUPERVISOR_PROCESS_NAME=";
	char path[64], buf[32768];
	size_t klen = sizeof(key) - 1, nlen = strlen(name) + 1; /* its NUL too */
	ssize_t n, i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (i = 0; n > 0 && i < n;) {
		const char *end = memchr(buf + i, '\0', (size_t)(n - i));

		if (!end)
			break;
		if ((size_t)(end - (buf + i)) + 1 == klen + nlen && memcmp(buf + i, key, klen) == 0
		    && memcmp(buf + i + klen, name, nlen) == 0)
			return true;
		i = end - buf + 1;
	}
	return false;
}

pid_t tree_parent(pid_t pid)
{
	struct tree_stat st;

	return tree_stat(pid, &st) ? st.ppid : 0;
}

/* True when PID descends from svcd (a subreaper: orphans are its own). */
static bool tree_ours(pid_t pid)
{
	pid_t self = getpid();
	struct tree_stat st;

	for (int depth = 0; pid > 1 && depth < 64; depth++) {
		if (!tree_stat(pid, &st))
			return false;
		if (st.ppid == self)
			return true;
		pid = st.ppid;
	}
	return false;
}

/* The members of NAME's tree without cgroups: SID's session, and svcd's
 * descendants that carry NAME (a daemon's grandchild after setsid). FN is
 * called for each. */
static int tree_scan(const char *name, pid_t sid,
		     void (*fn)(pid_t, const struct tree_stat *, void *), void *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct tree_stat st;
		pid_t pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)atoi(e->d_name);
		if (pid == self || !tree_stat(pid, &st))
			continue;
		if ((sid > 0 && st.session == sid) || (tree_ours(pid) && tree_tagged(pid, name))) {
			fn(pid, &st, arg);
			found++;
		}
	}
	closedir(d);
	return found;
}

static void tree_kill_one(pid_t pid, const struct tree_stat *st, void *arg)
{
	(void)st;
	(void)arg;
	kill(pid, SIGKILL);
}

static int tree_count_procs(const char *dir)
{
	char path[TREE_PATH], buf[4096];
	int fd, lines = 0;
	ssize_t n;

	if (!tree_join(path, sizeof(path), dir, "cgroup.procs"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	}
	close(fd);
	return lines;
}

int tree_kill(const char *name, pid_t sid)
{
	char dir[TREE_PATH];
	int n;

	if (!tree.on || !tree.made) {
		/* the session's group first: one call for the common case */
		if (sid > 0)
			kill(-sid, SIGKILL);
		return tree_scan(name, sid, tree_kill_one, NULL);
	}
	if (!tree_join(dir, sizeof(dir), tree.base, name))
		return 0;
	/* counted first: the kills below empty it */
	n = tree_count_procs(dir);
	/* all there is of a child that could not join its cgroup */
	if (sid > 0)
		kill(-sid, SIGKILL);
	if (n > 0 && !tree_write(dir, "cgroup.kill", "1"))
		mainlog_error("can't kill what is left of '%s' (cgroup.kill): %s", name,
			      strerror(errno));
	return n;
}

/* cpu.stat's usage_usec. */
static double tree_cg_cpu(const char *dir)
{
	char path[TREE_PATH], line[256];
	FILE *f;
	double cpu = 0;

	if (!tree_join(path, sizeof(path), dir, "cpu.stat"))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long usec;

		if (sscanf(line, "usage_usec %llu", &usec) == 1)
			cpu = (double)usec / 1e6;
	}
	fclose(f);
	return cpu;
}

static uint64_t tree_rss(pid_t pid)
{
	char path[64], buf[256];
	unsigned long long size = 0, res = 0;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if (!tree_slurp(path, buf, sizeof(buf)))
		return 0;
	if (sscanf(buf, "%llu %llu", &size, &res) != 2)
		return 0;
	return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void tree_add(pid_t pid, const struct tree_stat *st, void *arg)
{
	struct tree_usage *u = arg;

	u->cpu += (double)(st->utime + st->stime) / (double)sysconf(_SC_CLK_TCK);
	u->rss += tree_rss(pid);
	u->procs++;
}

void tree_usage(const char *name, pid_t pid, struct tree_usage *u)
{
	char dir[TREE_PATH], path[PATH_MAX + NAME_MAX + 16];
	FILE *f;
	int member;

	memset(u, 0, sizeof(*u));
	if (!tree.on || !tree.made) {
		struct tree_stat st;

		/* a /proc scan per process would make a status call cost the
		   whole machine's process count: the main process alone */
		if (pid > 0 && tree_stat(pid, &st))
			tree_add(pid, &st, u);
		return;
	}
	if (!tree_join(dir, sizeof(dir), tree.base, name))
		return;
	u->cpu = tree_cg_cpu(dir);
	if (!tree_join(path, sizeof(path), dir, "cgroup.procs"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fscanf(f, "%d", &member) == 1) {
		u->rss += tree_rss((pid_t)member);
		u->procs++;
	}
	fclose(f);
}

void tree_remove(const char *name)
{
	char dir[TREE_PATH];

	if (!tree.on || !tree.made)
		return;
	if (!tree_join(dir, sizeof(dir), tree.base, name))
		return;
	rmdir(dir);
}

void tree_cleanup(void)
{
	DIR *d;
	struct dirent *e;

	if (!tree.made)
		return;
	d = opendir(tree.base);
	if (d) {
		while ((e = readdir(d))) {
			if (e->d_type == DT_DIR && e->d_name[0] != '.')
				tree_remove(e->d_name);
		}
		closedir(d);
	}
	rmdir(tree.base);
	tree.made = false;
}
