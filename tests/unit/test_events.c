/* The event stream: serials in order, each reader at its own pace, a
 * reader that falls a whole ring behind loses the oldest events and is
 * told how many, log chunks only while someone asks for them, and the
 * bytes of a chunk gone once the data ring wrapped over them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine/events.h"
#include "leak.h"

static void test_order_and_readers(void **state)
{
	struct ev_ring r;
	struct ev_sub a, b;
	struct ev e;
	int i;

	assert_int_equal(ev_ring_init(&r, *state, 8, 64), 0);
	ev_subscribe(&r, &a, false);
	ev_publish_proc(&r, 5, 0, 1, &(struct ev_proc_info){0});
	ev_subscribe(&r, &b, false); /* from the next event on */
	ev_publish_sup(&r, EV_SUP_SHUTDOWN);
	assert_true(ev_next(&r, &a, &e));
	assert_int_equal(e.serial, 1);
	assert_int_equal(e.kind, EV_PROC_STATE);
	assert_int_equal(e.proc, 5);
	assert_int_equal(e.to, 1);
	assert_true(e.wall > 0);
	assert_true(ev_next(&r, &a, &e));
	assert_int_equal(e.serial, 2);
	assert_false(ev_next(&r, &a, &e));
	assert_true(ev_pending(&r, &b));
	assert_true(ev_next(&r, &b, &e));
	assert_int_equal(e.kind, EV_SUP_STATE);
	assert_int_equal(e.to, EV_SUP_SHUTDOWN);
	assert_false(ev_pending(&r, &b));
	/* a slow reader: 20 events through a ring of 8 */
	for (i = 0; i < 20; i++)
		ev_publish_proc(&r, 7, 1, 2, &(struct ev_proc_info){0});
	assert_true(ev_next(&r, &b, &e));
	assert_int_equal(b.lost, 12);
	assert_int_equal(e.serial, 2 + 12 + 1);
	i = 1;
	while (ev_next(&r, &b, &e))
		i++;
	assert_int_equal(i, 8);
	assert_int_equal(e.serial, 22);
	ev_ring_fini(&r);
}

static void test_logs_only_when_asked(void **state)
{
	struct ev_ring r;
	struct ev_sub plain, logs;
	char out[64];
	struct ev e;

	assert_int_equal(ev_ring_init(&r, *state, 16, 16), 0);
	ev_subscribe(&r, &plain, false);
	ev_publish_log(&r, 3, 1, "dropped", 7); /* nobody asked: nothing */
	assert_false(ev_pending(&r, &plain));
	ev_subscribe(&r, &logs, true);
	ev_publish_log(&r, 3, 2, "hello", 5);
	ev_publish_proc(&r, 3, 2, 4, &(struct ev_proc_info){0});
	/* the plain reader skips the chunk, the other gets it and its bytes */
	assert_true(ev_next(&r, &plain, &e));
	assert_int_equal(e.kind, EV_PROC_STATE);
	assert_true(ev_next(&r, &logs, &e));
	assert_int_equal(e.kind, EV_LOG);
	assert_int_equal(e.stream, 2);
	assert_int_equal(ev_log_data(&r, &e, out, sizeof(out)), 5);
	assert_memory_equal(out, "hello", 5);
	/* 20 more bytes wrap the 16-byte data ring over "hello" */
	ev_publish_log(&r, 3, 1, "0123456789abcdefghij", 20);
	assert_int_equal(ev_log_data(&r, &e, out, sizeof(out)), 0);
	assert_true(ev_next(&r, &logs, &e)); /* the state change */
	assert_true(ev_next(&r, &logs, &e));
	/* a chunk larger than the data ring keeps its tail */
	assert_int_equal(e.len, 16);
	assert_int_equal(ev_log_data(&r, &e, out, sizeof(out)), 16);
	assert_memory_equal(out, "456789abcdefghij", 16);
	ev_want_logs(&r, &logs, false);
	ev_publish_log(&r, 3, 1, "gone", 4);
	assert_false(ev_next(&r, &logs, &e));
	ev_ring_fini(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_readers, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_logs_only_when_asked, leak_setup,
						leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
