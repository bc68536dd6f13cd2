/* Tests of conf.c: a table compiled from .svc text becomes svcd's
 * configuration with templates resolved, environments merged, the start
 * order sorted and dependencies indexed; reload equality; refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <cmocka.h>
#include <talloc.h>
#include "engine/conf.h"
#include "diag.h"
#include "parse.h"
#include "table_write.h"
#include "validate.h"
#include "common/table.h"
#include "leak.h"


static struct conf_error last_error;

/* Compiles TEXT into a temporary table file and loads it; NULL with the
 * message in ERR (and why in last_error) when conf_load refuses it. */
static struct conf *load(TALLOC_CTX *ctx, const char *text, char *err, size_t len)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct diags *d = diags_new(tmp);
	struct validate_opts vo = {.host_checks = false};
	struct ast_unit *u = parse_text(tmp, "t.svc", "/tmp", text, d);
	struct model *m;
	char path[] = "/tmp/test_conf.XXXXXX";
	struct conf *c;
	void *buf;
	size_t n;
	int fd;

	assert_non_null(u);
	m = validate(tmp, u, &vo, d);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(table_write_model(tmp, m, &buf, &n), 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	close(fd);
	c = conf_load(ctx, path, &last_error);
	snprintf(err, len, "%.*s", (int)(len > 0 ? len - 1 : 0), last_error.text);
	unlink(path);
	talloc_free(tmp);
	return c;
}

static const char *env_of(const struct conf_proc *p, const char *name)
{
	size_t len = strlen(name);

	for (char **e = p->envp; *e; e++) {
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	}
	return NULL;
}

static void test_templates_and_env(void **state)
{
	char err[512];
	struct utsname u;
	struct conf *c;
	const struct conf_proc *p;

	setenv("TEST_CONF_WHO", "world", 1);
	c = load(*state,
		 "supervisor { logfile \"/tmp/${env.TEST_CONF_WHO}.log\"; socket \"/tmp/s.sock\"; "
		 "}\n"
		 "service web {\n"
		 "  command \"/bin/echo hi-${host} \\$HOME\";\n"
		 "  env GREETING \"hello ${env.TEST_CONF_WHO}\";\n"
		 "  env PATH \"/opt/bin\";\n"
		 "}\n",
		 err, sizeof(err));
	assert_non_null(c);
	uname(&u);
	assert_string_equal(c->logfile, "/tmp/world.log");
	p = &c->procs[0];
	assert_string_equal(p->name, "web");
	assert_string_equal(p->argv[0], "/bin/echo");
	assert_string_equal(p->argv[1], talloc_asprintf(c, "hi-%s", u.nodename));
	assert_string_equal(p->argv[2], "$HOME");
	assert_null(p->argv[3]);
	assert_string_equal(env_of(p, "GREETING"), "hello world");
	assert_string_equal(env_of(p, "TEST_CONF_WHO"), "world");
	assert_string_equal(env_of(p, "SUPERVISOR_ENABLED"), "1");
	assert_string_equal(env_of(p, "SUPERVISOR_PROCESS_NAME"), "web");
	assert_string_equal(env_of(p, "SUPERVISOR_GROUP_NAME"), "web");
	assert_string_equal(env_of(p, "SUPERVISOR_SERVER_URL"), "unix:///tmp/s.sock");
	assert_string_equal(p->path_env, "/opt/bin");
	assert_string_equal(p->out.path, "/var/log/web-stdout.log");
	talloc_free(c);
}

static void test_unset_env_refused(void **state)
{
	char err[512];
	struct conf *c;

	unsetenv("TEST_CONF_MISSING");
	c = load(*state, "service a { command \"/bin/x ${env.TEST_CONF_MISSING}\"; }\n", err,
		 sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "environment variable 'TEST_CONF_MISSING' is not set"));
	assert_int_equal(last_error.status, TABLE_CORRUPT);
}

static void test_order_and_deps(void **state)
{
	char err[512];
	struct conf *c;

	c = load(*state,
		 "service zeta { command \"/bin/true\"; priority 1; }\n"
		 "service alpha { command \"/bin/true\"; after zeta beta; }\n"
		 "service beta { command \"/bin/true\"; stderr stdout; }\n"
		 "group g { services beta; priority 5; }\n",
		 err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->nprocs, 3);
	/* by (group priority, priority, group, name) */
	assert_string_equal(c->procs[c->order[0]].name, "zeta");
	assert_string_equal(c->procs[c->order[1]].name, "beta");
	assert_string_equal(c->procs[c->order[2]].name, "alpha");
	const struct conf_proc *a = &c->procs[conf_find(c, "alpha")];
	assert_int_equal(a->ndeps, 2);
	assert_string_equal(c->procs[a->deps[0]].name, "zeta");
	assert_string_equal(c->procs[a->deps[1]].name, "beta");
	const struct conf_proc *b = &c->procs[conf_find(c, "beta")];
	assert_string_equal(b->group, "g");
	assert_true(b->err.merge);
	assert_null(b->err.path);
	assert_int_equal(conf_find(c, "nobody"), -1);
	talloc_free(c);
}

static void test_equality(void **state)
{
	const char *one = "service a { command \"/bin/sleep 1\"; }\n"
			  "service b { command \"/bin/sleep 2\"; }\n";
	const char *two = "service a { command \"/bin/sleep 1\"; }\n"
			  "service b { command \"/bin/sleep 2\"; stopwait 3s; }\n";
	char err[512];
	struct conf *c1 = load(*state, one, err, sizeof(err));
	struct conf *c2 = load(*state, one, err, sizeof(err));
	struct conf *c3 = load(*state, two, err, sizeof(err));

	assert_true(conf_proc_equal(c1, &c1->procs[0], c2, &c2->procs[0]));
	assert_true(conf_proc_equal(c1, &c1->procs[1], c2, &c2->procs[1]));
	assert_true(conf_proc_equal(c1, &c1->procs[0], c3, &c3->procs[0]));
	assert_false(conf_proc_equal(c1, &c1->procs[1], c3, &c3->procs[1]));
	talloc_free(c1);
	talloc_free(c2);
	talloc_free(c3);
}

static void test_exitcodes(void **state)
{
	char err[512];
	struct conf *c = load(*state, "service a { command \"/bin/true\"; exitcodes 0 2 255; }\n",
			      err, sizeof(err));

	assert_true(conf_exit_expected(&c->procs[0], 0));
	assert_true(conf_exit_expected(&c->procs[0], 2));
	assert_true(conf_exit_expected(&c->procs[0], 255));
	assert_false(conf_exit_expected(&c->procs[0], 1));
	assert_false(conf_exit_expected(&c->procs[0], -1));
	talloc_free(c);
}

static void test_bad_file(void **state)
{
	struct conf_error e;

	assert_null(conf_load(*state, "/nonexistent/t.svct", &e));
	assert_non_null(strstr(e.text, "/nonexistent/t.svct"));
	assert_int_equal(e.status, TABLE_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_templates_and_env, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_unset_env_refused, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_order_and_deps, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_equality, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_exitcodes, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_bad_file, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
