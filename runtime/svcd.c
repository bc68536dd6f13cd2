/* svcd: runs a compiled services table with supervisord's semantics, from
 * one event loop (epoll + signalfd + timerfd) that sleeps until something
 * happens. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "engine/conf.h"
#include "engine/daemon.h"
#include "engine/leftover.h"
#include "engine/loop.h"
#include "engine/mainlog.h"
#include "engine/notify.h"
#include "engine/tree.h"
#include "control/server.h"
#include "engine/supervise.h"

#define SVCD_DEFAULT_TABLE "/etc/svcd/services.svct"
#define SVCD_EVENTS        4096         /* events the stream holds, plus 8 a process */
#define SVCD_EVENT_DATA    (256u << 10) /* bytes of child output it holds */

struct svcd {
	TALLOC_CTX *mem;
	const char *table;
	bool foreground;
	struct loop loop;
	struct ev_ring events; /* the engine's changes, for the control server */
	struct sup sup;
	struct server *server; /* the control server */
	char *pidfile;         /* as written at start-up, removed at exit */
	char *notify;          /* our parent's NOTIFY_SOCKET, until READY=1 is sent */
	char err[1024];
};

static void svcd_usage(FILE *f)
{
	fprintf(f,
		"Usage: svcd [-n] [-c FILE.svct]\n"
		"Runs the processes of a compiled services table and keeps them running.\n"
		"\n"
		"  -c, --config FILE  the compiled table (default " SVCD_DEFAULT_TABLE ")\n"
		"  -n, --nodaemon     stay in the foreground and log to stderr too\n"
		"  -h, --help         show this help and exit\n"
		"  -V, --version      show the version and exit\n"
		"\n"
		"Signals: TERM or INT stop every process in order and exit; HUP loads the\n"
		"table again and applies the difference; USR2 reopens the log files.\n");
}

/* Returns -1 to go on, else the exit status. */
static int svcd_args(struct svcd *d, int argc, char **argv)
{
	static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
					     {"nodaemon", no_argument, NULL, 'n'},
					     {"help", no_argument, NULL, 'h'},
					     {"version", no_argument, NULL, 'V'},
					     {NULL, 0, NULL, 0}};
	int c;

	d->table = SVCD_DEFAULT_TABLE;
	while ((c = getopt_long(argc, argv, "c:nhV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': d->table = optarg; break;
		case 'n': d->foreground = true; break;
		case 'h': svcd_usage(stdout); return 0;
		case 'V': printf("svcd %s\n", SVC_VERSION); return 0;
		default: svcd_usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "svcd: unexpected argument '%s'\n", argv[optind]);
		svcd_usage(stderr);
		return 2;
	}
	return -1;
}

/* Everything that can fail before svcd commits to running. */
static struct conf *svcd_prepare(struct svcd *d)
{
	struct conf_error e;
	struct conf *c = conf_load(d->mem, d->table, &e);

	if (!c) {
		fprintf(stderr, "svcd: %s\n", e.text);
		return NULL;
	}
	if (c->pidfile && daemon_check_pidfile(c->pidfile, d->err, sizeof(d->err)) < 0) {
		fprintf(stderr, "svcd: %s\n", d->err);
		return NULL;
	}
	if (sup_mainlog(c) < 0) {
		fprintf(stderr, "svcd: can't open log file %s: %s\n", c->logfile, strerror(errno));
		return NULL;
	}
	/* bound now, before detaching, so that a busy socket is reported */
	d->server = server_open(d->mem, c, d->err, sizeof(d->err));
	if (!d->server) {
		fprintf(stderr, "svcd: %s\n", d->err);
		return NULL;
	}
	return c;
}

static void svcd_reap(struct svcd *d, int64_t now)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		sup_reaped(&d->sup, pid, status, now);
}

static void svcd_signal(struct svcd *d, int sig, int64_t now)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
	case SIGQUIT:
		if (!d->sup.shutdown)
			mainlog_warn("received SIG%s indicating exit request", sigabbrev_np(sig));
		sup_shutdown(&d->sup);
		break;
	case SIGHUP:
		if (d->sup.shutdown)
			break;
		mainlog_warn("received SIGHUP indicating restart request");
		sup_reload_table(&d->sup, now);
		/* a new pidfile says the reload is done: init scripts wait for it */
		if (d->pidfile && daemon_write_pidfile(d->pidfile) < 0)
			mainlog_error("can't write pidfile %s: %s", d->pidfile, strerror(errno));
		break;
	case SIGUSR2:
		mainlog_info("received SIGUSR2 indicating log reopen request");
		sup_mainlog(d->sup.conf);
		sup_reopen_logs(&d->sup);
		break;
	default: break; /* SIGCHLD: the reap at every pass handles it */
	}
}

/* svcd is ready once every autostart process has been RUNNING or is
 * FATAL: said once to a parent that asked (systemd's Type=notify). */
static void svcd_notify_ready(struct svcd *d)
{
	if (!d->notify || !sup_started(&d->sup))
		return;
	if (notify_send(d->notify, "READY=1\nSTATUS=every autostart process has started") < 0)
		mainlog_warn("can't tell the service manager that svcd is ready (%s): %s",
			     d->notify, strerror(errno));
	else
		mainlog_info("svcd is ready: every autostart process has started");
	d->notify = NULL;
}

/* The one loop. Each pass reaps first, so that an exit is always seen
 * before startsecs is judged, then handles signals and control requests,
 * then lets the supervisor act, lets the control server answer requests
 * that waited for a state, and arms the single timer for the nearest
 * deadline. The control server reads and answers from its callbacks. */
static void svcd_run(struct svcd *d)
{
	int sigs[16], nsigs = 0, i;
	int64_t deadline;
	bool timer;

	for (;;) {
		int64_t now = loop_now();

		svcd_reap(d, now);
		for (i = 0; i < nsigs; i++)
			svcd_signal(d, sigs[i], now);
		deadline = sup_pass(&d->sup, now);
		if (sup_done(&d->sup)) {
			/* an essential process lost during a restart's stop ends it */
			if (!d->sup.restart || d->sup.exit_status >= 0)
				return;
			sup_restart(&d->sup);
			mainlog_info("svcd restarted with pid %d", (int)getpid());
			nsigs = 0;
			continue;
		}
		deadline = server_pass(d->server, now, deadline);
		lsn_send_all(&d->sup.lsn);
		sup_flush(&d->sup);
		svcd_notify_ready(d);
		loop_set_deadline(&d->loop, deadline);
		if (loop_wait(&d->loop, sigs, 16, &nsigs, &timer) < 0) {
			mainlog_crit("event loop failed: %s", strerror(errno));
			return;
		}
	}
}

static void svcd_nothing(int sig)
{
	(void)sig;
}

static int svcd_start_loop(struct svcd *d)
{
	struct sigaction sa = {.sa_handler = svcd_nothing};
	sigset_t sigs;
	int i;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGQUIT);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGUSR2);
	signal(SIGPIPE, SIG_IGN);
	/* a handler, never delivered since the signals are blocked, because
	   a signal svcd inherited as ignored, or one sent to PID 1 with the
	   default action, would be dropped instead of queued */
	sigemptyset(&sa.sa_mask);
	for (i = 1; i < NSIG; i++) {
		if (sigismember(&sigs, i) == 1)
			sigaction(i, &sa, NULL);
	}
	if (loop_init(&d->loop, &sigs) < 0) {
		mainlog_crit("can't set up the event loop: %s", strerror(errno));
		return -1;
	}
	/* orphans of our children are re-parented to us and reaped here */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		mainlog_warn("can't become a child subreaper: %s", strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	struct svcd d = {0};
	struct conf *c;
	int status, ready = -1;

	status = svcd_args(&d, argc, argv);
	if (status >= 0)
		return status;
	/* a fixed threshold: large reply buffers are mapped and go back to
	   the kernel when freed (glibc would otherwise raise it after the
	   first such free and keep later ones in the heap) */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	d.mem = talloc_new(NULL);
	if (!d.mem) {
		fputs("svcd: out of memory\n", stderr);
		return 1;
	}
	tree_detect();
	/* the service manager's socket is svcd's, not its children's */
	if (getenv("NOTIFY_SOCKET")) {
		d.notify = talloc_strdup(d.mem, getenv("NOTIFY_SOCKET"));
		unsetenv("NOTIFY_SOCKET");
	}
	c = svcd_prepare(&d);
	if (!c) {
		talloc_free(d.mem);
		return 1;
	}
	sup_limits(c);
	mainlog_echo(d.foreground);
	if (!d.foreground) {
		mainlog_info("daemonizing the svcd process");
		ready = daemon_detach();
		if (ready < 0) {
			fprintf(stderr, "svcd: can't detach: %s\n", strerror(errno));
			return 1;
		}
	}
	if (c->pidfile) {
		if (daemon_write_pidfile(c->pidfile) < 0) {
			mainlog_crit("can't write pidfile %s: %s", c->pidfile, strerror(errno));
			daemon_ready(ready, 1);
			return 1;
		}
		d.pidfile = talloc_strdup(d.mem, c->pidfile);
		if (!d.pidfile) {
			mainlog_crit("out of memory");
			daemon_ready(ready, 1);
			return 1;
		}
	}
	if (svcd_start_loop(&d) < 0) {
		daemon_ready(ready, 1);
		return 1;
	}
	mainlog_info("svcd started with pid %d", (int)getpid());
	mainlog_debug("process trees: %s", tree_mode());
	daemon_ready(ready, 0);
	leftover_report(c);
	/* sized once: a reload or a restart keeps the stream and its readers */
	if (ev_ring_init(&d.events, d.mem, SVCD_EVENTS + 8 * c->nprocs, SVCD_EVENT_DATA) < 0) {
		mainlog_crit("out of memory for the event stream");
		return 1;
	}
	sup_init(&d.sup, d.mem, &d.loop, &d.events, d.table, c);
	if (server_start(d.server, &d.loop, &d.sup) < 0)
		mainlog_crit("can't serve the control socket: %s", strerror(errno));
	svcd_run(&d);
	server_close(d.server);
	if (d.pidfile)
		daemon_remove_pidfile(d.pidfile);
	loop_fini(&d.loop);
	tree_cleanup();
	status = d.sup.exit_status >= 0 ? d.sup.exit_status : 0;
	if (d.sup.exit_status >= 0)
		mainlog_info("svcd exits with %d, the status of its essential process", status);
	mainlog_close();
	talloc_free(d.mem);
	return status;
}
