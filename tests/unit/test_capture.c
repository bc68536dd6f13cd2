/* Tests of capture.c: the same output fed whole and a byte at a time
 * gives the same log text and the same blocks (a token split over reads
 * is still found), the bytes after a block that are no longer than a
 * token wait for more as supervisord has them wait, and a block longer
 * than maxbytes keeps supervisord's BoundIO bound. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>
#include "engine/capture.h"
#include "leak.h"

struct seen {
	char log[512], inside[512], blocks[512];
	size_t nlog, ninside, nblocks;
};

static void put(char *to, size_t *n, const char *buf, size_t len)
{
	memcpy(to + *n, buf, len);
	*n += len;
	to[*n] = '\0';
}

static void on_log(void *arg, const char *buf, size_t len, bool inside)
{
	struct seen *s = arg;

	if (inside)
		put(s->inside, &s->ninside, buf, len);
	else
		put(s->log, &s->nlog, buf, len);
}

static void on_emit(void *arg, const char *buf, size_t len)
{
	struct seen *s = arg;

	put(s->blocks, &s->nblocks, buf, len);
	put(s->blocks, &s->nblocks, "|", 1);
}

static const char text[] = "one\n<!--XSUPERVISOR:BEGIN-->first<!--XSUPERVISOR:END-->two\n"
			   "<!--XSUPERV not a token\n<!--XSUPERVISOR:BEGIN-->sec"
			   "ond<!--XSUPERVISOR:END-->and the rest of the line\n";

static void feed(void *mem, size_t step, struct seen *s)
{
	struct capture c;
	const struct capture_out out = {on_log, on_emit, s};

	memset(s, 0, sizeof(*s));
	assert_int_equal(capture_init(&c, mem, 1024), 0);
	for (size_t i = 0; i < sizeof(text) - 1; i += step)
		capture_feed(&c, text + i,
			     step < sizeof(text) - 1 - i ? step : sizeof(text) - 1 - i, &out);
	capture_flush(&c, &out);
	talloc_free(c.buf);
}

static void test_any_cut(void **state)
{
	struct seen whole, bytes;

	feed(*state, sizeof(text), &whole);
	assert_string_equal(whole.log,
			    "one\ntwo\n<!--XSUPERV not a token\nand the rest of the line\n");
	assert_string_equal(whole.inside, "firstsecond");
	assert_string_equal(whole.blocks, "first|second|");
	for (size_t step = 1; step < 30; step++) {
		feed(*state, step, &bytes);
		assert_string_equal(bytes.log, whole.log);
		assert_string_equal(bytes.blocks, whole.blocks);
	}
}

static void test_short_tail_waits(void **state)
{
	struct seen s = {0};
	struct capture c;
	const struct capture_out out = {on_log, on_emit, &s};
	static const char block[] = "<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->bye\n";

	assert_int_equal(capture_init(&c, *state, 1024), 0);
	capture_feed(&c, block, sizeof(block) - 1, &out);
	assert_string_equal(s.blocks, "x|");
	assert_string_equal(s.log, ""); /* "bye\n" is no longer than a token */
	capture_flush(&c, &out);
	assert_string_equal(s.log, "bye\n");
	talloc_free(c.buf);
}

static void test_bound(void **state)
{
	struct seen s = {0};
	struct capture c;
	const struct capture_out out = {on_log, on_emit, &s};

	/* each piece longer than a token, so each is one write */
	assert_int_equal(capture_init(&c, *state, 40), 0);
	capture_feed(&c, "<!--XSUPERVISOR:BEGIN-->", 24, &out);
	capture_feed(&c, "aaaaaaaaaaaaaaaaaaaaaaaaa", 25, &out);
	assert_string_equal(s.inside, "aaaaaaaaaaaaaaaaaaaaaaaaa");
	capture_feed(&c, "bbbbbbbbbbbbbbbbbbbbbbbbb", 25, &out);
	/* BoundIO: 25 + 25 > 40 drops 25 bytes from the front first */
	capture_feed(&c, "<!--XSUPERVISOR:END-->\n", 23, &out);
	assert_string_equal(s.blocks, "bbbbbbbbbbbbbbbbbbbbbbbbb|");
	talloc_free(c.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_any_cut, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_short_tail_waits, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_bound, leak_setup, leak_teardown),
	};

	atexit(leak_untrack);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
