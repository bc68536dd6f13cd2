/* supervisord's process state machine. Every (state, event) pair maps to one
 * action in proc_table below; pairs left empty are ignored. The rules the
 * actions follow (supervisord 4.2.5, see the spec):
 *  - a spawn logs "spawned"; a spawn error logs "spawnerr" and counts as a
 *    failed start;
 *  - STARTING becomes RUNNING once up strictly longer than startsecs;
 *    an exit sooner is a failed start: BACKOFF, and the Nth consecutive
 *    failure waits N seconds; after startretries + 1 attempts, FATAL;
 *  - an exit from RUNNING is EXITED, expected or not by exitcodes, and
 *    autorestart decides on a respawn, at once if the process was up a
 *    second or more, else when that second is over (never more than one
 *    spawn a second);
 *  - a stop sends stopsignal (to the group with stopasgroup), then SIGKILL
 *    (to the group with killasgroup) every stopwait until reaped.
 * With a ready condition (language.md §5) RUNNING means ready instead:
 * startsecs is not used, any exit before it is a failed start, and one
 * not ready within its timeout is stopped and counted as a failed start.
 * Unhealthy, or a missed watchdog, is a stop and then a start. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mainlog.h"
#include "spawn.h"
#include "tree.h"

static void proc_stdin_ready(struct loop_src *src, uint32_t events);

#define PROC_SPAWN_GAP    1000 /* ms: at most one spawn per second */
#define PROC_WAIT_LOG_GAP 2000 /* ms between "waiting for X to stop" */

typedef void proc_action(struct proc *p, int64_t now);

static const int proc_codes[PROC_NSTATES] = {0, 10, 20, 30, 40, 100, 200, 1000};
static const char *const proc_names[PROC_NSTATES] = {"STOPPED",  "STARTING", "RUNNING", "BACKOFF",
						     "STOPPING", "EXITED",   "FATAL",   "UNKNOWN"};

int proc_state_code(enum proc_state s)
{
	return proc_codes[s];
}

const char *proc_state_name(enum proc_state s)
{
	return proc_names[s];
}

void proc_status_text(int status, char *buf, size_t len)
{
	if (WIFEXITED(status)) {
		snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		const char *abbrev = sigabbrev_np(WTERMSIG(status));

		if (abbrev)
			snprintf(buf, len, "terminated by SIG%s%s", abbrev,
				 WCOREDUMP(status) ? " (core dumped)" : "");
		else
			snprintf(buf, len, "terminated by signal %d%s", WTERMSIG(status),
				 WCOREDUMP(status) ? " (core dumped)" : "");
	} else {
		snprintf(buf, len, "unknown termination cause 0x%04x", status);
	}
}

static bool proc_exit_expected(const struct proc *p)
{
	return WIFEXITED(p->exitstatus) && conf_exit_expected(p->cf, WEXITSTATUS(p->exitstatus));
}

/* startsecs as supervisord prints it: whole seconds, or a decimal. */
static void proc_secs_text(int64_t ms, char *buf, size_t len)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%lld", (long long)(ms / 1000));
	else
		snprintf(buf, len, "%.3g", (double)ms / 1000);
}

void proc_init(struct proc *p, const struct conf_proc *cf, struct loop *l, struct ev_ring *events,
	       uint64_t id)
{
	memset(p, 0, sizeof(*p));
	p->cf = cf;
	p->loop = l;
	p->events = events;
	p->id = id;
	p->state = PROC_STOPPED;
	p->deadline = -1;
	p->laststart = INT64_MIN / 2;
	p->in.fd = -1;
	p->in.fn = proc_stdin_ready;
	p->lsn.event = -1;
	ready_init(p);
	logfile_init(&p->out, cf->out.path, cf->out.maxbytes, cf->out.backups);
	logfile_init(&p->err, cf->err.path, cf->err.maxbytes, cf->err.backups);
	if (cf->user && cf->user_known) {
		logfile_owner(&p->out, cf->uid, cf->gid);
		logfile_owner(&p->err, cf->uid, cf->gid);
	}
	logfile_check_folder(&p->out);
	logfile_check_folder(&p->err);
	logpipe_init(&p->pout);
	logpipe_init(&p->perr);
	p->pout.events = p->perr.events = events;
	p->pout.proc = p->perr.proc = id;
	p->pout.stream = 1;
	p->perr.stream = 2;
	p->pout.name = p->perr.name = cf->name;
	p->pout.syslog = cf->out.syslog;
	p->perr.syslog = cf->err.syslog;
}

int proc_init_buffers(struct proc *p, TALLOC_CTX *mem)
{
	if (ready_init_line(p, mem) < 0)
		return -1;
	if (p->cf->out.capture > 0) {
		if (capture_init(&p->cout, mem, p->cf->out.capture) < 0)
			return -1;
		p->pout.capture = &p->cout;
	}
	if (p->cf->err.capture > 0) {
		if (capture_init(&p->cerr, mem, p->cf->err.capture) < 0)
			return -1;
		p->perr.capture = &p->cerr;
	}
	return 0;
}

void proc_rebind(struct proc *p, const struct conf_proc *cf)
{
	/* equal settings: only the pointers into the old conf change */
	p->cf = cf;
	p->out.path = cf->out.path;
	p->err.path = cf->err.path;
	p->pout.name = p->perr.name = cf->name;
	ready_rebind(p);
}

static int proc_stdin_queued(int fd)
{
	int queued = 0;

	return ioctl(fd, FIONREAD, &queued) < 0 ? -1 : queued;
}

static int proc_stdin_room(int fd, int *room)
{
	int size = fcntl(fd, F_GETPIPE_SZ), queued = 0;

	if (size < 0 || ioctl(fd, FIONREAD, &queued) < 0)
		return -1;
	*room = size - queued;
	return 0;
}

static void proc_stdin_ready(struct loop_src *src, uint32_t events)
{
	struct proc *p = (struct proc *)((char *)src - offsetof(struct proc, in));

	(void)events;
	lsn_writable(p);
}

static void proc_close_stdin(struct proc *p)
{
	if (p->in.fd < 0)
		return;
	lsn_gone(p);
	close(p->in.fd);
	p->in.fd = -1;
}

int proc_write_stdin(struct proc *p, const char *buf, size_t len)
{
	int space = 0;
	ssize_t n;

	if (p->in.fd < 0 || p->in_watched) {
		errno = p->in.fd < 0 ? EPIPE : EAGAIN;
		return -1;
	}
	/* all or nothing, and never waiting: a write of PIPE_BUF bytes or
	   fewer is atomic; a longer one is whole only into an empty pipe with
	   room for it (a pipe holds whole pages, so "free bytes" would lie) */
	if (len > PIPE_BUF
	    && (proc_stdin_room(p->in.fd, &space) < 0 || space < 0 || (size_t)space < len
		|| proc_stdin_queued(p->in.fd) != 0)) {
		errno = EAGAIN;
		return -1;
	}
	while ((n = write(p->in.fd, buf, len)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return -1;
	if ((size_t)n < len) {
		errno = EAGAIN;
		return -1;
	}
	return 0;
}

void proc_fini(struct proc *p)
{
	ready_stop(p);
	tree_remove(p->cf->name);
	proc_close_stdin(p);
	logpipe_close(&p->pout);
	logpipe_close(&p->perr);
	logfile_close(&p->out);
	logfile_close(&p->err);
}

void proc_reopen_logs(struct proc *p)
{
	logfile_close(&p->out);
	logfile_close(&p->err);
}

bool proc_state_running(enum proc_state s)
{
	return s == PROC_STARTING || s == PROC_RUNNING || s == PROC_BACKOFF;
}

bool proc_state_stopped(enum proc_state s)
{
	return s == PROC_STOPPED || s == PROC_EXITED || s == PROC_FATAL || s == PROC_UNKNOWN;
}

bool proc_is_down(const struct proc *p)
{
	return p->pid == 0 && !p->start_pending && proc_state_stopped(p->state);
}

/* ---- actions ----------------------------------------------------------- */

/* Every change of state goes through here, so that none is missing from
 * the event stream. */
static void proc_enter(struct proc *p, enum proc_state st)
{
	enum proc_state from = p->state;

	p->state = st;
	if (st == PROC_RUNNING && from != PROC_RUNNING) {
		p->was_running = true;
		ready_running(p, loop_now());
	} else if (st != PROC_RUNNING && st != PROC_STARTING) {
		ready_stop(p);
	}
	if (p->events) {
		struct ev_proc_info info = {p->pid ? p->pid : p->exit_pid, p->backoff,
					    p->exit_expected};

		ev_publish_proc(p->events, p->id, (int)from, (int)st, &info);
	}
}

/* The wait before try N + 1 after N failed starts: supervisord's N
 * seconds, or backoff exponential's initial * 2^(N-1), at most max. */
static int64_t proc_backoff_delay(const struct conf_proc *cf, unsigned n)
{
	int64_t d = cf->backoff_initial;

	if (cf->backoff != TABLE_BACKOFF_EXPONENTIAL)
		return (int64_t)n * 1000;
	for (unsigned k = 1; k < n && d < cf->backoff_max; k++)
		d *= 2;
	return d < cf->backoff_max ? d : cf->backoff_max;
}

/* The try is counted before the state is entered, as supervisord does:
 * the BACKOFF event says how many starts failed, this one included. */
static void proc_enter_backoff(struct proc *p, int64_t now)
{
	if (p->backoff < UINT32_MAX - 1)
		p->backoff++;
	proc_enter(p, PROC_BACKOFF);
	/* past startretries the give-up is due at once */
	p->deadline = p->backoff > p->cf->startretries
		? now
		: now + proc_backoff_delay(p->cf, p->backoff);
}

static void proc_listener_output(void *arg, const char *buf, size_t len)
{
	lsn_input(arg, buf, len);
}

/* The pipe is drained even when its file cannot be opened, so that the
 * child never blocks on a full pipe; the output is then lost, and said. */
static void proc_start_log(struct proc *p, struct logpipe *lp, struct logfile *lf, int rfd)
{
	if (rfd < 0)
		return;
	if (logfile_open(lf) < 0)
		mainlog_warn("can't open log file %s of '%s': %s", lf->path, p->cf->name,
			     strerror(errno));
	if (logpipe_start(lp, p->loop, rfd, lf) < 0)
		mainlog_warn("can't watch the output of '%s': %s", p->cf->name, strerror(errno));
}

static void proc_spawn_now(struct proc *p, int64_t now)
{
	struct spawn_fds fds;
	pid_t pid;

	p->start_pending = false;
	p->spawnerr[0] = '\0';
	p->exitstatus = 0;
	proc_close_stdin(p);
	pid = spawn_proc(p->cf, &fds, p->spawnerr, sizeof(p->spawnerr));
	/* counted from the fork's return, not from the start of the pass, so
	   that the log's own times never show a promotion before startsecs */
	p->laststart = now = loop_now();
	if (pid < 0) {
		mainlog_info("spawnerr: %s", p->spawnerr);
		proc_enter_backoff(p, now);
		return;
	}
	p->pid = p->pgid = pid;
	proc_enter(p, PROC_STARTING);
	mainlog_info("spawned: '%s' with pid %d", p->cf->name, (int)pid);
	p->in.fd = fds.in_w;
	if (p->in.fd >= 0)
		fcntl(p->in.fd, F_SETFL, fcntl(p->in.fd, F_GETFL) | O_NONBLOCK);
	/* the last child's pipes are drained first, with its capture state */
	proc_start_log(p, &p->pout, &p->out, fds.out_r);
	proc_start_log(p, &p->perr, &p->err, fds.err_r);
	if (p->pout.capture)
		capture_reset(p->pout.capture);
	if (p->perr.capture)
		capture_reset(p->perr.capture);
	p->pout.tap = NULL;
	if (p->lsn.pool) {
		lsn_spawned(p);
		p->pout.tap = proc_listener_output;
		p->pout.tap_arg = p;
	}
	ready_spawned(p, fds.note_r, now);
	/* strictly more than startsecs, or the ready timeout */
	if (p->cf->ready.kind != TABLE_PROBE_NONE)
		p->deadline = now + p->cf->ready.timeout;
	else
		p->deadline = now + p->cf->startsecs + 1;
}

/* A spawn, now or when the once-a-second limit allows it. */
static void proc_spawn(struct proc *p, int64_t now)
{
	int64_t allowed = p->laststart + PROC_SPAWN_GAP;

	if (now >= allowed) {
		proc_spawn_now(p, now);
		return;
	}
	p->start_pending = true;
	p->deadline = allowed;
}

static void proc_pending_spawn(struct proc *p, int64_t now)
{
	if (p->start_pending)
		proc_spawn(p, now);
}

static void proc_cancel_spawn(struct proc *p, int64_t now)
{
	(void)now;
	p->start_pending = false;
	p->deadline = -1;
}

static void proc_stop(struct proc *p, int64_t now);

/* Not ready in time: stopped, then counted as a failed start. */
static void proc_ready_timeout(struct proc *p, int64_t now)
{
	char secs[32];

	proc_secs_text(p->cf->ready.timeout, secs, sizeof(secs));
	snprintf(p->spawnerr, sizeof(p->spawnerr), "not ready within %s seconds", secs);
	mainlog_warn("not ready: %s within %s seconds (timeout)", p->cf->name, secs);
	p->stop_fails_start = true;
	proc_stop(p, now);
}

static void proc_promote(struct proc *p, int64_t now)
{
	char secs[32];

	if (p->cf->ready.kind != TABLE_PROBE_NONE) {
		proc_ready_timeout(p, now);
		return;
	}
	if (now - p->laststart <= p->cf->startsecs) {
		p->deadline = p->laststart + p->cf->startsecs + 1;
		return;
	}
	proc_enter(p, PROC_RUNNING);
	p->backoff = 0;
	p->deadline = -1;
	proc_secs_text(p->cf->startsecs, secs, sizeof(secs));
	mainlog_info("success: %s entered RUNNING state, process has stayed up for > than %s "
		     "seconds (startsecs)",
		     p->cf->name, secs);
}

/* "tcp 127.0.0.1:8000", "notify", "log" */
static void proc_ready_text(const struct conf_probe *r, char *buf, size_t len)
{
	static const char *const kinds[TABLE_PROBE_NKINDS] = {"",     "notify", "sdnotify", "tcp",
							      "http", "exec",   "log"};

	if (r->kind == TABLE_PROBE_TCP || r->kind == TABLE_PROBE_HTTP)
		snprintf(buf, len, "%s %s", kinds[r->kind], r->target);
	else
		snprintf(buf, len, "%s", kinds[r->kind]);
}

static void proc_became_ready(struct proc *p, int64_t now)
{
	char how[300];

	(void)now;
	proc_ready_text(&p->cf->ready, how, sizeof(how));
	p->spawnerr[0] = '\0';
	proc_enter(p, PROC_RUNNING);
	p->backoff = 0;
	p->deadline = -1;
	mainlog_info("success: %s entered RUNNING state, process is ready (%s)", p->cf->name, how);
}

/* An essential process is gone for good: svcd stops and exits with CODE. */
static void proc_lost(struct proc *p, int code, const char *why)
{
	if (!p->cf->essential || !p->essential_exit || *p->essential_exit >= 0 || p->no_restart)
		return;
	*p->essential_exit = code;
	mainlog_crit(
		"essential process %s is gone (%s): stopping every process, svcd exits with %d",
		p->cf->name, why, code);
}

static int proc_exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static bool proc_wants_restart(const struct proc *p, bool expected)
{
	if (p->no_restart)
		return false;
	return p->cf->autorestart == CONF_RESTART_TRUE
		|| (p->cf->autorestart == CONF_RESTART_UNEXPECTED && !expected);
}

static void proc_exited(struct proc *p, int64_t now)
{
	bool expected = proc_exit_expected(p);
	char status[64];

	proc_status_text(p->exitstatus, status, sizeof(status));
	p->backoff = 0;
	p->deadline = -1;
	p->exit_expected = expected;
	proc_enter(p, PROC_EXITED);
	p->exit_expected = false;
	if (expected) {
		mainlog_info("exited: %s (%s; expected)", p->cf->name, status);
	} else {
		snprintf(p->spawnerr, sizeof(p->spawnerr), "Bad exit code %d",
			 WIFEXITED(p->exitstatus) ? WEXITSTATUS(p->exitstatus) : -1);
		mainlog_warn("exited: %s (%s; not expected)", p->cf->name, status);
	}
	if (proc_wants_restart(p, expected))
		proc_spawn(p, now);
	else
		proc_lost(p, proc_exit_code(p->exitstatus), status);
}

static void proc_exit_starting(struct proc *p, int64_t now)
{
	char status[64];

	/* exits at startsecs or later count as exits from RUNNING, silently
	   promoted, as supervisord does; startsecs 0 never fails a start;
	   with a ready condition, any exit before ready is a failed start */
	if (p->cf->ready.kind == TABLE_PROBE_NONE && now - p->laststart >= p->cf->startsecs) {
		proc_enter(p, PROC_RUNNING);
		proc_exited(p, now);
		return;
	}
	proc_status_text(p->exitstatus, status, sizeof(status));
	snprintf(p->spawnerr, sizeof(p->spawnerr),
		 "Exited too quickly (process log may have details)");
	mainlog_warn("exited: %s (%s; not expected)", p->cf->name, status);
	proc_enter_backoff(p, now);
}

static void proc_fatal(struct proc *p)
{
	proc_enter(p, PROC_FATAL);
	p->backoff = 0;
	p->deadline = -1;
	mainlog_info("gave up: %s entered FATAL state, too many start retries too quickly",
		     p->cf->name);
	proc_lost(p, 1, "FATAL");
}

static void proc_retry(struct proc *p, int64_t now)
{
	if (p->backoff > p->cf->startretries) {
		proc_fatal(p);
		return;
	}
	if (p->no_restart) {
		p->deadline = -1;
		return;
	}
	proc_spawn_now(p, now);
}

static void proc_give_up(struct proc *p, int64_t now)
{
	(void)now;
	proc_fatal(p);
}

/* Sends SIG to the child or its group. Returns false when the process is
 * now UNKNOWN. */
static bool proc_kill(struct proc *p, int sig, bool group)
{
	if (group) {
		int r = kill(-p->pgid, sig);

		if (r < 0 && errno != ESRCH)
			goto failed;
		/* no group yet (before the child's setsid), or a followed
		   MAINPID, which may be outside the group svcd started */
		if ((r < 0 || p->followed) && kill(p->pid, sig) < 0 && errno != ESRCH)
			goto failed;
		return true;
	}
	if (kill(p->pid, sig) == 0 || errno == ESRCH)
		return true;
failed:
	mainlog_crit("unknown problem killing %s (%d):%s", p->cf->name, (int)p->pid,
		     strerror(errno));
	p->restart_after_stop = p->stop_fails_start = false;
	proc_enter(p, PROC_UNKNOWN);
	p->deadline = -1;
	return false;
}

static void proc_stop_deadline(struct proc *p, int64_t now)
{
	int64_t next_log = now + PROC_WAIT_LOG_GAP;

	p->deadline = p->kill_at < next_log ? p->kill_at : next_log;
}

static void proc_stop(struct proc *p, int64_t now)
{
	p->start_pending = false;
	if (!proc_kill(p, p->cf->stopsignal, p->cf->stopasgroup))
		return;
	proc_enter(p, PROC_STOPPING);
	p->kill_at = now + p->cf->stopwait;
	mainlog_info("waiting for %s to stop", p->cf->name);
	proc_stop_deadline(p, now);
}

static void proc_stopping_timer(struct proc *p, int64_t now)
{
	if (now >= p->kill_at) {
		mainlog_warn("killing '%s' (%d) with SIGKILL", p->cf->name, (int)p->pid);
		if (!proc_kill(p, SIGKILL, p->cf->killasgroup))
			return;
		p->kill_at = now + p->cf->stopwait;
	} else {
		mainlog_info("waiting for %s to stop", p->cf->name);
	}
	proc_stop_deadline(p, now);
}

static void proc_stopped(struct proc *p, int64_t now)
{
	char status[64];
	bool restart = p->restart_after_stop && !p->no_restart;

	proc_status_text(p->exitstatus, status, sizeof(status));
	p->restart_after_stop = false;
	if (p->stop_fails_start) {
		p->stop_fails_start = false;
		mainlog_warn("exited: %s (%s; not expected)", p->cf->name, status);
		proc_enter_backoff(p, now);
		return;
	}
	proc_enter(p, PROC_STOPPED);
	p->deadline = -1;
	if (proc_exit_expected(p))
		mainlog_info("stopped: %s (%s)", p->cf->name, status);
	else
		mainlog_warn("stopped: %s (%s)", p->cf->name, status);
	if (restart)
		proc_spawn(p, now);
}

/* Unhealthy or a missed watchdog: the stop sequence, then a start,
 * whatever autorestart says. */
static void proc_restart(struct proc *p, int64_t now)
{
	p->restart_after_stop = true;
	proc_stop(p, now);
}

/* A stop asked for while a restart's or a timeout's stop runs: it ends
 * STOPPED. */
static void proc_stop_plain(struct proc *p, int64_t now)
{
	(void)now;
	p->restart_after_stop = false;
	p->stop_fails_start = false;
}

static void proc_stop_backoff(struct proc *p, int64_t now)
{
	(void)now;
	mainlog_debug("Attempted to kill %s, which is in BACKOFF state.", p->cf->name);
	proc_enter(p, PROC_STOPPED);
	p->deadline = -1;
}

static void proc_exit_unknown(struct proc *p, int64_t now)
{
	(void)now;
	proc_enter(p, PROC_STOPPED);
	p->deadline = -1;
}

/* ---- the table ----------------------------------------------------------
 *
 *            START   STOP        EXIT           TIMER           GIVEUP  READY  RESTART
 * STOPPED    spawn   cancel      -              pending spawn   -       -      -
 * STARTING   -       stop        exit_starting  promote/timeout -       ready  stop+start
 * RUNNING    -       stop        exited         -               -       -      stop+start
 * BACKOFF    -       to STOPPED  -              retry/FATAL     FATAL   -      -
 * STOPPING   -       plain stop  stopped        SIGKILL / log   -       -      -
 * EXITED     spawn   cancel      -              pending spawn   -       -      -
 * FATAL      spawn   cancel      -              pending spawn   -       -      -
 * UNKNOWN    -       -           to STOPPED     -               -       -      -
 */
static proc_action *const proc_table[PROC_NSTATES][PROC_NEVENTS] = {
	[PROC_STOPPED] =
		{
			[PROC_EV_START] = proc_spawn,
			[PROC_EV_STOP] = proc_cancel_spawn,
			[PROC_EV_TIMER] = proc_pending_spawn,
		},
	[PROC_STARTING] =
		{
			[PROC_EV_STOP] = proc_stop,
			[PROC_EV_EXIT] = proc_exit_starting,
			[PROC_EV_TIMER] = proc_promote,
			[PROC_EV_READY] = proc_became_ready,
			[PROC_EV_RESTART] = proc_restart,
		},
	[PROC_RUNNING] =
		{
			[PROC_EV_STOP] = proc_stop,
			[PROC_EV_EXIT] = proc_exited,
			[PROC_EV_RESTART] = proc_restart,
		},
	[PROC_BACKOFF] =
		{
			[PROC_EV_STOP] = proc_stop_backoff,
			[PROC_EV_TIMER] = proc_retry,
			[PROC_EV_GIVEUP] = proc_give_up,
		},
	[PROC_STOPPING] =
		{
			[PROC_EV_STOP] = proc_stop_plain,
			[PROC_EV_EXIT] = proc_stopped,
			[PROC_EV_TIMER] = proc_stopping_timer,
		},
	[PROC_EXITED] =
		{
			[PROC_EV_START] = proc_spawn,
			[PROC_EV_STOP] = proc_cancel_spawn,
			[PROC_EV_TIMER] = proc_pending_spawn,
		},
	[PROC_FATAL] =
		{
			[PROC_EV_START] = proc_spawn,
			[PROC_EV_STOP] = proc_cancel_spawn,
			[PROC_EV_TIMER] = proc_pending_spawn,
		},
	[PROC_UNKNOWN] =
		{
			[PROC_EV_EXIT] = proc_exit_unknown,
		},
};

void proc_event(struct proc *p, enum proc_event ev, int64_t now)
{
	proc_action *act = proc_table[p->state][ev];

	if (ev == PROC_EV_TIMER && p->deadline >= 0 && now < p->deadline)
		return;
	if (ev == PROC_EV_TIMER)
		p->deadline = -1;
	if (act)
		act(p, now);
}

/* The main pid exited, but it named another (MAINPID=) that still
 * runs: svcd is a subreaper, so that one is its child now and is
 * supervised instead. */
static bool proc_follow(struct proc *p, int status)
{
	pid_t next = p->rd.mainpid;
	char text[64];

	p->rd.mainpid = 0;
	/* orphaned by the exit, it is svcd's child now (svcd is a subreaper):
	   anything else is not the process that was named (it died and its
	   pid may be another's) */
	if (next <= 0 || next == p->pid || tree_parent(next) != getpid())
		return false;
	proc_status_text(status, text, sizeof(text));
	mainlog_info("'%s': pid %d exited (%s); its MAINPID %d is its process now", p->cf->name,
		     (int)p->pid, text, (int)next);
	p->pid = next;
	p->followed = true;
	return true;
}

/* killtree: what the exited main process left behind goes with it. */
static void proc_kill_tree(struct proc *p, pid_t sid)
{
	int n;

	if (!p->cf->killtree)
		return;
	n = tree_kill(p->cf->name, sid);
	if (n > 0)
		mainlog_info("killtree: killed %d process%s left of '%s'", n, n == 1 ? "" : "es",
			     p->cf->name);
}

void proc_reaped(struct proc *p, int status, int64_t now)
{
	pid_t sid = p->followed ? 0 : p->pid;

	if (p->state != PROC_STOPPING && proc_follow(p, status))
		return;
	p->followed = false;
	proc_kill_tree(p, sid);
	p->exitstatus = status;
	p->exit_pid = p->pid;
	p->pid = 0;
	p->laststop = now;
	proc_close_stdin(p);
	proc_event(p, PROC_EV_EXIT, now);
	p->exit_pid = 0;
}
