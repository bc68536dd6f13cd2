/* Tests of the compiled table: writer (table_write.c) and reader (table.c)
 * round trip, determinism, the dump, atomic writes, and a reader that
 * refuses every damaged or forged file with its exact message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <talloc.h>
#include "common/atomic.h"
#include "dump.h"
#include "model.h"
#include "parse.h"
#include "validate.h"
#include "schema.h"
#include "common/sha1.h"
#include "common/table.h"
#include "table_write.h"
#include "values.h"
#include "leak.h"

#define NAME "t.svct"


/* ---- a small model built by hand ------------------------------------ */

static struct mblock *mk_block(TALLOC_CTX *ctx, enum schema_block kind)
{
	struct mblock *b = talloc_zero(ctx, struct mblock);

	b->kind = kind;
	b->first = schema_first(kind);
	b->v = talloc_zero_array(b, struct mvalue, schema_count(kind));
	for (size_t i = 0; i < schema_count(kind); i++)
		values_default(b, &schema_keys[b->first + i], &b->v[i]);
	return b;
}

static struct mservice *mk_service(TALLOC_CTX *ctx, struct model *m, const char *name,
				   size_t nprocs)
{
	struct mservice *s = talloc_zero(ctx, struct mservice);

	s->name = name;
	s->b = mk_block(s, SB_SERVICE);
	s->order = (unsigned)m->nservices;
	s->procs = talloc_zero_array(s, struct mproc *, nprocs);
	s->nprocs = nprocs;
	for (size_t i = 0; i < nprocs; i++) {
		struct mproc *p = talloc_zero(s, struct mproc);
		p->svc = s;
		p->index = (long long)i;
		p->name = nprocs == 1 ? name : talloc_asprintf(p, "%s_%zu", name, i);
		p->argc = 2;
		p->argv = talloc_zero_array(p, struct mstr, 2);
		p->argv[0] = (struct mstr){"/usr/bin/prog", false};
		p->argv[1] = (struct mstr){talloc_asprintf(p, "--n=%zu", i), false};
		p->out.kind = MLOG_AUTO;
		p->err.kind = MLOG_AUTO;
		p->out.maxbytes = p->err.maxbytes = 52428800;
		p->out.backups = p->err.backups = 10;
		p->order = (unsigned)m->nprocs;
		s->procs[i] = p;
		m->procs = talloc_realloc(m, m->procs, struct mproc *, m->nprocs + 1);
		m->procs[m->nprocs++] = p;
	}
	m->services = talloc_realloc(m, m->services, struct mservice *, m->nservices + 1);
	m->services[m->nservices++] = s;
	return s;
}

static void mk_after(struct mservice *s, struct mservice *dep)
{
	s->after = talloc_realloc(s, s->after, struct mservice *, s->nafter + 1);
	s->after[s->nafter++] = dep;
}

/* web (one process, env, template directory, log paths), worker (two
 * instances, after web), both in group "g"; socket and auth set. */
static struct model *mk_model(TALLOC_CTX *ctx)
{
	struct model *m = talloc_zero(ctx, struct model);
	struct mservice *web, *worker;
	struct mgroup *g;
	struct mblock *sock, *auth;
	struct mproc *p;

	m->supervisor = mk_block(m, SB_SUPERVISOR);
	MV(m->supervisor, SUP_SOCKET)->str = (struct mstr){"/run/svc.sock", false};
	sock = MV(m->supervisor, SUP_SOCKET)->sub = mk_block(m, SB_SOCKET);
	MV(sock, SOCK_OWNER)->word = "www-data";
	auth = MV(m->supervisor, SUP_AUTH)->sub = mk_block(m, SB_AUTH);
	MV(auth, AUTH_USERNAME)->str = (struct mstr){"user", false};
	MV(auth, AUTH_PASSWORD)->str = (struct mstr){"pass", false};
	MV(m->supervisor, SUP_LOGFILE)->str = (struct mstr){"/var/log/${host}.log", true};

	web = mk_service(m, m, "web", 1);
	p = web->procs[0];
	p->nenv = 1;
	p->env = talloc_zero_array(p, struct menv, 1);
	p->env[0] = (struct menv){"HOME", {"/home/${env.USER}", true}};
	p->directory = (struct mstr){"/srv/${host}", true};
	p->out = (struct mlog){MLOG_PATH, {"/var/log/web.log", false}, 1024, 3, false, 0};
	p->err = (struct mlog){MLOG_MERGE, {NULL, false}, 0, 0, false, 0};
	MV(web->b, SVC_STOPSIGNAL)->num = 2;
	MV(web->b, SVC_USER)->word = "www-data";
	MV(web->b, SVC_STOPASGROUP)->num = 1;

	worker = mk_service(m, m, "worker", 2);
	mk_after(worker, web);
	MV(worker->b, SVC_UMASK)->num = 022;
	MV(worker->b, SVC_AUTORESTART)->num = 1;

	g = talloc_zero(m, struct mgroup);
	g->name = "g";
	g->b = mk_block(g, SB_GROUP);
	MV(g->b, GRP_PRIORITY)->num = 5;
	g->services = talloc_array(g, struct mservice *, 2);
	g->services[0] = web;
	g->services[1] = worker;
	g->nservices = 2;
	web->group = worker->group = g;
	m->groups = talloc_array(m, struct mgroup *, 1);
	m->groups[0] = g;
	m->ngroups = 1;
	return m;
}

static unsigned char *mk_table(TALLOC_CTX *ctx, size_t *len)
{
	struct model *m = mk_model(ctx);
	void *buf = NULL;

	assert_int_equal(table_write_model(ctx, m, &buf, len), 0);
	talloc_free(m);
	return buf;
}

/* Loads LEN bytes at BUF, which must be refused with message WANT. */
static void refused(const void *buf, size_t len, const char *want)
{
	struct table t;
	char err[512];
	int rc = table_load_mem(buf, len, NAME, &t, err, sizeof err);

	/* damaged, or (a version changed) of another format */
	assert_true(rc == TABLE_CORRUPT || rc == TABLE_NEWER || rc == TABLE_OLDER);
	assert_string_equal(err, want);
}

static void reseal(unsigned char *buf, size_t len)
{
	table_put32(buf + 20, table_checksum(buf, len));
}

static unsigned char *sec_at(unsigned char *buf, unsigned sec)
{
	return buf + table_get32(buf + 32 + 16 * sec);
}

/* ---- round trip ------------------------------------------------------- */

static void test_round_trip(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	struct table t;
	struct table_proc p;
	struct table_sup s;
	struct table_group g;
	struct table_s name, value;
	char err[256];

	assert_int_equal(len % 8, 0);
	assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	assert_int_equal(table_nprocs(&t), 3);
	assert_int_equal(table_ngroups(&t), 1);

	table_sup(&t, &s);
	assert_string_equal(s.socket.s, "/run/svc.sock");
	assert_int_equal(s.sock_mode, 0700);
	assert_string_equal(s.sock_owner.s, "www-data");
	assert_null(s.sock_group.s);
	assert_null(s.listen.s);
	assert_string_equal(s.username.s, "user");
	assert_string_equal(s.password.s, "{SHA}9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684");
	assert_string_equal(s.logfile.s, "/var/log/${host}.log");
	assert_true(s.logfile.dynamic);
	assert_string_equal(s.pidfile.s, "/var/run/svcd.pid");
	assert_false(s.pidfile.dynamic);
	assert_int_equal(s.loglevel, TABLE_LL_INFO);
	assert_int_equal(s.umask, 022);

	table_proc(&t, 0, &p);
	assert_string_equal(p.name.s, "web");
	assert_int_equal(p.name.len, 3);
	assert_int_equal(p.argc, 2);
	assert_string_equal(table_arg(&t, &p, 0).s, "/usr/bin/prog");
	assert_string_equal(table_arg(&t, &p, 1).s, "--n=0");
	assert_int_equal(p.nenv, 1);
	table_env(&t, &p, 0, &name, &value);
	assert_string_equal(name.s, "HOME");
	assert_string_equal(value.s, "/home/${env.USER}");
	assert_true(value.dynamic);
	assert_true(p.directory.dynamic);
	assert_string_equal(p.user.s, "www-data");
	assert_int_equal(p.stopsignal, 2);
	assert_true(p.stopasgroup);
	assert_true(p.killasgroup); /* follows stopasgroup when not given */
	assert_int_equal(p.out.kind, TABLE_LOG_PATH);
	assert_string_equal(p.out.path.s, "/var/log/web.log");
	assert_int_equal(p.out.maxbytes, 1024);
	assert_int_equal(p.err.kind, TABLE_LOG_MERGE);
	assert_null(p.err.path.s);
	assert_int_equal(p.umask, -1);
	assert_int_equal(p.group, 0);
	assert_int_equal(p.group_priority, 5);
	assert_int_equal(p.priority, 999);
	assert_int_equal(p.ndeps, 0);
	assert_true(table_exitcode(&p, 0));
	assert_false(table_exitcode(&p, 1));
	assert_false(table_exitcode(&p, 300));

	table_proc(&t, 2, &p);
	assert_string_equal(p.name.s, "worker_1");
	assert_string_equal(p.service.s, "worker");
	assert_int_equal(p.index, 1);
	assert_int_equal(p.umask, 022);
	assert_int_equal(p.autorestart, TABLE_RESTART_TRUE);
	assert_int_equal(p.ndeps, 1);
	assert_int_equal(table_dep(&t, &p, 0), 0);
	assert_false(p.killasgroup);

	table_group(&t, 0, &g);
	assert_string_equal(g.name.s, "g");
	assert_int_equal(g.nmembers, 3);
	assert_int_equal(table_member(&t, &g, 2), 2);
	assert_int_equal(table_find_proc(&t, "worker_0"), 1);
	assert_int_equal(table_find_proc(&t, "nope"), TABLE_NONE);
	table_close(&t);
	talloc_free(buf);
}

static void test_deterministic(void **state)
{
	size_t l1, l2;
	unsigned char *a = mk_table(*state, &l1), *b = mk_table(*state, &l2);

	assert_int_equal(l1, l2);
	assert_memory_equal(a, b, l1);
	talloc_free(a);
	talloc_free(b);
}

static char *dump_to_string(const struct table *t, bool json)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	assert_non_null(f);
	if (json)
		dump_json(f, t);
	else
		dump_text(f, t);
	fclose(f);
	return text;
}

static const char want_dump[] = "format 4.0\n"
				"supervisor\n"
				"  source none\n"
				"  logfile \"/var/log/${host}.log\" (template)\n"
				"  logfile_maxbytes 52428800\n"
				"  logfile_backups 10\n"
				"  loglevel info\n"
				"  pidfile \"/var/run/svcd.pid\"\n"
				"  childlogdir \"/var/log\"\n"
				"  minfds 1024\n"
				"  umask 0022\n"
				"  socket \"/run/svc.sock\"\n"
				"  socket_mode 0700\n"
				"  socket_owner \"www-data\"\n"
				"  socket_group none\n"
				"  listen none\n"
				"  username \"user\"\n"
				"  password \"{SHA}9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684\"\n"
				"group \"g\"\n"
				"  priority 5\n"
				"  members \"web\" \"worker_0\" \"worker_1\"\n"
				"process \"web\"\n"
				"  service \"web\"\n"
				"  group \"g\"\n"
				"  index 0\n"
				"  source none\n"
				"  line 0\n"
				"  argv \"/usr/bin/prog\" \"--n=0\"\n"
				"  env HOME \"/home/${env.USER}\" (template)\n"
				"  after none\n"
				"  exitcodes 0\n"
				"  directory \"/srv/${host}\" (template)\n"
				"  user \"www-data\"\n"
				"  umask none\n"
				"  priority 999\n"
				"  group_priority 5\n"
				"  autostart true\n"
				"  autorestart unexpected\n"
				"  startsecs_ms 1000\n"
				"  startretries 3\n"
				"  stopsignal INT\n"
				"  stopwait_ms 10000\n"
				"  stopasgroup true\n"
				"  killasgroup true\n"
				"  stdout \"/var/log/web.log\"\n"
				"  stdout_maxbytes 1024\n"
				"  stdout_backups 3\n"
				"  stderr stdout\n"
				"  stderr_maxbytes 0\n"
				"  stderr_backups 0\n";

static void test_dump(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	struct table t;
	char err[256], *text, *json;

	assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	text = dump_to_string(&t, false);
	/* The first process's block, then the workers follow. */
	assert_true(strlen(text) > strlen(want_dump));
	assert_memory_equal(text, want_dump, strlen(want_dump));
	assert_non_null(strstr(text,
			       "process \"worker_1\"\n  service \"worker\"\n"
			       "  group \"g\"\n  index 1\n"));
	assert_non_null(strstr(text, "  after \"web\"\n"));
	json = dump_to_string(&t, true);
	assert_non_null(strstr(json, "\"logfile\": {\"template\": \"/var/log/${host}.log\"}"));
	assert_non_null(strstr(json, "\"env\": {\"HOME\": {\"template\": "));
	assert_non_null(strstr(json, "\"members\": [\"web\", \"worker_0\", \"worker_1\"]"));
	assert_non_null(strstr(json, "\"socket_group\": null"));
	free(text);
	free(json);
	talloc_free(buf);
}

/* ---- corruption ------------------------------------------------------- */

static void test_truncated(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	char want[128];

	refused(buf, 0, NAME ": file is too short to be a compiled table (0 bytes)");
	refused(buf, 31, NAME ": file is too short to be a compiled table (31 bytes)");
	for (size_t n = 32; n < len; n++) {
		snprintf(want, sizeof want, NAME ": file is %zu bytes but its header says %zu", n,
			 len);
		refused(buf, n, want);
	}
	talloc_free(buf);
}

/* With the checksum over every byte but its own, any change is refused;
 * a change to the checksum itself is a mismatch too. */
static void test_flipped(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	unsigned char *copy = talloc_memdup(*state, buf, len);
	struct table t;
	char err[512];

	for (size_t i = 0; i < len; i++) {
		for (int mask = 1; mask < 256; mask <<= 1) {
			copy[i] ^= (unsigned char)mask;
			assert_true(table_load_mem(copy, len, NAME, &t, err, sizeof err) < 0);
			assert_true(strncmp(err, NAME ": ", strlen(NAME) + 2) == 0);
			copy[i] ^= (unsigned char)mask;
		}
	}
	assert_int_equal(table_load_mem(copy, len, NAME, &t, err, sizeof err), 0);
	talloc_free(copy);
	talloc_free(buf);
}

static void test_magic_and_version(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);

	buf[0] = 'X';
	refused(buf, len, NAME ": not a compiled table (bad magic)");
	buf[0] = 'S';
	table_put16(buf + 8, 5);
	refused(buf, len,
		NAME ": table format 5 is newer than this svcd supports (4); "
		     "rebuild with a matching svcc");
	/* format 3 had no limits, envfiles nor backoff: its tables must be
	   built again */
	table_put16(buf + 8, 3);
	refused(buf, len,
		NAME ": table format 3 is older than this svcd supports (4); "
		     "rebuild with a matching svcc");
	table_put16(buf + 8, 4);
	buf[len - 1] ^= 1;
	refused(buf, len, NAME ": checksum mismatch: the file is damaged");
	buf[len - 1] ^= 1;
	table_put32(buf + 12, 4);
	reseal(buf, len);
	refused(buf, len, NAME ": unknown flags 0x4");
	talloc_free(buf);
}

/* Tampering that keeps a valid checksum, to reach the deeper checks. */
static void tamper32(unsigned char *buf, size_t len, size_t at, uint32_t v, const char *want)
{
	uint32_t old = table_get32(buf + at);

	table_put32(buf + at, v);
	reseal(buf, len);
	refused(buf, len, want);
	table_put32(buf + at, old);
	reseal(buf, len);
}

static void tamper8(unsigned char *buf, size_t len, size_t at, unsigned char v, const char *want)
{
	unsigned char old = buf[at];

	buf[at] = v;
	reseal(buf, len);
	refused(buf, len, want);
	buf[at] = old;
	reseal(buf, len);
}

static size_t sec_entry(unsigned sec)
{
	return 32 + 16 * (size_t)sec;
}

static void test_sections(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	size_t procs = sec_entry(TABLE_SEC_PROCS);
	uint32_t off = table_get32(buf + procs);

	tamper32(buf, len, 28, 6, NAME ": bad section count 6");
	tamper32(buf, len, 24, 100, NAME ": bad header size 100");
	tamper32(buf, len, procs, off + 4, NAME ": section processes is not aligned to 8 bytes");
	tamper32(buf, len, procs, 64, NAME ": section processes overlaps the header");
	tamper32(buf, len, procs, (uint32_t)len,
		 NAME ": section processes runs past the end of the file");
	tamper32(buf, len, procs + 8, 4,
		 NAME ": section processes: size 1248 is not 4 records of 416 bytes");
	tamper32(buf, len, procs + 12, 1,
		 NAME ": section processes: size 1248 is not 3 records of 1 bytes");
	tamper32(buf, len, sec_entry(TABLE_SEC_GROUPS), off,
		 NAME ": sections groups and processes overlap");
	/* One record of another size, consistent with its section size. */
	table_put32(buf + sec_entry(TABLE_SEC_PROCS) + 8, 1);
	tamper32(buf, len, procs + 12, 1248,
		 NAME ": section processes: record size 1248, expected 416");
	table_put32(buf + sec_entry(TABLE_SEC_PROCS) + 8, 3);
	reseal(buf, len);
	tamper32(buf, len, sec_entry(TABLE_SEC_SUPERVISOR) + 8, 0,
		 NAME ": section supervisor: size 112 is not 0 records of 112 bytes");
	talloc_free(buf);
}

static void test_strings(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	unsigned char *proc0 = sec_at(buf, TABLE_SEC_PROCS);
	size_t name = (size_t)(proc0 - buf) + TABLE_PROC_NAME;
	uint32_t pool = table_get32(buf + sec_entry(TABLE_SEC_STRINGS) + 4);
	uint32_t off = table_get32(buf + name);

	tamper32(buf, len, name, pool,
		 NAME ": process 0: name: string starts outside the string pool");
	tamper32(buf, len, name + 4, pool,
		 NAME ": process 0: name: string runs past the string pool");
	tamper32(buf, len, name + 4, 2, NAME ": process 0: name: string is not NUL-terminated");
	/* The empty string at the end of "web". */
	table_put32(buf + name + 4, 0);
	tamper32(buf, len, name, off + 3, NAME ": process 0 has no name");
	table_put32(buf + name + 4, 3);
	reseal(buf, len);
	tamper32(buf, len, name, TABLE_STR_NONE,
		 NAME ": process 0: name: unset string has length 3");
	/* A ref spanning "web\0" and the next string: an inner NUL. */
	{
		const unsigned char *p = sec_at(buf, TABLE_SEC_STRINGS) + off;
		uint32_t next = 4 + (uint32_t)strlen((const char *)p + 4);
		tamper32(buf, len, name + 4, next,
			 NAME ": process 0: name: string contains a NUL byte");
	}
	/* The first args entry unset. */
	tamper32(buf, len, (size_t)(sec_at(buf, TABLE_SEC_ARGS) - buf), TABLE_STR_NONE,
		 NAME ": args entry 0: value: unset string has length 13");
	talloc_free(buf);
}

static void test_indices(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	size_t p0 = (size_t)(sec_at(buf, TABLE_SEC_PROCS) - buf);
	size_t p2 = p0 + 2 * TABLE_PROC_SIZE;
	size_t dep = (size_t)(sec_at(buf, TABLE_SEC_DEPS) - buf);
	size_t mem = (size_t)(sec_at(buf, TABLE_SEC_MEMBERS) - buf);
	size_t g0 = (size_t)(sec_at(buf, TABLE_SEC_GROUPS) - buf);

	tamper32(buf, len, dep, 7, NAME ": dependency 0: process 7 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_GROUP, 1, NAME ": process 0: group 1 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_ARGC, 0, NAME ": process 0 has an empty argv");
	tamper32(buf, len, p0 + TABLE_PROC_ARGC, 3,
		 NAME ": process 0: env starts at 2, expected 3");
	tamper32(buf, len, p2 + TABLE_PROC_NENV, 5,
		 NAME ": process 2: argv or env runs past the args section");
	tamper32(buf, len, p2 + TABLE_PROC_NDEPS, 9,
		 NAME ": process 2: dependencies run past the deps section");
	tamper32(buf, len, p2 + TABLE_PROC_NDEPS, 0,
		 NAME ": the deps section holds 2 entries, processes use 1");
	tamper32(buf, len, mem + 4, 9, NAME ": group 0: member 9 out of range");
	tamper32(buf, len, mem + 4, 0, NAME ": group 0: process 0 is not its member once");
	tamper32(buf, len, g0 + TABLE_GROUP_NMEMBERS, 4,
		 NAME ": group 0: members run past the members section");
	tamper32(buf, len, g0 + TABLE_GROUP_MEMBERS, 1,
		 NAME ": group 0: members start at 1, expected 0");
	tamper32(buf, len, p0 + TABLE_PROC_GRP_PRIORITY, 6,
		 NAME ": process 0: group priority differs from group 0's");
	/* listener fields: only on a listener, and a listener has them all */
	tamper32(buf, len, p0 + TABLE_PROC_FLAGS, 32, NAME ": process 0: unknown flags 0x20");
	tamper32(buf, len, p0 + TABLE_PROC_EVENTS, 1,
		 NAME ": process 0: events but not a listener");
	tamper32(buf, len, p0 + TABLE_PROC_FLAGS, TABLE_PF_LISTENER,
		 NAME ": process 0: a listener without events or buffer");
	tamper8(buf, len, p0 + TABLE_PROC_STOPSIGNAL, 0,
		NAME ": process 0: stopsignal 0 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_STOPSIGNAL, 65,
		NAME ": process 0: stopsignal 65 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_AUTORESTART, 3,
		NAME ": process 0: autorestart 3 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_AUTOSTART, 2,
		NAME ": process 0: a boolean is neither 0 nor 1");
	tamper8(buf, len, p0 + TABLE_PROC_OUT_KIND, TABLE_LOG_MERGE,
		NAME ": process 0: stdout log kind 3 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_ERR_KIND, TABLE_LOG_PATH,
		NAME ": process 0: stderr log path missing");
	tamper8(buf, len, p0 + TABLE_PROC_RESERVED + 2, 1,
		NAME ": process 0: reserved bytes are not zero");
	tamper32(buf, len, p0 + TABLE_PROC_UMASK, 01000,
		 NAME ": process 0: umask 512 out of range");
	/* worker_0 renamed to "web" (same pool string): a duplicate. */
	table_put32(buf + p0 + TABLE_PROC_SIZE + TABLE_PROC_NAME,
		    table_get32(buf + p0 + TABLE_PROC_NAME));
	tamper32(buf, len, p0 + TABLE_PROC_SIZE + TABLE_PROC_NAME + 4, 3,
		 NAME ": process 1: name 'web' is also process 0's");
	talloc_free(buf);
}

static void test_supervisor_checks(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	size_t s = (size_t)(sec_at(buf, TABLE_SEC_SUPERVISOR) - buf);
	uint32_t user, pass = table_get32(buf + s + TABLE_SUP_PASSWORD);

	tamper32(buf, len, s + TABLE_SUP_LOGLEVEL, 7, NAME ": supervisor: loglevel 7 out of range");
	tamper32(buf, len, s + TABLE_SUP_SOCK_MODE, 01000,
		 NAME ": supervisor: socket mode 1000 out of range");
	tamper32(buf, len, s + TABLE_SUP_SOCKET, TABLE_STR_NONE,
		 NAME ": supervisor 0: socket: unset string has length 13");
	/* A password without a username. */
	user = table_get32(buf + s + TABLE_SUP_USERNAME);
	table_put32(buf + s + TABLE_SUP_USERNAME, TABLE_STR_NONE);
	tamper32(buf, len, s + TABLE_SUP_USERNAME + 4, 0,
		 NAME ": supervisor: auth needs both a username and a password");
	table_put32(buf + s + TABLE_SUP_USERNAME, user);
	/* A password not in {SHA} form: "user" in its place. */
	table_put32(buf + s + TABLE_SUP_PASSWORD, user);
	tamper32(buf, len, s + TABLE_SUP_PASSWORD + 4, 4,
		 NAME ": supervisor: password is not {SHA} and 40 hex digits");
	table_put32(buf + s + TABLE_SUP_PASSWORD, pass);
	tamper32(buf, len, s + TABLE_SUP_PASSWORD + 4, 3,
		 NAME ": supervisor 0: password: string is not NUL-terminated");
	talloc_free(buf);
}

/* A model whose services depend on each other in a ring. */
static void test_cycle(void **state)
{
	struct model *m = mk_model(*state);
	void *buf;
	size_t len;

	mk_after(m->services[0], m->services[1]);
	assert_int_equal(table_write_model(*state, m, &buf, &len), 0);
	refused(buf, len, NAME ": dependency cycle: 'web' -> 'worker_0' -> 'web'");
	talloc_free(buf);
	/* A process depending on itself. */
	mk_after(m->services[1], m->services[1]);
	m->services[0]->nafter = 0;
	assert_int_equal(table_write_model(*state, m, &buf, &len), 0);
	refused(buf, len, NAME ": dependency cycle: 'worker_0' -> 'worker_0'");
	talloc_free(buf);
	talloc_free(m);
}


/* ---- readiness, health, essential ------------------------------------ */

static struct mstr *mk_words(TALLOC_CTX *ctx, size_t n, const char *const *w)
{
	struct mstr *v = talloc_zero_array(ctx, struct mstr, n);

	for (size_t i = 0; i < n; i++)
		v[i] = (struct mstr){w[i], false};
	return v;
}

/* mk_model's processes with every kind of probe: web ready exec and
 * health exec (both in ARGS after its env) and essential; worker_0
 * ready notify, health tcp; worker_1 ready log, health http (a
 * template); extra ready sdnotify with a watchdog, no health. */
static struct model *mk_probe_model(TALLOC_CTX *ctx)
{
	static const char *const rw[] = {"/bin/ready", "x"}, *const hw[] = {"/bin/check", "-q"};
	struct model *m = mk_model(ctx);
	struct mproc **p;

	mk_service(m, m, "extra", 1);
	p = m->procs;
	p[0]->ready = (struct mprobe){.kind = MPROBE_EXEC, .timeout = 60000, .every = 250};
	p[0]->ready.argv = mk_words(p[0], 2, rw);
	p[0]->ready.argc = 2;
	p[0]->health = (struct mprobe){
		.kind = MPROBE_EXEC, .every = 10000, .timeout = 2000, .failures = 3};
	p[0]->health.argv = mk_words(p[0], 2, hw);
	p[0]->health.argc = 2;
	MV(p[0]->svc->b, SVC_ESSENTIAL)->num = 1;
	p[1]->ready = (struct mprobe){.kind = MPROBE_NOTIFY, .fd = 4, .timeout = 10000};
	p[1]->health = (struct mprobe){.kind = MPROBE_TCP,
				       .target = {"[::1]:5432", false},
				       .every = 1000,
				       .timeout = 500,
				       .failures = 1,
				       .grace = 7000};
	p[2]->ready = (struct mprobe){
		.kind = MPROBE_LOG, .target = {"up [0-9]+", false}, .timeout = 60000};
	p[2]->health = (struct mprobe){.kind = MPROBE_HTTP,
				       .target = {"http://${host}/", true},
				       .every = 10000,
				       .timeout = 2000,
				       .failures = 3};
	p[3]->ready = (struct mprobe){.kind = MPROBE_SDNOTIFY, .timeout = 20000, .watchdog = 30000};
	return m;
}

static unsigned char *mk_probe_table(TALLOC_CTX *ctx, size_t *len)
{
	struct model *m = mk_probe_model(ctx);
	void *buf = NULL;

	assert_int_equal(table_write_model(ctx, m, &buf, len), 0);
	talloc_free(m);
	return buf;
}

static void test_probe_round_trip(void **state)
{
	size_t len;
	unsigned char *buf = mk_probe_table(*state, &len);
	struct table t;
	struct table_proc p;
	char err[256], *text;

	assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	assert_int_equal(table_nprocs(&t), 4);
	table_proc(&t, 0, &p);
	assert_true(p.essential);
	assert_int_equal(p.ready.kind, TABLE_PROBE_EXEC);
	assert_int_equal(p.ready.argc, 2);
	assert_string_equal(table_probe_arg(&t, &p.ready, 0).s, "/bin/ready");
	assert_string_equal(table_probe_arg(&t, &p.ready, 1).s, "x");
	assert_null(p.ready.target.s);
	assert_int_equal(p.ready.timeout_ms, 60000);
	assert_int_equal(p.ready.every_ms, 250);
	assert_int_equal(p.ready.fd, 0);
	assert_int_equal(p.health.kind, TABLE_PROBE_EXEC);
	assert_string_equal(table_probe_arg(&t, &p.health, 1).s, "-q");
	assert_int_equal(p.health.failures, 3);
	/* the process's own argv and env are where they were */
	assert_string_equal(table_arg(&t, &p, 1).s, "--n=0");
	table_proc(&t, 1, &p);
	assert_false(p.essential);
	assert_int_equal(p.ready.kind, TABLE_PROBE_NOTIFY);
	assert_int_equal(p.ready.fd, 4);
	assert_int_equal(p.ready.timeout_ms, 10000);
	assert_int_equal(p.ready.every_ms, 0);
	assert_int_equal(p.ready.argc, 0);
	assert_int_equal(p.health.kind, TABLE_PROBE_TCP);
	assert_string_equal(p.health.target.s, "[::1]:5432");
	assert_int_equal(p.health.every_ms, 1000);
	assert_int_equal(p.health.timeout_ms, 500);
	assert_int_equal(p.health.failures, 1);
	assert_int_equal(p.health.grace_ms, 7000);
	assert_string_equal(table_arg(&t, &p, 0).s, "/usr/bin/prog");
	table_proc(&t, 2, &p);
	assert_int_equal(p.ready.kind, TABLE_PROBE_LOG);
	assert_string_equal(p.ready.target.s, "up [0-9]+");
	assert_int_equal(p.health.kind, TABLE_PROBE_HTTP);
	assert_string_equal(p.health.target.s, "http://${host}/");
	assert_true(p.health.target.dynamic);
	table_proc(&t, 3, &p);
	assert_int_equal(p.ready.kind, TABLE_PROBE_SDNOTIFY);
	assert_int_equal(p.ready.watchdog_ms, 30000);
	assert_int_equal(p.health.kind, TABLE_PROBE_NONE);
	assert_int_equal(p.health.every_ms, 0);
	assert_int_equal(p.health.failures, 0);

	text = dump_to_string(&t, false);
	assert_non_null(strstr(text,
			       "  ready exec\n  ready_argv \"/bin/ready\" \"x\"\n"
			       "  ready_every_ms 250\n  ready_timeout_ms 60000\n"
			       "  health exec\n  health_argv \"/bin/check\" \"-q\"\n"
			       "  health_every_ms 10000\n  health_timeout_ms 2000\n"
			       "  health_failures 3\n  health_grace_ms 0\n  essential true\n"));
	assert_non_null(strstr(text,
			       "  ready notify\n  ready_fd 4\n  ready_timeout_ms 10000\n"
			       "  health tcp\n  health_target \"[::1]:5432\"\n"));
	assert_non_null(strstr(text,
			       "  ready log\n  ready_target \"up [0-9]+\"\n"
			       "  ready_timeout_ms 60000\n  health http\n"
			       "  health_target \"http://${host}/\" (template)\n"));
	assert_non_null(strstr(text,
			       "  ready sdnotify\n  ready_timeout_ms 20000\n"
			       "  ready_watchdog_ms 30000\n"));
	free(text);
	text = dump_to_string(&t, true);
	assert_non_null(strstr(text, "\"health_target\": {\"template\": \"http://${host}/\"}"));
	assert_non_null(strstr(text, "\"ready_argv\": [\"/bin/ready\", \"x\"]"));
	assert_non_null(strstr(text, "\"essential\": true"));
	free(text);
	table_close(&t);
	talloc_free(buf);
}

/* Every field of the probes that svcd trusts, forged one at a time. */
static void test_probe_checks(void **state)
{
	size_t len;
	unsigned char *buf = mk_probe_table(*state, &len);
	size_t p0 = (size_t)(sec_at(buf, TABLE_SEC_PROCS) - buf);
	size_t p1 = p0 + TABLE_PROC_SIZE, p3 = p0 + 3 * TABLE_PROC_SIZE;
	uint32_t off;

	tamper8(buf, len, p0 + TABLE_PROC_READY_KIND, TABLE_PROBE_NKINDS,
		NAME ": process 0: ready kind 7 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_HEALTH_KIND, TABLE_PROBE_NOTIFY,
		NAME ": process 0: health kind 1 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_HEALTH_KIND, TABLE_PROBE_LOG,
		NAME ": process 0: health kind 6 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_RESERVED3 + 1, 1,
		NAME ": process 0: reserved bytes are not zero");
	tamper32(buf, len, p0 + TABLE_PROC_RESERVED4, 1,
		 NAME ": process 0: reserved bytes are not zero");
	tamper32(buf, len, p1 + TABLE_PROC_READY_FD, 2,
		 NAME ": process 1: ready fd 2 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_READY_FD, 1024,
		 NAME ": process 1: ready fd 1024 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_READY_FD, 3,
		 NAME ": process 0: ready fd 3 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_FAILS, 0,
		 NAME ": process 1: health failures 0 out of range");
	tamper32(buf, len, p3 + TABLE_PROC_HEALTH_FAILS, 1,
		 NAME ": process 3: health failures 1 out of range");
	/* targets: exactly for tcp, http and log, and never empty */
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_TGT, TABLE_STR_NONE,
		 NAME ": process 1: health target: unset string has length 10");
	table_put32(buf + p1 + TABLE_PROC_HEALTH_TGT + 4, 0);
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_TGT, TABLE_STR_NONE,
		 NAME ": process 1: health target missing");
	off = table_get32(buf + p1 + TABLE_PROC_HEALTH_TGT);
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_TGT, off + 10,
		 NAME ": process 1: health target is empty");
	table_put32(buf + p1 + TABLE_PROC_HEALTH_TGT + 4, 10);
	reseal(buf, len);
	table_put32(buf + p0 + TABLE_PROC_READY_TGT + 4, 10);
	tamper32(buf, len, p0 + TABLE_PROC_READY_TGT, off,
		 NAME ": process 0: ready target set for a kind without one");
	table_put32(buf + p0 + TABLE_PROC_READY_TGT + 4, 0);
	reseal(buf, len);
	/* numbers: in range where the kind uses them, 0 elsewhere */
	tamper32(buf, len, p1 + TABLE_PROC_READY_TIME, 0,
		 NAME ": process 1: ready timeout 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_READY_TIME, TABLE_DURATION_MAX + 1,
		 NAME ": process 1: ready timeout 86400001 out of range");
	tamper32(buf, len, p3 + TABLE_PROC_READY_TIME, 0,
		 NAME ": process 3: ready timeout 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_READY_EVERY, 1,
		 NAME ": process 1: ready every set for a probe without it");
	tamper32(buf, len, p0 + TABLE_PROC_READY_EVERY, 0,
		 NAME ": process 0: ready every 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_WATCHDOG, 5,
		 NAME ": process 1: ready watchdog set for a probe without it");
	tamper32(buf, len, p3 + TABLE_PROC_WATCHDOG, TABLE_DURATION_MAX + 1,
		 NAME ": process 3: ready watchdog 86400001 out of range");
	tamper32(buf, len, p3 + TABLE_PROC_HEALTH_EVERY, 1,
		 NAME ": process 3: health every set for a probe without it");
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_EVERY, 0,
		 NAME ": process 1: health every 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_TIME, 0,
		 NAME ": process 1: health timeout 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_GRACE, TABLE_DURATION_MAX + 1,
		 NAME ": process 1: health grace 86400001 out of range");
	tamper32(buf, len, p3 + TABLE_PROC_HEALTH_GRACE, 1,
		 NAME ": process 3: health grace set for a probe without it");
	/* exec words follow argv and env in ARGS: web has 2 words and 1 pair */
	tamper32(buf, len, p0 + TABLE_PROC_READY_ARGC, 0,
		 NAME ": process 0: ready exec has no words");
	tamper32(buf, len, p0 + TABLE_PROC_READY_ARGV, 5,
		 NAME ": process 0: ready words start at 5, expected 4");
	tamper32(buf, len, p0 + TABLE_PROC_HEALTH_ARGV, 4,
		 NAME ": process 0: health words start at 4, expected 6");
	tamper32(buf, len, p0 + TABLE_PROC_HEALTH_ARGC, 1,
		 NAME ": process 0: envfiles start at 8, expected 7");
	tamper32(buf, len, p0 + TABLE_PROC_HEALTH_ARGC, 1000,
		 NAME ": process 0: health words run past the args section");
	tamper32(buf, len, p1 + TABLE_PROC_READY_ARGV, 1,
		 NAME ": process 1: ready words set for a kind without them");
	tamper32(buf, len, p1 + TABLE_PROC_HEALTH_ARGC, 1,
		 NAME ": process 1: health words set for a kind without them");
	/* a listener's stdout is its protocol's: no ready log there */
	table_put32(buf + p1 + TABLE_PROC_EVENTS, 1);
	table_put32(buf + p1 + TABLE_PROC_BUFFER, 10);
	table_put32(buf + p1 + TABLE_PROC_READY_FD, 0);
	buf[p1 + TABLE_PROC_READY_KIND] = TABLE_PROBE_LOG;
	memcpy(buf + p1 + TABLE_PROC_READY_TGT, buf + p1 + TABLE_PROC_HEALTH_TGT, TABLE_REF_SIZE);
	tamper32(buf, len, p1 + TABLE_PROC_FLAGS, TABLE_PF_LISTENER,
		 NAME ": process 1: a listener's stdout read for readiness");
	/* and with the flag back off, the forged ready log is fine */
	table_put32(buf + p1 + TABLE_PROC_EVENTS, 0);
	table_put32(buf + p1 + TABLE_PROC_BUFFER, 0);
	reseal(buf, len);
	{
		struct table t;
		char err[256];
		assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	}
	tamper32(buf, len, p1 + TABLE_PROC_FLAGS, 32, NAME ": process 1: unknown flags 0x20");
	talloc_free(buf);
}

/* ---- limits, envfiles, process trees, backoff ------------------------ */

/* mk_model's web with every setting of language.md section 6: limits
 * nofile, core and cpu (1.5 s, written as 2), nice, oom_score_adj, memory,
 * maxrss every 10s, three envfiles (one a template), killtree false,
 * exponential backoff, startretries infinite, reloadsignal HUP, rolling;
 * the workers keep the defaults. */
static struct model *mk_limits_model(TALLOC_CTX *ctx)
{
	struct model *m = mk_model(ctx);
	struct mservice *web = m->services[0];
	struct mproc *p = web->procs[0];
	struct mblock *b = web->b, *lim, *rss, *bo, *roll;

	lim = MV(b, SVC_LIMITS)->sub = mk_block(b, SB_LIMITS);
	MV(lim, LIM_NOFILE)->num = 4096;
	MV(lim, LIM_CORE)->num = 0;
	MV(lim, LIM_CPU)->num = 1500;
	MV(b, SVC_NICE)->num = -5;
	MV(b, SVC_OOM_SCORE_ADJ)->num = 300;
	MV(b, SVC_MEMORY)->num = 512LL << 20;
	MV(b, SVC_MAXRSS)->num = 200LL << 20;
	rss = MV(b, SVC_MAXRSS)->sub = mk_block(b, SB_MAXRSS);
	MV(rss, MAXRSS_EVERY)->num = 10000;
	MV(b, SVC_KILLTREE)->num = 0;
	MV(b, SVC_BACKOFF)->num = 1;
	bo = MV(b, SVC_BACKOFF)->sub = mk_block(b, SB_BACKOFF);
	MV(bo, BACKOFF_INITIAL)->num = 500;
	MV(bo, BACKOFF_MAX)->num = 30000;
	MV(b, SVC_STARTRETRIES)->num = SCHEMA_INFINITE;
	MV(b, SVC_RELOADSIGNAL)->num = 1;
	roll = MV(b, SVC_ROLLING)->sub = mk_block(b, SB_ROLLING);
	MV(roll, ROLL_BATCH)->num = 2;
	MV(roll, ROLL_PAUSE)->num = 5000;
	p->nenvfiles = 3;
	p->envfiles = talloc_zero_array(p, struct mstr, 3);
	p->envfiles[0] = (struct mstr){"/etc/default/web", false};
	p->envfiles[1] = (struct mstr){"-${env.HOME}/web.env", true};
	p->envfiles[2] = (struct mstr){"-/etc/extra-", false};
	return m;
}

static unsigned char *mk_limits_table(TALLOC_CTX *ctx, size_t *len)
{
	struct model *m = mk_limits_model(ctx);
	void *buf = NULL;

	assert_int_equal(table_write_model(ctx, m, &buf, len), 0);
	talloc_free(m);
	return buf;
}

static void test_limits_round_trip(void **state)
{
	size_t len;
	unsigned char *buf = mk_limits_table(*state, &len);
	struct table t;
	struct table_proc p;
	char err[256], *text;

	assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	table_proc(&t, 0, &p);
	assert_int_equal(p.limits,
			 (1u << TABLE_RL_NOFILE) | (1u << TABLE_RL_CORE) | (1u << TABLE_RL_CPU)
				 | TABLE_LIM_NICE | TABLE_LIM_OOM);
	assert_int_equal(p.rlimit[TABLE_RL_NOFILE], 4096);
	assert_int_equal(p.rlimit[TABLE_RL_CORE], 0);
	assert_int_equal(p.rlimit[TABLE_RL_CPU], 2); /* 1500 ms, rounded up */
	assert_int_equal(p.rlimit[TABLE_RL_NPROC], 0);
	assert_int_equal(p.nice, -5);
	assert_int_equal(p.oom_score_adj, 300);
	assert_int_equal(p.memory, 512ULL << 20);
	assert_int_equal(p.maxrss, 200ULL << 20);
	assert_int_equal(p.maxrss_every_ms, 10000);
	assert_false(p.killtree);
	assert_int_equal(p.backoff, TABLE_BACKOFF_EXPONENTIAL);
	assert_int_equal(p.backoff_initial_ms, 500);
	assert_int_equal(p.backoff_max_ms, 30000);
	assert_int_equal(p.startretries, TABLE_RETRIES_INFINITE);
	assert_int_equal(p.reloadsignal, 1);
	assert_int_equal(p.roll_batch, 2);
	assert_int_equal(p.roll_pause_ms, 5000);
	assert_int_equal(p.nenvfiles, 3);
	/* after argv (2) and env (1 pair) */
	assert_int_equal(p.envfiles, 4);
	assert_string_equal(table_envfile(&t, &p, 0).s, "/etc/default/web");
	assert_false(table_envfile(&t, &p, 0).dynamic);
	assert_string_equal(table_envfile(&t, &p, 1).s, "-${env.HOME}/web.env");
	assert_true(table_envfile(&t, &p, 1).dynamic);
	assert_string_equal(table_arg(&t, &p, 1).s, "--n=0");
	/* the defaults: nothing set, killtree on, supervisord's backoff */
	table_proc(&t, 1, &p);
	assert_int_equal(p.limits, 0);
	assert_int_equal(p.nice, 0);
	assert_true(p.killtree);
	assert_int_equal(p.backoff, TABLE_BACKOFF_LINEAR);
	assert_int_equal(p.backoff_initial_ms, 0);
	assert_int_equal(p.backoff_max_ms, 0);
	assert_int_equal(p.startretries, 3);
	assert_int_equal(p.maxrss_every_ms, 0);
	assert_int_equal(p.reloadsignal, 0);
	assert_int_equal(p.roll_batch, 0);
	assert_int_equal(p.nenvfiles, 0);
	assert_int_equal(p.envfiles, 9); /* where its own would start */

	text = dump_to_string(&t, false);
	assert_non_null(strstr(text, "  startretries infinite\n"));
	assert_non_null(
		strstr(text,
		       "  limit_nofile 4096\n  limit_core 0\n  limit_cpu_s 2\n"
		       "  nice -5\n  oom_score_adj 300\n  memory 536870912\n"
		       "  maxrss 209715200\n  maxrss_every_ms 10000\n"
		       "  envfiles \"/etc/default/web\" \"-${env.HOME}/web.env\" (template) "
		       "\"-/etc/extra-\"\n  killtree false\n  backoff exponential\n"
		       "  backoff_initial_ms 500\n  backoff_max_ms 30000\n"
		       "  reloadsignal HUP\n  rolling_batch 2\n  rolling_pause_ms 5000\n"
		       "process \"worker_0\"\n"));
	/* the workers show none of it */
	assert_null(strstr(strstr(text, "process \"worker_0\""), "limit_"));
	assert_null(strstr(strstr(text, "process \"worker_0\""), "killtree"));
	free(text);
	text = dump_to_string(&t, true);
	assert_non_null(strstr(text,
			       "\"envfiles\": [\"/etc/default/web\", {\"template\": "
			       "\"-${env.HOME}/web.env\"}, \"-/etc/extra-\"]"));
	assert_non_null(strstr(text, "\"startretries\": \"infinite\""));
	assert_non_null(strstr(text, "\"killtree\": false"));
	free(text);
	table_close(&t);
	talloc_free(buf);
}

static void tamper64(unsigned char *buf, size_t len, size_t at, uint64_t v, const char *want)
{
	uint64_t old = table_get64(buf + at);

	table_put64(buf + at, v);
	reseal(buf, len);
	refused(buf, len, want);
	table_put64(buf + at, old);
	reseal(buf, len);
}

/* Every field svcd trusts, forged one at a time. */
static void test_limits_checks(void **state)
{
	size_t len;
	unsigned char *buf = mk_limits_table(*state, &len);
	size_t p0 = (size_t)(sec_at(buf, TABLE_SEC_PROCS) - buf), p1 = p0 + TABLE_PROC_SIZE;
	size_t rl = TABLE_PROC_RLIMITS, ref;
	uint32_t lim = table_get32(buf + p0 + TABLE_PROC_LIMITS), off;

	tamper32(buf, len, p0 + TABLE_PROC_LIMITS, lim | 0x400,
		 NAME ": process 0: unknown limits 0x785");
	tamper64(buf, len, p0 + rl + 8 * TABLE_RL_NPROC, 5,
		 NAME ": process 0: limit nproc set for a process without it");
	tamper64(buf, len, p1 + rl + 8 * TABLE_RL_STACK, 1,
		 NAME ": process 1: limit stack set for a process without it");
	tamper64(buf, len, p0 + rl + 8 * TABLE_RL_CPU, 0,
		 NAME ": process 0: limit cpu 0 out of range");
	tamper64(buf, len, p0 + rl + 8 * TABLE_RL_NOFILE, (UINT64_C(1) << 30) + 1,
		 NAME ": process 0: limit nofile 1073741825 out of range");
	tamper64(buf, len, p0 + rl + 8 * TABLE_RL_CORE, UINT64_MAX,
		 NAME ": process 0: limit core 18446744073709551615 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_NICE, 20, NAME ": process 0: nice 20 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_NICE, (uint32_t)-21,
		 NAME ": process 0: nice -21 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_NICE, 1, NAME ": process 1: nice 1 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_OOM_ADJ, 1001,
		 NAME ": process 0: oom_score_adj 1001 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_OOM_ADJ, (uint32_t)-1,
		 NAME ": process 1: oom_score_adj -1 out of range");
	tamper64(buf, len, p0 + TABLE_PROC_MEMORY, 4096,
		 NAME ": process 0: memory 4096 out of range");
	tamper64(buf, len, p1 + TABLE_PROC_MAXRSS, (UINT64_C(1) << 50) + 1,
		 NAME ": process 1: maxrss 1125899906842625 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_MAXRSS_EVERY, 0,
		 NAME ": process 0: maxrss every 0 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_MAXRSS_EVERY, 10,
		 NAME ": process 1: maxrss every set for a process without maxrss");
	tamper32(buf, len, p1 + TABLE_PROC_RETRIES, 1001,
		 NAME ": process 1: startretries 1001 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_RETRIES, UINT32_MAX - 1,
		 NAME ": process 1: startretries 4294967294 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_BACKOFF, 2, NAME ": process 0: backoff 2 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_BACKOFF_INIT, 5,
		 NAME ": process 1: backoff initial set for a linear backoff");
	tamper32(buf, len, p1 + TABLE_PROC_BACKOFF_MAX, 5,
		 NAME ": process 1: backoff max set for a linear backoff");
	tamper32(buf, len, p0 + TABLE_PROC_BACKOFF_INIT, 0,
		 NAME ": process 0: backoff initial 0 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_BACKOFF_MAX, TABLE_DURATION_MAX + 1,
		 NAME ": process 0: backoff max 86400001 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_BACKOFF_INIT, 30001,
		 NAME ": process 0: backoff initial 30001 is more than its max 30000");
	tamper8(buf, len, p0 + TABLE_PROC_RELOADSIGNAL, 65,
		NAME ": process 0: reloadsignal 65 out of range");
	tamper32(buf, len, p0 + TABLE_PROC_ROLL_BATCH, 10001,
		 NAME ": process 0: rolling batch 10001 out of range");
	tamper32(buf, len, p1 + TABLE_PROC_ROLL_PAUSE, 1,
		 NAME ": process 1: rolling pause set for a process without rolling");
	tamper32(buf, len, p0 + TABLE_PROC_ROLL_PAUSE, TABLE_DURATION_MAX + 1,
		 NAME ": process 0: rolling pause 86400001 out of range");
	tamper8(buf, len, p0 + TABLE_PROC_RESERVED5 + 1, 1,
		NAME ": process 0: reserved bytes are not zero");
	tamper32(buf, len, p1 + TABLE_PROC_RESERVED6, 1,
		 NAME ": process 1: reserved bytes are not zero");
	/* envfiles tile ARGS after the probe words: web's start at 4 */
	tamper32(buf, len, p0 + TABLE_PROC_ENVFILES, 3,
		 NAME ": process 0: envfiles start at 3, expected 4");
	tamper32(buf, len, p1 + TABLE_PROC_ENVFILES, 0,
		 NAME ": process 1: envfiles start at 0, expected 9");
	tamper32(buf, len, p0 + TABLE_PROC_NENVFILES, 2,
		 NAME ": process 1: argv starts at 7, expected 6");
	tamper32(buf, len, p0 + TABLE_PROC_NENVFILES, 100,
		 NAME ": process 0: envfiles run past the args section");
	/* an empty path: the NUL after the first one; a lone "-": the end of
	   "-/etc/extra-" */
	ref = (size_t)(sec_at(buf, TABLE_SEC_ARGS) - buf) + 4 * TABLE_REF_SIZE;
	off = table_get32(buf + ref);
	table_put32(buf + ref + 4, 0);
	tamper32(buf, len, ref, off + 16, NAME ": process 0: envfile 0 is empty");
	table_put32(buf + ref + 4, 16);
	reseal(buf, len);
	ref += 2 * TABLE_REF_SIZE;
	off = table_get32(buf + ref);
	table_put32(buf + ref + 4, 1);
	tamper32(buf, len, ref, off + 11, NAME ": process 0: envfile 2 is empty");
	table_put32(buf + ref + 4, 12);
	reseal(buf, len);
	{
		struct table t;
		char err[256];
		assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);
	}
	talloc_free(buf);
}

/* ---- from source, through the real front end ------------------------ */

static const char src_text[] =
	"supervisor {\n"
	"    socket \"/run/${env.APP}.sock\";\n"
	"    listen \"127.0.0.1:9001\";\n"
	"    auth { username \"u\"; password \"pass\"; }\n"
	"}\n"
	"service db {\n"
	"    command \"/usr/bin/db --price \\$5 --host ${host}\";\n"
	"    exitcodes 0 2 255;\n"
	"    killasgroup true;\n"
	"}\n"
	"service app {\n"
	"    command \"/usr/bin/app -n ${index}\";\n"
	"    instances 2;\n"
	"    first_index 1;\n"
	"    name \"app-${index}\";\n"
	"    after db;\n"
	"    stdout none;\n"
	"    stderr \"/var/log/${service}.err\" { maxbytes 1KB; backups 2; }\n"
	"}\n"
	"service probe {\n"
	"    command \"/usr/bin/p\";\n"
	"    ready exec \"/usr/bin/t -h ${host} '\\$x y'\" { every 1s; }\n"
	"    health http \"http://${env.H}:81/\";\n"
	"    essential true;\n"
	"}\n";

static void test_from_source(void **state)
{
	struct diags *d = diags_new(*state);
	struct ast_unit *u = parse_text(*state, "s.svc", "/tmp", src_text, d);
	struct validate_opts o = {false};
	struct model *m;
	struct table t;
	struct table_proc p;
	struct table_sup sup;
	char err[256];
	void *buf, *again;
	size_t len, len2;

	assert_non_null(u);
	m = validate(*state, u, &o, d);
	assert_int_equal(d->nerrors, 0);
	assert_int_equal(table_write_model(*state, m, &buf, &len), 0);
	assert_int_equal(table_write_model(*state, m, &again, &len2), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	assert_int_equal(table_load_mem(buf, len, NAME, &t, err, sizeof err), 0);

	table_sup(&t, &sup);
	assert_string_equal(sup.source.s, "s.svc");
	assert_string_equal(sup.socket.s, "/run/${env.APP}.sock");
	assert_true(sup.socket.dynamic);
	assert_string_equal(sup.listen.s, "127.0.0.1:9001");
	assert_string_equal(sup.password.s, "{SHA}9d4e1e23bd5b727046a9e3b4b7db57bd8d6ee684");

	assert_int_equal(table_nprocs(&t), 4);
	table_proc(&t, 3, &p);
	assert_true(p.essential);
	assert_int_equal(p.ready.kind, TABLE_PROBE_EXEC);
	assert_int_equal(p.ready.argc, 4);
	assert_int_equal(p.ready.every_ms, 1000);
	assert_int_equal(p.ready.timeout_ms, 60000);
	assert_string_equal(table_probe_arg(&t, &p.ready, 2).s, "${host}");
	assert_true(table_probe_arg(&t, &p.ready, 2).dynamic);
	assert_string_equal(table_probe_arg(&t, &p.ready, 3).s, "$x y");
	assert_false(table_probe_arg(&t, &p.ready, 3).dynamic);
	assert_int_equal(p.health.kind, TABLE_PROBE_HTTP);
	assert_string_equal(p.health.target.s, "http://${env.H}:81/");
	assert_true(p.health.target.dynamic);
	table_proc(&t, 0, &p);
	assert_false(p.essential);
	assert_int_equal(p.ready.kind, TABLE_PROBE_NONE);
	assert_string_equal(p.name.s, "db");
	assert_string_equal(p.srcfile.s, "s.svc");
	assert_int_equal(p.srcline, 6);
	assert_int_equal(p.argc, 5);
	/* Only the word holding ${host} is a template; "$5" is final. */
	assert_string_equal(table_arg(&t, &p, 2).s, "$5");
	assert_false(table_arg(&t, &p, 2).dynamic);
	assert_string_equal(table_arg(&t, &p, 4).s, "${host}");
	assert_true(table_arg(&t, &p, 4).dynamic);
	assert_false(table_arg(&t, &p, 0).dynamic);
	assert_true(table_exitcode(&p, 0) && table_exitcode(&p, 2) && table_exitcode(&p, 255)
		    && !table_exitcode(&p, 1));
	assert_false(p.stopasgroup);
	assert_true(p.killasgroup);

	table_proc(&t, 2, &p);
	assert_string_equal(p.name.s, "app-2");
	assert_int_equal(p.index, 2);
	assert_string_equal(table_arg(&t, &p, 2).s, "2");
	assert_int_equal(p.ndeps, 1);
	assert_int_equal(table_dep(&t, &p, 0), 0);
	assert_int_equal(p.out.kind, TABLE_LOG_NONE);
	assert_int_equal(p.err.kind, TABLE_LOG_PATH);
	assert_string_equal(p.err.path.s, "/var/log/app.err");
	assert_int_equal(p.err.maxbytes, 1024);
	assert_int_equal(p.err.backups, 2);
	assert_int_equal(p.group, TABLE_NONE);
	assert_int_equal(p.group_priority, p.priority);
	talloc_free(buf);
	talloc_free(again);
	talloc_free(m);
	talloc_free(u);
	talloc_free(d);
}

/* ---- files ------------------------------------------------------------ */

static void test_files(void **state)
{
	size_t len;
	unsigned char *buf = mk_table(*state, &len);
	char dir[] = "/tmp/svc-table-XXXXXX", path[160], err[256];
	struct table t;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.svct", dir);
	assert_int_equal(atomic_write(path, buf, len, err, sizeof err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)len);
	assert_int_equal(table_open(path, &t, err, sizeof err), 0);
	assert_int_equal(table_nprocs(&t), 3);
	table_close(&t);
	table_close(&t); /* harmless twice */

	/* Replacing keeps one file and no temporary beside it. */
	assert_int_equal(atomic_write(path, "x", 1, err, sizeof err), 0);
	assert_int_equal(table_open(path, &t, err, sizeof err), TABLE_CORRUPT);
	snprintf(path, sizeof path,
		 "%s/s.svct: file is too short to be a compiled "
		 "table (1 bytes)",
		 dir);
	assert_string_equal(err, path);
	snprintf(path, sizeof path, "%s/s.svct", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0); /* fails if anything was left */

	assert_int_equal(table_open(path, &t, err, sizeof err), TABLE_IO);
	snprintf(path, sizeof path, "%s/s.svct: No such file or directory", dir);
	assert_string_equal(err, path);
	snprintf(path, sizeof path, "%s/s.svct", dir);
	assert_int_equal(atomic_write(path, buf, len, err, sizeof err), -1);
	snprintf(path, sizeof path, "cannot write %s/s.svct: No such file or directory", dir);
	assert_string_equal(err, path);
	assert_int_equal(table_open("/", &t, err, sizeof err), TABLE_IO);
	assert_string_equal(err, "/: not a regular file");

	/* a newer or older format is told apart from a damaged file */
	((unsigned char *)buf)[8] = TABLE_MAJOR + 1;
	assert_int_equal(table_load_mem(buf, len, "n", &t, err, sizeof err), TABLE_NEWER);
	assert_non_null(strstr(err, "is newer than this svcd supports"));
	((unsigned char *)buf)[8] = TABLE_MAJOR - 1;
	assert_int_equal(table_load_mem(buf, len, "o", &t, err, sizeof err), TABLE_OLDER);
	((unsigned char *)buf)[8] = TABLE_MAJOR;
	((unsigned char *)buf)[0] ^= 1;
	assert_int_equal(table_load_mem(buf, len, "m", &t, err, sizeof err), TABLE_CORRUPT);
	talloc_free(buf);
}

static void test_crc_and_sha1(void **state)
{
	char hex[SHA1_HEXLEN + 1];

	(void)state;
	assert_int_equal(table_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(table_crc32c(table_crc32c(0, "1234", 4), "56789", 5), 0xe3069283);
	sha1_hex("abc", 3, hex);
	assert_string_equal(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_hex("", 0, hex);
	assert_string_equal(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	/* 56 bytes: the padding spills into a second block. */
	sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_dump, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_flipped, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_magic_and_version, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_sections, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_strings, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_indices, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_supervisor_checks, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_cycle, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_probe_round_trip, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_probe_checks, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_limits_round_trip, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_limits_checks, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_from_source, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_files, leak_setup, leak_teardown),
		cmocka_unit_test_setup_teardown(test_crc_and_sha1, leak_setup, leak_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
