/* Builds struct conf from a compiled table: copies what svcd keeps, resolves
 * the templates the compiler left (${host}, ${env.NAME}, $$), merges each
 * child's environment and looks its user up, once per load. */
#include "conf.h"

#include <errno.h>
#include <netdb.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "common/buf.h"
#include "common/ere.h"
#include "common/table.h"
#include "common/template.h"
#include "mainlog.h"
#include "notify.h"
#include "tree.h"

extern char **environ;

#define CONF_DEFAULT_PATH "/bin:/usr/bin:/usr/local/bin"
#define CONF_ENVFILE_MAX  (1 << 20)

struct conf_build {
	TALLOC_CTX *mem;
	const struct table *t;
	struct conf *c;
	char *err;
	size_t errlen;
	bool failed;
	bool oom;
};

static void conf_fail(struct conf_build *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void conf_fail(struct conf_build *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	b->failed = true;
	n = snprintf(b->err, b->errlen, "%s: ", b->c->path ? b->c->path : "the table");
	if (n < 0 || (size_t)n >= b->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(b->err + n, b->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* True, and the load failed, when an allocation returned P == NULL. */
static bool conf_oom(struct conf_build *b, const void *p)
{
	if (p)
		return false;
	conf_fail(b, "out of memory");
	b->oom = true;
	return true;
}

/* Expands ${host}, ${env.NAME} and $$ in a template. WHAT names the string
 * in messages. */
static const char *conf_lookup(const char *name)
{
	return getenv(name);
}

static char *conf_expand(struct conf_build *b, const char *tpl, const char *what)
{
	struct utsname u;
	struct buf out;
	char name[256];
	char *text;

	uname(&u);
	/* bounded (not BUF_UNLIMITED): running out of memory here is a failed
	   load for svcd to report, not the end of svcd */
	buf_init(&out, b->mem, SIZE_MAX - 1);
	switch (template_expand(&out, tpl, u.nodename, conf_lookup, name, sizeof(name))) {
	case TEMPLATE_UNSET:
		conf_fail(b, "%s: environment variable '%s' is not set (in ${env.%s})", what, name,
			  name);
		buf_release(&out, 0);
		return NULL;
	case TEMPLATE_BAD:
		conf_fail(b, "%s: bad template '%s'", what, tpl);
		buf_release(&out, 0);
		return NULL;
	default: break;
	}
	text = buf_take(&out);
	return conf_oom(b, text) ? NULL : text;
}

/* The string S resolved and copied, or NULL when not set. */
static const char *conf_str(struct conf_build *b, struct table_s s, const char *what)
{
	char *out;

	if (!s.s)
		return NULL;
	if (s.dynamic)
		return conf_expand(b, s.s, what);
	out = talloc_strndup(b->mem, s.s, s.len);
	return conf_oom(b, out) ? NULL : out;
}

static void conf_sup(struct conf_build *b)
{
	struct table_sup s;
	struct conf *c = b->c;

	table_sup(b->t, &s);
	c->logfile = conf_str(b, s.logfile, "logfile");
	c->log_syslog = s.log_syslog;
	c->pidfile = conf_str(b, s.pidfile, "pidfile");
	c->childlogdir = conf_str(b, s.childlogdir, "childlogdir");
	c->socket = conf_str(b, s.socket, "socket");
	c->listen = conf_str(b, s.listen, "listen");
	c->sock_owner = conf_str(b, s.sock_owner, "socket owner");
	c->sock_group = conf_str(b, s.sock_group, "socket group");
	c->sock_mode = (int)s.sock_mode;
	c->username = conf_str(b, s.username, "username");
	c->password = conf_str(b, s.password, "password");
	c->log_maxbytes = (long long)s.log_maxbytes;
	c->log_backups = (int)s.log_backups;
	c->loglevel = (int)s.loglevel;
	c->minfds = s.minfds;
	c->umask = (int)s.umask;
}

/* Sets NAME=VALUE in the NULL-terminated array *ENV (replacing NAME). */
static void conf_setenv(struct conf_build *b, char ***env, const char *name, const char *value)
{
	size_t len = strlen(name), n;
	char *kv = talloc_asprintf(b->mem, "%s=%s", name, value);
	char **grown;

	if (conf_oom(b, kv))
		return;
	for (n = 0; (*env)[n]; n++) {
		if (strncmp((*env)[n], name, len) == 0 && (*env)[n][len] == '=') {
			(*env)[n] = kv;
			return;
		}
	}
	grown = talloc_realloc(b->mem, *env, char *, n + 2);
	if (conf_oom(b, grown))
		return;
	*env = grown;
	(*env)[n] = kv;
	(*env)[n + 1] = NULL;
}

const char *conf_getenv(char **env, const char *name)
{
	size_t len = strlen(name);

	for (; *env; env++) {
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	}
	return NULL;
}

/* One value of an environment file, systemd's way: surrounding blanks
 * dropped, then one pair of single or double quotes taken off (inside
 * double quotes a backslash escapes the next character). */
static char *conf_envfile_value(struct conf_build *b, const char *v, size_t len)
{
	char *out, *o;
	size_t i;

	while (len > 0 && (*v == ' ' || *v == '\t'))
		v++, len--;
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r'))
		len--;
	if (len < 2 || (v[0] != '"' && v[0] != '\'') || v[len - 1] != v[0])
		return talloc_strndup(b->mem, v, len);
	o = out = talloc_size(b->mem, len);
	if (!out)
		return NULL;
	for (i = 1; i + 1 < len; i++) {
		/* as the shell and systemd do inside double quotes */
		if (v[0] == '"' && v[i] == '\\' && i + 2 < len && strchr("\"\\`$", v[i + 1]))
			i++;
		*o++ = v[i];
	}
	*o = '\0';
	return out;
}

/* The whole of an environment file, NUL-terminated, or NULL (said in B
 * unless it is optional and missing). Never a FIFO that would block
 * svcd, nor a device without end. */
static char *conf_envfile_read(struct conf_build *b, const char *file, bool optional,
			       const char *name)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	size_t len = 0;
	ssize_t n = 0;
	char *text;

	if (fd < 0) {
		if (!optional || errno != ENOENT)
			conf_fail(b, "envfile %s of '%s' can't be read: %s", file, name,
				  strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > CONF_ENVFILE_MAX) {
		conf_fail(b, "envfile %s of '%s' is not a regular file of at most 1 MiB", file,
			  name);
		close(fd);
		return NULL;
	}
	text = talloc_size(b->mem, (size_t)st.st_size + 1);
	if (conf_oom(b, text)) {
		close(fd);
		return NULL;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, text + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (n < 0) {
		conf_fail(b, "envfile %s of '%s' can't be read: %s", file, name, strerror(errno));
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* KEY=VALUE lines into *ENV; blank lines and lines that begin with # or ;
 * are comments. "-PATH" may be missing. */
static void conf_envfile(struct conf_build *b, char ***env, const char *path, const char *name)
{
	bool optional = path[0] == '-';
	char *text = conf_envfile_read(b, path + optional, optional, name), *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line && !b->failed;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq, *key, *val;

		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0' || *line == '#' || *line == ';' || *line == '\r')
			continue;
		if (strncmp(line, "export ", 7) == 0)
			line += 7;
		eq = strchr(line, '=');
		/* systemd skips such a line; svcd says so */
		if (!eq || eq == line) {
			mainlog_warn("envfile %s of '%s': not KEY=VALUE, skipped: %.60s",
				     path + optional, name, line);
			continue;
		}
		key = talloc_strndup(b->mem, line, (size_t)(eq - line));
		val = conf_envfile_value(b, eq + 1, strlen(eq + 1));
		if (conf_oom(b, key) || conf_oom(b, val))
			return;
		while (key[0] && (key[strlen(key) - 1] == ' ' || key[strlen(key) - 1] == '\t'))
			key[strlen(key) - 1] = '\0';
		conf_setenv(b, env, key, val);
	}
}

static void conf_env(struct conf_build *b, const struct table_proc *tp, struct conf_proc *p)
{
	char **env;
	size_t n;
	uint32_t k;

	/* svcd's own variables are shared, not copied: environ is never
	   changed after start-up */
	for (n = 0; environ[n]; n++)
		;
	env = talloc_array(b->mem, char *, n + 1);
	if (conf_oom(b, env))
		return;
	memcpy(env, environ, (n + 1) * sizeof(*env));
	/* the files first: an env key of the table wins over them */
	for (k = 0; k < tp->nenvfiles && !b->failed; k++) {
		const char *path = conf_str(b, table_envfile(b->t, tp, k), "envfile");

		if (path)
			conf_envfile(b, &env, path, p->name);
	}
	for (k = 0; k < tp->nenv; k++) {
		struct table_s name, value;
		const char *v;

		table_env(b->t, tp, k, &name, &value);
		v = conf_str(b, value, name.s);
		if (v)
			conf_setenv(b, &env, name.s, v);
	}
	/* svcd's own last: SUPERVISOR_PROCESS_NAME marks the process's tree
	   (tree.h), and no file or key may give it another's name */
	conf_setenv(b, &env, "SUPERVISOR_ENABLED", "1");
	if (b->c->socket || b->c->listen) {
		char *url = b->c->socket ? talloc_asprintf(b->mem, "unix://%s", b->c->socket)
					 : talloc_asprintf(b->mem, "http://%s", b->c->listen);

		if (!conf_oom(b, url))
			conf_setenv(b, &env, "SUPERVISOR_SERVER_URL", url);
	}
	conf_setenv(b, &env, "SUPERVISOR_PROCESS_NAME", p->name);
	conf_setenv(b, &env, "SUPERVISOR_GROUP_NAME", p->group);
	p->envp = env;
	p->path_env = conf_getenv(env, "PATH");
	if (!p->path_env)
		p->path_env = CONF_DEFAULT_PATH;
}

static void conf_log(struct conf_build *b, const struct table_log *tl, const char *name,
		     const char *stream, struct conf_log *out)
{
	out->path = NULL;
	out->merge = tl->kind == TABLE_LOG_MERGE;
	out->maxbytes = (long long)tl->maxbytes;
	out->backups = (int)tl->backups;
	out->events = tl->events;
	out->syslog = tl->kind == TABLE_LOG_SYSLOG;
	out->capture = (long long)tl->capture;
	if (tl->kind == TABLE_LOG_PATH)
		out->path = conf_str(b, tl->path, stream);
	else if (tl->kind == TABLE_LOG_AUTO && b->c->childlogdir
		 && conf_oom(b,
			     out->path = talloc_asprintf(b->mem, "%s/%s-%s.log", b->c->childlogdir,
							 name, stream)))
		out->path = NULL;
}

static void conf_user(struct conf_build *b, struct conf_proc *p)
{
	struct passwd *pw;

	p->user_known = false;
	if (!p->user)
		return;
	errno = 0;
	pw = getpwnam(p->user);
	if (!pw)
		return; /* reported when spawning, as supervisord would not start it */
	(void)b;
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	p->user_known = true;
}

/* HOST:PORT or [V6]:PORT (LEN bytes at HP) into HOST and PORT. */
static bool conf_split_hostport(const char *hp, size_t len, char *host, size_t hostlen, char *port,
				size_t portlen)
{
	const char *end = hp + len, *colon = NULL, *h = hp, *c;
	size_t hl;

	for (c = hp; c < end; c++) {
		if (*c == ':')
			colon = c;
	}
	if (!colon)
		return false;
	hl = (size_t)(colon - hp);
	if (hl >= 2 && hp[0] == '[' && colon[-1] == ']') {
		h = hp + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= hostlen || colon + 1 == end || (size_t)(end - colon - 1) >= portlen)
		return false;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memcpy(port, colon + 1, (size_t)(end - colon - 1));
	port[end - colon - 1] = '\0';
	return true;
}

/* Looks the address up once, at load: a probe never waits for a resolver.
 * A host that can't be found is not an error of the table; each try of
 * the probe then fails and says why. */
static void conf_probe_addr(struct conf_build *b, struct conf_probe *pr, const char *hp, size_t len)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
	char host[256], port[16];
	int rc;

	if (!conf_split_hostport(hp, len, host, sizeof(host), port, sizeof(port))) {
		pr->addr_err = "bad address";
		return;
	}
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc != 0 || !ai || ai->ai_addrlen > sizeof(pr->addr)) {
		pr->addr_err = talloc_asprintf(b->mem, "can't resolve %s: %s", host,
					       rc ? gai_strerror(rc) : "no address");
		conf_oom(b, pr->addr_err);
		if (ai)
			freeaddrinfo(ai);
		return;
	}
	memcpy(&pr->addr, ai->ai_addr, ai->ai_addrlen);
	pr->addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
}

/* http://HOST[:PORT][/PATH]: the address, and the request sent each try. */
static void conf_probe_http(struct conf_build *b, struct conf_probe *pr)
{
	const char *url = pr->target, *hp, *path;
	char hostport[300];
	size_t hplen;

	if (strncmp(url, "http://", 7) != 0) {
		pr->addr_err = "not an http:// URL";
		return;
	}
	hp = url + 7;
	hplen = strcspn(hp, "/?#");
	path = hp[hplen] == '/' ? hp + hplen : "/";
	if (hplen == 0 || hplen >= sizeof(hostport)) {
		pr->addr_err = "bad URL";
		return;
	}
	memcpy(hostport, hp, hplen);
	hostport[hplen] = '\0';
	/* no port: "host", "[::1]" */
	if (!strchr(hostport, ':') || hostport[hplen - 1] == ']')
		snprintf(hostport + hplen, sizeof(hostport) - hplen, ":80");
	conf_probe_addr(b, pr, hostport, strlen(hostport));
	pr->request = talloc_asprintf(b->mem,
				      "GET %s HTTP/1.1\r\nHost: %.*s\r\nUser-Agent: svcd\r\n"
				      "Connection: close\r\n\r\n",
				      path, (int)hplen, hp);
	if (!conf_oom(b, pr->request))
		pr->request_len = strlen(pr->request);
}

static int conf_regfree(regex_t *re)
{
	regfree(re);
	return 0;
}

static void conf_probe_log(struct conf_build *b, struct conf_probe *pr, const char *name)
{
	char backref;
	int rc;

	pr->re = talloc(b->mem, regex_t);
	if (conf_oom(b, pr->re))
		return;
	backref = ere_backref(pr->target);
	if (backref) {
		talloc_free(pr->re);
		pr->re = NULL;
		conf_fail(b,
			  "ready log of '%s': the regex has a back-reference (\\%c), which svcd "
			  "does not match",
			  name, backref);
		return;
	}
	rc = regcomp(pr->re, pr->target, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[128];

		regerror(rc, pr->re, why, sizeof(why));
		talloc_free(pr->re);
		pr->re = NULL;
		conf_fail(b, "ready log of '%s': the regex does not compile: %s", name, why);
		return;
	}
	talloc_set_destructor(pr->re, conf_regfree);
}

static void conf_probe(struct conf_build *b, const struct table_probe *tp, struct conf_probe *pr,
		       const char *name, const char *what)
{
	uint32_t k;

	pr->kind = tp->kind;
	pr->fd = (int)tp->fd;
	pr->timeout = tp->timeout_ms;
	pr->every = tp->every_ms;
	pr->watchdog = tp->watchdog_ms;
	pr->grace = tp->grace_ms;
	pr->failures = tp->failures;
	if (tp->target.s)
		pr->target = conf_str(b, tp->target, what);
	if (tp->kind == TABLE_PROBE_EXEC) {
		pr->argv = talloc_zero_array(b->mem, char *, tp->argc + 1);
		if (conf_oom(b, pr->argv))
			return;
		for (k = 0; k < tp->argc; k++)
			pr->argv[k] = (char *)conf_str(b, table_probe_arg(b->t, tp, k), what);
	}
	if (b->failed || !pr->target)
		return;
	if (tp->kind == TABLE_PROBE_TCP)
		conf_probe_addr(b, pr, pr->target, strlen(pr->target));
	else if (tp->kind == TABLE_PROBE_HTTP)
		conf_probe_http(b, pr);
	else if (tp->kind == TABLE_PROBE_LOG)
		conf_probe_log(b, pr, name);
}

/* What systemd gives a Type=notify service: where to send, and how often
 * the watchdog wants to hear from it. */
static void conf_sdnotify_env(struct conf_build *b, struct conf_proc *p)
{
	char usec[32];

	if (p->ready.kind != TABLE_PROBE_SDNOTIFY)
		return;
	b->c->sdnotify = true;
	conf_setenv(b, &p->envp, "NOTIFY_SOCKET", notify_socket_name());
	if (p->ready.watchdog > 0) {
		snprintf(usec, sizeof(usec), "%lld", (long long)p->ready.watchdog * 1000);
		conf_setenv(b, &p->envp, "WATCHDOG_USEC", usec);
	}
}

static void conf_proc(struct conf_build *b, uint32_t i)
{
	struct conf_proc *p = &b->c->procs[i];
	struct table_proc tp;
	uint32_t k;

	table_proc(b->t, i, &tp);
	p->name = talloc_strndup(b->mem, tp.name.s, tp.name.len);
	if (tp.group != TABLE_NONE) {
		struct table_group g;

		table_group(b->t, tp.group, &g);
		p->group = talloc_strndup(b->mem, g.name.s, g.name.len);
	} else {
		p->group = talloc_strndup(b->mem, tp.service.s, tp.service.len);
	}
	p->argv = talloc_zero_array(b->mem, char *, tp.argc + 1);
	p->deps = talloc_array(b->mem, size_t, tp.ndeps ? tp.ndeps : 1);
	if (conf_oom(b, p->name) || conf_oom(b, p->group) || conf_oom(b, p->argv)
	    || conf_oom(b, p->deps))
		return;
	for (k = 0; k < tp.argc; k++)
		p->argv[k] = (char *)conf_str(b, table_arg(b->t, &tp, k), "command");
	p->directory = conf_str(b, tp.directory, "directory");
	p->user = conf_str(b, tp.user, "user");
	conf_user(b, p);
	p->umask = tp.umask;
	p->priority = tp.priority;
	p->group_priority = tp.group_priority;
	p->autostart = tp.autostart;
	p->listener = tp.listener;
	p->events = tp.events;
	p->buffer = tp.buffer;
	p->stopasgroup = tp.stopasgroup;
	p->killasgroup = tp.killasgroup;
	p->autorestart = (enum conf_restart)tp.autorestart;
	memcpy(p->exitcodes, tp.exitcodes, sizeof(p->exitcodes));
	p->startsecs = tp.startsecs_ms;
	p->stopwait = tp.stopwait_ms;
	p->startretries = tp.startretries;
	p->stopsignal = tp.stopsignal;
	conf_log(b, &tp.out, p->name, "stdout", &p->out);
	conf_log(b, &tp.err, p->name, "stderr", &p->err);
	p->ndeps = tp.ndeps;
	for (k = 0; k < tp.ndeps; k++)
		p->deps[k] = table_dep(b->t, &tp, k);
	conf_env(b, &tp, p);
	p->essential = tp.essential;
	p->killtree = tp.killtree;
	p->limits = tp.limits;
	memcpy(p->rlimit, tp.rlimit, sizeof(p->rlimit));
	p->nice = tp.nice;
	p->oom_score_adj = tp.oom_score_adj;
	p->memory = tp.memory;
	p->maxrss = tp.maxrss;
	p->maxrss_every = tp.maxrss_every_ms;
	p->backoff = tp.backoff;
	p->backoff_initial = tp.backoff_initial_ms;
	p->backoff_max = tp.backoff_max_ms;
	p->reloadsignal = tp.reloadsignal;
	p->roll_batch = tp.roll_batch;
	p->roll_pause = tp.roll_pause_ms;
	if (p->memory > 0 && !tree_memory())
		conf_fail(b,
			  "memory of '%s' needs a cgroup v2 hierarchy with the memory controller "
			  "delegated to svcd; svcd found %s",
			  p->name, tree_mode());
	conf_probe(b, &tp.ready, &p->ready, p->name, "ready");
	conf_probe(b, &tp.health, &p->health, p->name, "health");
	if (!b->failed)
		conf_sdnotify_env(b, p);
}

static int conf_cmp(const void *x, const void *y, void *procs)
{
	const struct conf_proc *a = (const struct conf_proc *)procs + *(const size_t *)x;
	const struct conf_proc *b = (const struct conf_proc *)procs + *(const size_t *)y;
	int r;

	if (a->group_priority != b->group_priority)
		return a->group_priority < b->group_priority ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	if ((r = strcmp(a->group, b->group)) != 0)
		return r;
	return strcmp(a->name, b->name);
}

static void conf_order(struct conf_build *b)
{
	struct conf *c = b->c;
	size_t i;

	c->order = talloc_array(c, size_t, c->nprocs ? c->nprocs : 1);
	if (conf_oom(b, c->order))
		return;
	for (i = 0; i < c->nprocs; i++)
		c->order[i] = i;
	qsort_r(c->order, c->nprocs, sizeof(*c->order), conf_cmp, c->procs);
}

struct conf *conf_load(TALLOC_CTX *memctx, const char *path, struct conf_error *e)
{
	struct conf_build b = {.err = e->text, .errlen = sizeof(e->text)};
	struct table t;
	uint32_t i;

	e->status = table_open(path, &t, e->text, sizeof(e->text));
	if (e->status != TABLE_OK)
		return NULL;
	e->status = TABLE_CORRUPT; /* the failures left are the table's */
	b.c = talloc_zero(memctx, struct conf);
	if (!b.c) {
		table_close(&t);
		snprintf(e->text, sizeof(e->text), "%s: out of memory", path);
		return NULL;
	}
	b.mem = b.c;
	b.t = &t;
	b.c->path = talloc_strdup(b.c, path);
	if (!conf_oom(&b, b.c->path))
		conf_sup(&b);
	b.c->nprocs = table_nprocs(&t);
	b.c->procs = talloc_zero_array(b.c, struct conf_proc, b.c->nprocs ? b.c->nprocs : 1);
	if (!b.failed && conf_oom(&b, b.c->procs))
		b.c->nprocs = 0;
	for (i = 0; i < b.c->nprocs && !b.failed; i++)
		conf_proc(&b, i);
	table_close(&t);
	if (!b.failed)
		conf_order(&b);
	if (b.failed) {
		talloc_free(b.c);
		if (b.oom)
			e->status = TABLE_IO;
		return NULL;
	}
	e->status = TABLE_OK;
	return b.c;
}

ssize_t conf_find(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nprocs; i++) {
		if (strcmp(c->procs[i].name, name) == 0)
			return (ssize_t)i;
	}
	return -1;
}

static bool conf_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool conf_strv_equal(char **a, char **b)
{
	for (; *a && *b; a++, b++) {
		if (strcmp(*a, *b) != 0)
			return false;
	}
	return *a == *b;
}

static bool conf_log_equal(const struct conf_log *a, const struct conf_log *b)
{
	return conf_streq(a->path, b->path) && a->merge == b->merge && a->maxbytes == b->maxbytes
		&& a->backups == b->backups && a->events == b->events && a->capture == b->capture
		&& a->syslog == b->syslog;
}

static bool conf_deps_equal(const struct conf *ca, const struct conf_proc *a, const struct conf *cb,
			    const struct conf_proc *b)
{
	size_t k;

	if (a->ndeps != b->ndeps)
		return false;
	for (k = 0; k < a->ndeps; k++) {
		if (strcmp(ca->procs[a->deps[k]].name, cb->procs[b->deps[k]].name) != 0)
			return false;
	}
	return true;
}

static bool conf_probe_equal(const struct conf_probe *a, const struct conf_probe *b)
{
	if (a->kind != b->kind || !conf_streq(a->target, b->target) || a->fd != b->fd
	    || a->timeout != b->timeout || a->every != b->every || a->watchdog != b->watchdog
	    || a->grace != b->grace || a->failures != b->failures)
		return false;
	return !a->argv || !b->argv ? a->argv == b->argv : conf_strv_equal(a->argv, b->argv);
}

/* The keys of language.md §6. */
static bool conf_tree_equal(const struct conf_proc *a, const struct conf_proc *b)
{
	return a->killtree == b->killtree && a->limits == b->limits
		&& memcmp(a->rlimit, b->rlimit, sizeof(a->rlimit)) == 0 && a->nice == b->nice
		&& a->oom_score_adj == b->oom_score_adj && a->memory == b->memory
		&& a->maxrss == b->maxrss && a->maxrss_every == b->maxrss_every
		&& a->backoff == b->backoff && a->backoff_initial == b->backoff_initial
		&& a->backoff_max == b->backoff_max && a->reloadsignal == b->reloadsignal
		&& a->roll_batch == b->roll_batch && a->roll_pause == b->roll_pause;
}

bool conf_proc_equal(const struct conf *ca, const struct conf_proc *a, const struct conf *cb,
		     const struct conf_proc *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->group, b->group) == 0
		&& conf_strv_equal(a->argv, b->argv) && conf_strv_equal(a->envp, b->envp)
		&& conf_streq(a->directory, b->directory) && conf_streq(a->user, b->user)
		&& a->umask == b->umask && a->priority == b->priority
		&& a->group_priority == b->group_priority && a->autostart == b->autostart
		&& a->stopasgroup == b->stopasgroup && a->killasgroup == b->killasgroup
		&& a->autorestart == b->autorestart && a->listener == b->listener
		&& a->events == b->events && a->buffer == b->buffer
		&& memcmp(a->exitcodes, b->exitcodes, sizeof(a->exitcodes)) == 0
		&& a->startsecs == b->startsecs && a->stopwait == b->stopwait
		&& a->startretries == b->startretries && a->stopsignal == b->stopsignal
		&& conf_log_equal(&a->out, &b->out) && conf_log_equal(&a->err, &b->err)
		&& conf_deps_equal(ca, a, cb, b) && a->essential == b->essential
		&& conf_probe_equal(&a->ready, &b->ready)
		&& conf_probe_equal(&a->health, &b->health) && conf_tree_equal(a, b);
}

bool conf_exit_expected(const struct conf_proc *p, int code)
{
	if (code < 0 || code > 255)
		return false;
	return p->exitcodes[code / 8] & (1u << (code % 8));
}

void conf_namespec(const struct conf_proc *p, char *buf, size_t len)
{
	if (strcmp(p->group, p->name) == 0)
		snprintf(buf, len, "%s", p->name);
	else
		snprintf(buf, len, "%s:%s", p->group, p->name);
}

bool conf_has_group(const struct conf *c, const char *group)
{
	size_t i;

	for (i = 0; i < c->nprocs; i++) {
		if (strcmp(c->procs[i].group, group) == 0)
			return true;
	}
	return false;
}
