/* The compiled table's reader: maps a file, validates every byte of it once
 * (linear time, never reading outside the mapping), then serves zero-copy
 * accessors. The writer in compiler/table_write.c produces what this reads. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "table_check.h"

const uint32_t table_recsize[TABLE_NSECT] = {
	TABLE_SUP_SIZE,
	TABLE_GROUP_SIZE,
	TABLE_PROC_SIZE,
	TABLE_REF_SIZE,
	TABLE_U32_SIZE,
	TABLE_U32_SIZE,
	1,
};

/* ---- CRC-32C ---------------------------------------------------------- */

static uint32_t crc_tab[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ UINT32_C(0x82f63b78) : c >> 1;
		crc_tab[i] = c;
	}
}

uint32_t table_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!crc_tab[1])
		crc_init();
	crc = ~crc;
	while (len--)
		crc = crc_tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint32_t table_checksum(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t crc;

	assert(len >= 24);
	crc = table_crc32c(0, p, 20);
	return table_crc32c(crc, p + 24, len - 24);
}

int table_load_mem(const void *buf, size_t len, const char *name, struct table *t, char *err,
		   size_t errlen)
{
	int rc;

	memset(t, 0, sizeof *t);
	t->base = buf;
	t->size = len;
	t->name = name;
	if (errlen)
		err[0] = '\0';
	rc = table_validate(t, err, errlen);
	if (rc != TABLE_OK)
		memset(t, 0, sizeof *t);
	return rc;
}

/* Reads all of FD (SIZE bytes by fstat) into a buffer of our own: a table
 * rewritten in place while svcd reloads can then neither SIGBUS a mapping
 * nor change under the validator. A file that grows or shrinks meanwhile
 * is refused; the caller keeps the table it runs. */
static void *read_whole(int fd, size_t size, const char *path, char *err, size_t errlen)
{
	char *buf = malloc(size + 1);
	size_t got = 0;

	if (!buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while (got <= size) {
		ssize_t n = read(fd, buf + got, size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != size) {
		snprintf(err, errlen, "%s: the file changed while it was read", path);
		free(buf);
		return NULL;
	}
	return buf;
}

/* O_NONBLOCK: a FIFO (or a device) at the path must not hang svcd in
 * open(); anything but a regular file is refused right after. The path may
 * be a symlink: the table's place is the administrator's to choose. */
int table_open(const char *path, struct table *t, char *err, size_t errlen)
{
	struct stat st;
	void *buf;
	int fd, rc;

	memset(t, 0, sizeof *t);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return TABLE_IO;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < 32 || (uint64_t)st.st_size > UINT32_MAX) {
		if (!S_ISREG(st.st_mode))
			snprintf(err, errlen, "%s: not a regular file", path);
		else if (st.st_size < 32)
			snprintf(err, errlen,
				 "%s: file is too short to be a "
				 "compiled table (%lld bytes)",
				 path, (long long)st.st_size);
		else
			snprintf(err, errlen,
				 "%s: file is too large to be a "
				 "compiled table",
				 path);
		close(fd);
		return S_ISREG(st.st_mode) ? TABLE_CORRUPT : TABLE_IO;
	}
	buf = read_whole(fd, (size_t)st.st_size, path, err, errlen);
	close(fd);
	if (!buf)
		return TABLE_IO;
	rc = table_load_mem(buf, (size_t)st.st_size, path, t, err, errlen);
	if (rc != TABLE_OK) {
		free(buf);
		return rc;
	}
	t->buf = buf;
	return TABLE_OK;
}

void table_close(struct table *t)
{
	free(t->buf);
	memset(t, 0, sizeof *t);
}

/* ---- accessors -------------------------------------------------------- */

static struct table_s get_s(const struct table *t, const unsigned char *p)
{
	struct table_s s = {NULL, 0, false};
	uint32_t off = table_get32(p), len = table_get32(p + 4);

	if (off != TABLE_STR_NONE) {
		s.s = (const char *)t->sec[TABLE_SEC_STRINGS] + off;
		s.len = len & TABLE_STR_MAXLEN;
		s.dynamic = (len & TABLE_STR_DYNAMIC) != 0;
	}
	return s;
}

void table_sup(const struct table *t, struct table_sup *s)
{
	const unsigned char *r = t->sec[TABLE_SEC_SUPERVISOR];

	s->source = get_s(t, r + TABLE_SUP_SOURCE);
	s->logfile = get_s(t, r + TABLE_SUP_LOGFILE);
	s->pidfile = get_s(t, r + TABLE_SUP_PIDFILE);
	s->childlogdir = get_s(t, r + TABLE_SUP_CHILDLOGDIR);
	s->socket = get_s(t, r + TABLE_SUP_SOCKET);
	s->sock_owner = get_s(t, r + TABLE_SUP_SOCK_OWNER);
	s->sock_group = get_s(t, r + TABLE_SUP_SOCK_GROUP);
	s->listen = get_s(t, r + TABLE_SUP_LISTEN);
	s->username = get_s(t, r + TABLE_SUP_USERNAME);
	s->password = get_s(t, r + TABLE_SUP_PASSWORD);
	s->log_maxbytes = table_get64(r + TABLE_SUP_LOG_MAXBYTES);
	s->log_backups = table_get32(r + TABLE_SUP_LOG_BACKUPS);
	s->loglevel = (enum table_loglevel)table_get32(r + TABLE_SUP_LOGLEVEL);
	s->minfds = table_get32(r + TABLE_SUP_MINFDS);
	s->umask = table_get32(r + TABLE_SUP_UMASK);
	s->sock_mode = table_get32(r + TABLE_SUP_SOCK_MODE);
	s->log_syslog = table_get32(r + TABLE_SUP_FLAGS) & TABLE_SUPF_LOG_SYSLOG;
}

uint32_t table_ngroups(const struct table *t)
{
	return t->count[TABLE_SEC_GROUPS];
}

void table_group(const struct table *t, uint32_t g, struct table_group *out)
{
	const unsigned char *r;

	assert(g < t->count[TABLE_SEC_GROUPS]);
	r = rec(t, TABLE_SEC_GROUPS, g);
	out->name = get_s(t, r + TABLE_GROUP_NAME);
	out->priority = (int32_t)table_get32(r + TABLE_GROUP_PRIORITY);
	out->members = table_get32(r + TABLE_GROUP_MEMBERS);
	out->nmembers = table_get32(r + TABLE_GROUP_NMEMBERS);
}

uint32_t table_member(const struct table *t, const struct table_group *g, uint32_t k)
{
	assert(k < g->nmembers);
	return table_get32(rec(t, TABLE_SEC_MEMBERS, g->members + k));
}

uint32_t table_nprocs(const struct table *t)
{
	return t->count[TABLE_SEC_PROCS];
}

static void get_log(const struct table *t, const unsigned char *r, struct table_log *lg,
		    unsigned kind, unsigned path, unsigned maxbytes, unsigned backups)
{
	lg->kind = (enum table_log_kind)r[kind];
	lg->path = get_s(t, r + path);
	lg->maxbytes = table_get64(r + maxbytes);
	lg->backups = table_get32(r + backups);
}

void table_proc(const struct table *t, uint32_t i, struct table_proc *p)
{
	const unsigned char *r;
	uint32_t flags;

	assert(i < t->count[TABLE_SEC_PROCS]);
	r = rec(t, TABLE_SEC_PROCS, i);
	p->name = get_s(t, r + TABLE_PROC_NAME);
	p->service = get_s(t, r + TABLE_PROC_SERVICE);
	p->srcfile = get_s(t, r + TABLE_PROC_SRCFILE);
	p->directory = get_s(t, r + TABLE_PROC_DIRECTORY);
	p->user = get_s(t, r + TABLE_PROC_USER);
	p->srcline = table_get32(r + TABLE_PROC_SRCLINE);
	p->group = table_get32(r + TABLE_PROC_GROUP);
	p->index = table_get32(r + TABLE_PROC_INDEX);
	p->argv = table_get32(r + TABLE_PROC_ARGV);
	p->argc = table_get32(r + TABLE_PROC_ARGC);
	p->env = table_get32(r + TABLE_PROC_ENV);
	p->nenv = table_get32(r + TABLE_PROC_NENV);
	p->deps = table_get32(r + TABLE_PROC_DEPS);
	p->ndeps = table_get32(r + TABLE_PROC_NDEPS);
	p->umask = (int32_t)table_get32(r + TABLE_PROC_UMASK);
	p->priority = (int32_t)table_get32(r + TABLE_PROC_PRIORITY);
	p->group_priority = (int32_t)table_get32(r + TABLE_PROC_GRP_PRIORITY);
	p->startsecs_ms = table_get32(r + TABLE_PROC_STARTSECS);
	p->startretries = table_get32(r + TABLE_PROC_RETRIES);
	p->stopwait_ms = table_get32(r + TABLE_PROC_STOPWAIT);
	p->autostart = r[TABLE_PROC_AUTOSTART];
	p->autorestart = (enum table_autorestart)r[TABLE_PROC_AUTORESTART];
	p->stopsignal = r[TABLE_PROC_STOPSIGNAL];
	p->stopasgroup = r[TABLE_PROC_STOPASGROUP];
	p->killasgroup = r[TABLE_PROC_KILLASGROUP];
	get_log(t, r, &p->out, TABLE_PROC_OUT_KIND, TABLE_PROC_OUT_PATH, TABLE_PROC_OUT_MAXBYTES,
		TABLE_PROC_OUT_BACKUPS);
	get_log(t, r, &p->err, TABLE_PROC_ERR_KIND, TABLE_PROC_ERR_PATH, TABLE_PROC_ERR_MAXBYTES,
		TABLE_PROC_ERR_BACKUPS);
	p->exitcodes = r + TABLE_PROC_EXITCODES;
	flags = table_get32(r + TABLE_PROC_FLAGS);
	p->listener = flags & TABLE_PF_LISTENER;
	p->events = table_get32(r + TABLE_PROC_EVENTS);
	p->buffer = table_get32(r + TABLE_PROC_BUFFER);
	p->out.events = flags & TABLE_PF_OUT_EVENTS;
	p->err.events = flags & TABLE_PF_ERR_EVENTS;
	p->out.capture = table_get64(r + TABLE_PROC_OUT_CAPTURE);
	p->err.capture = table_get64(r + TABLE_PROC_ERR_CAPTURE);
	p->essential = flags & TABLE_PF_ESSENTIAL;
	p->ready = (struct table_probe){
		.kind = (enum table_probe_kind)r[TABLE_PROC_READY_KIND],
		.target = get_s(t, r + TABLE_PROC_READY_TGT),
		.argv = table_get32(r + TABLE_PROC_READY_ARGV),
		.argc = table_get32(r + TABLE_PROC_READY_ARGC),
		.fd = table_get32(r + TABLE_PROC_READY_FD),
		.timeout_ms = table_get32(r + TABLE_PROC_READY_TIME),
		.every_ms = table_get32(r + TABLE_PROC_READY_EVERY),
		.watchdog_ms = table_get32(r + TABLE_PROC_WATCHDOG),
	};
	p->health = (struct table_probe){
		.kind = (enum table_probe_kind)r[TABLE_PROC_HEALTH_KIND],
		.target = get_s(t, r + TABLE_PROC_HEALTH_TGT),
		.argv = table_get32(r + TABLE_PROC_HEALTH_ARGV),
		.argc = table_get32(r + TABLE_PROC_HEALTH_ARGC),
		.timeout_ms = table_get32(r + TABLE_PROC_HEALTH_TIME),
		.every_ms = table_get32(r + TABLE_PROC_HEALTH_EVERY),
		.failures = table_get32(r + TABLE_PROC_HEALTH_FAILS),
		.grace_ms = table_get32(r + TABLE_PROC_HEALTH_GRACE),
	};
	p->killtree = flags & TABLE_PF_KILLTREE;
	p->limits = table_get32(r + TABLE_PROC_LIMITS);
	for (int rl = 0; rl < TABLE_NRLIMITS; rl++)
		p->rlimit[rl] = table_get64(r + TABLE_PROC_RLIMITS + 8 * rl);
	p->nice = (int32_t)table_get32(r + TABLE_PROC_NICE);
	p->oom_score_adj = (int32_t)table_get32(r + TABLE_PROC_OOM_ADJ);
	p->memory = table_get64(r + TABLE_PROC_MEMORY);
	p->maxrss = table_get64(r + TABLE_PROC_MAXRSS);
	p->maxrss_every_ms = table_get32(r + TABLE_PROC_MAXRSS_EVERY);
	p->envfiles = table_get32(r + TABLE_PROC_ENVFILES);
	p->nenvfiles = table_get32(r + TABLE_PROC_NENVFILES);
	p->backoff = (enum table_backoff)r[TABLE_PROC_BACKOFF];
	p->backoff_initial_ms = table_get32(r + TABLE_PROC_BACKOFF_INIT);
	p->backoff_max_ms = table_get32(r + TABLE_PROC_BACKOFF_MAX);
	p->reloadsignal = r[TABLE_PROC_RELOADSIGNAL];
	p->roll_batch = table_get32(r + TABLE_PROC_ROLL_BATCH);
	p->roll_pause_ms = table_get32(r + TABLE_PROC_ROLL_PAUSE);
}

struct table_s table_arg(const struct table *t, const struct table_proc *p, uint32_t k)
{
	assert(k < p->argc);
	return get_s(t, rec(t, TABLE_SEC_ARGS, p->argv + k));
}

void table_env(const struct table *t, const struct table_proc *p, uint32_t k, struct table_s *name,
	       struct table_s *value)
{
	assert(k < p->nenv);
	*name = get_s(t, rec(t, TABLE_SEC_ARGS, p->env + 2 * k));
	*value = get_s(t, rec(t, TABLE_SEC_ARGS, p->env + 2 * k + 1));
}

uint32_t table_dep(const struct table *t, const struct table_proc *p, uint32_t k)
{
	assert(k < p->ndeps);
	return table_get32(rec(t, TABLE_SEC_DEPS, p->deps + k));
}

struct table_s table_envfile(const struct table *t, const struct table_proc *p, uint32_t k)
{
	assert(k < p->nenvfiles);
	return get_s(t, rec(t, TABLE_SEC_ARGS, p->envfiles + k));
}

struct table_s table_probe_arg(const struct table *t, const struct table_probe *pr, uint32_t k)
{
	assert(pr->kind == TABLE_PROBE_EXEC && k < pr->argc);
	return get_s(t, rec(t, TABLE_SEC_ARGS, pr->argv + k));
}

bool table_exitcode(const struct table_proc *p, unsigned code)
{
	return code < 256 && (p->exitcodes[code / 8] >> (code % 8) & 1);
}

uint32_t table_find_proc(const struct table *t, const char *name)
{
	for (uint32_t i = 0; i < t->count[TABLE_SEC_PROCS]; i++)
		if (!strcmp(proc_name(t, i), name))
			return i;
	return TABLE_NONE;
}
