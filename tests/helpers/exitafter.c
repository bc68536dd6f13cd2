/* Test helper: exitafter CODE [MS] — prints a line, waits MS milliseconds
 * (default 0), then exits with CODE. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : 0;
	long ms = argc > 2 ? atol(argv[2]) : 0;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	printf("exitafter: exiting with %d after %ld ms\n", code, ms);
	fflush(stdout);
	nanosleep(&ts, NULL);
	return code;
}
