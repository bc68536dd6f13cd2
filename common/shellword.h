/* Quoting one word for the POSIX shell splitting supervisord applies to a
 * command (Python's shlex.split), in a form configparser's inline comments
 * leave alone: what svcc writes into the INI and what svcd reports as a
 * command must be the same text. */
#ifndef SVC_SHELLWORD_H
#define SVC_SHELLWORD_H

#include "buf.h"

/* Appends WORD to B, quoted when it needs to be. */
void shellword_quote(struct buf *b, const char *word);

#endif
