/* Tests of logpipe.c: rotation cuts exactly at maxbytes and keeps FILE.1 ..
 * FILE.N with nothing lost; no backups truncates; a pipe is drained through
 * the event loop and closed at end of file; a full disk drops bytes, counts
 * them, and writing resumes once the file takes them again. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "engine/logpipe.h"
#include "engine/loop.h"

struct fixture {
	struct leak_mark mark;
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->mark = leak_mark();
	strcpy(f->dir, "/tmp/test_logpipe.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/out.log", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	leak_check(NULL, f->mark);
	free(f);
	return 0;
}

static long long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static long long size_n(const struct fixture *f, int n)
{
	char p[160];

	snprintf(p, sizeof(p), "%s.%d", f->path, n);
	return size_of(p);
}

static void read_all(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, len, fp), len);
	fclose(fp);
}

static void test_rotation_exact(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;
	char data[10000], back[3000];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	logfile_init(&lf, f->path, 3000, 5);
	/* uneven pieces, so that cuts fall inside writes */
	logfile_write(&lf, data, 1234);
	logfile_write(&lf, data + 1234, 5000);
	logfile_write(&lf, data + 6234, sizeof(data) - 6234);
	logfile_close(&lf);
	assert_int_equal(size_n(f, 3), 3000);
	assert_int_equal(size_n(f, 2), 3000);
	assert_int_equal(size_n(f, 1), 3000);
	assert_int_equal(size_of(f->path), 1000);
	assert_int_equal(size_n(f, 4), -1);
	/* the oldest bytes are in the highest number */
	char p[160];
	snprintf(p, sizeof(p), "%s.3", f->path);
	read_all(p, back, 3000);
	assert_true(memcmp(back, data, 3000) == 0);
	read_all(f->path, back, 1000);
	assert_true(memcmp(back, data + 9000, 1000) == 0);
}

static void test_backups_limit(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;
	char data[1000];

	memset(data, 'x', sizeof(data));
	logfile_init(&lf, f->path, 100, 2);
	logfile_write(&lf, data, sizeof(data));
	logfile_close(&lf);
	assert_int_equal(size_n(f, 1), 100);
	assert_int_equal(size_n(f, 2), 100);
	assert_int_equal(size_n(f, 3), -1);
	assert_int_equal(size_of(f->path), 100);
}

static void test_no_backups_truncates(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;

	logfile_init(&lf, f->path, 10, 0);
	logfile_write(&lf, "0123456789abc", 13);
	logfile_close(&lf);
	assert_int_equal(size_of(f->path), 3);
	assert_int_equal(size_n(f, 1), -1);
}

static void test_no_limit(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;
	char data[5000];

	memset(data, 'y', sizeof(data));
	logfile_init(&lf, f->path, 0, 3);
	logfile_write(&lf, data, sizeof(data));
	logfile_write(&lf, data, sizeof(data));
	logfile_close(&lf);
	assert_int_equal(size_of(f->path), 10000);
	assert_int_equal(size_n(f, 1), -1);
}

static void test_appends_to_existing(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;

	logfile_init(&lf, f->path, 10, 1);
	logfile_write(&lf, "12345", 5);
	logfile_close(&lf);
	/* a restart of svcd counts what the file already holds */
	logfile_init(&lf, f->path, 10, 1);
	logfile_write(&lf, "6789012", 7);
	logfile_close(&lf);
	assert_int_equal(size_n(f, 1), 10);
	assert_int_equal(size_of(f->path), 2);
}

static void test_pipe_through_loop(void **state)
{
	struct fixture *f = *state;
	struct logfile lf;
	struct logpipe lp;
	struct loop l;
	sigset_t none;
	int fds[2], sigs[4], nsigs, rounds = 0;
	bool timer;
	char chunk[4096];

	sigemptyset(&none);
	assert_int_equal(loop_init(&l, &none), 0);
	assert_int_equal(pipe(fds), 0);
	logfile_init(&lf, f->path, 5000, 10);
	logpipe_init(&lp);
	assert_int_equal(logpipe_start(&lp, &l, fds[0], &lf), 0);
	memset(chunk, 'z', sizeof(chunk));
	for (int i = 0; i < 10; i++)
		assert_int_equal(write(fds[1], chunk, sizeof(chunk)), sizeof(chunk));
	close(fds[1]);
	while (logpipe_is_open(&lp) && rounds++ < 100)
		assert_int_equal(loop_wait(&l, sigs, 4, &nsigs, &timer), 0);
	assert_false(logpipe_is_open(&lp));
	logfile_close(&lf);
	long long total = size_of(f->path);
	for (int n = 1; n <= 10; n++) {
		if (size_n(f, n) > 0)
			total += size_n(f, n);
	}
	assert_int_equal(total, 40960);
	loop_fini(&l);
}

static void test_full_disk(void **state)
{
	struct fixture *f = *state;
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY), fd;
	struct logfile lf;

	/* the warnings go to the main log, which is stderr here */
	assert_true(dup2(null, STDERR_FILENO) >= 0);
	logfile_init(&lf, "/dev/full", 0, 0);
	logfile_write(&lf, "abc", 3);
	logfile_write(&lf, "defg", 4);
	assert_int_equal(lf.werr, ENOSPC);
	assert_int_equal(lf.lost, 7);
	assert_int_equal(lf.size, 0);
	/* space returns: the same descriptor now reaches a file with room */
	fd = open(f->path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	assert_true(fd >= 0 && dup2(fd, lf.fd) == lf.fd);
	close(fd);
	logfile_write(&lf, "hij", 3);
	assert_int_equal(lf.werr, 0);
	assert_int_equal(lf.lost, 0);
	assert_int_equal(lf.size, 3);
	logfile_close(&lf);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(null);
	assert_int_equal(size_of(f->path), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rotation_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backups_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_backups_truncates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appends_to_existing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe_through_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
