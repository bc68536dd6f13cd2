/* Tests of spawn.c (the checks before fork with supervisord's texts, PATH
 * lookup, a real child with its own process group and piped output) and
 * of proc.c's wait-status texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <talloc.h>
#include "engine/conf.h"
#include "engine/proc.h"
#include "engine/spawn.h"
#include "leak.h"

extern char **environ;


static void mkproc(struct conf_proc *p, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->name = "t";
	p->group = "t";
	p->argv = argv;
	p->envp = environ;
	p->path_env = "/nonexistent:/bin:/usr/bin";
	p->umask = -1;
}

static void expect_err(char **argv, const char *want)
{
	struct conf_proc p;
	char path[4096], err[256];

	mkproc(&p, argv);
	assert_int_equal(spawn_resolve(&p, path, sizeof(path), err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

static void test_resolve_errors(void **state)
{
	expect_err((char *[]){"/nonexistent/prog", NULL}, "can't find command '/nonexistent/prog'");
	expect_err((char *[]){"no-such-program-here", NULL},
		   "can't find command 'no-such-program-here'");
	expect_err((char *[]){"/tmp", NULL}, "command at '/tmp' is a directory");
	char plain[] = "/tmp/test_spawn.XXXXXX";
	int fd = mkstemp(plain);

	assert_true(fd >= 0);
	close(fd);
	char *want = talloc_asprintf(*state, "command at '%s' is not executable", plain);

	expect_err((char *[]){plain, NULL}, want);
	talloc_free(want);
	unlink(plain);
	expect_err((char *[]){"", NULL}, "command is empty");
}

static void test_resolve_path(void **state)
{
	struct conf_proc p;
	char path[4096], err[256];

	(void)state;
	mkproc(&p, (char *[]){"sh", NULL});
	assert_int_equal(spawn_resolve(&p, path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/bin/sh");
}

static void test_spawn_child(void **state)
{
	struct conf_proc p;
	char err[256], buf[128] = {0};
	size_t got = 0;
	ssize_t n;
	struct spawn_fds fds;
	int status;
	pid_t pid;

	(void)state;
	mkproc(&p, (char *[]){"/bin/sh", "-c", "echo $$; echo oops >&2; cat", NULL});
	p.out.path = "/unused";
	p.err.merge = true;
	pid = spawn_proc(&p, &fds, err, sizeof(err));
	assert_true(pid > 0);
	assert_true(fds.out_r >= 0);
	assert_int_equal(fds.err_r, -1);
	assert_true(fds.in_w >= 0);
	/* stdin is a pipe from svcd: what is written reaches the child (cat
	   copies it out), and closing it is its EOF (cat ends, then the sh) */
	assert_int_equal(write(fds.in_w, "via stdin\n", 10), 10);
	close(fds.in_w);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	while ((n = read(fds.out_r, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	close(fds.out_r);
	assert_non_null(strstr(buf, "via stdin"));
	/* its own pid first, then the merged stderr */
	assert_int_equal(atoi(buf), pid);
	assert_non_null(strstr(buf, "oops"));
}

static void test_spawn_error(void **state)
{
	struct conf_proc p;
	char err[256];
	struct spawn_fds fds;

	(void)state;
	mkproc(&p, (char *[]){"/nonexistent/x", NULL});
	assert_int_equal(spawn_proc(&p, &fds, err, sizeof(err)), -1);
	assert_string_equal(err, "can't find command '/nonexistent/x'");
	assert_int_equal(fds.out_r, -1);
	assert_int_equal(fds.in_w, -1);
}

static void test_status_text(void **state)
{
	char buf[64];

	(void)state;
	proc_status_text(1 << 8, buf, sizeof(buf));
	assert_string_equal(buf, "exit status 1");
	proc_status_text(0, buf, sizeof(buf));
	assert_string_equal(buf, "exit status 0");
	proc_status_text(SIGKILL, buf, sizeof(buf));
	assert_string_equal(buf, "terminated by SIGKILL");
	proc_status_text(SIGSEGV | 0x80, buf, sizeof(buf));
	assert_string_equal(buf, "terminated by SIGSEGV (core dumped)");
	assert_int_equal(proc_state_code(PROC_FATAL), 200);
	assert_string_equal(proc_state_name(PROC_BACKOFF), "BACKOFF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve_errors, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_path, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_spawn_child, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_spawn_error, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_status_text, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
