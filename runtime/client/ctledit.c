/* libedit through its readline interface: readline(), the history calls
 * and rl_completion_matches() are what supervisorctl uses of GNU
 * readline, so the shell behaves the same. */
#include "ctledit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>
#include "common/oom.h"

static struct {
	const struct ctledit_words *w;
	const char *history;
	TALLOC_CTX *mem;    /* the names of the completion in progress */
	const char **names; /* what is being completed from */
	size_t next;
} ed;

/* readline's generator: the next candidate starting with TEXT. */
static char *ctledit_next(const char *text, int state)
{
	size_t len = strlen(text);

	if (state == 0)
		ed.next = 0;
	while (ed.names && ed.names[ed.next]) {
		const char *s = ed.names[ed.next++];

		if (strncmp(s, text, len) == 0)
			return must(strdup(s));
	}
	return NULL;
}

/* The first word completes to a verb, the others to process names. */
static char **ctledit_complete(const char *text, int start, int end)
{
	(void)end;
	talloc_free(ed.mem);
	ed.mem = must(talloc_new(NULL));
	if (start == 0)
		ed.names = (const char **)ed.w->verbs;
	else
		ed.names = ed.w->names(ed.w->arg, ed.mem);
	rl_attempted_completion_over = 1; /* never file names */
	return rl_completion_matches(text, ctledit_next);
}

bool ctledit_start(const struct ctledit_words *w, const char *history)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return false;
	ed.w = w;
	ed.history = history;
	rl_readline_name = "supervisor";
	rl_attempted_completion_function = ctledit_complete;
	using_history();
	if (history)
		read_history(history);
	return true;
}

char *ctledit_line(TALLOC_CTX *mem, const char *prompt)
{
	char *line = readline(prompt);
	char *s;

	if (!line)
		return NULL;
	if (*line)
		add_history(line);
	s = must(talloc_strdup(mem, line));
	free(line);
	return s;
}

void ctledit_stop(void)
{
	if (ed.history)
		write_history(ed.history);
	talloc_free(ed.mem);
	ed.mem = NULL;
}
