/* The compiled table's writer: lays out the model as the sections of
 * common/table.h byte by byte (explicit little-endian encoding, zeroed
 * padding), so the output depends on the model alone. */
#include <stdint.h>
#include <string.h>
#include "common/sha1.h"
#include "common/table.h"
#include "table_write.h"
#include "common/oom.h"

/* A growing byte buffer; new bytes are zero. */
struct buf {
	unsigned char *p;
	size_t len, cap;
	uint32_t count; /* records */
};

/* The pool and its index: each distinct text is stored once, at the
 * offset of its first use. */
struct wr {
	TALLOC_CTX *tmp;
	struct buf sec[TABLE_NSECT];
	uint32_t *slots; /* pool offset + 1, 0 empty */
	size_t nslots, used;
	uint32_t *group_of; /* per service order: group index or NONE */
	int err;
};

static unsigned char *buf_add(struct wr *w, struct buf *b, size_t n)
{
	unsigned char *p;

	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		p = talloc_realloc(w->tmp, b->p, unsigned char, cap);
		if (!p) {
			w->err = 1;
			return NULL;
		}
		memset(p + b->cap, 0, cap - b->cap);
		b->p = p;
		b->cap = cap;
	}
	p = b->p + b->len;
	b->len += n;
	b->count++;
	return p;
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int pool_grow(struct wr *w)
{
	size_t n = w->nslots ? w->nslots * 2 : 1024;
	uint32_t *s = must(talloc_zero_array(w->tmp, uint32_t, n));
	struct buf *pool = &w->sec[TABLE_SEC_STRINGS];

	if (!s)
		return -1;
	for (size_t i = 0; i < w->nslots; i++) {
		size_t h;
		if (!w->slots[i])
			continue;
		h = str_hash((char *)pool->p + w->slots[i] - 1) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = w->slots[i];
	}
	talloc_free(w->slots);
	w->slots = s;
	w->nslots = n;
	return 0;
}

/* The pool offset of TEXT, adding it on first use. */
static uint32_t pool_add(struct wr *w, const char *text)
{
	struct buf *pool = &w->sec[TABLE_SEC_STRINGS];
	size_t len = strlen(text), h;
	unsigned char *p;

	if (2 * (w->used + 1) > w->nslots && pool_grow(w)) {
		w->err = 1;
		return 0;
	}
	h = str_hash(text) & (w->nslots - 1);
	for (; w->slots[h]; h = (h + 1) & (w->nslots - 1))
		if (!strcmp((char *)pool->p + w->slots[h] - 1, text))
			return w->slots[h] - 1;
	if (len > TABLE_STR_MAXLEN || pool->len + len + 1 >= UINT32_MAX) {
		w->err = 1;
		return 0;
	}
	p = buf_add(w, pool, len + 1);
	if (!p)
		return 0;
	memcpy(p, text, len + 1);
	w->slots[h] = (uint32_t)(p - pool->p) + 1;
	w->used++;
	return (uint32_t)(p - pool->p);
}

static void put_str(struct wr *w, unsigned char *at, const char *text, bool dynamic)
{
	if (!text) {
		table_put32(at, TABLE_STR_NONE);
		table_put32(at + 4, 0);
		return;
	}
	table_put32(at, pool_add(w, text));
	table_put32(at + 4, (uint32_t)strlen(text) | (dynamic ? TABLE_STR_DYNAMIC : 0));
}

static void put_mstr(struct wr *w, unsigned char *at, struct mstr s)
{
	put_str(w, at, s.text, s.dynamic);
}

/* A string key's text: resolved string, else plain word, else nothing. */
static struct mstr mv_str(const struct mvalue *v)
{
	if (v->str.text)
		return v->str;
	return (struct mstr){v->word, false};
}

static void put_sup_socket(struct wr *w, unsigned char *r, const struct mblock *sup)
{
	const struct mvalue *sock = MV(sup, SUP_SOCKET);
	const struct mblock *sb = sock->sub;
	struct mstr path = mv_str(sock);

	put_mstr(w, r + TABLE_SUP_SOCKET, path);
	table_put32(r + TABLE_SUP_SOCK_MODE,
		    sb ? (uint32_t)MV(sb, SOCK_MODE)->num
		       : (uint32_t)schema_keys[SOCK_MODE].def_num);
	put_str(w, r + TABLE_SUP_SOCK_OWNER, path.text && sb ? MV(sb, SOCK_OWNER)->word : NULL,
		false);
	put_str(w, r + TABLE_SUP_SOCK_GROUP, path.text && sb ? MV(sb, SOCK_GROUP)->word : NULL,
		false);
}

/* The password is stored hashed: "{SHA}" and the hex SHA-1 of a plain one. */
static void put_sup_auth(struct wr *w, unsigned char *r, const struct mblock *sup)
{
	const struct mblock *ab = MV(sup, SUP_AUTH)->sub;
	const char *user = ab ? mv_str(MV(ab, AUTH_USERNAME)).text : NULL;
	const char *pass = ab ? mv_str(MV(ab, AUTH_PASSWORD)).text : NULL;
	char hashed[5 + SHA1_HEXLEN + 1];

	if (!user || !pass) {
		put_str(w, r + TABLE_SUP_USERNAME, NULL, false);
		put_str(w, r + TABLE_SUP_PASSWORD, NULL, false);
		return;
	}
	put_str(w, r + TABLE_SUP_USERNAME, user, false);
	if (strncmp(pass, "{SHA}", 5)) {
		memcpy(hashed, "{SHA}", 5);
		sha1_hex(pass, strlen(pass), hashed + 5);
		pass = hashed;
	}
	put_str(w, r + TABLE_SUP_PASSWORD, pass, false);
}

/* svcd's own log: a file, or syslog with no file at all (the reader
 * refuses a table holding both). */
static void put_sup_log(struct wr *w, unsigned char *r, const struct mvalue *log)
{
	bool to_syslog = log->word && strcmp(log->word, "syslog") == 0;

	table_put32(r + TABLE_SUP_FLAGS, to_syslog ? TABLE_SUPF_LOG_SYSLOG : 0);
	put_mstr(w, r + TABLE_SUP_LOGFILE, to_syslog ? (struct mstr){NULL, false} : mv_str(log));
}

static void put_sup(struct wr *w, const struct model *m)
{
	const struct mblock *s = m->supervisor;
	unsigned char *r = buf_add(w, &w->sec[TABLE_SEC_SUPERVISOR], TABLE_SUP_SIZE);
	const char *source = m->unit && m->unit->nfiles ? m->unit->files[0]->path : NULL;

	if (!r)
		return;
	put_str(w, r + TABLE_SUP_SOURCE, source, false);
	put_sup_log(w, r, MV(s, SUP_LOGFILE));
	put_mstr(w, r + TABLE_SUP_PIDFILE, mv_str(MV(s, SUP_PIDFILE)));
	put_mstr(w, r + TABLE_SUP_CHILDLOGDIR, mv_str(MV(s, SUP_CHILDLOGDIR)));
	put_sup_socket(w, r, s);
	put_str(w, r + TABLE_SUP_LISTEN, MV(s, SUP_LISTEN)->word, false);
	put_sup_auth(w, r, s);
	table_put64(r + TABLE_SUP_LOG_MAXBYTES, (uint64_t)MV(s, SUP_LOGFILE_MAXBYTES)->num);
	table_put32(r + TABLE_SUP_LOG_BACKUPS, (uint32_t)MV(s, SUP_LOGFILE_BACKUPS)->num);
	table_put32(r + TABLE_SUP_LOGLEVEL, (uint32_t)MV(s, SUP_LOGLEVEL)->num);
	table_put32(r + TABLE_SUP_MINFDS, (uint32_t)MV(s, SUP_MINFDS)->num);
	table_put32(r + TABLE_SUP_UMASK, (uint32_t)MV(s, SUP_UMASK)->num);
}

static void put_u32(struct wr *w, unsigned sec, uint32_t v)
{
	unsigned char *p = buf_add(w, &w->sec[sec], TABLE_U32_SIZE);

	if (p)
		table_put32(p, v);
}

static void put_groups(struct wr *w, const struct model *m)
{
	w->group_of = talloc_array(w->tmp, uint32_t, m->nservices + 1);
	if (!w->group_of) {
		w->err = 1;
		return;
	}
	for (size_t i = 0; i < m->nservices; i++)
		w->group_of[i] = TABLE_NONE;
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mgroup *gr = m->groups[g];
		unsigned char *r = buf_add(w, &w->sec[TABLE_SEC_GROUPS], TABLE_GROUP_SIZE);
		uint32_t first = w->sec[TABLE_SEC_MEMBERS].count;

		if (!r)
			return;
		put_str(w, r + TABLE_GROUP_NAME, gr->name, false);
		table_put32(r + TABLE_GROUP_PRIORITY, (uint32_t)MV(gr->b, GRP_PRIORITY)->num);
		for (size_t s = 0; s < gr->nservices; s++) {
			const struct mservice *svc = gr->services[s];
			w->group_of[svc->order] = (uint32_t)g;
			for (size_t k = 0; k < svc->nprocs; k++)
				put_u32(w, TABLE_SEC_MEMBERS, svc->procs[k]->order);
		}
		table_put32(r + TABLE_GROUP_MEMBERS, first);
		table_put32(r + TABLE_GROUP_NMEMBERS, w->sec[TABLE_SEC_MEMBERS].count - first);
	}
}

static void put_ref(struct wr *w, struct mstr s)
{
	unsigned char *p = buf_add(w, &w->sec[TABLE_SEC_ARGS], TABLE_REF_SIZE);

	if (p)
		put_mstr(w, p, s);
}

/* An exec probe's words follow the process's argv and env in ARGS (ready's,
 * then health's); any other probe has none, and 0 for both fields. */
static void put_probe_args(struct wr *w, unsigned char *argv, unsigned char *argc,
			   const struct mprobe *pr)
{
	if (pr->kind != MPROBE_EXEC)
		return;
	table_put32(argv, w->sec[TABLE_SEC_ARGS].count);
	table_put32(argc, (uint32_t)pr->argc);
	for (size_t k = 0; k < pr->argc; k++)
		put_ref(w, pr->argv[k]);
}

static void put_proc_lists(struct wr *w, unsigned char *r, const struct mproc *p)
{
	const struct mservice *svc = p->svc;

	table_put32(r + TABLE_PROC_ARGV, w->sec[TABLE_SEC_ARGS].count);
	table_put32(r + TABLE_PROC_ARGC, (uint32_t)p->argc);
	for (size_t k = 0; k < p->argc; k++)
		put_ref(w, p->argv[k]);
	table_put32(r + TABLE_PROC_ENV, w->sec[TABLE_SEC_ARGS].count);
	table_put32(r + TABLE_PROC_NENV, (uint32_t)p->nenv);
	for (size_t k = 0; k < p->nenv; k++) {
		put_ref(w, (struct mstr){p->env[k].name, false});
		put_ref(w, p->env[k].value);
	}
	put_probe_args(w, r + TABLE_PROC_READY_ARGV, r + TABLE_PROC_READY_ARGC, &p->ready);
	put_probe_args(w, r + TABLE_PROC_HEALTH_ARGV, r + TABLE_PROC_HEALTH_ARGC, &p->health);
	table_put32(r + TABLE_PROC_ENVFILES, w->sec[TABLE_SEC_ARGS].count);
	table_put32(r + TABLE_PROC_NENVFILES, (uint32_t)p->nenvfiles);
	for (size_t k = 0; k < p->nenvfiles; k++)
		put_ref(w, p->envfiles[k]);
	table_put32(r + TABLE_PROC_DEPS, w->sec[TABLE_SEC_DEPS].count);
	for (size_t a = 0; a < svc->nafter; a++)
		for (size_t k = 0; k < svc->after[a]->nprocs; k++)
			put_u32(w, TABLE_SEC_DEPS, svc->after[a]->procs[k]->order);
	table_put32(r + TABLE_PROC_NDEPS,
		    w->sec[TABLE_SEC_DEPS].count - table_get32(r + TABLE_PROC_DEPS));
}

static void put_log(struct wr *w, unsigned char *r, const struct mlog *lg, unsigned kind,
		    unsigned path, unsigned maxbytes, unsigned backups)
{
	static const unsigned char kinds[] = {
		[MLOG_AUTO] = TABLE_LOG_AUTO,     [MLOG_NONE] = TABLE_LOG_NONE,
		[MLOG_PATH] = TABLE_LOG_PATH,     [MLOG_MERGE] = TABLE_LOG_MERGE,
		[MLOG_SYSLOG] = TABLE_LOG_SYSLOG,
	};

	r[kind] = kinds[lg->kind];
	put_mstr(w, r + path, lg->kind == MLOG_PATH ? lg->path : (struct mstr){NULL, false});
	table_put64(r + maxbytes, (uint64_t)lg->maxbytes);
	table_put32(r + backups, (uint32_t)lg->backups);
}

/* The listener's protocol and the log events: what svcd's event stream
 * sends, and to whom. */
static void put_events(unsigned char *r, const struct mproc *p)
{
	const struct mservice *svc = p->svc;
	uint32_t flags = (svc->listener ? TABLE_PF_LISTENER : 0)
		| (p->out.events ? TABLE_PF_OUT_EVENTS : 0)
		| (p->err.events ? TABLE_PF_ERR_EVENTS : 0);

	table_put32(r + TABLE_PROC_FLAGS, flags);
	table_put32(r + TABLE_PROC_EVENTS, svc->listener ? svc->events : 0);
	table_put32(r + TABLE_PROC_BUFFER,
		    svc->listener ? (uint32_t)MV(svc->b, SVC_BUFFER)->num : 0);
	table_put64(r + TABLE_PROC_OUT_CAPTURE, (uint64_t)p->out.capture);
	table_put64(r + TABLE_PROC_ERR_CAPTURE,
		    p->err.kind == MLOG_MERGE ? 0 : (uint64_t)p->err.capture);
}

/* The model's kinds are the table's, in the same order. */
static const unsigned char probe_kinds[] = {
	[MPROBE_NONE] = TABLE_PROBE_NONE,         [MPROBE_NOTIFY] = TABLE_PROBE_NOTIFY,
	[MPROBE_SDNOTIFY] = TABLE_PROBE_SDNOTIFY, [MPROBE_TCP] = TABLE_PROBE_TCP,
	[MPROBE_HTTP] = TABLE_PROBE_HTTP,         [MPROBE_EXEC] = TABLE_PROBE_EXEC,
	[MPROBE_LOG] = TABLE_PROBE_LOG,
};

/* Readiness, health and essential. The model leaves 0 in every number a
 * kind does not use, as the reader requires. */
static void put_probes(struct wr *w, unsigned char *r, const struct mproc *p)
{
	const struct mprobe *rd = &p->ready, *h = &p->health;

	r[TABLE_PROC_READY_KIND] = probe_kinds[rd->kind];
	r[TABLE_PROC_HEALTH_KIND] = probe_kinds[h->kind];
	table_put32(r + TABLE_PROC_READY_FD, (uint32_t)rd->fd);
	put_mstr(w, r + TABLE_PROC_READY_TGT, rd->target);
	table_put32(r + TABLE_PROC_READY_TIME, (uint32_t)rd->timeout);
	table_put32(r + TABLE_PROC_READY_EVERY, (uint32_t)rd->every);
	table_put32(r + TABLE_PROC_WATCHDOG, (uint32_t)rd->watchdog);
	put_mstr(w, r + TABLE_PROC_HEALTH_TGT, h->target);
	table_put32(r + TABLE_PROC_HEALTH_EVERY, (uint32_t)h->every);
	table_put32(r + TABLE_PROC_HEALTH_TIME, (uint32_t)h->timeout);
	table_put32(r + TABLE_PROC_HEALTH_FAILS, (uint32_t)h->failures);
	table_put32(r + TABLE_PROC_HEALTH_GRACE, (uint32_t)h->grace);
	if (MV(p->svc->b, SVC_ESSENTIAL)->num)
		table_put32(r + TABLE_PROC_FLAGS,
			    table_get32(r + TABLE_PROC_FLAGS) | TABLE_PF_ESSENTIAL);
}

/* A key whose default is below its least is set when its number is in
 * range (schema.def): the writer needs no statement, only the model. */
static bool num_set(const struct mblock *b, enum schema_key_id id)
{
	return b && MV(b, id)->num >= schema_keys[id].min;
}

/* limits { } in enum table_rlimit order, with a bit for each one set;
 * cpu in whole seconds, rounded up. */
static uint32_t put_rlimits(unsigned char *r, const struct mblock *lim)
{
	static const enum schema_key_id keys[TABLE_NRLIMITS] = {
		[TABLE_RL_NOFILE] = LIM_NOFILE, [TABLE_RL_NPROC] = LIM_NPROC,
		[TABLE_RL_CORE] = LIM_CORE,     [TABLE_RL_MEMLOCK] = LIM_MEMLOCK,
		[TABLE_RL_AS] = LIM_AS,         [TABLE_RL_DATA] = LIM_DATA,
		[TABLE_RL_STACK] = LIM_STACK,   [TABLE_RL_CPU] = LIM_CPU,
	};
	uint32_t bits = 0;

	for (int rl = 0; rl < TABLE_NRLIMITS; rl++) {
		uint64_t v;

		if (!num_set(lim, keys[rl]))
			continue;
		v = (uint64_t)MV(lim, keys[rl])->num;
		if (rl == TABLE_RL_CPU)
			v = (v + 999) / 1000;
		table_put64(r + TABLE_PROC_RLIMITS + 8 * rl, v);
		bits |= UINT32_C(1) << rl;
	}
	return bits;
}

/* Limits, memory, the process tree, the backoff, reloads and rolling
 * restarts (language.md section 6). Every number that its setting does
 * not use is 0, as the reader requires. */
static void put_limits(unsigned char *r, const struct mblock *b)
{
	const struct mvalue *maxrss = MV(b, SVC_MAXRSS), *bo = MV(b, SVC_BACKOFF);
	const struct mblock *roll = MV(b, SVC_ROLLING)->sub;
	uint32_t lim = put_rlimits(r, MV(b, SVC_LIMITS)->sub);

	if (num_set(b, SVC_NICE)) {
		lim |= TABLE_LIM_NICE;
		table_put32(r + TABLE_PROC_NICE, (uint32_t)(int32_t)MV(b, SVC_NICE)->num);
	}
	if (num_set(b, SVC_OOM_SCORE_ADJ)) {
		lim |= TABLE_LIM_OOM;
		table_put32(r + TABLE_PROC_OOM_ADJ,
			    (uint32_t)(int32_t)MV(b, SVC_OOM_SCORE_ADJ)->num);
	}
	table_put32(r + TABLE_PROC_LIMITS, lim);
	if (num_set(b, SVC_MEMORY))
		table_put64(r + TABLE_PROC_MEMORY, (uint64_t)MV(b, SVC_MEMORY)->num);
	if (num_set(b, SVC_MAXRSS)) {
		table_put64(r + TABLE_PROC_MAXRSS, (uint64_t)maxrss->num);
		table_put32(r + TABLE_PROC_MAXRSS_EVERY,
			    (uint32_t)(maxrss->sub ? MV(maxrss->sub, MAXRSS_EVERY)->num
						   : schema_keys[MAXRSS_EVERY].def_num));
	}
	if (bo->num == 1) {
		r[TABLE_PROC_BACKOFF] = TABLE_BACKOFF_EXPONENTIAL;
		table_put32(r + TABLE_PROC_BACKOFF_INIT,
			    (uint32_t)(bo->sub ? MV(bo->sub, BACKOFF_INITIAL)->num
					       : schema_keys[BACKOFF_INITIAL].def_num));
		table_put32(r + TABLE_PROC_BACKOFF_MAX,
			    (uint32_t)(bo->sub ? MV(bo->sub, BACKOFF_MAX)->num
					       : schema_keys[BACKOFF_MAX].def_num));
	}
	r[TABLE_PROC_RELOADSIGNAL] = (unsigned char)MV(b, SVC_RELOADSIGNAL)->num;
	if (roll) {
		table_put32(r + TABLE_PROC_ROLL_BATCH, (uint32_t)MV(roll, ROLL_BATCH)->num);
		table_put32(r + TABLE_PROC_ROLL_PAUSE, (uint32_t)MV(roll, ROLL_PAUSE)->num);
	}
	if (MV(b, SVC_KILLTREE)->num)
		table_put32(r + TABLE_PROC_FLAGS,
			    table_get32(r + TABLE_PROC_FLAGS) | TABLE_PF_KILLTREE);
}

static void put_exitcodes(unsigned char *r, const struct mvalue *v)
{
	unsigned char *bits = r + TABLE_PROC_EXITCODES;

	if (!v->nvals) {
		long long c = schema_keys[SVC_EXITCODES].def_num;
		bits[c / 8] |= (unsigned char)(1u << c % 8);
	}
	for (size_t i = 0; i < v->nvals; i++) {
		long long c = v->vals[i].num;
		if (c >= 0 && c < 256)
			bits[c / 8] |= (unsigned char)(1u << c % 8);
	}
}

static void put_proc_settings(unsigned char *r, const struct mblock *b, int32_t grp_priority)
{
	const struct mvalue *kill = MV(b, SVC_KILLASGROUP);
	long long stopasgroup = MV(b, SVC_STOPASGROUP)->num;

	table_put32(r + TABLE_PROC_UMASK, (uint32_t)(int32_t)MV(b, SVC_UMASK)->num);
	table_put32(r + TABLE_PROC_PRIORITY, (uint32_t)(int32_t)MV(b, SVC_PRIORITY)->num);
	table_put32(r + TABLE_PROC_GRP_PRIORITY, (uint32_t)grp_priority);
	table_put32(r + TABLE_PROC_STARTSECS, (uint32_t)MV(b, SVC_STARTSECS)->num);
	table_put32(r + TABLE_PROC_RETRIES,
		    MV(b, SVC_STARTRETRIES)->num == SCHEMA_INFINITE
			    ? TABLE_RETRIES_INFINITE
			    : (uint32_t)MV(b, SVC_STARTRETRIES)->num);
	table_put32(r + TABLE_PROC_STOPWAIT, (uint32_t)MV(b, SVC_STOPWAIT)->num);
	r[TABLE_PROC_AUTOSTART] = MV(b, SVC_AUTOSTART)->num != 0;
	r[TABLE_PROC_AUTORESTART] = (unsigned char)MV(b, SVC_AUTORESTART)->num;
	r[TABLE_PROC_STOPSIGNAL] = (unsigned char)MV(b, SVC_STOPSIGNAL)->num;
	r[TABLE_PROC_STOPASGROUP] = stopasgroup != 0;
	/* supervisord: killasgroup follows stopasgroup unless given. */
	r[TABLE_PROC_KILLASGROUP] = (kill->stmt ? kill->num : stopasgroup) != 0;
	put_exitcodes(r, MV(b, SVC_EXITCODES));
}

static void put_proc(struct wr *w, const struct mproc *p)
{
	const struct mservice *svc = p->svc;
	const struct mblock *b = svc->b;
	unsigned char *r = buf_add(w, &w->sec[TABLE_SEC_PROCS], TABLE_PROC_SIZE);
	uint32_t group = w->group_of[svc->order];
	const struct ast_stmt *st = b->stmt;
	unsigned line = 0, col;

	if (!r)
		return;
	if (st && st->loc.file)
		src_position(st->loc.file, st->loc.off, &line, &col);
	put_str(w, r + TABLE_PROC_NAME, p->name, false);
	put_str(w, r + TABLE_PROC_SERVICE, svc->name, false);
	put_str(w, r + TABLE_PROC_SRCFILE, st && st->loc.file ? st->loc.file->path : NULL, false);
	put_mstr(w, r + TABLE_PROC_DIRECTORY, p->directory);
	put_str(w, r + TABLE_PROC_USER, MV(b, SVC_USER)->word, false);
	put_log(w, r, &p->out, TABLE_PROC_OUT_KIND, TABLE_PROC_OUT_PATH, TABLE_PROC_OUT_MAXBYTES,
		TABLE_PROC_OUT_BACKUPS);
	put_log(w, r, &p->err, TABLE_PROC_ERR_KIND, TABLE_PROC_ERR_PATH, TABLE_PROC_ERR_MAXBYTES,
		TABLE_PROC_ERR_BACKUPS);
	table_put32(r + TABLE_PROC_SRCLINE, line);
	table_put32(r + TABLE_PROC_GROUP, group);
	table_put32(r + TABLE_PROC_INDEX, (uint32_t)p->index);
	put_proc_settings(r, b,
			  group == TABLE_NONE ? (int32_t)MV(b, SVC_PRIORITY)->num
					      : (int32_t)MV(svc->group->b, GRP_PRIORITY)->num);
	put_proc_lists(w, r, p);
	put_events(r, p);
	put_probes(w, r, p);
	put_limits(r, b);
}

/* Header, then the sections in order, each aligned to 8 and zero-padded. */
static unsigned char *assemble(struct wr *w, TALLOC_CTX *ctx, size_t *len)
{
	size_t off[TABLE_NSECT], total = TABLE_HEADER_SIZE;
	unsigned char *out;

	for (int i = 0; i < TABLE_NSECT; i++) {
		total = (total + TABLE_ALIGN - 1) / TABLE_ALIGN * TABLE_ALIGN;
		off[i] = total;
		total += w->sec[i].len;
	}
	if (total > UINT32_MAX)
		return NULL;
	out = talloc_zero_array(ctx, unsigned char, total);
	if (!out)
		return NULL;
	memcpy(out, TABLE_MAGIC, TABLE_MAGIC_LEN);
	table_put16(out + 8, TABLE_MAJOR);
	table_put16(out + 10, TABLE_MINOR);
	table_put32(out + 16, (uint32_t)total);
	table_put32(out + 24, TABLE_HEADER_SIZE);
	table_put32(out + 28, TABLE_NSECT);
	for (int i = 0; i < TABLE_NSECT; i++) {
		unsigned char *e = out + 32 + 16 * i;
		uint32_t count = (uint32_t)(w->sec[i].len / table_recsize[i]);
		table_put32(e, (uint32_t)off[i]);
		table_put32(e + 4, (uint32_t)w->sec[i].len);
		table_put32(e + 8, count);
		table_put32(e + 12, table_recsize[i]);
		if (w->sec[i].len)
			memcpy(out + off[i], w->sec[i].p, w->sec[i].len);
	}
	table_put32(out + 20, table_checksum(out, total));
	*len = total;
	return out;
}

int table_write_model(TALLOC_CTX *ctx, const struct model *m, void **buf, size_t *len)
{
	struct wr w = {.tmp = must(talloc_new(ctx))};
	unsigned char *out = NULL;

	if (!w.tmp)
		return -1;
	put_sup(&w, m);
	put_groups(&w, m);
	for (size_t i = 0; i < m->nprocs && !w.err; i++)
		put_proc(&w, m->procs[i]);
	if (!w.err)
		out = assemble(&w, ctx, len);
	talloc_free(w.tmp);
	if (!out)
		return -1;
	*buf = out;
	return 0;
}
