/* Test helper: forkgrand FILE GRAND_MS PARENT_MS [setsid] — forks a
 * grandchild that writes its pid to FILE and lives GRAND_MS milliseconds
 * (in a session of its own with "setsid", as a daemon would), then the
 * parent lives PARENT_MS milliseconds (-1: forever) and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	long grand, parent;
	pid_t pid;

	if (argc < 4)
		return 2;
	grand = atol(argv[2]);
	parent = atol(argv[3]);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		char tmp[4096];
		FILE *f;

		if (argc > 4 && argv[4][0] == 's' && setsid() < 0)
			return 1;
		/* written aside and renamed: a reader never sees half a pid */
		snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
			rename(tmp, argv[1]);
		}
		nap(grand);
		return 0;
	}
	while (access(argv[1], F_OK) < 0)
		nap(10);
	if (parent < 0) {
		for (;;)
			pause();
	}
	nap(parent);
	return 0;
}
