/* Test and bench helper: stamp [FD] — prints the wall clock in
 * nanoseconds on a line of its own and exits; with FD, prints it just
 * before it writes a newline on FD (ready notify's protocol), then waits
 * to be killed. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	fflush(stdout);
	if (argc < 2)
		return 0;
	if (write(atoi(argv[1]), "\n", 1) != 1)
		return 1;
	for (;;)
		pause();
}
