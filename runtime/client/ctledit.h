/* The shell's line editing, on a terminal only: libedit's readline (BSD
 * licensed, in Debian as libedit2) with history kept in supervisorctl's
 * history_file, and tab completion of verbs and, after a verb, of the
 * server's process names, as supervisorctl completes them. A shell fed by
 * a pipe reads plain lines, as before. */
#ifndef SVC_CTLEDIT_H
#define SVC_CTLEDIT_H

#include <stdbool.h>
#include <talloc.h>

/* What completion offers: the verbs, and the names the server knows now
 * (asked when a completion needs them). */
struct ctledit_words {
	const char *const *verbs;
	const char **(*names)(void *arg, TALLOC_CTX *mem); /* NULL-terminated */
	void *arg;
};

/* True when the shell reads from a terminal and edits lines. HISTORY is
 * the history file (NULL: none). */
bool ctledit_start(const struct ctledit_words *w, const char *history);
/* One line, without its newline; NULL at end of input. */
char *ctledit_line(TALLOC_CTX *mem, const char *prompt);
/* Saves the history. */
void ctledit_stop(void);

#endif
