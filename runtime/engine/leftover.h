/* Processes a killed svcd left behind: found at start-up by the variables
 * svcd puts in every child's environment, and reported, not adopted. */
#ifndef SVC_LEFTOVER_H
#define SVC_LEFTOVER_H

#include "conf.h"

/* Logs a warning for each live process that leads its own process group,
 * is not the child of a running svcd, and whose SUPERVISOR_PROCESS_NAME
 * and SUPERVISOR_SERVER_URL are those of a process of C. Returns how many. */
int leftover_report(const struct conf *c);

#endif
