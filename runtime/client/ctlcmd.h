/* svcctl's verbs (status, start, stop, tail, ...): supervisorctl's
 * arguments, XML-RPC calls, output texts and LSB exit statuses, and its
 * interactive shell. */
#ifndef SVC_CTLCMD_H
#define SVC_CTLCMD_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>

#include "ctlrpc.h"

/* supervisorctl's exit statuses (LSB init script conventions). */
enum {
	CTL_EXIT_SUCCESS = 0,
	CTL_EXIT_GENERIC = 1,
	CTL_EXIT_INVALID_ARGS = 2,
	CTL_EXIT_UNIMPLEMENTED = 3,
	CTL_EXIT_PRIVILEGES = 4,
	CTL_EXIT_NOT_INSTALLED = 5,
	CTL_EXIT_NOT_RUNNING = 7,
	/* `status` only */
	CTL_STATUS_NOT_RUNNING = 3,
	CTL_STATUS_UNKNOWN = 4,
};

struct ctl {
	struct ctlrpc rpc;
	const char *serverurl;
	const char *username;
	const char *password;
	const char *prompt; /* "supervisor" unless the INI says otherwise */
	bool interactive;   /* confirmations and the re-login on a 401 */
	int exitstatus;
	FILE *in; /* typed lines and answers */
	FILE *out;
	const char *history; /* the shell's history file, or NULL */
	bool editing;        /* the shell edits lines (on a terminal) */
};

/* A controller for SERVERURL with optional credentials (NULL: none). */
struct ctl *ctl_new(TALLOC_CTX *mem, const char *serverurl, const char *username,
		    const char *password);

/* Runs one command line; true when the shell should end (quit, EOF). */
bool ctl_onecmd(struct ctl *c, const char *line);

/* The interactive shell: `status` first, then a prompt per line until
 * EOF or quit. */
void ctl_shell(struct ctl *c);

#endif
