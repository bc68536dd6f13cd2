/* Tests of deps.c: cycles found once each with their path, and a start
 * order that respects every edge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <talloc.h>
#include "deps.h"
#include "leak.h"


/* A graph from rows of "node: targets", -1 ending each row. */
struct graph {
	size_t *adj[8];
	size_t nadj[8];
	size_t store[8][8];
};

static void graph_set(struct graph *g, size_t n, const int rows[][8])
{
	for (size_t i = 0; i < n; i++) {
		g->adj[i] = g->store[i];
		g->nadj[i] = 0;
		for (size_t k = 0; rows[i][k] >= 0; k++)
			g->store[i][g->nadj[i]++] = (size_t)rows[i][k];
	}
}

static void test_no_cycle_order(void **state)
{
	/* 0 after 2, 1 after 0, 2 after nothing, 3 after 1 and 2 */
	const int rows[][8] = {{2, -1}, {0, -1}, {-1}, {1, 2, -1}};
	struct graph g;
	struct deps_cycle *c;
	size_t *order, pos[4];

	graph_set(&g, 4, rows);
	assert_int_equal(deps_cycles(*state, 4, g.adj, g.nadj, &c), 0);
	talloc_free(c);
	order = deps_order(*state, 4, g.adj, g.nadj);
	for (size_t i = 0; i < 4; i++)
		pos[order[i]] = i;
	assert_true(pos[2] < pos[0] && pos[0] < pos[1] && pos[1] < pos[3]);
	assert_int_equal(order[0], 2);
	talloc_free(order);
}

static void test_cycles(void **state)
{
	/* 1 -> 2 -> 0 -> 1 (rotated to start at 0), and 3 -> 3 */
	const int rows[][8] = {{1, -1}, {2, -1}, {0, -1}, {3, 0, -1}};
	struct graph g;
	struct deps_cycle *c;

	graph_set(&g, 4, rows);
	assert_int_equal(deps_cycles(*state, 4, g.adj, g.nadj, &c), 2);
	assert_int_equal(c[0].n, 3);
	assert_int_equal(c[0].nodes[0], 0);
	assert_int_equal(c[0].nodes[1], 1);
	assert_int_equal(c[0].nodes[2], 2);
	assert_int_equal(c[0].edges[2], 0);
	assert_int_equal(c[1].n, 1);
	assert_int_equal(c[1].nodes[0], 3);
	assert_int_equal(c[1].edges[0], 0);
	talloc_free(c);
}

static void test_cycle_rotation(void **state)
{
	/* the walk enters at 0, finds 2 -> 1 -> 3 -> 2: reported from 1 */
	const int rows[][8] = {{2, -1}, {3, -1}, {1, -1}, {2, -1}};
	struct graph g;
	struct deps_cycle *c;

	graph_set(&g, 4, rows);
	assert_int_equal(deps_cycles(*state, 4, g.adj, g.nadj, &c), 1);
	assert_int_equal(c[0].n, 3);
	assert_int_equal(c[0].nodes[0], 1);
	assert_int_equal(c[0].nodes[1], 3);
	assert_int_equal(c[0].nodes[2], 2);
	talloc_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_cycle_order, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_cycles, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_cycle_rotation, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
