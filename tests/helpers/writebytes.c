/* Test helper: writebytes N — writes N bytes to stdout as fast as it can,
 * then waits forever (so that no restart muddles the count). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	long long left = argc > 1 ? atoll(argv[1]) : 0;

	memset(buf, 'x', sizeof(buf));
	for (size_t i = 79; i < sizeof(buf); i += 80)
		buf[i] = '\n';
	while (left > 0) {
		size_t n = left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf);
		ssize_t w = write(STDOUT_FILENO, buf, n);

		if (w < 0)
			return 1;
		left -= w;
	}
	for (;;)
		pause();
}
