/* Optimal string alignment distance and the "did you mean" pick built on it,
 * shared by unknown keys, blocks and service names. */
#include <string.h>
#include "suggest.h"

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Three rows suffice: the swap rule looks two rows back. */
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
			    && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *suggest_best(const char *name, const char *const *cands, size_t n)
{
	size_t len = strlen(name);
	size_t limit = len / 3 > 1 ? len / 3 : 1;
	const char *best = NULL;
	size_t best_dist = (size_t)-1;

	/* A distance equal to the length would mean nothing of NAME is kept. */
	if (limit >= len)
		limit = len ? len - 1 : 0;
	for (size_t i = 0; i < n; i++) {
		size_t dist = suggest_distance(name, cands[i]);
		if (dist <= limit && dist < best_dist) {
			best = cands[i];
			best_dist = dist;
		}
	}
	return best;
}
