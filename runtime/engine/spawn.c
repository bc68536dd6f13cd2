/* fork/exec of one child. Everything that can fail in a way worth a
 * spawnerr is checked in the parent; what fails in the child is written to
 * the child's stderr log (supervisord's words) and ends it with status 127. */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tree.h"

/* stat + the checks supervisord's get_execv_args makes, in its order. */
static int spawn_check(const char *file, char *err, size_t errlen)
{
	struct stat st;

	if (stat(file, &st) < 0) {
		snprintf(err, errlen, "can't find command '%s'", file);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "command at '%s' is a directory", file);
		return -1;
	}
	if (!(st.st_mode & 0111)) {
		snprintf(err, errlen, "command at '%s' is not executable", file);
		return -1;
	}
	if (access(file, X_OK) < 0) {
		snprintf(err, errlen, "no permission to run command '%s'", file);
		return -1;
	}
	return 0;
}

static int spawn_find(const struct conf_proc *p, const char *cmd, char *path, size_t pathlen,
		      char *err, size_t errlen)
{
	const char *dir = p->path_env;

	if (!cmd || !*cmd) {
		snprintf(err, errlen, "command is empty");
		return -1;
	}
	if (strchr(cmd, '/')) {
		snprintf(path, pathlen, "%s", cmd);
		return spawn_check(path, err, errlen);
	}
	while (*dir) {
		size_t len = strcspn(dir, ":");
		struct stat st;

		snprintf(path, pathlen, "%.*s/%s", (int)len, len ? dir : ".", cmd);
		if (stat(path, &st) == 0)
			return spawn_check(path, err, errlen);
		dir += len;
		if (*dir == ':')
			dir++;
	}
	snprintf(err, errlen, "can't find command '%s'", cmd);
	return -1;
}

int spawn_resolve(const struct conf_proc *p, char *path, size_t pathlen, char *err, size_t errlen)
{
	return spawn_find(p, p->argv[0], path, pathlen, err, errlen);
}

static void spawn_say(const char *what, const char *arg, int e)
{
	char buf[PATH_MAX + 128];
	const char *name = strerrorname_np(e);
	int n = snprintf(buf, sizeof(buf),
			 "supervisor: couldn't %s %s: %s\n"
			 "supervisor: child process was not spawned\n",
			 what, arg, name ? name : "error");

	if (n > 0 && write(STDERR_FILENO, buf, (size_t)n) < 0)
		(void)0;
}

/* What a child is given: its standard streams, and for ready notify the
 * pipe it writes its readiness line to, on descriptor NOTE_AT. */
struct spawn_child_fds {
	int in, out, err;
	int note, note_at; /* -1: none */
	int cg;            /* its cgroup's cgroup.procs; -1: none */
};

/* Keeps only 0, 1, 2 and the notify descriptor open across exec. */
static void spawn_child_fds(const struct spawn_child_fds *f)
{
	dup2(f->in, STDIN_FILENO);
	dup2(f->out, STDOUT_FILENO);
	dup2(f->err, STDERR_FILENO);
	if (f->note < 0) {
		close_range(3, ~0U, 0);
		return;
	}
	if (f->note != f->note_at)
		dup2(f->note, f->note_at);
	else
		fcntl(f->note_at, F_SETFD, 0);
	if (f->note_at > 3)
		close_range(3, (unsigned)f->note_at - 1, 0);
	close_range((unsigned)f->note_at + 1, ~0U, 0);
}

static const int spawn_rlimits[TABLE_NRLIMITS] = {
	[TABLE_RL_NOFILE] = RLIMIT_NOFILE, [TABLE_RL_NPROC] = RLIMIT_NPROC,
	[TABLE_RL_CORE] = RLIMIT_CORE,     [TABLE_RL_MEMLOCK] = RLIMIT_MEMLOCK,
	[TABLE_RL_AS] = RLIMIT_AS,         [TABLE_RL_DATA] = RLIMIT_DATA,
	[TABLE_RL_STACK] = RLIMIT_STACK,   [TABLE_RL_CPU] = RLIMIT_CPU,
};
static const char *const spawn_rlimit_names[TABLE_NRLIMITS] = {
	"nofile", "nproc", "core", "memlock", "as", "data", "stack", "cpu"};

/* limits { }, nice and oom_score_adj, in the child while it is still
 * root when svcd is (raising a limit or a priority needs it). */
static void spawn_child_limits(const struct conf_proc *p)
{
	for (int r = 0; r < TABLE_NRLIMITS; r++) {
		struct rlimit rl = {(rlim_t)p->rlimit[r], (rlim_t)p->rlimit[r]};

		if (!(p->limits & (1u << r)))
			continue;
		if (setrlimit(spawn_rlimits[r], &rl) < 0) {
			spawn_say("set limit", spawn_rlimit_names[r], errno);
			_exit(127);
		}
	}
	if ((p->limits & TABLE_LIM_NICE) && setpriority(PRIO_PROCESS, 0, p->nice) < 0) {
		spawn_say("set", "nice", errno);
		_exit(127);
	}
	if (p->limits & TABLE_LIM_OOM) {
		char num[16];
		int fd = open("/proc/self/oom_score_adj", O_WRONLY);
		int len = snprintf(num, sizeof(num), "%d", p->oom_score_adj);

		if (fd < 0 || write(fd, num, (size_t)len) != len) {
			spawn_say("set", "oom_score_adj", errno);
			_exit(127);
		}
		close(fd);
	}
}

/* In the child: never returns. */
static void spawn_child(const struct conf_proc *p, const char *file, char **argv,
			const struct spawn_child_fds *f)
{
	sigset_t none;
	char uid[32];
	int sig;

	sigemptyset(&none);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* a session of its own: its tree when there are no cgroups */
	setsid();
	/* into its cgroup before it can fork anything */
	if (f->cg >= 0 && write(f->cg, "0", 1) < 0)
		(void)0;
	spawn_child_fds(f);
	spawn_child_limits(p);
	if (p->user) {
		snprintf(uid, sizeof(uid), "%u", (unsigned)p->uid);
		if (initgroups(p->user, p->gid) < 0 || setgid(p->gid) < 0 || setuid(p->uid) < 0) {
			spawn_say("setuid to", uid, errno);
			_exit(127);
		}
	}
	if (p->directory && chdir(p->directory) < 0) {
		spawn_say("chdir to", p->directory, errno);
		_exit(127);
	}
	if (p->umask >= 0)
		umask((mode_t)p->umask);
	execve(file, argv, p->envp);
	spawn_say("exec", file, errno);
	_exit(127);
}

static int spawn_user_ok(const struct conf_proc *p, char *err, size_t errlen)
{
	if (!p->user)
		return 0;
	if (!p->user_known) {
		snprintf(err, errlen, "no such user '%s'", p->user);
		return -1;
	}
	if (geteuid() != 0 && geteuid() != p->uid) {
		snprintf(err, errlen, "can't run as user '%s': svcd is not running as root",
			 p->user);
		return -1;
	}
	return 0;
}

static void spawn_close(int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
}

pid_t spawn_proc(const struct conf_proc *p, struct spawn_fds *fds, char *err, size_t errlen)
{
	char file[PATH_MAX];
	/* in read, out read, out write, err read, err write, in write, null,
	   note read, note write */
	int fd[9] = {-1, -1, -1, -1, -1, -1, -1, -1, -1};
	struct spawn_child_fds cf;
	int pipefd[2];
	pid_t pid;

	fds->in_w = fds->out_r = fds->err_r = fds->note_r = -1;
	if (spawn_resolve(p, file, sizeof(file), err, errlen) < 0
	    || spawn_user_ok(p, err, errlen) < 0)
		return -1;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		goto nofiles;
	fd[0] = pipefd[0];
	fd[5] = pipefd[1];
	fd[6] = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd[6] < 0)
		goto nofiles;
	/* events, capture and ready log need the output without a log file */
	if (p->out.path || p->out.syslog || p->listener || p->out.events || p->out.capture
	    || p->ready.kind == TABLE_PROBE_LOG) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			goto nofiles;
		fd[1] = pipefd[0];
		fd[2] = pipefd[1];
	} else {
		fd[2] = dup(fd[6]);
	}
	if (p->err.merge) {
		fd[4] = dup(fd[2]);
	} else if (p->err.path || p->err.syslog || p->err.events || p->err.capture) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			goto nofiles;
		fd[3] = pipefd[0];
		fd[4] = pipefd[1];
	} else {
		fd[4] = dup(fd[6]);
	}
	if (fd[2] < 0 || fd[4] < 0)
		goto nofiles;
	if (p->ready.kind == TABLE_PROBE_NOTIFY) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			goto nofiles;
		fd[7] = pipefd[0];
		fd[8] = pipefd[1];
	}
	cf = (struct spawn_child_fds){fd[0],
				      fd[2],
				      fd[4],
				      fd[8],
				      fd[8] >= 0 ? p->ready.fd : -1,
				      tree_open(p->name, p->memory)};
	pid = fork();
	if (pid == 0)
		spawn_child(p, file, p->argv, &cf);
	if (cf.cg >= 0)
		close(cf.cg);
	if (pid < 0) {
		snprintf(err, errlen, "Too many processes in process table to spawn '%s'", p->name);
		spawn_close(fd, 9);
		return -1;
	}
	spawn_close((int[]){fd[0], fd[2], fd[4], fd[6], fd[8]}, 5);
	fds->in_w = fd[5];
	fds->out_r = fd[1];
	fds->err_r = fd[3];
	fds->note_r = fd[7];
	return pid;
nofiles:
	snprintf(err, errlen, "too many open files to spawn '%s'", p->name);
	spawn_close(fd, 9);
	return -1;
}

pid_t spawn_probe(const struct conf_proc *p, char **argv, char *err, size_t errlen)
{
	char file[PATH_MAX];
	struct spawn_child_fds cf = {-1, -1, -1, -1, -1, -1};
	pid_t pid;
	int null;

	if (!argv || !argv[0] || !*argv[0]) {
		snprintf(err, errlen, "command is empty");
		return -1;
	}
	if (spawn_find(p, argv[0], file, sizeof(file), err, errlen) < 0
	    || spawn_user_ok(p, err, errlen) < 0)
		return -1;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0) {
		snprintf(err, errlen, "can't open /dev/null: %s", strerror(errno));
		return -1;
	}
	cf.in = cf.out = cf.err = null;
	pid = fork();
	if (pid == 0)
		spawn_child(p, file, argv, &cf);
	if (pid < 0)
		snprintf(err, errlen, "can't fork: %s", strerror(errno));
	close(null);
	return pid;
}
