/* svcd's own log, in supervisord's format: `YYYY-MM-DD HH:MM:SS,mmm LEVEL msg`
 * in local time, with size rotation (FILE.1 .. FILE.N) and, in the
 * foreground, the same lines on stderr. */
#ifndef SVC_MAINLOG_H
#define SVC_MAINLOG_H

#include <stdbool.h>

/* supervisord's levels, most important first (the order of `loglevel`). */
enum mainlog_level {
	MAINLOG_CRIT,
	MAINLOG_ERRO,
	MAINLOG_WARN,
	MAINLOG_INFO,
	MAINLOG_DEBG,
	MAINLOG_TRAC,
	MAINLOG_BLAT
};

/* Until mainlog_open succeeds, lines go to stderr only. Opening again
 * (reload) replaces the file and settings. Returns 0, or -1 with errno. */
int mainlog_open(const char *path, long long maxbytes, int backups, enum mainlog_level level);
/* From now on lines go to syslog (tagged svcd, facility daemon) instead of
 * a file (and to stderr too with mainlog_echo). */
void mainlog_to_syslog(enum mainlog_level level);
/* Copies every line to stderr too (svcd -n). */
void mainlog_echo(bool on);
void mainlog_close(void);
/* Empties the main log file through its fd (clearLog). Returns 0, or -1
 * with errno (ENOENT: there is none). */
int mainlog_clear(void);

void mainlog(enum mainlog_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define mainlog_crit(...)  mainlog(MAINLOG_CRIT, __VA_ARGS__)
#define mainlog_error(...) mainlog(MAINLOG_ERRO, __VA_ARGS__)
#define mainlog_warn(...)  mainlog(MAINLOG_WARN, __VA_ARGS__)
#define mainlog_info(...)  mainlog(MAINLOG_INFO, __VA_ARGS__)
#define mainlog_debug(...) mainlog(MAINLOG_DEBG, __VA_ARGS__)

#endif
