/* Tests of ini.c: supervisord's INI dialect read as Python's configparser
 * reads it (expected values checked against configparser itself), errors
 * with their lines, and [include] globs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <talloc.h>
#include "common/ini.h"
#include "leak.h"

static struct ini *parse(TALLOC_CTX *ctx, const char *text)
{
	struct ini *ini = ini_new(ctx);

	assert_non_null(ini);
	ini_parse(ini, "t.conf", "/etc/t", text, strlen(text));
	return ini;
}

static const char *value(const struct ini *ini, const char *sec, const char *key)
{
	struct ini_value *v = ini_get(ini_section(ini, sec), key);

	return v ? v->value : NULL;
}

static void test_comments(void **state)
{
	struct ini *ini = parse(*state,
				"; top\n# top\n[s]\na=x;y\nb=x ;y\nc=x#y #z\n"
				"d=a#b #c ;d\n  ; indented comment\nz=1\n");

	assert_int_equal(ini->nerrors, 0);
	assert_string_equal(value(ini, "s", "a"), "x;y");
	assert_string_equal(value(ini, "s", "b"), "x");
	assert_string_equal(value(ini, "s", "c"), "x#y");
	/* configparser looks at the next ';' and '#' in turns and stops at the
	 * first turn with one after a blank: here the ';'. */
	assert_string_equal(value(ini, "s", "d"), "a#b #c");
	assert_string_equal(value(ini, "s", "z"), "1");
	talloc_free(ini);
}

static void test_continuation(void **state)
{
	struct ini *ini = parse(*state,
				"[s]\ne=first\n  second\n\n  ; a comment line\n"
				"  third\n\n\nf : colon\ne2=\n   cont\n");

	assert_int_equal(ini->nerrors, 0);
	assert_string_equal(value(ini, "s", "e"), "first\nsecond\n\nthird");
	assert_string_equal(value(ini, "s", "f"), "colon");
	assert_string_equal(value(ini, "s", "e2"), "\ncont");
	assert_int_equal(ini_get(ini_section(ini, "s"), "f")->line, 9);
	talloc_free(ini);
}

static void test_case_and_duplicates(void **state)
{
	struct ini *ini = parse(*state, "[s]\nA=1\nG = upper\n[t]\nk=v\n[s]\na=again\r\n");
	struct ini_section *s = ini_section(ini, "s");

	assert_int_equal(ini->nerrors, 0);
	assert_int_equal(ini->nsecs, 2);
	assert_int_equal(s->nvals, 2);
	/* The later value wins and keeps the first one's place. */
	assert_string_equal(s->vals[0].key, "a");
	assert_string_equal(s->vals[0].value, "again");
	assert_int_equal(s->vals[0].line, 7);
	assert_string_equal(s->vals[1].key, "g");
	assert_string_equal(s->vals[1].value, "upper");
	assert_string_equal(s->vals[1].dir, "/etc/t");
	/* Section names keep their case. */
	assert_true(ini_section(ini, "S") == NULL);
	talloc_free(ini);
}

static void test_errors(void **state)
{
	struct ini *ini = parse(*state, "before=x\n[s]\nok=1\ngarbage here\n= v\n[]\nafter=2\n");

	assert_int_equal(ini->nerrors, 4);
	assert_int_equal(ini->probs[0].line, 1);
	assert_int_equal(ini->probs[1].line, 4);
	assert_int_equal(ini->probs[2].line, 5);
	assert_int_equal(ini->probs[3].line, 6);
	assert_true(ini->probs[1].error);
	assert_non_null(strstr(ini->probs[1].msg, "garbage here"));
	/* Reading goes on after a bad line. */
	assert_string_equal(value(ini, "s", "after"), "2");
	talloc_free(ini);
}

static void test_print(void **state)
{
	struct ini *ini = parse(*state, "[s]\nbad\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ini_report(ini, "t.conf", 0, false, "whole %s", "file");
	ini_report(ini, "t.conf", 1, true, "first line");
	ini_print(ini, f);
	fclose(f);
	assert_string_equal(buf,
			    "t.conf: warning: whole file\n"
			    "t.conf:1: error: first line\n"
			    "t.conf:2: error: expected 'name = value' or a [section] header, "
			    "not 'bad'\n");
	free(buf);
	talloc_free(ini);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_include(void **state)
{
	char dir[] = "/tmp/test_ini.XXXXXX", path[128], sub[128];
	struct ini *ini;
	struct ini_value *v;

	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/conf.d", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/conf.d/b.conf", dir);
	write_file(path, "[program:b]\ncommand=b\n[include]\nfiles=nested/*.conf\n");
	snprintf(path, sizeof path, "%s/conf.d/a.conf", dir);
	write_file(path, "[program:a]\ncommand=a\n[supervisord]\nlogfile=from-a\n");
	snprintf(path, sizeof path, "%s/main.conf", dir);
	write_file(path,
		   "[supervisord]\nlogfile=main\n[include]\n"
		   "files = conf.d/*.conf\n  none/*.conf\n");
	ini = ini_load(*state, path);
	assert_non_null(ini);
	assert_int_equal(ini->nerrors, 0);
	assert_string_equal(ini->dir, dir);
	/* Sorted, relative to the including file; the later file wins. */
	assert_int_equal(ini->nfiles, 3);
	assert_non_null(strstr(ini->files[1], "conf.d/a.conf"));
	assert_non_null(strstr(ini->files[2], "conf.d/b.conf"));
	assert_string_equal(value(ini, "supervisord", "logfile"), "from-a");
	v = ini_get(ini_section(ini, "program:a"), "command");
	assert_string_equal(v->dir, sub);
	/* The pattern that matches nothing is a warning on the files= line;
	 * b.conf's own [include] is not followed. */
	assert_int_equal(ini->nprobs, 1);
	assert_true(!ini->probs[0].error);
	assert_int_equal(ini->probs[0].line, 4);
	assert_non_null(strstr(ini->probs[0].msg, "none/*.conf"));
	talloc_free(ini);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static void test_missing_file(void **state)
{
	struct ini *ini = ini_load(*state, "/nonexistent/x.conf");

	assert_non_null(ini);
	assert_int_equal(ini->nerrors, 1);
	assert_int_equal(ini->probs[0].line, 0);
	talloc_free(ini);
}

static void test_abspath(void **state)
{
	char *p = ini_abspath(*state, "/a/./b//c/../d");

	assert_string_equal(p, "/a/b/d");
	talloc_free(p);
	p = ini_abspath(*state, "/..");
	assert_string_equal(p, "/");
	talloc_free(p);
}

static void test_expand(void **state)
{
	struct ini *ini = parse(*state,
				"[s]\na=%(here)s/x %%(ENV_SVC_T)s%% %(ENV_SVC_T)s\n"
				"b=%(here)s\nc=50%\nd=%(host_node_name)s\n");
	struct ini_section *sec = ini_section(ini, "s");
	char *out;

	setenv("SVC_T", "env", 1);
	out = ini_expand(ini, ini, ini_get(sec, "a"), "a", INI_HERE);
	assert_string_equal(out, "/etc/t/x %(ENV_SVC_T)s% env");
	/* Refused names and a lone '%' are reported, not kept as text. */
	assert_null(ini_expand(ini, ini, ini_get(sec, "b"), "b", 0));
	assert_null(ini_expand(ini, ini, ini_get(sec, "c"), "c", INI_HERE));
	assert_null(ini_expand(ini, ini, ini_get(sec, "d"), "d", INI_HERE));
	assert_int_equal(ini->nerrors, 3);
	assert_string_equal(ini->probs[0].msg, "b: %(here)s cannot be expanded here");
	assert_int_equal(ini->probs[1].line, 4);
	assert_non_null(ini_expand(ini, ini, ini_get(sec, "d"), "d", INI_HOST));
	talloc_free(ini);
}

/* ini_read takes the one file, as supervisorctl does, not its includes. */
static void test_read_alone(void **state)
{
	char dir[] = "/tmp/test_ini.XXXXXX", path[128];
	struct ini *ini;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.conf", dir);
	write_file(path, "[supervisorctl]\nprompt=b\n");
	snprintf(path, sizeof path, "%s/main.conf", dir);
	write_file(path, "[include]\nfiles=b.conf\n");
	ini = ini_read(*state, path);
	assert_int_equal(ini->nfiles, 1);
	assert_null(ini_section(ini, "supervisorctl"));
	talloc_free(ini);
	ini = ini_load(*state, path);
	assert_int_equal(ini->nfiles, 2);
	assert_string_equal(value(ini, "supervisorctl", "prompt"), "b");
	talloc_free(ini);
	ini = ini_read(*state, dir); /* a folder cannot be read */
	assert_int_equal(ini->nfiles, 0);
	talloc_free(ini);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_comments, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_continuation, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_case_and_duplicates, leak_setup,
						leak_teardown),
		cmocka_unit_test_setup_teardown(test_errors, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_print, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_include, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_abspath, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_expand, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_read_alone, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
