/* The `after` graph (see deps.h): a depth-first walk with three colours;
 * an edge to a node still on the walk's stack closes a cycle. */
#include <string.h>
#include "deps.h"
#include "common/oom.h"

enum { WHITE, GREY, BLACK };

struct walk {
	TALLOC_CTX *ctx;
	size_t *const *adj;
	const size_t *nadj;
	unsigned char *colour;
	size_t *stack, *stack_edge, depth;
	struct deps_cycle *cycles;
	size_t ncycles;
	size_t *order, norder;
};

/* The cycle closed by the edge from the top of the stack back to NODE. */
static void add_cycle(struct walk *w, size_t node, size_t edge)
{
	size_t from = w->depth, len, best = 0;
	struct deps_cycle c;

	while (w->stack[from - 1] != node)
		from--;
	from--;
	len = w->depth - from;
	c.n = len;
	c.nodes = must(talloc_array(w->cycles, size_t, len));
	c.edges = must(talloc_array(w->cycles, size_t, len));
	for (size_t k = 0; k < len; k++)
		if (w->stack[from + k] < w->stack[from + best])
			best = k;
	for (size_t k = 0; k < len; k++) {
		size_t at = from + (best + k) % len;
		c.nodes[k] = w->stack[at];
		c.edges[k] = at + 1 < w->depth ? w->stack_edge[at + 1] : edge;
	}
	w->cycles = must(talloc_realloc(w->ctx, w->cycles, struct deps_cycle, w->ncycles + 1));
	w->cycles[w->ncycles++] = c;
}

static void visit(struct walk *w, size_t node)
{
	w->colour[node] = GREY;
	w->stack[w->depth++] = node;
	for (size_t e = 0; e < w->nadj[node]; e++) {
		size_t to = w->adj[node][e];

		if (w->colour[to] == GREY) {
			add_cycle(w, to, e);
		} else if (w->colour[to] == WHITE) {
			w->stack_edge[w->depth] = e;
			visit(w, to);
		}
	}
	w->depth--;
	w->colour[node] = BLACK;
	w->order[w->norder++] = node;
}

static void walk_all(struct walk *w, size_t n)
{
	w->colour = must(talloc_zero_array(w->ctx, unsigned char, n));
	w->stack = must(talloc_array(w->ctx, size_t, n + 1));
	w->stack_edge = must(talloc_array(w->ctx, size_t, n + 1));
	w->order = must(talloc_array(w->ctx, size_t, n));
	w->cycles = must(talloc_array(w->ctx, struct deps_cycle, 0));
	for (size_t i = 0; i < n; i++)
		if (w->colour[i] == WHITE)
			visit(w, i);
}

size_t deps_cycles(TALLOC_CTX *ctx, size_t n, size_t *const *adj, const size_t *nadj,
		   struct deps_cycle **out)
{
	TALLOC_CTX *tmp = must(talloc_new(ctx));
	struct walk w = {.ctx = tmp, .adj = adj, .nadj = nadj};

	walk_all(&w, n);
	*out = talloc_steal(ctx, w.cycles);
	talloc_free(tmp);
	return w.ncycles;
}

size_t *deps_order(TALLOC_CTX *ctx, size_t n, size_t *const *adj, const size_t *nadj)
{
	TALLOC_CTX *tmp = must(talloc_new(ctx));
	struct walk w = {.ctx = tmp, .adj = adj, .nadj = nadj};
	size_t *order;

	walk_all(&w, n);
	order = talloc_steal(ctx, w.order);
	talloc_free(tmp);
	return order;
}

struct mservice **deps_start_order(TALLOC_CTX *ctx, const struct model *m)
{
	TALLOC_CTX *tmp = must(talloc_new(ctx));
	size_t n = m->nservices;
	size_t **adj = must(talloc_array(tmp, size_t *, n)),
	       *nadj = must(talloc_array(tmp, size_t, n));
	struct mservice **out = must(talloc_array(ctx, struct mservice *, n));
	size_t *order;

	for (size_t i = 0; i < n; i++) {
		const struct mservice *s = m->services[i];
		adj[i] = must(talloc_array(adj, size_t, s->nafter));
		nadj[i] = s->nafter;
		for (size_t k = 0; k < s->nafter; k++)
			adj[i][k] = s->after[k]->order;
	}
	order = deps_order(tmp, n, adj, nadj);
	for (size_t i = 0; i < n; i++)
		out[i] = m->services[order[i]];
	talloc_free(tmp);
	return out;
}
