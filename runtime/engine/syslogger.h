/* Lines to the system log (/dev/log, facility daemon) that never make svcd
 * wait: a non-blocking datagram socket, and a line the log cannot take at
 * once is dropped. glibc's syslog(3) would block on a slow
 * log daemon, and it tags every line with one name, where each child's
 * lines carry the child's. */
#ifndef SVC_SYSLOGGER_H
#define SVC_SYSLOGGER_H

#include <stddef.h>
#include <syslog.h>

/* Sends each line of BUF (LEN bytes; the last may lack its '\n') at
 * priority PRI (LOG_INFO, LOG_ERR...) tagged TAG. */
void syslogger_lines(int pri, const char *tag, const char *buf, size_t len);

#endif
