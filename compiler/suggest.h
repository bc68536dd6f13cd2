/* "Did you mean": the closest of some candidate words to a misspelt one,
 * by optimal string alignment (Damerau-Levenshtein) distance. */
#ifndef SVC_SUGGEST_H
#define SVC_SUGGEST_H

#include <stddef.h>

/* Words longer than this are never compared (no suggestion for them). */
#define SUGGEST_MAX_LEN 128

/* Edit distance between A and B: insertions, deletions, substitutions and
 * swaps of two neighbouring bytes each cost 1. Returns (size_t)-1 when
 * either is longer than SUGGEST_MAX_LEN. */
size_t suggest_distance(const char *a, const char *b);

/* The candidate closest to NAME, or NULL when none is close enough: the
 * distance must be at most max(1, strlen(NAME) / 3) and less than
 * strlen(NAME). Ties go to the earliest candidate. */
const char *suggest_best(const char *name, const char *const *cands, size_t n);

#endif
