/* The compiled table (services.svct): its on-disk layout and its reader,
 * shared by svcc (which writes and dumps it) and svcd (which runs it).
 * docs/table-format.md is the specification; the layout is repeated here. */
#ifndef SVC_TABLE_H
#define SVC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Layout. Every integer is little-endian and fixed-width; the file holds no
 * pointers. Offsets are bytes from the start of the file.
 *
 *   header (TABLE_HEADER_SIZE bytes)
 *      0  8  magic "SVCT\r\n\x1a\n"
 *      8  u16 major version, 10 u16 minor version
 *     12  u32 flags (reserved, 0)
 *     16  u32 total size of the file
 *     20  u32 CRC-32C of every byte of the file except bytes 20..23
 *     24  u32 header size (32 + 16 * section count)
 *     28  u32 section count (TABLE_NSECT in this version)
 *     32  section table: per section u32 offset, u32 size, u32 count,
 *         u32 record size; size == count * record size; offsets are
 *         multiples of 8; sections lie after the header and do not overlap
 *   sections, in the order of enum table_section:
 *     SUPERVISOR  one record (TABLE_SUP_SIZE bytes)
 *     GROUPS      group records (TABLE_GROUP_SIZE)
 *     PROCS       process records (TABLE_PROC_SIZE)
 *     ARGS        string refs (8 bytes): argv words and env name/value pairs
 *     DEPS        u32 process indices: dependency edges
 *     MEMBERS     u32 process indices: group members
 *     STRINGS     the string pool (record size 1)
 *
 * A string ref is 8 bytes: u32 offset into the pool, u32 length. Bit 31 of
 * the length (TABLE_STR_DYNAMIC) marks a template that still holds ${host}
 * and ${env.NAME}, with "$$" for a literal '$', to be resolved by svcd when
 * it loads the table. The string's bytes are followed by a NUL and hold no
 * NUL. The ref {TABLE_STR_NONE, 0} means "not set"; "" is a set, empty
 * string.
 */

#define TABLE_MAGIC       "SVCT\r\n\x1a\n"
#define TABLE_MAGIC_LEN   8
#define TABLE_MAJOR       4
#define TABLE_MINOR       0
#define TABLE_NONE        UINT32_C(0xffffffff) /* no index, no string */
#define TABLE_STR_NONE    TABLE_NONE
#define TABLE_STR_DYNAMIC UINT32_C(0x80000000)
#define TABLE_STR_MAXLEN  UINT32_C(0x7fffffff)
#define TABLE_ALIGN       8

enum table_section {
	TABLE_SEC_SUPERVISOR,
	TABLE_SEC_GROUPS,
	TABLE_SEC_PROCS,
	TABLE_SEC_ARGS,
	TABLE_SEC_DEPS,
	TABLE_SEC_MEMBERS,
	TABLE_SEC_STRINGS,
	TABLE_NSECT
};

#define TABLE_HEADER_SIZE  (32 + 16 * TABLE_NSECT)
#define TABLE_MAX_SECTIONS 64 /* a later minor version may add some */

/* Field offsets in a string ref, and its size. */
#define TABLE_REF_OFF  0
#define TABLE_REF_LEN  4
#define TABLE_REF_SIZE 8

/* The supervisor record. */
#define TABLE_SUP_SOURCE       0   /* ref: the main .svc file */
#define TABLE_SUP_LOGFILE      8   /* ref */
#define TABLE_SUP_PIDFILE      16  /* ref */
#define TABLE_SUP_CHILDLOGDIR  24  /* ref */
#define TABLE_SUP_SOCKET       32  /* ref: unix socket path, or none */
#define TABLE_SUP_SOCK_OWNER   40  /* ref: none unless socket */
#define TABLE_SUP_SOCK_GROUP   48  /* ref: none unless socket */
#define TABLE_SUP_LISTEN       56  /* ref: "HOST:PORT", or none */
#define TABLE_SUP_USERNAME     64  /* ref: none when no auth */
#define TABLE_SUP_PASSWORD     72  /* ref: "{SHA}" + 40 hex digits, or none */
#define TABLE_SUP_LOG_MAXBYTES 80  /* u64 */
#define TABLE_SUP_LOG_BACKUPS  88  /* u32 */
#define TABLE_SUP_LOGLEVEL     92  /* u32: enum table_loglevel */
#define TABLE_SUP_MINFDS       96  /* u32 */
#define TABLE_SUP_UMASK        100 /* u32: 0 .. 0777 */
#define TABLE_SUP_SOCK_MODE    104 /* u32: 0 .. 0777 */
#define TABLE_SUP_FLAGS        108 /* u32: TABLE_SUPF_* */
#define TABLE_SUP_SIZE         112

/* Supervisor flags. */
#define TABLE_SUPF_LOG_SYSLOG UINT32_C(1) /* svcd's own log goes to syslog (logfile: none) */
#define TABLE_SUPF_ALL        UINT32_C(1)

/* A group record. */
#define TABLE_GROUP_NAME     0  /* ref */
#define TABLE_GROUP_PRIORITY 8  /* i32 */
#define TABLE_GROUP_MEMBERS  12 /* u32: first index into MEMBERS */
#define TABLE_GROUP_NMEMBERS 16 /* u32 */
#define TABLE_GROUP_RESERVED 20 /* u32: 0 */
#define TABLE_GROUP_SIZE     24

/* A process record: one per process, services in source order, then the
 * instances of each in index order. */
#define TABLE_PROC_NAME         0   /* ref: final name, unique, non-empty */
#define TABLE_PROC_SERVICE      8   /* ref: the service's name */
#define TABLE_PROC_SRCFILE      16  /* ref: file of the service statement */
#define TABLE_PROC_DIRECTORY    24  /* ref, may be dynamic */
#define TABLE_PROC_USER         32  /* ref */
#define TABLE_PROC_OUT_PATH     40  /* ref: set only for kind PATH */
#define TABLE_PROC_ERR_PATH     48  /* ref: set only for kind PATH */
#define TABLE_PROC_OUT_MAXBYTES 56  /* u64 */
#define TABLE_PROC_ERR_MAXBYTES 64  /* u64 */
#define TABLE_PROC_OUT_BACKUPS  72  /* u32 */
#define TABLE_PROC_ERR_BACKUPS  76  /* u32 */
#define TABLE_PROC_SRCLINE      80  /* u32: 1-based line, 0 unknown */
#define TABLE_PROC_GROUP        84  /* u32: group index, or TABLE_NONE */
#define TABLE_PROC_INDEX        88  /* u32: the instance's ${index} */
#define TABLE_PROC_ARGV         92  /* u32: first ref in ARGS */
#define TABLE_PROC_ARGC         96  /* u32: >= 1 */
#define TABLE_PROC_ENV          100 /* u32: first ref in ARGS (name, value, ...) */
#define TABLE_PROC_NENV         104 /* u32: pairs */
#define TABLE_PROC_DEPS         108 /* u32: first index into DEPS */
#define TABLE_PROC_NDEPS        112 /* u32 */
#define TABLE_PROC_UMASK        116 /* i32: -1 inherit, else 0 .. 0777 */
#define TABLE_PROC_PRIORITY     120 /* i32 */
#define TABLE_PROC_GRP_PRIORITY 124 /* i32: its group's, or its own */
#define TABLE_PROC_STARTSECS    128 /* u32: ms */
#define TABLE_PROC_RETRIES      132 /* u32 */
#define TABLE_PROC_STOPWAIT     136 /* u32: ms */
#define TABLE_PROC_AUTOSTART    140 /* u8: 0 1 */
#define TABLE_PROC_AUTORESTART  141 /* u8: enum table_autorestart */
#define TABLE_PROC_STOPSIGNAL   142 /* u8: 1 .. 64 */
#define TABLE_PROC_STOPASGROUP  143 /* u8: 0 1 */
#define TABLE_PROC_KILLASGROUP  144 /* u8: 0 1 (already resolved) */
#define TABLE_PROC_OUT_KIND     145 /* u8: enum table_log_kind, not MERGE */
#define TABLE_PROC_ERR_KIND     146 /* u8: enum table_log_kind */
#define TABLE_PROC_RESERVED     147 /* 5 bytes: 0 */
#define TABLE_PROC_EXITCODES \
	152                         /* 32 bytes: bit c%8 of byte c/8 set when
					   exit code c is expected */
#define TABLE_PROC_FLAGS        184 /* u32: TABLE_PF_* */
#define TABLE_PROC_EVENTS       188 /* u32: a listener's mask of enum evtype, else 0 */
#define TABLE_PROC_BUFFER       192 /* u32: a listener's buffer (>= 1), else 0 */
#define TABLE_PROC_RESERVED2    196 /* u32: 0 */
#define TABLE_PROC_OUT_CAPTURE  200 /* u64: capture maxbytes of stdout, 0 off */
#define TABLE_PROC_ERR_CAPTURE  208 /* u64: of stderr */
/* readiness (language.md §5): kind, then what the kind needs */
#define TABLE_PROC_READY_KIND   216 /* u8: enum table_probe_kind, any */
#define TABLE_PROC_HEALTH_KIND  217 /* u8: NONE, TCP, HTTP or EXEC */
#define TABLE_PROC_RESERVED3    218 /* u16: 0 */
#define TABLE_PROC_READY_FD     220 /* u32: NOTIFY: 3 .. 1023; else 0 */
#define TABLE_PROC_READY_TGT    224 /* ref: TCP "HOST:PORT", HTTP URL, LOG regex; else none */
#define TABLE_PROC_READY_ARGV   232 /* u32: EXEC: first ref in ARGS; else 0 */
#define TABLE_PROC_READY_ARGC   236 /* u32: EXEC: >= 1; else 0 */
#define TABLE_PROC_READY_TIME   240 /* u32: ms, the whole wait (timeout); 0 when no ready */
#define TABLE_PROC_READY_EVERY  244 /* u32: ms between tries of TCP, HTTP, EXEC; else 0 */
#define TABLE_PROC_WATCHDOG     248 /* u32: ms, SDNOTIFY's watchdog; 0 none */
#define TABLE_PROC_HEALTH_EVERY 252 /* u32: ms; 0 when no health */
#define TABLE_PROC_HEALTH_TGT   256 /* ref: TCP "HOST:PORT" or HTTP URL; else none */
#define TABLE_PROC_HEALTH_ARGV  264 /* u32: EXEC: first ref in ARGS; else 0 */
#define TABLE_PROC_HEALTH_ARGC  268 /* u32: EXEC: >= 1; else 0 */
#define TABLE_PROC_HEALTH_TIME  272 /* u32: ms, one try's timeout */
#define TABLE_PROC_HEALTH_FAILS 276 /* u32: failures in a row that restart, >= 1 */
#define TABLE_PROC_HEALTH_GRACE 280 /* u32: ms after RUNNING before the first try */
#define TABLE_PROC_RESERVED4    284 /* u32: 0 */
/* limits, environment files, process trees, backoff (language.md §6) */
#define TABLE_PROC_LIMITS       288 /* u32: TABLE_LIM_* bits of what is set */
#define TABLE_PROC_NICE         292 /* i32: -20 .. 19 when TABLE_LIM_NICE, else 0 */
#define TABLE_PROC_OOM_ADJ      296 /* i32: -1000 .. 1000 when TABLE_LIM_OOM, else 0 */
#define TABLE_PROC_MAXRSS_EVERY 300 /* u32: ms, when MAXRSS is set, else 0 */
#define TABLE_PROC_RLIMITS      304 /* 8 x u64: enum table_rlimit order; 0 unless set */
#define TABLE_PROC_MEMORY       368 /* u64: bytes, cgroup memory.max; 0 none */
#define TABLE_PROC_MAXRSS       376 /* u64: bytes; 0 none */
#define TABLE_PROC_ENVFILES     384 /* u32: first ref in ARGS */
#define TABLE_PROC_NENVFILES    388 /* u32: paths, "-" first when optional */
#define TABLE_PROC_BACKOFF      392 /* u8: enum table_backoff */
#define TABLE_PROC_RELOADSIGNAL 393 /* u8: 0 none, else 1 .. 64 */
#define TABLE_PROC_RESERVED5    394 /* u16: 0 */
#define TABLE_PROC_BACKOFF_INIT 396 /* u32: ms, EXPONENTIAL only, else 0 */
#define TABLE_PROC_BACKOFF_MAX  400 /* u32: ms, EXPONENTIAL only, else 0 */
#define TABLE_PROC_ROLL_BATCH   404 /* u32: 0 no rolling, else >= 1 */
#define TABLE_PROC_ROLL_PAUSE   408 /* u32: ms, 0 unless rolling */
#define TABLE_PROC_RESERVED6    412 /* u32: 0 */
#define TABLE_PROC_SIZE         416

/* The largest listener buffer: what svcd's pools allocate for it stays
 * within one allocation (about 70 MB, touched only as events queue). */
#define TABLE_BUFFER_MAX 100000

/* Process flags. */
#define TABLE_PF_LISTENER   UINT32_C(1)  /* an event listener: stdout speaks the protocol */
#define TABLE_PF_OUT_EVENTS UINT32_C(2)  /* PROCESS_LOG_STDOUT events */
#define TABLE_PF_ERR_EVENTS UINT32_C(4)  /* PROCESS_LOG_STDERR events */
#define TABLE_PF_ESSENTIAL  UINT32_C(8)  /* svcd exits when it is lost for good */
#define TABLE_PF_KILLTREE   UINT32_C(16) /* what is left of its tree is killed (default) */
#define TABLE_PF_ALL        UINT32_C(31)

/* startretries infinite: never FATAL. */
#define TABLE_RETRIES_INFINITE UINT32_MAX

/* The rlimits of limits { }, in the order of TABLE_PROC_RLIMITS; cpu is in
 * seconds (rounded up from the duration written), the others as
 * setrlimit takes them (nofile, nproc counts; the rest bytes). */
enum table_rlimit {
	TABLE_RL_NOFILE,
	TABLE_RL_NPROC,
	TABLE_RL_CORE,
	TABLE_RL_MEMLOCK,
	TABLE_RL_AS,
	TABLE_RL_DATA,
	TABLE_RL_STACK,
	TABLE_RL_CPU,
	TABLE_NRLIMITS
};
/* TABLE_PROC_LIMITS: bit (1 << r) for each rlimit r set, and these. */
#define TABLE_LIM_NICE UINT32_C(0x100)
#define TABLE_LIM_OOM  UINT32_C(0x200)
#define TABLE_LIM_ALL  UINT32_C(0x3ff)

enum table_backoff { TABLE_BACKOFF_LINEAR, TABLE_BACKOFF_EXPONENTIAL };

/* The ready and health probes. Durations are at most TABLE_DURATION_MAX. */
enum table_probe_kind {
	TABLE_PROBE_NONE,
	TABLE_PROBE_NOTIFY,   /* ready only: a line on fd READY_FD */
	TABLE_PROBE_SDNOTIFY, /* ready only: READY=1 on NOTIFY_SOCKET */
	TABLE_PROBE_TCP,      /* a connect to HOST:PORT */
	TABLE_PROBE_HTTP,     /* a GET of an http:// URL: 2xx or 3xx */
	TABLE_PROBE_EXEC,     /* a command that exits 0 */
	TABLE_PROBE_LOG,      /* ready only: a line of stdout matches the regex */
	TABLE_PROBE_NKINDS
};
#define TABLE_DURATION_MAX 86400000 /* ms: one day */
#define TABLE_READY_FD_MAX 1023

#define TABLE_U32_SIZE 4

enum table_autorestart { TABLE_RESTART_FALSE, TABLE_RESTART_TRUE, TABLE_RESTART_UNEXPECTED };
enum table_log_kind {
	TABLE_LOG_AUTO,
	TABLE_LOG_NONE,
	TABLE_LOG_PATH,
	TABLE_LOG_MERGE, /* stderr only: into stdout */
	TABLE_LOG_SYSLOG /* each line to syslog */
};
enum table_loglevel {
	TABLE_LL_CRITICAL,
	TABLE_LL_ERROR,
	TABLE_LL_WARN,
	TABLE_LL_INFO,
	TABLE_LL_DEBUG,
	TABLE_LL_TRACE,
	TABLE_LL_BLATHER
};

/* ---- reader ---------------------------------------------------------- */

/* A validated table. Every pointer points into the file's bytes. */
struct table {
	const unsigned char *base;
	size_t size;
	void *buf;        /* the file read by table_open, or NULL */
	const char *name; /* the path given, for messages */
	unsigned major, minor;
	const unsigned char *sec[TABLE_NSECT];
	uint32_t count[TABLE_NSECT];
	uint32_t recsize[TABLE_NSECT]; /* >= the sizes above (newer minor) */
};

/* A string: s is NULL when not set, else NUL-terminated inside the table. */
struct table_s {
	const char *s;
	uint32_t len;
	bool dynamic; /* a template for svcd: ${host}, ${env.NAME}, $$ */
};

struct table_log {
	enum table_log_kind kind;
	struct table_s path; /* set only for TABLE_LOG_PATH */
	uint64_t maxbytes;
	uint32_t backups;
	bool events;      /* PROCESS_LOG_* events of this stream */
	uint64_t capture; /* PROCESS_COMMUNICATION capture maxbytes, 0 off */
};

struct table_sup {
	struct table_s source, logfile, pidfile, childlogdir;
	struct table_s socket, sock_owner, sock_group, listen;
	struct table_s username, password;
	uint64_t log_maxbytes;
	uint32_t log_backups;
	enum table_loglevel loglevel;
	uint32_t minfds;
	uint32_t umask;
	uint32_t sock_mode;
	bool log_syslog; /* svcd's own log to syslog */
};

struct table_group {
	struct table_s name;
	int32_t priority;
	uint32_t members, nmembers; /* table_member(t, g, k) for k < nmembers */
};

/* A probe. For ready: fd (NOTIFY), timeout the whole wait, every between
 * tries, watchdog (SDNOTIFY). For health: every, timeout of one try,
 * failures, grace. Unused numbers are 0. */
struct table_probe {
	enum table_probe_kind kind; /* TABLE_PROBE_NONE: not configured */
	struct table_s target;      /* TCP, HTTP, LOG; else not set */
	uint32_t argv, argc;        /* EXEC: table_probe_arg(t, probe, k) for k < argc */
	uint32_t fd;
	uint32_t timeout_ms, every_ms, watchdog_ms;
	uint32_t failures, grace_ms;
};

struct table_proc {
	struct table_s name, service, srcfile, directory, user;
	uint32_t srcline;
	uint32_t group; /* TABLE_NONE when in no group */
	uint32_t index;
	uint32_t argv, argc;  /* table_arg(t, p, k) for k < argc */
	uint32_t env, nenv;   /* table_env(t, p, k, ...) for k < nenv */
	uint32_t deps, ndeps; /* table_dep(t, p, k) for k < ndeps */
	int32_t umask;        /* -1: inherit */
	int32_t priority, group_priority;
	uint32_t startsecs_ms, startretries, stopwait_ms;
	bool autostart, stopasgroup, killasgroup;
	enum table_autorestart autorestart;
	int stopsignal;
	struct table_log out, err;
	const unsigned char *exitcodes; /* 32 bytes; see table_exitcode() */
	bool listener;                  /* an event listener */
	uint32_t events;                /* its mask of enum evtype */
	uint32_t buffer;                /* its pool's event buffer */
	bool essential;                 /* svcd exits when it is lost for good */
	struct table_probe ready, health;
	bool killtree;   /* kill what is left of its tree */
	uint32_t limits; /* TABLE_LIM_* and rlimit bits set */
	uint64_t rlimit[TABLE_NRLIMITS];
	int32_t nice, oom_score_adj;
	uint64_t memory, maxrss; /* bytes; 0 none */
	uint32_t maxrss_every_ms;
	uint32_t envfiles, nenvfiles; /* table_envfile(t, p, k) for k < nenvfiles */
	enum table_backoff backoff;
	uint32_t backoff_initial_ms, backoff_max_ms;
	int reloadsignal; /* 0: none */
	uint32_t roll_batch, roll_pause_ms;
};

/* Each section's record size in this format (strings: 1), for the writer
 * and the reader alike. */
extern const uint32_t table_recsize[TABLE_NSECT];

/* What a load found. Every failure is negative, so `< 0` tests for any. */
enum table_status {
	TABLE_OK = 0,
	TABLE_IO = -1,      /* the file cannot be opened or read */
	TABLE_CORRUPT = -2, /* not a compiled table, or a damaged one */
	TABLE_NEWER = -3,   /* a format newer than this program reads */
	TABLE_OLDER = -4    /* a format older than this program reads */
};

/* Reads PATH and validates it. Returns TABLE_OK, or a failure with one
 * message "PATH: what is wrong" in ERR (ERRLEN bytes). T needs
 * table_close(). */
int table_open(const char *path, struct table *t, char *err, size_t errlen);

/* Validates LEN bytes at BUF, named NAME in messages. BUF is not copied:
 * it must outlive T. Returns TABLE_OK, or a failure (never TABLE_IO) with
 * a message in ERR. */
int table_load_mem(const void *buf, size_t len, const char *name, struct table *t, char *err,
		   size_t errlen);

/* Unmaps T's file (if any); T is then empty. Safe on an empty table. */
void table_close(struct table *t);

/* Accessors of a validated table. Indices must be in range: they are
 * checked by assert only. Decoding a record copies only its integers;
 * strings point into the table's bytes. */
void table_sup(const struct table *t, struct table_sup *s);
uint32_t table_ngroups(const struct table *t);
void table_group(const struct table *t, uint32_t g, struct table_group *out);
uint32_t table_member(const struct table *t, const struct table_group *g, uint32_t k);
uint32_t table_nprocs(const struct table *t);
void table_proc(const struct table *t, uint32_t i, struct table_proc *out);
struct table_s table_arg(const struct table *t, const struct table_proc *p, uint32_t k);
void table_env(const struct table *t, const struct table_proc *p, uint32_t k, struct table_s *name,
	       struct table_s *value);
uint32_t table_dep(const struct table *t, const struct table_proc *p, uint32_t k);
struct table_s table_envfile(const struct table *t, const struct table_proc *p, uint32_t k);
struct table_s table_probe_arg(const struct table *t, const struct table_probe *pr, uint32_t k);
bool table_exitcode(const struct table_proc *p, unsigned code);

/* Index of the process named NAME, or TABLE_NONE. Linear. */
uint32_t table_find_proc(const struct table *t, const char *name);

/* ---- encoding helpers shared with the writer ------------------------ */

/* CRC-32C (Castagnoli, reflected, as in iSCSI and ext4): start with
 * crc = 0, feed pieces in order. */
uint32_t table_crc32c(uint32_t crc, const void *buf, size_t len);

/* The checksum stored at bytes 20..23 of a file of LEN bytes. */
uint32_t table_checksum(const void *buf, size_t len);

static inline uint16_t table_get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t table_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t table_get64(const unsigned char *p)
{
	return (uint64_t)table_get32(p) | (uint64_t)table_get32(p + 4) << 32;
}

static inline void table_put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void table_put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static inline void table_put64(unsigned char *p, uint64_t v)
{
	table_put32(p, (uint32_t)v);
	table_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
