/* Tests of validate.c (with values.c, interp.c and deps.c behind it): one
 * test per diagnostic it gives, checked by code, line and column, then the
 * model it builds: defaults, instances, argv, env and templates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "parse.h"
#include "validate.h"

struct fixture {
	TALLOC_CTX *root;
	struct leak_mark mark;
};

static TALLOC_CTX *root;

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->mark = leak_mark();
	fx->root = talloc_new(NULL);
	root = fx->root;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	/* Tests free what they made; anything left is a leak. */
	leak_check(fx->root, fx->mark);
	free(fx);
	return 0;
}

/* A supervisor with a socket, so inputs are otherwise free of warnings. */
#define SUP "supervisor { socket \"/run/svc.sock\"; }\n"

struct run {
	TALLOC_CTX *ctx;
	struct diags *d;
	struct model *m;
};

static struct run compile_opts(const char *text, bool host_checks)
{
	struct run r;
	struct ast_unit *u;

	r.ctx = talloc_new(root);
	r.d = diags_new(r.ctx);
	u = parse_text(r.ctx, "t.svc", "/srv/app", text, r.d);
	assert_non_null(u);
	if (r.d->nerrors)
		fail_msg("the test input does not parse:\n%s", text);
	r.m = validate(r.ctx, u, &(struct validate_opts){.host_checks = host_checks}, r.d);
	assert_non_null(r.m);
	return r;
}

static struct run compile(const char *text)
{
	return compile_opts(text, false);
}

static const struct diag *first_of(const struct run *r, enum diag_code code)
{
	for (size_t i = 0; i < r->d->n; i++)
		if (r->d->list[i]->code == code)
			return r->d->list[i];
	return NULL;
}

static void dump(const struct run *r)
{
	for (size_t i = 0; i < r->d->n; i++)
		fprintf(stderr, "  %s: %s\n", diag_code_name(r->d->list[i]->code),
			r->d->list[i]->msg);
}

/* TEXT gives CODE, first at LINE:COL with message MSG (when not NULL). */
static void check_msg(const char *text, enum diag_code code, unsigned line, unsigned col,
		      const char *msg)
{
	struct run r = compile(text);
	const struct diag *dg = first_of(&r, code);
	unsigned l = 0, c = 0;

	if (!dg) {
		dump(&r);
		fail_msg("no %s for:\n%s", diag_code_name(code), text);
	}
	assert_non_null(dg->loc.file);
	src_position(dg->loc.file, dg->loc.off, &l, &c);
	if (l != line || c != col || (msg && strcmp(dg->msg, msg))) {
		dump(&r);
		fail_msg("%s at %u:%u \"%s\", expected %u:%u \"%s\"", diag_code_name(code), l, c,
			 dg->msg, line, col, msg ? msg : "");
	}
	talloc_free(r.ctx);
}

static void check(const char *text, enum diag_code code, unsigned line, unsigned col)
{
	check_msg(text, code, line, col, NULL);
}

/* TEXT validates with no diagnostic at all. */
static void clean(const char *text)
{
	struct run r = compile(text);

	if (r.d->n) {
		dump(&r);
		fail_msg("unexpected diagnostics for:\n%s", text);
	}
	talloc_free(r.ctx);
}

/* ---- pass 1: blocks and keys ---- */

static void test_unknown_block(void **state)
{
	(void)state;
	check_msg(SUP "servce web { command \"/bin/true\"; }\n", D_UNKNOWN_BLOCK, 2, 1,
		  "unknown block 'servce'; did you mean 'service'?");
}

static void test_unknown_key(void **state)
{
	(void)state;
	check_msg(SUP "service web {\n    comand \"/bin/true\";\n}\n", D_UNKNOWN_KEY, 3, 5,
		  "unknown key 'comand' in service 'web'; did you mean 'command'?");
	check_msg("supervisor { sockte \"/s\"; }\n", D_UNKNOWN_KEY, 1, 14,
		  "unknown key 'sockte' in supervisor; did you mean 'socket'?");
	check_msg(SUP "service w { command \"/bin/true\"; stdout \"/l\" { maxbyte 1MB; } }\n",
		  D_UNKNOWN_KEY, 2, 48,
		  "unknown key 'maxbyte' in stdout; did you mean 'maxbytes'?");
}

static void test_block_shapes(void **state)
{
	(void)state;
	check_msg(SUP "service web;\n", D_BAD_TYPE, 2, 1, "'service' needs a block { ... }");
	check_msg(SUP "service web { command \"/bin/true\" { } }\n", D_BAD_TYPE, 2, 35,
		  "'command' takes no block");
	check_msg(SUP "service { command \"/bin/true\"; }\n", D_BAD_TYPE, 2, 1,
		  "'service' needs a name: service NAME { ... }");
	check(SUP "service \"web\" { command \"/bin/true\"; }\n", D_BAD_TYPE, 2, 9);
	check(SUP "defaults x { }\n", D_BAD_TYPE, 2, 10);
}

static void test_dup_block(void **state)
{
	(void)state;
	check_msg(SUP "nginx { }\nnginx { }\n", D_DUP_BLOCK, 3, 1,
		  "'nginx' is given twice; there can be only one");
}

static void test_dup_key(void **state)
{
	(void)state;
	check_msg(SUP "service web {\n command \"/bin/a\";\n command \"/bin/b\";\n}\n", D_DUP_KEY,
		  4, 2, "duplicate key 'command' in service 'web'");
	check_msg(SUP "service web { command \"/bin/a\"; env A \"1\"; env A \"2\"; }\n", D_DUP_KEY,
		  2, 48, "duplicate env 'A' in service 'web'");
}

static void test_dup_service_group(void **state)
{
	(void)state;
	check_msg(SUP "service a { command \"/bin/a\"; }\nservice a { command \"/bin/a\"; }\n",
		  D_DUP_SERVICE, 3, 9, "duplicate service 'a'");
	check_msg(SUP "service a { command \"/bin/a\"; }\ngroup g { services a; }\n"
		      "group g { services a; }\n",
		  D_DUP_GROUP, 4, 7, "duplicate group 'g'");
}

static void test_missing(void **state)
{
	(void)state;
	check_msg(SUP "service web { user nobody; }\n", D_MISSING, 2, 9,
		  "service 'web' has no 'command'");
	check_msg(SUP "group g { priority 1; }\n", D_MISSING, 2, 7, "group 'g' has no 'services'");
	check_msg("supervisor { socket \"/s\"; auth { username \"u\"; } }\n", D_MISSING, 1, 27,
		  "auth has no 'password'");
	/* defaults need no command */
	clean(SUP "defaults { startretries 5; }\n");
}

/* ---- pass 2: values ---- */

static void test_bad_type(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; startsecs 10; }\n", D_BAD_TYPE, 2, 41,
		  "'startsecs' takes a duration such as '10s', not '10'");
	check_msg(SUP "service w { command \"/bin/a\"; umask 22; }\n", D_BAD_TYPE, 2, 37,
		  "'umask' takes an octal number such as 022, not '22': write it with a leading 0");
	check_msg(SUP "service w { command \"/bin/a\"; autorestart unexpcted; }\n", D_BAD_TYPE, 2,
		  43,
		  "'autorestart' takes one of false, true, unexpected, not 'unexpcted'; "
		  "did you mean 'unexpected'?");
	check_msg(SUP "service w { command \"/bin/a\"; stopsignal term; }\n", D_BAD_TYPE, 2, 42,
		  "'term' is not a signal name (they are written in capitals, such as TERM "
		  "or SIGTERM); did you mean 'TERM'?");
	check_msg(SUP "service w { command 3; }\n", D_BAD_TYPE, 2, 21,
		  "'command' takes a string, not '3'");
	check_msg(SUP "service w { command \"/bin/a\" \"/bin/b\"; }\n", D_BAD_TYPE, 2, 30,
		  "'command' takes a string; 2 values given");
	check(SUP "service w { command \"/bin/a\"; autostart yes; }\n", D_BAD_TYPE, 2, 41);
	check(SUP "service w { command \"/bin/a\"; after \"x\"; }\n", D_BAD_TYPE, 2, 37);
	check_msg("supervisor { listen \"9001\"; }\n", D_BAD_TYPE, 1, 21,
		  "'listen' takes \"HOST:PORT\" such as \"127.0.0.1:9001\" or \"*:9001\", not "
		  "\"9001\"");
	check(SUP "initscript { runlevels \"2389\"; }\n", D_BAD_TYPE, 2, 24);
	check(SUP "service w { command \"/bin/a\"; stdout none { maxbytes 1MB; } }\n", D_BAD_TYPE,
	      2, 43);
}

static void test_range(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; instances 0; }\n", D_RANGE, 2, 41,
		  "'instances' must be between 1 and 10000, not 0");
	check_msg(SUP "service w { command \"/bin/a\"; exitcodes 0 256; }\n", D_RANGE, 2, 43,
		  "'exitcodes' must be between 0 and 255, not 256");
	check_msg(SUP "service w { command \"/bin/a\"; stopwait 25h; }\n", D_RANGE, 2, 40, NULL);
	check_msg("supervisor { listen \"*:70000\"; auth { username \"u\"; password \"p\"; } }\n",
		  D_RANGE, 1, 21, "the port of 'listen' must be between 1 and 65535, not 70000");
}

/* What svcc says a process name must not be. */
#define NAME_RULE \
	" must not be empty, '.' or '..', or hold blanks or any of " \
	": / \\ < > \" ' & % ? # `"

static void test_bad_name(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; env my-var \"1\"; }\n", D_BAD_NAME, 2, 35,
		  "'my-var' is not a valid environment variable name: use letters, digits "
		  "and '_', not starting with a digit");
	check_msg(SUP "service w { command \"/bin/a\"; name \"a b\"; }\n", D_BAD_NAME, 2, 36,
		  "process name 'a b' of service 'w'" NAME_RULE);
	/* what would break out of the log folder, a URL or the panel's HTML */
	check_msg(SUP "service w { command \"/bin/a\"; name \"..\"; }\n", D_BAD_NAME, 2, 36,
		  "process name '..' of service 'w'" NAME_RULE);
	check_msg(SUP "service w { command \"/bin/a\"; name \"<b>&x\"; }\n", D_BAD_NAME, 2, 36,
		  "process name '<b>&x' of service 'w'" NAME_RULE);
}

static void test_conflict(void **state)
{
	(void)state;
	check(SUP "service w { command \"/bin/a\"; stopasgroup true; killasgroup false; }\n",
	      D_CONFLICT, 2, 61);
	check(SUP "defaults { stopasgroup true; }\n"
		  "service w { command \"/bin/a\"; killasgroup false; }\n",
	      D_CONFLICT, 3, 43);
	check(SUP "nginx { upstream listen; }\n", D_CONFLICT, 2, 18);
	check("supervisor { listen \"127.0.0.1:9001\"; auth { username \"u\"; "
	      "password \"{SHA}0123456789012345678901234567890123456789\"; } }\nnginx { }\n",
	      D_CONFLICT, 2, 1);
}

static void test_killasgroup_follows(void **state)
{
	struct run r = compile(SUP "service w { command \"/bin/a\"; stopasgroup true; }\n"
				   "service v { command \"/bin/a\"; }\n");

	(void)state;
	assert_int_equal(r.d->n, 0);
	assert_int_equal(MV(r.m->services[0]->b, SVC_KILLASGROUP)->num, 1);
	assert_int_equal(MV(r.m->services[1]->b, SVC_KILLASGROUP)->num, 0);
	talloc_free(r.ctx);
}

/* ---- interpolations ---- */

static void test_interp(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a ${indx}\"; }\n", D_INTERP, 2, 29,
		  "unknown interpolation '${indx}'; did you mean '${index}'?");
	check_msg(SUP "service w { command \"/bin/a ${HOME}\"; }\n", D_INTERP, 2, 29,
		  "unknown interpolation '${HOME}'; did you mean '${env.HOME}'?");
	check(SUP "service w { command \"/bin/a ${env.1X}\"; }\n", D_INTERP, 2, 29);
}

static void test_interp_place(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; user \"${index}\"; }\n", D_INTERP_PLACE, 2,
		  37, "'${index}' cannot be used in 'user': it takes plain text");
	check_msg(SUP "service w { command \"/bin/a\"; name \"${host}_x\"; }\n", D_INTERP_PLACE, 2,
		  37,
		  "'${host}' cannot be used in 'name': it is only known when the "
		  "supervisor loads its configuration; it can be used in command, directory, "
		  "env, stdout, stderr, ready, health and envfile");
	/* a probe's string takes what command takes */
	clean(SUP
	      "service w { command \"/bin/a\"; instances 2; "
	      "ready tcp \"${env.H}:80${index}\"; health exec \"/bin/c ${host} ${service}\"; }\n");
	check_msg("supervisor { socket \"/run/${service}.sock\"; }\n", D_INTERP_PLACE, 1, 27,
		  "'${service}' cannot be used in 'socket': it only means something in a "
		  "service or defaults block");
	check(SUP "nginx { location \"/${host}/\"; }\n", D_INTERP_PLACE, 2, 20);
}

/* ---- groups and after ---- */

static void test_unknown_member(void **state)
{
	(void)state;
	check_msg(SUP "service worker { command \"/bin/a\"; }\ngroup g { services wroker; }\n",
		  D_UNKNOWN_MEMBER, 3, 20,
		  "group 'g' names unknown service 'wroker'; did you mean 'worker'?");
}

static void test_two_groups(void **state)
{
	(void)state;
	check_msg(SUP "service a { command \"/bin/a\"; }\ngroup g { services a; }\n"
		      "group h { services a; }\n",
		  D_TWO_GROUPS, 4, 20,
		  "service 'a' is in two groups, 'g' and 'h'; a service can be in only one");
	check(SUP "service a { command \"/bin/a\"; }\ngroup g { services a a; }\n", D_DUP_SERVICE,
	      3, 22);
}

static void test_unknown_after(void **state)
{
	(void)state;
	check_msg(SUP "service worker { command \"/bin/a\"; }\n"
		      "service b { command \"/bin/a\"; after wroker; }\n",
		  D_UNKNOWN_AFTER, 3, 37,
		  "service 'b' is after unknown service 'wroker'; did you mean 'worker'?");
	/* A service is never offered itself: that would be a cycle. */
	check_msg(SUP "service web { command \"/bin/a\"; after wbe; }\n", D_UNKNOWN_AFTER, 2, 39,
		  "service 'web' is after unknown service 'wbe'");
}

static void test_cycle(void **state)
{
	struct run r = compile(SUP "service a { command \"/bin/a\"; after b; }\n"
				   "service b { command \"/bin/a\"; after c; }\n"
				   "service c { command \"/bin/a\"; after a; }\n"
				   "service d { command \"/bin/a\"; after d; }\n");
	unsigned line, col;

	(void)state;
	assert_int_equal(r.d->nerrors, 2);
	assert_int_equal(r.d->list[0]->code, D_CYCLE);
	assert_string_equal(r.d->list[0]->msg, "dependency cycle: a -> b -> c -> a");
	src_position(r.d->list[0]->loc.file, r.d->list[0]->loc.off, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 37);
	assert_int_equal(r.d->list[0]->nnotes, 3);
	assert_string_equal(r.d->list[0]->notes[2].msg, "'c' is after 'a' here");
	src_position(r.d->list[0]->notes[2].loc.file, r.d->list[0]->notes[2].loc.off, &line, &col);
	assert_int_equal(line, 4);
	assert_string_equal(r.d->list[1]->msg, "dependency cycle: d -> d");
	talloc_free(r.ctx);
}

/* ---- instances ---- */

static void test_no_index(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; instances 2; name \"w\"; }\n", D_NO_INDEX, 2,
		  49,
		  "'name' must contain ${index}: service 'w' runs 2 instances and each "
		  "needs its own name");
}

static void test_dup_process(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/a\"; instances 2; }\n"
		      "service x { command \"/bin/a\"; name \"w_1\"; }\n",
		  D_DUP_PROCESS, 3, 36, "two processes are named 'w_1'");
}

static void test_command_quote(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"/bin/sh -c 'echo hi\"; }\n", D_COMMAND_QUOTE, 2, 33,
		  "unterminated quote in 'command' of service 'w'");
	/* with an escape before it, the whole string */
	check(SUP "service w { command \"/bin/sh \\\"x\"; }\n", D_COMMAND_QUOTE, 2, 21);
}

static void test_empty_command(void **state)
{
	(void)state;
	check_msg(SUP "service w { command \"  \"; }\n", D_EMPTY_COMMAND, 2, 21,
		  "the 'command' of service 'w' is empty");
}

/* ---- supervisor and nginx ---- */

static void test_socket_path(void **state)
{
	char text[400];

	(void)state;
	snprintf(text, sizeof text, "supervisor { socket \"/%0108d\"; }\n", 0);
	check_msg(text, D_SOCKET_PATH, 1, 21,
		  "the socket path is 109 bytes long; a unix socket path holds at most 107");
	snprintf(text, sizeof text, "supervisor { socket \"/%0106d\"; }\n", 0);
	clean(text);
}

static void test_location(void **state)
{
	(void)state;
	check_msg(SUP "nginx { location \"/supervisor\"; }\n", D_LOCATION, 2, 18,
		  "nginx location '/supervisor' must begin and end with '/', such as "
		  "\"/supervisor/\"");
	clean(SUP "nginx { location \"/\"; }\n");
}

static void test_no_control(void **state)
{
	(void)state;
	check_msg("\nsupervisor { logfile \"/x\"; }\n", D_NO_CONTROL, 2, 1,
		  "neither 'socket' nor 'listen' is set in supervisor: nothing, not even "
		  "svcctl, can control the daemon");
	check("service w { command \"/bin/a\"; }\n", D_NO_CONTROL, 1, 1);
}

static void test_listen_noauth(void **state)
{
	(void)state;
	check(SUP "supervisor { listen \"127.0.0.1:9001\"; }\n", D_DUP_BLOCK, 2, 1);
	check("supervisor { listen \"127.0.0.1:9001\"; }\n", D_LISTEN_NOAUTH, 1, 21);
}

static void test_plain_pass(void **state)
{
	(void)state;
	check("supervisor {\n socket \"/s\";\n auth { username \"u\"; password \"pass\"; }\n}\n",
	      D_PLAIN_PASS, 3, 32);
	clean("supervisor {\n socket \"/s\";\n auth { username \"u\"; "
	      "password \"{SHA}9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684\"; }\n}\n");
	check("supervisor {\n socket \"/s\";\n auth { username \"u\"; password \"{SHA}12\"; }\n}\n",
	      D_BAD_TYPE, 3, 32);
}

/* ---- warnings ---- */

static void test_daemonizes(void **state)
{
	(void)state;
	check_msg(SUP "service g { command \"/usr/bin/gunicorn -D app:wsgi\"; }\n", D_DAEMONIZES, 2,
		  21,
		  "'-D' makes gunicorn put itself in the background: the supervisor "
		  "would see it exit and retry it until FATAL; remove it");
	check(SUP "service m { command \"memcached -d -m 64\"; }\n", D_DAEMONIZES, 2, 21);
	check(SUP "service u { command \"uwsgi --daemonize2=/x.log\"; }\n", D_DAEMONIZES, 2, 21);
	check(SUP "service r { command \"redis-server --daemonize yes\"; }\n", D_DAEMONIZES, 2, 21);
	check(SUP "service n { command \"/usr/sbin/nginx\"; }\n", D_DAEMONIZES, 2, 21);
	clean(SUP "service n { command \"/usr/sbin/nginx -g 'daemon off;'\"; }\n");
	clean(SUP "service r { command \"redis-server --daemonize no\"; }\n");
	clean(SUP "service m { command \"memcached -m 64\"; }\n");
}

static void test_not_exec(void **state)
{
	struct run r;
	const struct diag *dg;

	(void)state;
	r = compile_opts(SUP "service a { command \"/nonexistent/prog\"; }\n"
			     "service b { command \"/etc/passwd\"; }\n"
			     "service c { command \"/bin/sh -c true\"; }\n"
			     "service d { command \"${env.BIN}/x\"; }\n",
			 true);
	assert_int_equal(r.d->n, 2);
	dg = r.d->list[0];
	assert_int_equal(dg->code, D_NOT_EXEC);
	assert_string_equal(dg->msg, "'/nonexistent/prog' does not exist on this host");
	assert_string_equal(r.d->list[1]->msg,
			    "'/etc/passwd' is not an executable file on this host");
	talloc_free(r.ctx);
	/* without host checks, nothing */
	clean(SUP "service a { command \"/nonexistent/prog\"; }\n");
}

static void test_shared_log(void **state)
{
	(void)state;
	check_msg(SUP "service a { command \"/bin/a\"; stdout \"/var/log/x.log\"; }\n"
		      "service b { command \"/bin/a\"; stdout \"/var/log/x.log\"; }\n",
		  D_SHARED_LOG, 3, 38, "processes 'a' and 'b' both write to '/var/log/x.log'");
	check_msg(SUP "service a { command \"/bin/a\"; stdout \"/l\"; stderr \"/l\"; }\n",
		  D_SHARED_LOG, 2, 51,
		  "stdout and stderr of service 'a' both go to '/l'; write "
		  "'stderr stdout;' to merge them");
	check(SUP "service a { command \"/bin/a\"; instances 2; stdout \"/l\"; }\n", D_SHARED_LOG,
	      2, 51);
	clean(SUP "service a { command \"/bin/a\"; instances 2; stdout \"/l${index}\"; }\n");
}

static void test_inexact(void **state)
{
	(void)state;
	check_msg(SUP "service a { command \"/bin/a\"; startsecs 1500ms; }\n", D_INEXACT, 2, 41,
		  "'startsecs' of 1500ms is not a whole number of seconds: supervisord's "
		  "'startsecs' counts seconds, so its INI cannot say it exactly");
	clean(SUP "service a { command \"/bin/a\"; startsecs 2000ms; stopwait 0; }\n");
}

/* ---- the model ---- */

static void test_language_example(void **state)
{
	static const char *example =
		"supervisor {\n"
		"    logfile \"/var/log/supervisord.log\";\n"
		"    pidfile \"/var/run/supervisord.pid\";\n"
		"    socket \"/tmp/supervisor.sock\" {\n"
		"        mode 0700;\n        owner www-data;\n        group www-data;\n    }\n"
		"    auth {\n        username \"user\";\n        password \"pass\";\n    }\n}\n"
		"defaults {\n    autorestart unexpected;\n    stopwait 10s;\n}\n"
		"service uwsgi_twitactivity {\n"
		"    command \"/usr/bin/uwsgi --ini-paste "
		"/var/www/twit.yosida95.com/production.ini\";\n"
		"    autostart true;\n    user www-data;\n"
		"    stdout \"/var/www/twit.yosida95.com/uwsgi.log\";\n    stderr stdout;\n"
		"    stopsignal INT;\n"
		"    env PYTHON_EGG_CACHE \"/var/www/twit.yosida95.com/.cache\";\n}\n"
		"service worker {\n"
		"    command \"/usr/bin/python3 -m app.worker --queue ${index}\";\n"
		"    instances 4;\n    name \"worker_${index}\";\n    after "
		"uwsgi_twitactivity;\n}\n"
		"group web {\n    services uwsgi_twitactivity worker;\n}\n"
		"nginx {\n    server_name \"example.com\";\n    location \"/supervisor/\";\n"
		"    allow \"127.0.0.1\";\n    deny all;\n}\n"
		"initscript {\n    daemon supervisord;\n}\n";
	struct run r = compile(example);
	const struct model *m = r.m;
	const struct mservice *u, *w;

	(void)state;
	if (r.d->n != 1)
		dump(&r);
	assert_int_equal(r.d->n, 1);
	assert_int_equal(r.d->list[0]->code, D_PLAIN_PASS);
	assert_int_equal(m->nservices, 2);
	assert_int_equal(m->nprocs, 5);
	assert_int_equal(m->ngroups, 1);
	u = m->services[0];
	w = m->services[1];
	assert_int_equal(MV(u->b, SVC_STOPSIGNAL)->num, 2);
	assert_true(MV(u->b, SVC_AUTORESTART)->from_defaults);
	assert_int_equal(MV(u->b, SVC_AUTORESTART)->num, 2);
	assert_int_equal(u->procs[0]->err.kind, MLOG_MERGE);
	assert_int_equal(u->procs[0]->out.kind, MLOG_PATH);
	assert_string_equal(u->procs[0]->out.path.text, "/var/www/twit.yosida95.com/uwsgi.log");
	assert_int_equal(w->nafter, 1);
	assert_true(w->after[0] == u);
	assert_true(w->group == m->groups[0]);
	assert_string_equal(w->procs[3]->name, "worker_3");
	assert_string_equal(w->procs[3]->argv[4].text, "3");
	assert_int_equal(MV(m->supervisor, SUP_SOCKET)->sub->v[0].num, 0700);
	assert_string_equal(MV(m->supervisor, SUP_SOCKET)->str.text, "/tmp/supervisor.sock");
	assert_string_equal(MV(m->initscript, INIT_CONFIG)->str.text, "/etc/supervisord.conf");
	assert_int_equal(MV(m->nginx, NGX_DENY)->nvals, 1);
	talloc_free(r.ctx);
}

static void test_defaults(void **state)
{
	struct run r =
		compile(SUP "defaults { startretries 7; stdout \"/log/${service}.log\" "
			    "{ maxbytes 1MB; } }\n"
			    "service a { command \"/bin/a\"; }\n"
			    "service b { command \"/bin/a\"; startretries 2; stdout none; }\n");
	const struct mservice *a, *b;

	(void)state;
	assert_int_equal(r.d->n, 0);
	a = r.m->services[0];
	b = r.m->services[1];
	assert_int_equal(MV(a->b, SVC_STARTRETRIES)->num, 7);
	assert_true(MV(a->b, SVC_STARTRETRIES)->from_defaults);
	assert_int_equal(MV(b->b, SVC_STARTRETRIES)->num, 2);
	assert_true(!(MV(b->b, SVC_STARTRETRIES)->from_defaults));
	assert_int_equal(MV(a->b, SVC_STOPWAIT)->num, 10000);
	assert_true(MV(a->b, SVC_STOPWAIT)->stmt == NULL);
	assert_string_equal(a->procs[0]->out.path.text, "/log/a.log");
	assert_int_equal(a->procs[0]->out.maxbytes, 1 << 20);
	assert_int_equal(a->procs[0]->err.kind, MLOG_AUTO);
	assert_int_equal(a->procs[0]->err.maxbytes, 50 << 20);
	assert_int_equal(b->procs[0]->out.kind, MLOG_NONE);
	talloc_free(r.ctx);
}

static void test_expansion(void **state)
{
	struct run r = compile(
		SUP "service q { command \"/bin/q --n ${index} --g ${group}\"; "
		    "instances 4; first_index 1; directory \"/srv/${service}/${index}\"; }\n"
		    "service one { command \"/bin/one\"; }\n"
		    "group pool { services q; }\n");
	const struct mservice *q;

	(void)state;
	assert_int_equal(r.d->n, 0);
	q = r.m->services[0];
	assert_int_equal(q->nprocs, 4);
	assert_int_equal(r.m->nprocs, 5);
	for (int i = 0; i < 4; i++) {
		char want[16];
		snprintf(want, sizeof want, "q_%d", i + 1);
		assert_string_equal(q->procs[i]->name, want);
		assert_int_equal(q->procs[i]->index, i + 1);
		assert_int_equal(q->procs[i]->order, i);
	}
	assert_string_equal(q->procs[3]->argv[2].text, "4");
	assert_string_equal(q->procs[3]->argv[4].text, "pool");
	assert_string_equal(q->procs[1]->directory.text, "/srv/q/2");
	assert_string_equal(r.m->procs[4]->name, "one");
	assert_true(r.m->procs[4]->directory.text == NULL);
	assert_string_equal(r.m->services[1]->procs[0]->argv[0].text, "/bin/one");
	talloc_free(r.ctx);
}

static void test_argv(void **state)
{
	struct run r = compile(SUP "service s { command \"/bin/sh -c 'echo \\\"a b\\\"' x\\\\ y "
				   "\\\"q r\\\" ''\"; }\n");
	const struct mproc *p;

	(void)state;
	assert_int_equal(r.d->n, 0);
	p = r.m->procs[0];
	assert_int_equal(p->argc, 6);
	assert_string_equal(p->argv[0].text, "/bin/sh");
	assert_string_equal(p->argv[2].text, "echo \"a b\"");
	assert_string_equal(p->argv[3].text, "x y");
	assert_string_equal(p->argv[4].text, "q r");
	assert_string_equal(p->argv[5].text, "");
	talloc_free(r.ctx);
}

static void test_here_not_split(void **state)
{
	struct run r;

	(void)state;
	r = compile(SUP "service s { command \"${here}/run --x\"; }\n");
	assert_int_equal(r.d->n, 0);
	assert_string_equal(r.m->procs[0]->argv[0].text, "/srv/app/run");
	talloc_free(r.ctx);
}

static void test_env_merge(void **state)
{
	struct run r = compile(
		SUP "defaults { env A \"da\"; env B \"db\"; }\n"
		    "service s { command \"/bin/a\"; env B \"sb\"; env C \"${service}\"; }\n"
		    "service t { command \"/bin/a\"; }\n");
	const struct mproc *s, *t;

	(void)state;
	assert_int_equal(r.d->n, 0);
	s = r.m->services[0]->procs[0];
	t = r.m->services[1]->procs[0];
	assert_int_equal(s->nenv, 3);
	assert_string_equal(s->env[0].name, "A");
	assert_string_equal(s->env[0].value.text, "da");
	assert_string_equal(s->env[1].name, "B");
	assert_string_equal(s->env[1].value.text, "sb");
	assert_string_equal(s->env[2].value.text, "s");
	assert_int_equal(t->nenv, 2);
	assert_string_equal(t->env[1].value.text, "db");
	talloc_free(r.ctx);
}

static void test_dynamic(void **state)
{
	struct run r = compile("supervisor { socket \"${env.RUN}/svc.sock\"; "
			       "logfile \"/var/log/${host}.log\"; }\n"
			       "service s { command \"/bin/echo a\\$b ${env.HOME}/x\\$y\"; "
			       "directory \"${env.HOME}/x\"; env P \"\\$1-${host}\"; }\n");
	const struct mproc *p;

	(void)state;
	assert_int_equal(r.d->n, 0);
	p = r.m->procs[0];
	assert_string_equal(p->directory.text, "${env.HOME}/x");
	assert_true(p->directory.dynamic);
	assert_int_equal(p->argc, 3);
	assert_string_equal(p->argv[1].text, "a$b");
	assert_true(!(p->argv[1].dynamic));
	assert_string_equal(p->argv[2].text, "${env.HOME}/x$$y");
	assert_true(p->argv[2].dynamic);
	assert_string_equal(p->env[0].value.text, "$$1-${host}");
	assert_true(MV(r.m->supervisor, SUP_SOCKET)->str.dynamic);
	assert_string_equal(MV(r.m->supervisor, SUP_LOGFILE)->str.text, "/var/log/${host}.log");
	talloc_free(r.ctx);
}

/* ---- readiness, health, essential ---- */

#define SVC_A "service a { command \"/bin/a\"; "

static void test_probe_kinds(void **state)
{
	(void)state;
	check_msg(SUP SVC_A "ready tpc \"h:1\"; }\n", D_BAD_TYPE, 2, 37,
		  "'ready' takes one of notify, sdnotify, tcp, http, exec, log, not 'tpc'; "
		  "did you mean 'tcp'?");
	check_msg(SUP SVC_A "health notify; }\n", D_BAD_TYPE, 2, 38,
		  "'health' takes one of tcp, http, exec, not 'notify'");
	check_msg(SUP SVC_A "ready; }\n", D_BAD_TYPE, 2, 31,
		  "'ready' needs a kind: one of notify, sdnotify, tcp, http, exec, log");
	check_msg(SUP SVC_A "ready notify \"x\"; }\n", D_BAD_TYPE, 2, 44,
		  "'ready notify' takes no string");
	check_msg(SUP SVC_A "ready exec; }\n", D_BAD_TYPE, 2, 37,
		  "'ready exec' needs a string: ready exec \"COMMAND\"");
	check_msg(SUP SVC_A "ready log 5; }\n", D_BAD_TYPE, 2, 41,
		  "'ready log' takes a string \"REGEX\", not '5'");
	check_msg(SUP SVC_A "health tcp \"h:1\" \"h:2\"; }\n", D_BAD_TYPE, 2, 48,
		  "'health tcp' takes one string; 3 values given");
	check_msg(SUP SVC_A "essential yes; }\n", D_BAD_TYPE, 2, 41,
		  "'essential' takes true or false, not 'yes'");
	clean(SUP SVC_A "ready notify; health tcp \"[::1]:5432\"; essential true; }\n");
}

static void test_probe_block(void **state)
{
	(void)state;
	check_msg(SUP SVC_A "ready tcp \"h:1\" { fd 4; } }\n", D_CONFLICT, 2, 49,
		  "'fd' does not apply to 'ready tcp': only ready notify takes it");
	check_msg(
		SUP SVC_A "ready notify { every 1s; } }\n", D_CONFLICT, 2, 46,
		"'every' does not apply to 'ready notify': only ready tcp, http and exec take it");
	check_msg(SUP SVC_A "ready log \"x\" { watchdog 1s; } }\n", D_CONFLICT, 2, 47,
		  "'watchdog' does not apply to 'ready log': only ready sdnotify takes it");
	check_msg(SUP SVC_A "ready notify { fd 1024; } }\n", D_RANGE, 2, 49,
		  "'fd' must be between 3 and 1023, not 1024");
	check_msg(SUP SVC_A "health exec \"/bin/t\" { failures 0; } }\n", D_RANGE, 2, 63,
		  "'failures' must be between 1 and 1000000, not 0");
	check_msg(SUP SVC_A "health exec \"/bin/t\" { every 0; } }\n", D_RANGE, 2, 60,
		  "'every' must be between 1ms and 24h, not 0ms");
	check(SUP SVC_A "health exec \"/bin/t\" { fd 3; } }\n", D_UNKNOWN_KEY, 2, 54);
	clean(SUP SVC_A
	      "ready sdnotify { watchdog 30s; timeout 20s; } "
	      "health http \"http://h/\" { grace 0s; every 1s; timeout 1ms; failures 1; } }\n");
}

static void test_probe_targets(void **state)
{
	(void)state;
	check_msg(SUP SVC_A "ready tcp \"localhost\"; }\n", D_PROBE_ADDRESS, 2, 41,
		  "'ready tcp' address \"localhost\" has no port; write \"HOST:PORT\" such as "
		  "\"127.0.0.1:8000\" or \"[::1]:8000\"");
	check(SUP SVC_A "ready tcp \"::1:80\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"[::x]:80\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"[::1]\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \":80\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"h:0\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"h:65536\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"h:8o\"; }\n", D_PROBE_ADDRESS, 2, 41);
	check(SUP SVC_A "ready tcp \"a b:80\"; }\n", D_PROBE_ADDRESS, 2, 41);
	/* an instance past the ports: the one that is wrong is named */
	check_msg(SUP SVC_A "instances 11; name \"a${index}\"; health tcp \"h:6553${index}\"; }\n",
		  D_PROBE_ADDRESS, 2, 74,
		  "'health tcp' address \"h:65536\" (of process 'a6') has port 65536, not one of "
		  "1 to 65535; write \"HOST:PORT\" such as \"127.0.0.1:8000\" or \"[::1]:8000\"");
	check_msg(SUP SVC_A "ready http \"https://h/\"; }\n", D_PROBE_URL, 2, 42,
		  "'ready http' URL \"https://h/\" is https: nothing here speaks TLS; write "
		  "\"http://HOST[:PORT][/PATH]\"");
	check(SUP SVC_A "ready http \"h:80/\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready http \"http://\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready http \"http://h:x/\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready http \"http://u@h/\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready http \"http://h?q\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready http \"http://h/a b\"; }\n", D_PROBE_URL, 2, 42);
	check_msg(SUP SVC_A "ready log \"(a\"; }\n", D_REGEX, 2, 41,
		  "'ready log' regular expression \"(a\" does not compile: Unmatched ( or \\(");
	check_msg(SUP SVC_A "ready exec \"/bin/t 'x\"; }\n", D_COMMAND_QUOTE, 2, 50,
		  "unterminated quote in 'ready exec' command of service 'a'");
	check_msg(SUP SVC_A "health exec \" \"; }\n", D_EMPTY_COMMAND, 2, 43,
		  "the 'health exec' command of service 'a' is empty");
	/* what only svcd knows is not judged: it checks it once resolved */
	clean(SUP SVC_A "ready tcp \"${env.ADDR}\"; health http \"${env.URL}\"; }\n"
			"service b { command \"/bin/b\"; ready log \"${env.RE}(\"; "
			"health tcp \"[${env.V6}]:${env.PORT}\"; }\n");
	clean(SUP SVC_A
	      "ready http \"http://[::1]\"; health http \"http://h.example:8080/x?y#z\"; }\n");
	check(SUP SVC_A "ready http \"https://${host}/\"; }\n", D_PROBE_URL, 2, 42);
	check(SUP SVC_A "ready tcp \"${host}:99999\"; }\n", D_PROBE_ADDRESS, 2, 41);
}

/* One mistake, one message: an inherited probe is judged once, not for
 * every service that inherits it. */
static void test_probe_defaults(void **state)
{
	struct run r = compile(SUP "defaults { ready tcp \"h\"; health exec \"'\"; }\n" SVC_A "}\n"
				   "service b { command \"/bin/b\"; }\n");

	(void)state;
	assert_int_equal(r.d->nerrors, 2);
	assert_non_null(first_of(&r, D_PROBE_ADDRESS));
	assert_non_null(first_of(&r, D_COMMAND_QUOTE));
	talloc_free(r.ctx);
}

static void test_listener_ready(void **state)
{
	struct run r;

	(void)state;
	check_msg(SUP "listener l { command \"/bin/cat\"; events TICK_5; ready log \"READY\"; }\n",
		  D_LISTENER_READY, 2, 55,
		  "listener 'l' cannot use 'ready log': its stdout carries the event protocol; "
		  "use another kind of ready");
	clean(SUP "listener l { command \"/bin/cat\"; events TICK_5; ready notify; "
		  "health exec \"/bin/true\"; essential true; }\n");
	/* one of defaults is the programs': it does not reach the listener */
	r = compile(SUP "defaults { ready log \"x\"; }\n" SVC_A "}\n"
			"listener l { command \"/bin/cat\"; events TICK_5; }\n");
	assert_int_equal(r.d->n, 0);
	assert_int_equal(r.m->procs[0]->ready.kind, MPROBE_LOG);
	assert_int_equal(r.m->procs[1]->ready.kind, MPROBE_NONE);
	assert_int_equal(r.m->procs[1]->ready.timeout, 0);
	talloc_free(r.ctx);
}

static void test_startsecs(void **state)
{
	struct run r;

	(void)state;
	check_msg(SUP SVC_A "ready notify; startsecs 5s; }\n", D_STARTSECS_UNUSED, 2, 55,
		  "'startsecs' is not used when 'ready' is set: RUNNING means ready");
	/* startsecs of defaults, ready of the service: said at ready */
	check(SUP "defaults { startsecs 5s; }\n" SVC_A "ready notify; }\n", D_STARTSECS_UNUSED, 3,
	      31);
	/* a built-in startsecs is no mistake */
	clean(SUP SVC_A "ready notify; }\n");
	/* both in defaults: once, not for every service */
	r = compile(SUP "defaults { startsecs 0; ready notify; }\n" SVC_A "}\n"
			"service b { command \"/bin/b\"; }\n");
	assert_int_equal(r.d->n, 1);
	assert_int_equal(r.d->list[0]->code, D_STARTSECS_UNUSED);
	talloc_free(r.ctx);
}

/* The model: the numbers a kind uses, defaults filled in; 0 for the rest. */
static void test_probe_model(void **state)
{
	struct run r = compile(
		SUP "service n { command \"/bin/n\"; ready notify { fd 4; } }\n"
		    "service s { command \"/bin/s\"; ready sdnotify { watchdog 30s; timeout 20s; } "
		    "essential true; }\n"
		    "service t { command \"/bin/t\"; instances 2; ready tcp \"h:80${index}\"; "
		    "health http \"http://h/\" { failures 5; } }\n"
		    "service e { command \"/bin/e\"; ready exec \"/bin/test -e '/run/a b'\"; "
		    "health exec \"/bin/ok ${index}\"; }\n"
		    "service l { command \"/bin/l\"; ready log \"up [0-9]+\"; }\n"
		    "service z { command \"/bin/z\"; }\n");
	const struct mprobe *rd, *h;

	(void)state;
	if (r.d->n)
		dump(&r);
	assert_int_equal(r.d->n, 0);
	rd = &r.m->procs[0]->ready;
	assert_int_equal(rd->kind, MPROBE_NOTIFY);
	assert_int_equal(rd->fd, 4);
	assert_int_equal(rd->timeout, 60000);
	assert_int_equal(rd->every, 0);
	assert_int_equal(rd->watchdog, 0);
	assert_null(rd->target.text);
	assert_int_equal(r.m->procs[0]->health.kind, MPROBE_NONE);
	rd = &r.m->procs[1]->ready;
	assert_int_equal(rd->kind, MPROBE_SDNOTIFY);
	assert_int_equal(rd->fd, 0);
	assert_int_equal(rd->timeout, 20000);
	assert_int_equal(rd->watchdog, 30000);
	assert_int_equal(MV(r.m->services[1]->b, SVC_ESSENTIAL)->num, 1);
	assert_int_equal(MV(r.m->services[0]->b, SVC_ESSENTIAL)->num, 0);
	rd = &r.m->procs[3]->ready;
	h = &r.m->procs[3]->health;
	assert_int_equal(rd->kind, MPROBE_TCP);
	assert_string_equal(rd->target.text, "h:801");
	assert_string_equal(r.m->procs[2]->ready.target.text, "h:800");
	assert_int_equal(rd->every, 250);
	assert_int_equal(rd->fd, 0);
	assert_int_equal(h->kind, MPROBE_HTTP);
	assert_int_equal(h->every, 10000);
	assert_int_equal(h->timeout, 2000);
	assert_int_equal(h->failures, 5);
	assert_int_equal(h->grace, 0);
	rd = &r.m->procs[4]->ready;
	h = &r.m->procs[4]->health;
	assert_int_equal(rd->kind, MPROBE_EXEC);
	assert_int_equal(rd->argc, 3);
	assert_string_equal(rd->argv[2].text, "/run/a b");
	assert_null(rd->target.text);
	assert_int_equal(h->argc, 2);
	assert_string_equal(h->argv[1].text, "0");
	rd = &r.m->procs[5]->ready;
	assert_int_equal(rd->kind, MPROBE_LOG);
	assert_string_equal(rd->target.text, "up [0-9]+");
	assert_int_equal(rd->every, 0);
	assert_int_equal(r.m->procs[6]->ready.kind, MPROBE_NONE);
	assert_int_equal(r.m->procs[6]->ready.timeout, 0);
	talloc_free(r.ctx);
}

static void test_defaults_model(void **state)
{
	struct run r = compile(SUP);
	const struct mblock *s = r.m->supervisor;

	(void)state;
	assert_int_equal(r.d->n, 0);
	assert_string_equal(MV(s, SUP_LOGFILE)->str.text, "/var/log/svcd.log");
	assert_int_equal(MV(s, SUP_UMASK)->num, 022);
	assert_string_equal(MV(s, SUP_LOGLEVEL)->word, "info");
	assert_true(r.m->nginx == NULL);
	assert_true(r.m->initscript == NULL);
	talloc_free(r.ctx);
}

static void test_multiple_errors(void **state)
{
	struct run r = compile("servce a { }\nservice b { comand \"x\"; startsecs 3; }\n"
			       "group g { services zz; }\n");

	(void)state;
	/* unknown block, unknown key, bad type, unknown member; no "has no
	 * 'command'" since "did you mean 'command'?" already says it */
	assert_int_equal(r.d->nerrors, 4);
	assert_true(first_of(&r, D_MISSING) == NULL);
	talloc_free(r.ctx);
}

/* A value the lexer reported is not reported again as a wrong type. */
static void test_bad_token_once(void **state)
{
	TALLOC_CTX *ctx = talloc_new(root);
	struct diags *d = diags_new(ctx);
	struct ast_unit *u = parse_text(ctx, "t.svc", "/srv",
					SUP "service w { command "
					    "\"/bin/a\"; startsecs 5x; }\n",
					d);

	(void)state;
	assert_non_null(u);
	assert_int_equal(d->nerrors, 1);
	validate(ctx, u, &(struct validate_opts){0}, d);
	assert_int_equal(d->n, 1);
	assert_int_equal(d->list[0]->code, D_BAD_TOKEN);
	talloc_free(ctx);
}

/* ---- limits, envfiles, process trees, backoff (language.md section 6) ---- */

/* TEXT gives one diagnostic of the lexer, at LINE:COL with message MSG. */
static void check_lex(const char *text, unsigned line, unsigned col, const char *msg)
{
	TALLOC_CTX *ctx = talloc_new(root);
	struct diags *d = diags_new(ctx);
	unsigned l = 0, c = 0;

	assert_non_null(parse_text(ctx, "t.svc", "/srv", text, d));
	assert_int_equal(d->n, 1);
	assert_int_equal(d->list[0]->code, D_BAD_TOKEN);
	src_position(d->list[0]->loc.file, d->list[0]->loc.off, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
	assert_string_equal(d->list[0]->msg, msg);
	talloc_free(ctx);
}

static void test_negative_numbers(void **state)
{
	struct run r = compile(SUP "service w { command \"/bin/a\"; nice -20; "
				   "oom_score_adj -1000; priority -5; }\n");

	(void)state;
	assert_int_equal(r.d->n, 0);
	assert_int_equal(MV(r.m->services[0]->b, SVC_NICE)->num, -20);
	assert_int_equal(MV(r.m->services[0]->b, SVC_OOM_SCORE_ADJ)->num, -1000);
	assert_int_equal(MV(r.m->services[0]->b, SVC_PRIORITY)->num, -5);
	talloc_free(r.ctx);
	check_msg(SUP "service w { command \"/bin/a\"; nice -21; }\n", D_RANGE, 2, 36,
		  "'nice' must be between -20 and 19, not -21");
	check_msg(SUP "service w { command \"/bin/a\"; oom_score_adj 1001; }\n", D_RANGE, 2, 45,
		  "'oom_score_adj' must be between -1000 and 1000, not 1001");
	check_lex(SUP "service w { command \"/bin/a\"; stopwait -5s; }\n", 2, 40,
		  "a duration cannot be negative");
	check_lex(SUP "service w { command \"/bin/a\"; limits { core -1KB; } }\n", 2, 45,
		  "a size cannot be negative");
}

static void test_limits_keys(void **state)
{
	(void)state;
	clean(SUP "service w { command \"/bin/a\"; limits { nofile 4096; nproc 512; core 0; "
		  "memlock 64KB; as 2GB; data 1GB; stack 8MB; cpu 1h; } }\n");
	check_msg(SUP "service w { command \"/bin/a\"; limits { nofile 1073741825; } }\n", D_RANGE,
		  2, 47, "'nofile' must be between 0 and 1073741824, not 1073741825");
	check_msg(SUP "service w { command \"/bin/a\"; limits { nproc 4194305; } }\n", D_RANGE, 2,
		  46, "'nproc' must be between 0 and 4194304, not 4194305");
	check_msg(SUP "service w { command \"/bin/a\"; limits { as 1048577GB; } }\n", D_RANGE, 2,
		  43, "'as' must be between 0B and 1048576GB, not 1048577GB");
	check_msg(SUP "service w { command \"/bin/a\"; limits { cpu 0; } }\n", D_RANGE, 2, 44,
		  "'cpu' must be between 1ms and 1000000h, not 0ms");
	check_msg(SUP "service w { command \"/bin/a\"; limits { cpu 1500ms; } }\n", D_ROUNDED, 2,
		  44,
		  "'cpu' of 1500ms is not a whole number of seconds: it counts seconds, so it "
		  "is rounded up to 2s");
	check_msg(SUP "service w { command \"/bin/a\"; limits { nofile 4KB; } }\n", D_BAD_TYPE, 2,
		  47, "'nofile' takes an integer, not '4KB'");
	check_msg(SUP "service w { command \"/bin/a\"; limits { nofiles 4; } }\n", D_UNKNOWN_KEY, 2,
		  40, "unknown key 'nofiles' in limits; did you mean 'nofile'?");
	check_msg(SUP "service w { command \"/bin/a\"; limits; }\n", D_BAD_TYPE, 2, 31,
		  "'limits' needs a block { ... }");
	check_msg(SUP "service w { command \"/bin/a\"; memory 512KB; }\n", D_RANGE, 2, 38,
		  "'memory' must be between 1MB and 1048576GB, not 512KB");
	check_msg(SUP "service w { command \"/bin/a\"; maxrss 200MB { every 0; } }\n", D_RANGE, 2,
		  52, "'every' must be between 1ms and 24h, not 0ms");
}

/* A service's limits add to those of defaults, key by key. */
static void test_limits_merge(void **state)
{
	struct run r =
		compile(SUP "defaults { limits { nofile 4096; core 0; } }\n"
			    "service a { command \"/bin/a\"; limits { nofile 64; cpu 1h; } }\n"
			    "service b { command \"/bin/b\"; }\n");
	const struct mblock *la, *lb;

	(void)state;
	assert_int_equal(r.d->n, 0);
	la = MV(r.m->services[0]->b, SVC_LIMITS)->sub;
	lb = MV(r.m->services[1]->b, SVC_LIMITS)->sub;
	assert_int_equal(MV(la, LIM_NOFILE)->num, 64);
	assert_int_equal(MV(la, LIM_CORE)->num, 0);
	assert_true(MV(la, LIM_CORE)->from_defaults);
	assert_int_equal(MV(la, LIM_CPU)->num, 3600000);
	assert_int_equal(MV(la, LIM_NPROC)->num, -1); /* not set */
	assert_int_equal(MV(lb, LIM_NOFILE)->num, 4096);
	assert_int_equal(MV(lb, LIM_CPU)->num, 0);
	/* the defaults' block itself is left as written */
	assert_int_equal(MV(MV(r.m->services[1]->b, SVC_LIMITS)->sub, LIM_NOFILE)->num, 4096);
	talloc_free(r.ctx);
}

static void test_envfile(void **state)
{
	struct run r = compile("supervisor { socket \"/run/svc.sock\"; envfile \"/etc/svcd.env\"; "
			       "envfile \"-${env.HOME}/svcd.env\"; }\n"
			       "defaults { envfile \"/etc/all.env\"; }\n"
			       "service w { command \"/bin/a\"; instances 2; "
			       "envfile \"${here}/w.env\"; envfile \"-/etc/w-${index}.env\"; }\n"
			       "service x { command \"/bin/x\"; }\n");
	const struct mproc *p;

	(void)state;
	assert_int_equal(r.d->n, 0);
	assert_int_equal(r.m->nenvfiles, 2);
	p = r.m->procs[1];
	assert_int_equal(p->nenvfiles, 5);
	assert_string_equal(p->envfiles[0].text, "/etc/svcd.env");
	assert_string_equal(p->envfiles[1].text, "-${env.HOME}/svcd.env");
	assert_true(p->envfiles[1].dynamic);
	assert_string_equal(p->envfiles[2].text, "/etc/all.env");
	assert_string_equal(p->envfiles[3].text, "/srv/app/w.env");
	assert_string_equal(p->envfiles[4].text, "-/etc/w-1.env");
	assert_false(p->envfiles[4].dynamic);
	p = r.m->procs[2];
	assert_int_equal(p->nenvfiles, 3);
	assert_string_equal(p->envfiles[2].text, "/etc/all.env");
	talloc_free(r.ctx);
	check_msg(SUP "service w { command \"/bin/a\"; envfile \"\"; }\n", D_BAD_TYPE, 2, 39,
		  "'envfile' needs a path, not an empty string");
	check_msg(SUP "service w { command \"/bin/a\"; envfile \"-\"; }\n", D_BAD_TYPE, 2, 39,
		  "'envfile' needs a path after '-', which only marks a file that may be "
		  "missing: write \"-/etc/default/NAME\"");
	check_msg("supervisor { socket \"/run/svc.sock\"; envfile \"\"; }\n", D_BAD_TYPE, 1, 46,
		  "'envfile' needs a path, not an empty string");
	check_msg(SUP "service w { command \"/bin/a\"; envfile \"/a\"; envfile \"/a\"; }\n",
		  D_DUP_KEY, 2, 53, "duplicate envfile \"/a\" in service 'w'");
	check_msg("supervisor { socket \"/run/svc.sock\"; envfile \"${index}\"; }\n",
		  D_INTERP_PLACE, 1, 47,
		  "'${index}' cannot be used in 'envfile': it only means something in a "
		  "service or defaults block");
	check_msg(SUP "service w { command \"/bin/a\"; envfile \"${hots}\"; }\n", D_INTERP, 2, 40,
		  "unknown interpolation '${hots}'; did you mean '${host}'?");
}

static void test_backoff(void **state)
{
	struct run r = compile(SUP "service a { command \"/bin/a\"; backoff exponential; }\n"
				   "service b { command \"/bin/b\"; backoff exponential "
				   "{ initial 500ms; max 30s; } }\n");
	const struct mvalue *bo;

	(void)state;
	assert_int_equal(r.d->n, 0);
	bo = MV(r.m->services[0]->b, SVC_BACKOFF);
	assert_int_equal(bo->num, 1);
	assert_int_equal(MV(bo->sub, BACKOFF_INITIAL)->num, 1000);
	assert_int_equal(MV(bo->sub, BACKOFF_MAX)->num, 60000);
	bo = MV(r.m->services[1]->b, SVC_BACKOFF);
	assert_int_equal(MV(bo->sub, BACKOFF_INITIAL)->num, 500);
	assert_int_equal(MV(bo->sub, BACKOFF_MAX)->num, 30000);
	talloc_free(r.ctx);
	clean(SUP "service w { command \"/bin/a\"; backoff linear; }\n");
	check_msg(SUP "service w { command \"/bin/a\"; backoff linear { initial 1s; } }\n",
		  D_BAD_TYPE, 2, 46,
		  "'backoff linear' takes no block: initial and max are the settings of "
		  "'backoff exponential'");
	check_msg(SUP "service w { command \"/bin/a\"; backoff fast; }\n", D_BAD_TYPE, 2, 39,
		  "'backoff' takes one of linear, exponential, not 'fast'");
	check_msg(SUP "service w { command \"/bin/a\"; backoff exponential { initial 2s; "
		      "max 1s; } }\n",
		  D_CONFLICT, 2, 61,
		  "'initial' 2s is more than 'max' 1s: the delays of 'backoff exponential' "
		  "start at initial and never exceed max");
	check_msg(SUP "service w { command \"/bin/a\"; backoff exponential { initial 2m; } }\n",
		  D_CONFLICT, 2, 61,
		  "'initial' 2m is more than 'max' 1m (its default): the delays of 'backoff "
		  "exponential' start at initial and never exceed max");
	check_msg(SUP "service w { command \"/bin/a\"; backoff exponential { max 500ms; } }\n",
		  D_CONFLICT, 2, 57,
		  "'max' 500ms is less than 'initial' 1s (its default): the delays of 'backoff "
		  "exponential' start at initial and never exceed max; set initial too");
	check_msg(SUP "service w { command \"/bin/a\"; backoff exponential { initial 0; } }\n",
		  D_RANGE, 2, 61, "'initial' must be between 1ms and 24h, not 0ms");
	/* one of defaults is said once, at defaults */
	{
		struct run d = compile(SUP "defaults { backoff exponential { initial 2m; } }\n"
					   "service a { command \"/bin/a\"; }\n"
					   "service b { command \"/bin/b\"; }\n");
		assert_int_equal(d.d->nerrors, 1);
		talloc_free(d.ctx);
	}
}

static void test_startretries_infinite(void **state)
{
	struct run r = compile(SUP "service w { command \"/bin/a\"; startretries infinite; }\n");

	(void)state;
	assert_int_equal(r.d->n, 0);
	assert_int_equal(MV(r.m->services[0]->b, SVC_STARTRETRIES)->num, SCHEMA_INFINITE);
	assert_string_equal(MV(r.m->services[0]->b, SVC_STARTRETRIES)->word, "infinite");
	talloc_free(r.ctx);
	check_msg(SUP "service w { command \"/bin/a\"; startretries forever; }\n", D_BAD_TYPE, 2,
		  44, "'startretries' takes an integer or infinite, not 'forever'");
	check_msg(SUP "service w { command \"/bin/a\"; startretries infinit; }\n", D_BAD_TYPE, 2,
		  44,
		  "'startretries' takes an integer or infinite, not 'infinit'; did you mean "
		  "'infinite'?");
	check_msg(SUP "service w { command \"/bin/a\"; startretries 1001; }\n", D_RANGE, 2, 44,
		  "'startretries' must be between 0 and 1000, not 1001");
}

static void test_rolling_reload_killtree(void **state)
{
	struct run r = compile(SUP "service w { command \"/bin/a\"; instances 3; name "
				   "\"w${index}\"; rolling { batch 2; pause 5s; } reloadsignal "
				   "SIGHUP; killtree false; }\n");
	const struct mblock *b;

	(void)state;
	assert_int_equal(r.d->n, 0);
	b = r.m->services[0]->b;
	assert_int_equal(MV(MV(b, SVC_ROLLING)->sub, ROLL_BATCH)->num, 2);
	assert_int_equal(MV(MV(b, SVC_ROLLING)->sub, ROLL_PAUSE)->num, 5000);
	assert_int_equal(MV(b, SVC_RELOADSIGNAL)->num, 1);
	assert_int_equal(MV(b, SVC_KILLTREE)->num, 0);
	talloc_free(r.ctx);
	r = compile(SUP "service w { command \"/bin/a\"; }\n");
	assert_int_equal(MV(r.m->services[0]->b, SVC_KILLTREE)->num, 1);
	assert_int_equal(MV(r.m->services[0]->b, SVC_RELOADSIGNAL)->num, 0);
	talloc_free(r.ctx);
	check_msg(SUP "service w { command \"/bin/a\"; rolling { batch 2; } }\n", D_NO_EFFECT, 2,
		  31,
		  "'rolling' has no effect on service 'w', which runs one instance: a rolling "
		  "restart goes through several, batch at a time");
	check_msg(SUP "service w { command \"/bin/a\"; instances 3; rolling { batch 3; } }\n",
		  D_NO_EFFECT, 2, 60,
		  "'batch 3' restarts all 3 instances of service 'w' at once: 'rolling' has no "
		  "effect; give a smaller batch");
	check_msg(SUP "service w { command \"/bin/a\"; instances 3; rolling { batch 0; } }\n",
		  D_RANGE, 2, 60, "'batch' must be between 1 and 10000, not 0");
	check_msg(SUP "service w { command \"/bin/a\"; reloadsignal hup; }\n", D_BAD_TYPE, 2, 44,
		  "'hup' is not a signal name (they are written in capitals, such as TERM or "
		  "SIGTERM); did you mean 'HUP'?");
	/* a rolling of defaults is meant for the services that run several */
	clean(SUP "defaults { rolling { batch 2; } }\nservice w { command \"/bin/a\"; }\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_unknown_block),
		T(test_unknown_key),
		T(test_block_shapes),
		T(test_dup_block),
		T(test_dup_key),
		T(test_dup_service_group),
		T(test_missing),
		T(test_bad_type),
		T(test_range),
		T(test_bad_name),
		T(test_conflict),
		T(test_killasgroup_follows),
		T(test_interp),
		T(test_interp_place),
		T(test_unknown_member),
		T(test_two_groups),
		T(test_unknown_after),
		T(test_cycle),
		T(test_no_index),
		T(test_dup_process),
		T(test_command_quote),
		T(test_empty_command),
		T(test_socket_path),
		T(test_location),
		T(test_no_control),
		T(test_listen_noauth),
		T(test_plain_pass),
		T(test_daemonizes),
		T(test_not_exec),
		T(test_shared_log),
		T(test_inexact),
		T(test_language_example),
		T(test_defaults),
		T(test_expansion),
		T(test_argv),
		T(test_here_not_split),
		T(test_env_merge),
		T(test_dynamic),
		T(test_defaults_model),
		T(test_multiple_errors),
		T(test_bad_token_once),
		T(test_probe_kinds),
		T(test_probe_block),
		T(test_probe_targets),
		T(test_probe_defaults),
		T(test_listener_ready),
		T(test_startsecs),
		T(test_probe_model),
		T(test_negative_numbers),
		T(test_limits_keys),
		T(test_limits_merge),
		T(test_envfile),
		T(test_backoff),
		T(test_startretries_infinite),
		T(test_rolling_reload_killtree),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
