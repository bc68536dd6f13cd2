/* Test helper: ignoreterm [FILE] — ignores SIGTERM and waits forever, so
 * only SIGKILL ends it. With FILE, it first forks a child that ignores
 * SIGTERM too and writes its pid to FILE. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	signal(SIGTERM, SIG_IGN);
	if (argc > 1 && fork() == 0) {
		char tmp[4096];
		FILE *f;

		/* written aside and renamed: a reader never sees half a pid */
		snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
			rename(tmp, argv[1]);
		}
		for (;;)
			pause();
	}
	printf("ignoreterm: ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
