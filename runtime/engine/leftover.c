/* Leftovers of a previous svcd. supervisord does not adopt the children of
 * a killed instance, and neither does svcd: they are named in the log so
 * that a second copy (which may fail on a port, or run twice) is no
 * surprise. /proc is read once, at start-up, before anything is spawned. */
#include "leftover.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mainlog.h"

#define LEFTOVER_ENV_MAX (64 * 1024)

/* Reads /proc/PID/NAME into BUF (NUL-terminated); returns its length or -1. */
static ssize_t leftover_read(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];
	ssize_t n, got = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* The value of KEY in a NUL-separated environment block, or NULL. */
static const char *leftover_env(const char *env, size_t len, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = env; p < env + len; p += strlen(p) + 1) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			return p + klen + 1;
	}
	return NULL;
}

/* Field 4 (ppid) and 5 (pgrp) of /proc/PID/stat; the name before them is
 * in parentheses and may hold anything, so parsing starts after the last ')'. */
static int leftover_stat(pid_t pid, pid_t *ppid, pid_t *pgrp)
{
	char buf[512], *p;
	int a, b;

	if (leftover_read(pid, "stat", buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d %d", &a, &b) != 2)
		return -1;
	*ppid = a;
	*pgrp = b;
	return 0;
}

static int leftover_parent_is_svcd(pid_t ppid)
{
	char comm[64];

	if (ppid == getpid())
		return 1;
	if (leftover_read(ppid, "comm", comm, sizeof(comm)) <= 0)
		return 0;
	return strncmp(comm, "svcd", 4) == 0;
}

/* Whether PID is a child svcd started for a process of C; its name if so. */
static const char *leftover_match(const struct conf *c, pid_t pid, char *env)
{
	const char *name, *url, *want;
	pid_t ppid, pgrp;
	ssize_t len, i;

	if (leftover_stat(pid, &ppid, &pgrp) < 0 || pgrp != pid)
		return NULL;
	len = leftover_read(pid, "environ", env, LEFTOVER_ENV_MAX);
	if (len <= 0)
		return NULL;
	if (!leftover_env(env, (size_t)len, "SUPERVISOR_ENABLED"))
		return NULL;
	name = leftover_env(env, (size_t)len, "SUPERVISOR_PROCESS_NAME");
	if (!name || (i = conf_find(c, name)) < 0)
		return NULL;
	url = leftover_env(env, (size_t)len, "SUPERVISOR_SERVER_URL");
	want = conf_getenv(c->procs[i].envp, "SUPERVISOR_SERVER_URL");
	if ((url == NULL) != (want == NULL) || (url && strcmp(url, want) != 0))
		return NULL;
	if (leftover_parent_is_svcd(ppid))
		return NULL;
	return c->procs[i].name;
}

int leftover_report(const struct conf *c)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char *env;
	int found = 0;

	if (!d)
		return 0;
	env = malloc(LEFTOVER_ENV_MAX);
	while (env && (e = readdir(d)) != NULL) {
		pid_t pid = (pid_t)atoi(e->d_name);
		const char *name;

		if (pid <= 0 || pid == getpid())
			continue;
		name = leftover_match(c, pid, env);
		if (!name)
			continue;
		mainlog_warn("found '%s' (pid %d) left running by a previous svcd; "
			     "it is not adopted: stop it, or its new copy may "
			     "fail or run twice",
			     name, (int)pid);
		found++;
	}
	free(env);
	closedir(d);
	return found;
}
