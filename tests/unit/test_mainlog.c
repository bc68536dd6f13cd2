/* Tests of mainlog.c: supervisord's line format, the level filter, and
 * rotation of svcd's own log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "leak.h"
#include "engine/mainlog.h"

static char dir[64], path[128];
static struct leak_mark mark;

static int setup(void **state)
{
	(void)state;
	mark = leak_mark();
	strcpy(dir, "/tmp/test_mainlog.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/svcd.log", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];

	(void)state;
	mainlog_close();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	leak_check(NULL, mark);
	return 0;
}

static size_t slurp(const char *p, char *buf, size_t len)
{
	FILE *f = fopen(p, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

static void test_format(void **state)
{
	char buf[1024];
	regex_t re;

	(void)state;
	assert_int_equal(mainlog_open(path, 0, 0, MAINLOG_INFO), 0);
	mainlog_info("spawned: '%s' with pid %d", "web", 123);
	mainlog_warn("exited: web (exit status 1; not expected)");
	mainlog_debug("not shown at info");
	mainlog_close();
	slurp(path, buf, sizeof(buf));
	assert_int_equal(regcomp(&re,
				 "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3} "
				 "INFO spawned: 'web' with pid 123\n"
				 "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3} "
				 "WARN exited: web \\(exit status 1; not expected\\)\n$",
				 REG_EXTENDED),
			 0);
	assert_int_equal(regexec(&re, buf, 0, NULL, 0), 0);
	regfree(&re);
}

static void test_rotation(void **state)
{
	char p[160], buf[4096];
	struct stat st;

	(void)state;
	assert_int_equal(mainlog_open(path, 200, 2, MAINLOG_INFO), 0);
	for (int i = 0; i < 20; i++)
		mainlog_info("line %02d of a log that rotates", i);
	mainlog_close();
	snprintf(p, sizeof(p), "%s.1", path);
	assert_int_equal(stat(p, &st), 0);
	snprintf(p, sizeof(p), "%s.2", path);
	assert_int_equal(stat(p, &st), 0);
	snprintf(p, sizeof(p), "%s.3", path);
	assert_int_equal(stat(p, &st), -1);
	/* lines stay whole; the newest is in FILE or, right after a
	   rotation, FILE.1; the oldest were rotated away */
	slurp(path, buf, sizeof(buf));
	size_t n = strlen(buf);
	snprintf(p, sizeof(p), "%s.1", path);
	slurp(p, buf + n, sizeof(buf) - n);
	assert_non_null(strstr(buf, "line 19 of a log that rotates\n"));
	assert_null(strstr(buf, "line 00 "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
