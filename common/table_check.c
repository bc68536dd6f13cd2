/* The table reader's validator: every byte of a table is checked once, in
 * linear time and never outside the buffer, before table.c serves a single
 * accessor. It is apart from the reader because it is most of it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "evtype.h"
#include "table_check.h"

static const char *const sec_names[TABLE_NSECT] = {
	"supervisor", "groups", "processes", "args", "deps", "members", "strings",
};

/* ---- validation ------------------------------------------------------- */

/* State of one validation. Scratch arrays are freed by load_free(). */
struct ld {
	struct table *t;
	int status; /* enum table_status of the first failure */
	char *err;
	size_t errlen;
	const char *pool;
	uint32_t poolsize;
	uint32_t *nulrank; /* NUL bytes in the pool before each 64-byte block */
	uint32_t *hash;    /* process-name set: index + 1, 0 empty */
	size_t hashsize;
	unsigned char *mark; /* per process: member seen / DFS colour */
	uint32_t *stack;     /* DFS: process, next edge */
};

static int fail(struct ld *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ld *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->status == TABLE_OK)
		l->status = TABLE_CORRUPT;
	if (!l->errlen)
		return -1;
	n = snprintf(l->err, l->errlen, "%s: ", l->t->name);
	if (n < 0 || (size_t)n >= l->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *sec_name(unsigned i, char *buf, size_t len)
{
	if (i < TABLE_NSECT)
		return sec_names[i];
	snprintf(buf, len, "%u", i);
	return buf;
}

static int check_header(struct ld *l, unsigned *nsect)
{
	const unsigned char *b = l->t->base;
	size_t size = l->t->size;
	uint32_t hsize, total, flags;

	if (size < 32)
		return fail(l, "file is too short to be a compiled table (%zu bytes)", size);
	if (memcmp(b, TABLE_MAGIC, TABLE_MAGIC_LEN))
		return fail(l, "not a compiled table (bad magic)");
	l->t->major = table_get16(b + 8);
	l->t->minor = table_get16(b + 10);
	if (l->t->major != TABLE_MAJOR) {
		bool newer = l->t->major > TABLE_MAJOR;

		l->status = newer ? TABLE_NEWER : TABLE_OLDER;
		return fail(l,
			    "table format %u is %s than this svcd supports (%u); "
			    "rebuild with a matching svcc",
			    l->t->major, newer ? "newer" : "older", TABLE_MAJOR);
	}
	total = table_get32(b + 16);
	if (total != size)
		return fail(l, "file is %zu bytes but its header says %u", size, total);
	if (table_get32(b + 20) != table_checksum(b, size))
		return fail(l, "checksum mismatch: the file is damaged");
	flags = table_get32(b + 12);
	if (flags)
		return fail(l, "unknown flags 0x%x", flags);
	hsize = table_get32(b + 24);
	*nsect = table_get32(b + 28);
	if (*nsect < TABLE_NSECT || *nsect > TABLE_MAX_SECTIONS
	    || (l->t->minor <= TABLE_MINOR && *nsect != TABLE_NSECT))
		return fail(l, "bad section count %u", *nsect);
	if (hsize != 32 + 16 * *nsect || hsize > size)
		return fail(l, "bad header size %u", hsize);
	return 0;
}

/* Sections must not overlap: sort their starts (at most 64 of them). */
static int check_overlap(struct ld *l, unsigned n, const uint32_t *off, const uint32_t *sz)
{
	unsigned ord[TABLE_MAX_SECTIONS];
	char b1[16], b2[16];

	for (unsigned i = 0; i < n; i++) {
		unsigned j = i;
		while (j > 0 && off[ord[j - 1]] > off[i]) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = i;
	}
	for (unsigned i = 1; i < n; i++) {
		unsigned a = ord[i - 1], c = ord[i];
		if (sz[a] && sz[c] && (uint64_t)off[a] + sz[a] > off[c])
			return fail(l, "sections %s and %s overlap", sec_name(a, b1, sizeof b1),
				    sec_name(c, b2, sizeof b2));
	}
	return 0;
}

static int check_sections(struct ld *l, unsigned nsect)
{
	struct table *t = l->t;
	uint32_t off[TABLE_MAX_SECTIONS], sz[TABLE_MAX_SECTIONS];
	uint32_t hsize = 32 + 16 * nsect;
	char nb[16];

	for (unsigned i = 0; i < nsect; i++) {
		const unsigned char *e = t->base + 32 + 16 * i;
		uint32_t count = table_get32(e + 8), rec = table_get32(e + 12);
		const char *name = sec_name(i, nb, sizeof nb);

		off[i] = table_get32(e);
		sz[i] = table_get32(e + 4);
		if (off[i] % TABLE_ALIGN)
			return fail(l, "section %s is not aligned to %d bytes", name, TABLE_ALIGN);
		if (off[i] < hsize)
			return fail(l, "section %s overlaps the header", name);
		if ((uint64_t)off[i] + sz[i] > t->size)
			return fail(l, "section %s runs past the end of the file", name);
		if (!rec || (uint64_t)count * rec != sz[i])
			return fail(l, "section %s: size %u is not %u records of %u bytes", name,
				    sz[i], count, rec);
		if (i >= TABLE_NSECT)
			continue;
		if (rec < table_recsize[i] || (t->minor <= TABLE_MINOR && rec != table_recsize[i]))
			return fail(l, "section %s: record size %u, expected %u", name, rec,
				    table_recsize[i]);
		t->sec[i] = t->base + off[i];
		t->count[i] = count;
		t->recsize[i] = rec;
	}
	if (check_overlap(l, nsect, off, sz))
		return -1;
	if (t->count[TABLE_SEC_SUPERVISOR] != 1)
		return fail(l, "the supervisor section holds %u records, expected 1",
			    t->count[TABLE_SEC_SUPERVISOR]);
	if ((uint64_t)t->count[TABLE_SEC_STRINGS] > TABLE_STR_MAXLEN)
		return fail(l, "the string pool is too large");
	l->pool = (const char *)t->sec[TABLE_SEC_STRINGS];
	l->poolsize = t->count[TABLE_SEC_STRINGS];
	return 0;
}

/* Counting NULs per 64-byte block once lets each string be checked for an
 * inner NUL in constant time, however often the file refers to it. */
static int build_nulrank(struct ld *l)
{
	size_t nblk = l->poolsize / 64 + 1;
	uint32_t n = 0;

	l->nulrank = malloc(nblk * sizeof *l->nulrank);
	if (!l->nulrank)
		return fail(l, "out of memory");
	for (size_t i = 0; i < l->poolsize; i++) {
		if (i % 64 == 0)
			l->nulrank[i / 64] = n;
		n += !l->pool[i];
	}
	if (l->poolsize % 64 == 0)
		l->nulrank[l->poolsize / 64] = n;
	return 0;
}

static uint32_t nul_rank(const struct ld *l, uint32_t pos)
{
	uint32_t n = l->nulrank[pos / 64];

	for (uint32_t i = pos & ~UINT32_C(63); i < pos; i++)
		n += !l->pool[i];
	return n;
}

/* Checks the ref at P; WHAT and IDX name it in messages. */
static int check_ref(struct ld *l, const unsigned char *p, const char *what, uint32_t idx,
		     const char *field)
{
	uint32_t off = table_get32(p), len = table_get32(p + 4);

	if (off == TABLE_STR_NONE) {
		if (len)
			return fail(l, "%s %u: %s: unset string has length %u", what, idx, field,
				    len);
		return 0;
	}
	len &= TABLE_STR_MAXLEN;
	if (off >= l->poolsize)
		return fail(l, "%s %u: %s: string starts outside the string pool", what, idx,
			    field);
	if ((uint64_t)off + len >= l->poolsize)
		return fail(l, "%s %u: %s: string runs past the string pool", what, idx, field);
	if (l->pool[off + len])
		return fail(l, "%s %u: %s: string is not NUL-terminated", what, idx, field);
	if (nul_rank(l, off + len) != nul_rank(l, off))
		return fail(l, "%s %u: %s: string contains a NUL byte", what, idx, field);
	return 0;
}

static bool ref_set(const unsigned char *p)
{
	return table_get32(p) != TABLE_STR_NONE;
}

static uint32_t ref_len(const unsigned char *p)
{
	return table_get32(p + 4) & TABLE_STR_MAXLEN;
}

static bool is_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static bool sha_ok(const struct ld *l, const unsigned char *ref)
{
	const char *s = l->pool + table_get32(ref);

	if (ref_len(ref) != 45 || memcmp(s, "{SHA}", 5))
		return false;
	for (int i = 5; i < 45; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

static int check_sup(struct ld *l)
{
	static const struct {
		unsigned off;
		const char *name;
	} refs[] = {
		{TABLE_SUP_SOURCE, "source"},     {TABLE_SUP_LOGFILE, "logfile"},
		{TABLE_SUP_PIDFILE, "pidfile"},   {TABLE_SUP_CHILDLOGDIR, "childlogdir"},
		{TABLE_SUP_SOCKET, "socket"},     {TABLE_SUP_SOCK_OWNER, "owner"},
		{TABLE_SUP_SOCK_GROUP, "group"},  {TABLE_SUP_LISTEN, "listen"},
		{TABLE_SUP_USERNAME, "username"}, {TABLE_SUP_PASSWORD, "password"},
	};
	const unsigned char *r = l->t->sec[TABLE_SEC_SUPERVISOR];

	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
		if (check_ref(l, r + refs[i].off, "supervisor", 0, refs[i].name))
			return -1;
	if (table_get32(r + TABLE_SUP_LOGLEVEL) > TABLE_LL_BLATHER)
		return fail(l, "supervisor: loglevel %u out of range",
			    table_get32(r + TABLE_SUP_LOGLEVEL));
	if (table_get32(r + TABLE_SUP_UMASK) > 0777)
		return fail(l, "supervisor: umask %o out of range",
			    table_get32(r + TABLE_SUP_UMASK));
	if (table_get32(r + TABLE_SUP_SOCK_MODE) > 0777)
		return fail(l, "supervisor: socket mode %o out of range",
			    table_get32(r + TABLE_SUP_SOCK_MODE));
	if (table_get32(r + TABLE_SUP_FLAGS) & ~TABLE_SUPF_ALL)
		return fail(l, "supervisor: unknown flags 0x%x", table_get32(r + TABLE_SUP_FLAGS));
	if ((table_get32(r + TABLE_SUP_FLAGS) & TABLE_SUPF_LOG_SYSLOG)
	    && ref_set(r + TABLE_SUP_LOGFILE))
		return fail(l, "supervisor: a log file and syslog both");
	if (!ref_set(r + TABLE_SUP_SOCKET)
	    && (ref_set(r + TABLE_SUP_SOCK_OWNER) || ref_set(r + TABLE_SUP_SOCK_GROUP)))
		return fail(l, "supervisor: socket owner or group without a socket");
	if (ref_set(r + TABLE_SUP_USERNAME) != ref_set(r + TABLE_SUP_PASSWORD))
		return fail(l, "supervisor: auth needs both a username and a password");
	if (ref_set(r + TABLE_SUP_PASSWORD) && !sha_ok(l, r + TABLE_SUP_PASSWORD))
		return fail(l, "supervisor: password is not {SHA} and 40 hex digits");
	return 0;
}

/* Every ARGS entry is a set string: argv words, env names and values. */
static int check_args(struct ld *l)
{
	const struct table *t = l->t;

	for (uint32_t i = 0; i < t->count[TABLE_SEC_ARGS]; i++) {
		const unsigned char *r = rec(t, TABLE_SEC_ARGS, i);
		if (check_ref(l, r, "args entry", i, "value"))
			return -1;
		if (!ref_set(r))
			return fail(l, "args entry %u is not set", i);
	}
	return 0;
}

static int check_groups(struct ld *l)
{
	const struct table *t = l->t;
	uint32_t next = 0;

	for (uint32_t g = 0; g < t->count[TABLE_SEC_GROUPS]; g++) {
		const unsigned char *r = rec(t, TABLE_SEC_GROUPS, g);
		uint32_t first = table_get32(r + TABLE_GROUP_MEMBERS);
		uint32_t n = table_get32(r + TABLE_GROUP_NMEMBERS);

		if (check_ref(l, r + TABLE_GROUP_NAME, "group", g, "name"))
			return -1;
		if (!ref_set(r) || !ref_len(r))
			return fail(l, "group %u has no name", g);
		if (table_get32(r + TABLE_GROUP_RESERVED))
			return fail(l, "group %u: reserved field is not zero", g);
		/* Members tile the MEMBERS section in group order: this keeps
		 * the work linear whatever the ranges claim. */
		if (first != next)
			return fail(l, "group %u: members start at %u, expected %u", g, first,
				    next);
		if ((uint64_t)first + n > t->count[TABLE_SEC_MEMBERS])
			return fail(l, "group %u: members run past the members section", g);
		next = first + n;
	}
	if (next != t->count[TABLE_SEC_MEMBERS])
		return fail(l, "the members section holds %u entries, groups use %u",
			    t->count[TABLE_SEC_MEMBERS], next);
	return 0;
}

static int check_proc_refs(struct ld *l, const unsigned char *r, uint32_t i)
{
	static const struct {
		unsigned off;
		const char *name;
	} refs[] = {
		{TABLE_PROC_NAME, "name"},
		{TABLE_PROC_SERVICE, "service"},
		{TABLE_PROC_SRCFILE, "source file"},
		{TABLE_PROC_DIRECTORY, "directory"},
		{TABLE_PROC_USER, "user"},
		{TABLE_PROC_OUT_PATH, "stdout path"},
		{TABLE_PROC_ERR_PATH, "stderr path"},
		{TABLE_PROC_READY_TGT, "ready target"},
		{TABLE_PROC_HEALTH_TGT, "health target"},
	};

	for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++)
		if (check_ref(l, r + refs[k].off, "process", i, refs[k].name))
			return -1;
	if (!ref_set(r + TABLE_PROC_NAME) || !ref_len(r + TABLE_PROC_NAME))
		return fail(l, "process %u has no name", i);
	if (!ref_set(r + TABLE_PROC_SERVICE) || !ref_len(r + TABLE_PROC_SERVICE))
		return fail(l, "process %u has no service name", i);
	return 0;
}

static int check_log(struct ld *l, const unsigned char *r, uint32_t i, unsigned kind_off,
		     unsigned path_off, const char *which)
{
	unsigned kind = r[kind_off];

	if (kind > TABLE_LOG_SYSLOG || (kind == TABLE_LOG_MERGE && path_off != TABLE_PROC_ERR_PATH))
		return fail(l, "process %u: %s log kind %u out of range", i, which, kind);
	if ((kind == TABLE_LOG_PATH) != ref_set(r + path_off))
		return fail(l, "process %u: %s log path %s", i, which,
			    kind == TABLE_LOG_PATH ? "missing" : "set for a log without a path");
	return 0;
}

/* A listener has events and a buffer, and its stdout is the protocol's:
 * neither merged into nor captured; any other process has neither. */
static int check_listener(struct ld *l, const unsigned char *r, uint32_t i)
{
	uint32_t flags = table_get32(r + TABLE_PROC_FLAGS);
	uint32_t events = table_get32(r + TABLE_PROC_EVENTS);
	uint32_t buffer = table_get32(r + TABLE_PROC_BUFFER);

	if (flags & ~TABLE_PF_ALL)
		return fail(l, "process %u: unknown flags 0x%x", i, flags);
	if (!(flags & TABLE_PF_LISTENER))
		return events || buffer ? fail(l, "process %u: events but not a listener", i) : 0;
	if (!events || (events & ~EVT_ALL) || buffer == 0 || buffer > TABLE_BUFFER_MAX)
		return fail(l, "process %u: a listener without events or buffer", i);
	if (r[TABLE_PROC_ERR_KIND] == TABLE_LOG_MERGE || table_get64(r + TABLE_PROC_OUT_CAPTURE))
		return fail(l, "process %u: a listener's stdout merged or captured", i);
	return 0;
}

/* A probe of KIND has a target exactly when it is TCP, HTTP or LOG. */
static int check_target(struct ld *l, const unsigned char *r, uint32_t i, unsigned kind,
			unsigned off, const char *what)
{
	bool needs = kind == TABLE_PROBE_TCP || kind == TABLE_PROBE_HTTP || kind == TABLE_PROBE_LOG;

	if (needs != ref_set(r + off))
		return fail(l, "process %u: %s target %s", i, what,
			    needs ? "missing" : "set for a kind without one");
	if (needs && !ref_len(r + off))
		return fail(l, "process %u: %s target is empty", i, what);
	return 0;
}

/* A number in milliseconds: at least LO and at most a day where its
 * setting uses it (APPLIES), 0 where it does not (said "set for OWNER"). */
static int check_ms_of(struct ld *l, const unsigned char *r, uint32_t i, unsigned off,
		       const char *what, bool applies, uint32_t lo, const char *owner)
{
	uint32_t v = table_get32(r + off);

	if (!applies && v)
		return fail(l, "process %u: %s set for %s", i, what, owner);
	if (applies && (v < lo || v > TABLE_DURATION_MAX))
		return fail(l, "process %u: %s %u out of range", i, what, v);
	return 0;
}

/* A number of a probe, as check_ms_of. */
static int check_ms(struct ld *l, const unsigned char *r, uint32_t i, unsigned off,
		    const char *what, bool applies, uint32_t lo)
{
	return check_ms_of(l, r, i, off, what, applies, lo, "a probe without it");
}

/* Readiness and health, as language.md §5 has them: svcd reads these
 * fields without looking again, so every kind, number and target a kind
 * does not use is refused here. */
static int check_probes(struct ld *l, const unsigned char *r, uint32_t i)
{
	unsigned rk = r[TABLE_PROC_READY_KIND], hk = r[TABLE_PROC_HEALTH_KIND];
	uint32_t fd = table_get32(r + TABLE_PROC_READY_FD);
	uint32_t fails = table_get32(r + TABLE_PROC_HEALTH_FAILS);
	bool tried = rk == TABLE_PROBE_TCP || rk == TABLE_PROBE_HTTP || rk == TABLE_PROBE_EXEC;

	if (rk >= TABLE_PROBE_NKINDS)
		return fail(l, "process %u: ready kind %u out of range", i, rk);
	if (hk != TABLE_PROBE_NONE && hk != TABLE_PROBE_TCP && hk != TABLE_PROBE_HTTP
	    && hk != TABLE_PROBE_EXEC)
		return fail(l, "process %u: health kind %u out of range", i, hk);
	if (table_get16(r + TABLE_PROC_RESERVED3) || table_get32(r + TABLE_PROC_RESERVED4))
		return fail(l, "process %u: reserved bytes are not zero", i);
	if (rk == TABLE_PROBE_NOTIFY ? fd < 3 || fd > TABLE_READY_FD_MAX : fd != 0)
		return fail(l, "process %u: ready fd %u out of range", i, fd);
	if (hk != TABLE_PROBE_NONE ? fails == 0 : fails != 0)
		return fail(l, "process %u: health failures %u out of range", i, fails);
	if (rk == TABLE_PROBE_LOG && (table_get32(r + TABLE_PROC_FLAGS) & TABLE_PF_LISTENER))
		return fail(l, "process %u: a listener's stdout read for readiness", i);
	if (check_target(l, r, i, rk, TABLE_PROC_READY_TGT, "ready")
	    || check_target(l, r, i, hk, TABLE_PROC_HEALTH_TGT, "health")
	    || check_ms(l, r, i, TABLE_PROC_READY_TIME, "ready timeout", rk != TABLE_PROBE_NONE, 1)
	    || check_ms(l, r, i, TABLE_PROC_READY_EVERY, "ready every", tried, 1)
	    || check_ms(l, r, i, TABLE_PROC_WATCHDOG, "ready watchdog", rk == TABLE_PROBE_SDNOTIFY,
			0)
	    || check_ms(l, r, i, TABLE_PROC_HEALTH_EVERY, "health every", hk != TABLE_PROBE_NONE, 1)
	    || check_ms(l, r, i, TABLE_PROC_HEALTH_TIME, "health timeout", hk != TABLE_PROBE_NONE,
			1)
	    || check_ms(l, r, i, TABLE_PROC_HEALTH_GRACE, "health grace", hk != TABLE_PROBE_NONE,
			0))
		return -1;
	return 0;
}

/* The largest values of limits { }, memory and maxrss, as the language
 * takes them (compiler/schema.def): svcd hands them to setrlimit and to
 * the cgroup as they are. cpu is in seconds. */
#define LIMIT_NOFILE_MAX UINT64_C(1073741824)
#define LIMIT_NPROC_MAX  UINT64_C(4194304)
#define LIMIT_SIZE_MAX   (UINT64_C(1) << 50)
#define LIMIT_CPU_MAX    UINT64_C(3600000000)
#define LIMIT_MEMORY_MIN (UINT64_C(1) << 20)
#define ROLL_BATCH_MAX   10000
#define RETRIES_MAX      1000

static const char *const rlimit_names[TABLE_NRLIMITS] = {
	"nofile", "nproc", "core", "memlock", "as", "data", "stack", "cpu",
};

/* Each rlimit is in range when its bit is set, and 0 when it is not. */
static int check_rlimits(struct ld *l, const unsigned char *r, uint32_t i, uint32_t lim)
{
	for (int rl = 0; rl < TABLE_NRLIMITS; rl++) {
		uint64_t v = table_get64(r + TABLE_PROC_RLIMITS + 8 * rl);
		uint64_t max = rl == TABLE_RL_NOFILE ? LIMIT_NOFILE_MAX
			: rl == TABLE_RL_NPROC       ? LIMIT_NPROC_MAX
			: rl == TABLE_RL_CPU         ? LIMIT_CPU_MAX
						     : LIMIT_SIZE_MAX;

		if (!(lim & UINT32_C(1) << rl)) {
			if (v)
				return fail(l, "process %u: limit %s set for a process without it",
					    i, rlimit_names[rl]);
			continue;
		}
		if (v > max || (rl == TABLE_RL_CPU && v == 0))
			return fail(l, "process %u: limit %s %llu out of range", i,
				    rlimit_names[rl], (unsigned long long)v);
	}
	return 0;
}

/* A size of memory or maxrss: 0 for none, else 1 MB .. 1 PB. */
static int check_mem(struct ld *l, const unsigned char *r, uint32_t i, unsigned off,
		     const char *what)
{
	uint64_t v = table_get64(r + off);

	if (v && (v < LIMIT_MEMORY_MIN || v > LIMIT_SIZE_MAX))
		return fail(l, "process %u: %s %llu out of range", i, what, (unsigned long long)v);
	return 0;
}

/* Limits, memory, backoff, reloads and rolling restarts (language.md
 * section 6): svcd reads them without looking again, so every number a
 * setting does not use is 0 here. */
static int check_limits(struct ld *l, const unsigned char *r, uint32_t i)
{
	uint32_t lim = table_get32(r + TABLE_PROC_LIMITS);
	int32_t nice = (int32_t)table_get32(r + TABLE_PROC_NICE);
	int32_t oom = (int32_t)table_get32(r + TABLE_PROC_OOM_ADJ);
	uint32_t retries = table_get32(r + TABLE_PROC_RETRIES);
	uint32_t init = table_get32(r + TABLE_PROC_BACKOFF_INIT);
	uint32_t max = table_get32(r + TABLE_PROC_BACKOFF_MAX);
	uint32_t batch = table_get32(r + TABLE_PROC_ROLL_BATCH);
	unsigned backoff = r[TABLE_PROC_BACKOFF], reload = r[TABLE_PROC_RELOADSIGNAL];
	bool maxrss = table_get64(r + TABLE_PROC_MAXRSS) != 0;

	if (lim & ~TABLE_LIM_ALL)
		return fail(l, "process %u: unknown limits 0x%x", i, lim);
	if (check_rlimits(l, r, i, lim))
		return -1;
	if (lim & TABLE_LIM_NICE ? nice < -20 || nice > 19 : nice != 0)
		return fail(l, "process %u: nice %d out of range", i, nice);
	if (lim & TABLE_LIM_OOM ? oom < -1000 || oom > 1000 : oom != 0)
		return fail(l, "process %u: oom_score_adj %d out of range", i, oom);
	if (check_mem(l, r, i, TABLE_PROC_MEMORY, "memory")
	    || check_mem(l, r, i, TABLE_PROC_MAXRSS, "maxrss")
	    || check_ms_of(l, r, i, TABLE_PROC_MAXRSS_EVERY, "maxrss every", maxrss, 1,
			   "a process without maxrss"))
		return -1;
	if (retries > RETRIES_MAX && retries != TABLE_RETRIES_INFINITE)
		return fail(l, "process %u: startretries %u out of range", i, retries);
	if (backoff > TABLE_BACKOFF_EXPONENTIAL)
		return fail(l, "process %u: backoff %u out of range", i, backoff);
	if (check_ms_of(l, r, i, TABLE_PROC_BACKOFF_INIT, "backoff initial",
			backoff == TABLE_BACKOFF_EXPONENTIAL, 1, "a linear backoff")
	    || check_ms_of(l, r, i, TABLE_PROC_BACKOFF_MAX, "backoff max",
			   backoff == TABLE_BACKOFF_EXPONENTIAL, 1, "a linear backoff"))
		return -1;
	if (init > max)
		return fail(l, "process %u: backoff initial %u is more than its max %u", i, init,
			    max);
	if (reload > 64)
		return fail(l, "process %u: reloadsignal %u out of range", i, reload);
	if (batch > ROLL_BATCH_MAX)
		return fail(l, "process %u: rolling batch %u out of range", i, batch);
	if (check_ms_of(l, r, i, TABLE_PROC_ROLL_PAUSE, "rolling pause", batch != 0, 0,
			"a process without rolling"))
		return -1;
	if (table_get16(r + TABLE_PROC_RESERVED5) || table_get32(r + TABLE_PROC_RESERVED6))
		return fail(l, "process %u: reserved bytes are not zero", i);
	return 0;
}

static int check_proc_enums(struct ld *l, const unsigned char *r, uint32_t i)
{
	int32_t umask = (int32_t)table_get32(r + TABLE_PROC_UMASK);

	if (umask < -1 || umask > 0777)
		return fail(l, "process %u: umask %d out of range", i, umask);
	if (r[TABLE_PROC_AUTOSTART] > 1 || r[TABLE_PROC_STOPASGROUP] > 1
	    || r[TABLE_PROC_KILLASGROUP] > 1)
		return fail(l, "process %u: a boolean is neither 0 nor 1", i);
	if (r[TABLE_PROC_AUTORESTART] > TABLE_RESTART_UNEXPECTED)
		return fail(l, "process %u: autorestart %u out of range", i,
			    r[TABLE_PROC_AUTORESTART]);
	if (r[TABLE_PROC_STOPSIGNAL] < 1 || r[TABLE_PROC_STOPSIGNAL] > 64)
		return fail(l, "process %u: stopsignal %u out of range", i,
			    r[TABLE_PROC_STOPSIGNAL]);
	if (!is_zero(r + TABLE_PROC_RESERVED, 5) || table_get32(r + TABLE_PROC_RESERVED2))
		return fail(l, "process %u: reserved bytes are not zero", i);
	if (check_listener(l, r, i) || check_probes(l, r, i) || check_limits(l, r, i))
		return -1;
	if (check_log(l, r, i, TABLE_PROC_OUT_KIND, TABLE_PROC_OUT_PATH, "stdout")
	    || check_log(l, r, i, TABLE_PROC_ERR_KIND, TABLE_PROC_ERR_PATH, "stderr"))
		return -1;
	return 0;
}

/* An exec probe's words follow in ARGS (ready's, then health's): at least
 * one; any other kind has none, both fields 0. */
static int check_probe_words(struct ld *l, const unsigned char *r, uint32_t i, uint64_t *args,
			     unsigned kind_off, unsigned argv_off, unsigned argc_off,
			     const char *what)
{
	uint32_t argv = table_get32(r + argv_off), argc = table_get32(r + argc_off);

	if (r[kind_off] != TABLE_PROBE_EXEC)
		return argv || argc
			? fail(l, "process %u: %s words set for a kind without them", i, what)
			: 0;
	if (!argc)
		return fail(l, "process %u: %s exec has no words", i, what);
	if (argv != *args)
		return fail(l, "process %u: %s words start at %u, expected %llu", i, what, argv,
			    (unsigned long long)*args);
	*args += argc;
	if (*args > l->t->count[TABLE_SEC_ARGS])
		return fail(l, "process %u: %s words run past the args section", i, what);
	return 0;
}

/* The envfile paths follow the probe words in ARGS: none empty, none a
 * lone "-" (the mark of a file that may be missing). */
static int check_envfiles(struct ld *l, const unsigned char *r, uint32_t i, uint64_t *args)
{
	uint32_t first = table_get32(r + TABLE_PROC_ENVFILES);
	uint32_t n = table_get32(r + TABLE_PROC_NENVFILES);

	if (first != *args)
		return fail(l, "process %u: envfiles start at %u, expected %llu", i, first,
			    (unsigned long long)*args);
	*args += n;
	if (*args > l->t->count[TABLE_SEC_ARGS])
		return fail(l, "process %u: envfiles run past the args section", i);
	for (uint32_t k = 0; k < n; k++) {
		const unsigned char *ref = rec(l->t, TABLE_SEC_ARGS, first + k);
		uint32_t len = ref_len(ref);

		if (!len || (len == 1 && l->pool[table_get32(ref)] == '-'))
			return fail(l, "process %u: envfile %u is empty", i, k);
	}
	return 0;
}

/* argv, env and deps tile ARGS and DEPS in process order, which keeps the
 * checks linear and rules out ranges shared by several processes. */
static int check_proc_ranges(struct ld *l, const unsigned char *r, uint32_t i, uint64_t *args,
			     uint64_t *deps)
{
	const struct table *t = l->t;
	uint32_t argv = table_get32(r + TABLE_PROC_ARGV);
	uint32_t argc = table_get32(r + TABLE_PROC_ARGC);
	uint32_t env = table_get32(r + TABLE_PROC_ENV);
	uint32_t nenv = table_get32(r + TABLE_PROC_NENV);
	uint32_t dep = table_get32(r + TABLE_PROC_DEPS);
	uint32_t ndeps = table_get32(r + TABLE_PROC_NDEPS);
	uint32_t group = table_get32(r + TABLE_PROC_GROUP);

	if (group != TABLE_NONE && group >= t->count[TABLE_SEC_GROUPS])
		return fail(l, "process %u: group %u out of range", i, group);
	if (group == TABLE_NONE
	    && table_get32(r + TABLE_PROC_GRP_PRIORITY) != table_get32(r + TABLE_PROC_PRIORITY))
		return fail(l, "process %u: group priority differs from its own", i);
	if (!argc)
		return fail(l, "process %u has an empty argv", i);
	if (argv != *args)
		return fail(l, "process %u: argv starts at %u, expected %llu", i, argv,
			    (unsigned long long)*args);
	*args += argc;
	if (env != *args)
		return fail(l, "process %u: env starts at %u, expected %llu", i, env,
			    (unsigned long long)*args);
	*args += 2 * (uint64_t)nenv;
	if (*args > t->count[TABLE_SEC_ARGS])
		return fail(l, "process %u: argv or env runs past the args section", i);
	if (check_probe_words(l, r, i, args, TABLE_PROC_READY_KIND, TABLE_PROC_READY_ARGV,
			      TABLE_PROC_READY_ARGC, "ready")
	    || check_probe_words(l, r, i, args, TABLE_PROC_HEALTH_KIND, TABLE_PROC_HEALTH_ARGV,
				 TABLE_PROC_HEALTH_ARGC, "health")
	    || check_envfiles(l, r, i, args))
		return -1;
	if (dep != *deps)
		return fail(l, "process %u: dependencies start at %u, expected %llu", i, dep,
			    (unsigned long long)*deps);
	*deps += ndeps;
	if (*deps > t->count[TABLE_SEC_DEPS])
		return fail(l, "process %u: dependencies run past the deps section", i);
	return 0;
}

static uint32_t name_hash(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int check_unique(struct ld *l, const unsigned char *r, uint32_t i)
{
	const char *s = l->pool + table_get32(r + TABLE_PROC_NAME);
	uint32_t len = ref_len(r + TABLE_PROC_NAME);
	size_t h = name_hash(s, len) & (l->hashsize - 1);

	while (l->hash[h]) {
		const unsigned char *o = rec(l->t, TABLE_SEC_PROCS, l->hash[h] - 1);
		if (ref_len(o + TABLE_PROC_NAME) == len
		    && !memcmp(l->pool + table_get32(o + TABLE_PROC_NAME), s, len))
			return fail(l, "process %u: name '%s' is also process %u's", i, s,
				    l->hash[h] - 1);
		h = (h + 1) & (l->hashsize - 1);
	}
	l->hash[h] = i + 1;
	return 0;
}

static int check_procs(struct ld *l)
{
	const struct table *t = l->t;
	uint32_t n = t->count[TABLE_SEC_PROCS];
	uint64_t args = 0, deps = 0;

	for (l->hashsize = 16; l->hashsize < 2 * (size_t)n; l->hashsize *= 2)
		;
	l->hash = calloc(l->hashsize, sizeof *l->hash);
	if (!l->hash)
		return fail(l, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *r = rec(t, TABLE_SEC_PROCS, i);
		if (check_proc_refs(l, r, i) || check_proc_enums(l, r, i)
		    || check_proc_ranges(l, r, i, &args, &deps) || check_unique(l, r, i))
			return -1;
	}
	if (args != t->count[TABLE_SEC_ARGS])
		return fail(l, "the args section holds %u entries, processes use %llu",
			    t->count[TABLE_SEC_ARGS], (unsigned long long)args);
	if (deps != t->count[TABLE_SEC_DEPS])
		return fail(l, "the deps section holds %u entries, processes use %llu",
			    t->count[TABLE_SEC_DEPS], (unsigned long long)deps);
	return 0;
}

/* Each member is a process of that group, listed once; each process in a
 * group is listed. */
static int check_members(struct ld *l)
{
	const struct table *t = l->t;
	uint32_t n = t->count[TABLE_SEC_PROCS], grouped = 0;

	l->mark = calloc((size_t)n + 1, 1);
	if (!l->mark)
		return fail(l, "out of memory");
	for (uint32_t i = 0; i < n; i++)
		grouped += table_get32(rec(t, TABLE_SEC_PROCS, i) + TABLE_PROC_GROUP) != TABLE_NONE;
	for (uint32_t g = 0; g < t->count[TABLE_SEC_GROUPS]; g++) {
		const unsigned char *gr = rec(t, TABLE_SEC_GROUPS, g);
		uint32_t first = table_get32(gr + TABLE_GROUP_MEMBERS);
		uint32_t cnt = table_get32(gr + TABLE_GROUP_NMEMBERS);
		int32_t prio = (int32_t)table_get32(gr + TABLE_GROUP_PRIORITY);

		for (uint32_t k = first; k < first + cnt; k++) {
			uint32_t p = table_get32(rec(t, TABLE_SEC_MEMBERS, k));
			const unsigned char *pr;
			if (p >= n)
				return fail(l, "group %u: member %u out of range", g, p);
			pr = rec(t, TABLE_SEC_PROCS, p);
			if (table_get32(pr + TABLE_PROC_GROUP) != g || l->mark[p])
				return fail(l, "group %u: process %u is not its member once", g, p);
			if ((int32_t)table_get32(pr + TABLE_PROC_GRP_PRIORITY) != prio)
				return fail(l, "process %u: group priority differs from group %u's",
					    p, g);
			l->mark[p] = 1;
		}
	}
	if (grouped != t->count[TABLE_SEC_MEMBERS])
		return fail(l, "%u processes are in groups but %u are listed as members", grouped,
			    t->count[TABLE_SEC_MEMBERS]);
	return 0;
}

static int check_deps_range(struct ld *l)
{
	const struct table *t = l->t;

	for (uint32_t k = 0; k < t->count[TABLE_SEC_DEPS]; k++)
		if (table_get32(rec(t, TABLE_SEC_DEPS, k)) >= t->count[TABLE_SEC_PROCS])
			return fail(l, "dependency %u: process %u out of range", k,
				    table_get32(rec(t, TABLE_SEC_DEPS, k)));
	return 0;
}

/* Names the cycle found on the DFS stack: from W's entry to the top. */
static int fail_cycle(struct ld *l, size_t top, uint32_t w)
{
	char buf[512];
	size_t from = top, n = 0;

	while (from > 0 && l->stack[2 * (from - 1)] != w)
		from--;
	from = from ? from - 1 : 0;
	buf[0] = '\0';
	for (size_t k = from; k < top && n < sizeof buf; k++) {
		int m = snprintf(buf + n, sizeof buf - n, "'%s' -> ",
				 proc_name(l->t, l->stack[2 * k]));
		if (m < 0)
			break;
		n += (size_t)m;
	}
	if (n < sizeof buf)
		snprintf(buf + n, sizeof buf - n, "'%s'", proc_name(l->t, w));
	return fail(l, "dependency cycle: %s", buf);
}

enum { WHITE, GREY, BLACK };

static int check_cycles(struct ld *l)
{
	const struct table *t = l->t;
	uint32_t n = t->count[TABLE_SEC_PROCS];

	memset(l->mark, WHITE, n);
	l->stack = malloc(((size_t)n + 1) * 2 * sizeof *l->stack);
	if (!l->stack)
		return fail(l, "out of memory");
	for (uint32_t root = 0; root < n; root++) {
		size_t top = 0;
		if (l->mark[root] != WHITE)
			continue;
		l->mark[root] = GREY;
		l->stack[0] = root;
		l->stack[1] = 0;
		top = 1;
		while (top) {
			uint32_t v = l->stack[2 * (top - 1)];
			uint32_t *k = &l->stack[2 * (top - 1) + 1];
			const unsigned char *r = rec(t, TABLE_SEC_PROCS, v);
			uint32_t w;

			if (*k == table_get32(r + TABLE_PROC_NDEPS)) {
				l->mark[v] = BLACK;
				top--;
				continue;
			}
			w = table_get32(
				rec(t, TABLE_SEC_DEPS, table_get32(r + TABLE_PROC_DEPS) + (*k)++));
			if (l->mark[w] == GREY)
				return fail_cycle(l, top, w);
			if (l->mark[w] == WHITE) {
				l->mark[w] = GREY;
				l->stack[2 * top] = w;
				l->stack[2 * top + 1] = 0;
				top++;
			}
		}
	}
	return 0;
}

static void load_free(struct ld *l)
{
	free(l->nulrank);
	free(l->hash);
	free(l->mark);
	free(l->stack);
}

int table_validate(struct table *t, char *err, size_t errlen)
{
	struct ld l = {.t = t, .err = err, .errlen = errlen};
	unsigned nsect = 0;
	int rc;

	rc = check_header(&l, &nsect) || check_sections(&l, nsect) || build_nulrank(&l)
			|| check_sup(&l) || check_args(&l) || check_groups(&l) || check_procs(&l)
			|| check_members(&l) || check_deps_range(&l) || check_cycles(&l)
		? l.status
		: TABLE_OK;
	load_free(&l);
	return rc;
}
