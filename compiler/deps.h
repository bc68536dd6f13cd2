/* The `after` graph: dependency cycles (each reported once, with its path)
 * and a start order that puts every service after those it names. Nodes
 * are 0..n-1; adj[i] lists the nodes i is after. */
#ifndef SVC_DEPS_H
#define SVC_DEPS_H

#include <stddef.h>
#include <talloc.h>
#include "model.h"

struct deps_cycle {
	size_t *nodes; /* nodes[0] -> nodes[1] -> ... -> nodes[0] */
	size_t *edges; /* edges[k]: index in adj[nodes[k]] of the edge to
				   nodes[k + 1] (or to nodes[0] for the last) */
	size_t n;
};

/* Every cycle found by one depth-first walk (one per back edge, so a cycle
 * is never given twice), each rotated to start at its smallest node.
 * Returns how many, with *OUT a talloc array under CTX. */
size_t deps_cycles(TALLOC_CTX *ctx, size_t n, size_t *const *adj, const size_t *nadj,
		   struct deps_cycle **out);

/* Nodes in an order where each comes after every node it lists, ties in
 * index order (edges closing a cycle are ignored). Talloc array of n. */
size_t *deps_order(TALLOC_CTX *ctx, size_t n, size_t *const *adj, const size_t *nadj);

/* The model's services in start order (a talloc array of nservices). */
struct mservice **deps_start_order(TALLOC_CTX *ctx, const struct model *m);

#endif
