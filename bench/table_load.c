/* make bench: opens, maps and validates a compiled table N times through the
 * same reader svcd uses, and prints the mean time of one load, e.g. "0.84 ms".
 *   table_load services.svct [N]   (N defaults to 100) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "common/table.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One load: table_open validates every byte; the process count read back
 * keeps the work from being optimised away and proves the table is usable. */
static int load_once(const char *path, uint32_t *nprocs)
{
	struct table t;
	char err[512];

	if (table_open(path, &t, err, sizeof err) < 0) {
		fprintf(stderr, "table_load: %s\n", err);
		return -1;
	}
	*nprocs = table_nprocs(&t);
	table_close(&t);
	return 0;
}

static long parse_runs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n > 0 && n <= 1000000 ? n : -1;
}

int main(int argc, char **argv)
{
	long runs = 100;
	uint32_t nprocs = 0, first;
	double t0, t1;

	if (argc < 2 || argc > 3 || (argc == 3 && (runs = parse_runs(argv[2])) < 0)) {
		fprintf(stderr, "usage: table_load FILE.svct [RUNS]\n");
		return 2;
	}
	/* the first load warms the page cache and is not counted */
	if (load_once(argv[1], &first) < 0)
		return 1;
	t0 = now_ms();
	for (long i = 0; i < runs; i++) {
		if (load_once(argv[1], &nprocs) < 0 || nprocs != first)
			return 1;
	}
	t1 = now_ms();
	printf("%.3f ms\n", (t1 - t0) / (double)runs);
	return 0;
}
