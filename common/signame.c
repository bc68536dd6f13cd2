/* The names are the table below, written out rather than taken from the
 * C library, so that what svcc prints never depends on the build host. */
#include "signame.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	int num;
} signames[] = {
	{"HUP", SIGHUP},   {"INT", SIGINT},       {"QUIT", SIGQUIT}, {"ILL", SIGILL},
	{"TRAP", SIGTRAP}, {"ABRT", SIGABRT},     {"BUS", SIGBUS},   {"FPE", SIGFPE},
	{"KILL", SIGKILL}, {"USR1", SIGUSR1},     {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
	{"PIPE", SIGPIPE}, {"ALRM", SIGALRM},     {"TERM", SIGTERM}, {"STKFLT", SIGSTKFLT},
	{"CHLD", SIGCHLD}, {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
	{"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},
	{"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH},
	{"IO", SIGIO},     {"PWR", SIGPWR},       {"SYS", SIGSYS},
};
#define NSIGNAMES (sizeof(signames) / sizeof(signames[0]))

static int signame_loose(const char *s)
{
	char *end;
	long n;
	int i;

	if (s[0] >= '0' && s[0] <= '9') {
		n = strtol(s, &end, 10);
		return *end || n <= 0 || n >= NSIG ? -1 : (int)n;
	}
	for (i = 1; i < NSIG; i++) {
		const char *abbrev = sigabbrev_np(i);

		if (abbrev && strcasecmp(abbrev, s) == 0)
			return i;
	}
	return -1;
}

int signame_number(const char *s, int rules)
{
	int (*cmp)(const char *, const char *) = rules == SIGNAME_LOOSE ? strcasecmp : strcmp;
	size_t i;

	if ((rules == SIGNAME_LOOSE ? strncasecmp(s, "SIG", 3) : strncmp(s, "SIG", 3)) == 0)
		s += 3;
	for (i = 0; i < NSIGNAMES; i++) {
		if (cmp(s, signames[i].name) == 0)
			return signames[i].num;
	}
	return rules == SIGNAME_LOOSE ? signame_loose(s) : -1;
}

const char *signame_name(int num)
{
	size_t i;

	for (i = 0; i < NSIGNAMES; i++) {
		if (signames[i].num == num)
			return signames[i].name;
	}
	return NULL;
}

size_t signame_list(const char **names, size_t max)
{
	size_t i;

	for (i = 0; i < NSIGNAMES && i < max; i++)
		names[i] = signames[i].name;
	return i;
}
