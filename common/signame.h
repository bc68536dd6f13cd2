/* Signal names, for the language (stopsignal), the importer and svcd's
 * signalProcess: one table, two sets of rules. */
#ifndef SVC_SIGNAME_H
#define SVC_SIGNAME_H

#include <stddef.h>

/* The language's rules: a name of the table, "TERM" or "SIGTERM". */
#define SIGNAME_STRICT 0
/* supervisord's (signal_number in its options.py): any case, a number
 * from 1, and any name the C library knows ("RTMIN"). */
#define SIGNAME_LOOSE  1

/* The signal named S, or -1. */
int signame_number(const char *s, int rules);
/* "TERM" for SIGTERM; NULL for a signal without a name in the table. */
const char *signame_name(int num);

/* The table's names (for suggestions), at most MAX of them into NAMES;
 * returns how many. SIGNAME_MAX holds them all. */
#define SIGNAME_MAX 64
size_t signame_list(const char **names, size_t max);

#endif
