/* svcc, the compiler's command line: parses and validates a .svc file,
 * prints its diagnostics as text, JSON or SARIF, and unless --check writes
 * the compiled table; --import converts a supervisord INI into .svc text.
 * Exit status: 0 clean or warnings, 1 errors, 2 usage, 3 an output that
 * cannot be written or memory that ran out (DIAG_EXIT_SYSTEM). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common/atomic.h"
#include "common/buf.h"
#include "common/oom.h"
#include "diag.h"
#include "emit.h"
#include "import.h"
#include "dump.h"
#include "parse.h"
#include "probekind.h"
#include "schema.h"
#include "common/table.h"
#include "table_write.h"
#include "validate.h"

enum { EXIT_CLEAN = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = DIAG_EXIT_SYSTEM };
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum {
	OPT_CHECK = 256,
	OPT_FORMAT,
	OPT_WERROR,
	OPT_KEYS,
	OPT_COLOR,
	OPT_VERSION,
	OPT_NO_HOST,
	OPT_DUMP,
	OPT_EMIT,
	OPT_IMPORT
};

struct svcc_opts {
	bool check;
	bool werror;
	bool keys;
	bool dump; /* the input is a compiled table to print */
	bool no_host_checks;
	enum diag_format format;
	enum color_when color;
	const char *output; /* NULL: beside the input, .svc -> .svct */
	const char *input;
	const char *emit;   /* --emit LIST, NULL: build the table */
	const char *outdir; /* -O DIR, "-": stdout */
	const char *import; /* --import FILE.conf: the INI to convert */
};

static const char usage_text[] =
	"Usage: svcc [OPTIONS] FILE.svc\n"
	"       svcc --dump [--format=text|json] FILE.svct\n"
	"       svcc --keys\n"
	"       svcc --import FILE.conf [-o FILE.svc]\n"
	"Check a services file and compile it into a table for svcd.\n"
	"\n"
	"      --check            check only; write nothing\n"
	"      --emit=LIST        write the supervisord setup instead of the table:\n"
	"                         ini, init, nginx, systemd, table or all,\n"
	"                         separated by commas\n"
	"  -O, --output-dir=DIR   where --emit writes (default: beside the input;\n"
	"                         '-': one output to stdout)\n"
	"  -o, --output=FILE      write the table to FILE (default: FILE.svct\n"
	"                         beside the input); with --import, the .svc\n"
	"                         text (default: stdout)\n"
	"      --format=FORMAT    diagnostics as text (on stderr, the default),\n"
	"                         json or sarif (on stdout)\n"
	"      --werror           treat warnings as errors\n"
	"      --no-host-checks   do not check that command paths exist here\n"
	"      --dump             print a compiled table as text or JSON\n"
	"      --color[=WHEN]     colour text diagnostics: auto (the default:\n"
	"                         when stderr is a terminal and NO_COLOR is not\n"
	"                         set), always or never\n"
	"      --keys             list every block and key of the language\n"
	"      --import=FILE      convert a supervisord configuration (and the\n"
	"                         files it includes) into .svc text\n"
	"  -h, --help             show this help and exit\n"
	"      --version          show the version and exit\n"
	"\n"
	"Exit status: 0 no errors, 1 errors in the input (or warnings with\n"
	"--werror), 2 wrong usage, 3 the input is fine but an output could not\n"
	"be written, or memory ran out.\n";

/* Prints "svcc: MESSAGE" and the hint; returns the usage exit status. */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("svcc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'svcc --help'.\n", stderr);
	return EXIT_USAGE;
}

static int parse_format(const char *s, enum diag_format *fmt)
{
	static const char *const names[] = {
		[DIAG_TEXT] = "text", [DIAG_JSON] = "json", [DIAG_SARIF] = "sarif"};

	for (int i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*fmt = (enum diag_format)i;
			return 0;
		}
	}
	return usage_error("unknown format '%s' (use text, json or sarif)", s);
}

static int parse_color(const char *s, enum color_when *when)
{
	if (!s || strcmp(s, "always") == 0)
		*when = COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*when = COLOR_NEVER;
	else if (strcmp(s, "auto") == 0)
		*when = COLOR_AUTO;
	else
		return usage_error("unknown --color value '%s' (use auto, always or never)", s);
	return 0;
}

/* The option that getopt_long refused, as the user wrote it. */
static int bad_option(char **argv, const char *fmt)
{
	char buf[3] = {'-', (char)optopt, '\0'};

	if (optopt > 0 && optopt < 256)
		return usage_error(fmt, buf);
	return usage_error(fmt, argv[optind - 1]);
}

/* --import takes its file as its value, and only -o besides. */
static int import_args(int argc, char **argv, const struct svcc_opts *o)
{
	if (optind < argc)
		return usage_error("--import takes no other input file (got '%s')", argv[optind]);
	if (o->check || o->emit || o->outdir || o->dump || o->keys)
		return usage_error("--import cannot be combined with --check, --emit, -O, "
				   "--dump or --keys%s",
				   "");
	return -1;
}

/* Fills O from ARGV. Returns -1 to go on, or an exit status to stop with
 * (after --help, --version or a usage error). */
static int parse_args(int argc, char **argv, struct svcc_opts *o)
{
	static const struct option longopts[] = {
		{"check", no_argument, NULL, OPT_CHECK},
		{"output", required_argument, NULL, 'o'},
		{"emit", required_argument, NULL, OPT_EMIT},
		{"output-dir", required_argument, NULL, 'O'},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"werror", no_argument, NULL, OPT_WERROR},
		{"color", optional_argument, NULL, OPT_COLOR},
		{"keys", no_argument, NULL, OPT_KEYS},
		{"no-host-checks", no_argument, NULL, OPT_NO_HOST},
		{"dump", no_argument, NULL, OPT_DUMP},
		{"import", required_argument, NULL, OPT_IMPORT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0; /* our own messages, named "svcc" whatever argv[0] is */
	while ((c = getopt_long(argc, argv, ":o:O:h", longopts, NULL)) != -1) {
		int err = 0;
		switch (c) {
		case OPT_CHECK: o->check = true; break;
		case 'o': o->output = optarg; break;
		case OPT_EMIT: o->emit = optarg; break;
		case 'O': o->outdir = optarg; break;
		case OPT_FORMAT: err = parse_format(optarg, &o->format); break;
		case OPT_WERROR: o->werror = true; break;
		case OPT_COLOR: err = parse_color(optarg, &o->color); break;
		case OPT_KEYS: o->keys = true; break;
		case OPT_NO_HOST: o->no_host_checks = true; break;
		case OPT_DUMP: o->dump = true; break;
		case OPT_IMPORT: o->import = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_CLEAN;
		case OPT_VERSION: puts("svcc " SVC_VERSION); return EXIT_CLEAN;
		case ':': return bad_option(argv, "option '%s' needs a value");
		default: return bad_option(argv, "unknown option '%s'");
		}
		if (err)
			return err;
	}
	if (o->import)
		return import_args(argc, argv, o);
	if (o->keys)
		return optind < argc ? usage_error("--keys takes no file (got '%s')", argv[optind])
				     : -1;
	if (o->dump && o->format == DIAG_SARIF)
		return usage_error("--dump prints text or json, not %s", "sarif");
	if (optind == argc)
		return usage_error("no input file%s", "");
	if (argc - optind > 1)
		return usage_error("one input file only (got '%s' as well)", argv[optind + 1]);
	o->input = argv[optind];
	if (o->outdir && !o->emit)
		return usage_error("-O needs --emit%s", "");
	if (o->emit) {
		char err[256];
		if (!emit_formats(o->emit, o->outdir && strcmp(o->outdir, "-") == 0, err,
				  sizeof err))
			return usage_error("%s", err);
	}
	return -1;
}

/* ---- svcc --keys: the language's reference, printed from the schema ---- */

/* One word per block, as the first column of the table. */
static const char *const block_words[SB__COUNT] = {
	[SB_TOP] = "top",         [SB_SUPERVISOR] = "supervisor",
	[SB_SERVICE] = "service", [SB_GROUP] = "group",
	[SB_NGINX] = "nginx",     [SB_INITSCRIPT] = "initscript",
	[SB_SOCKET] = "socket",   [SB_AUTH] = "auth",
	[SB_LOG] = "log",         [SB_READY] = "ready",
	[SB_HEALTH] = "health",   [SB_LIMITS] = "limits",
	[SB_MAXRSS] = "maxrss",   [SB_BACKOFF] = "backoff",
	[SB_ROLLING] = "rolling",
};

static const char keys_head[] =
	"# Every block and key of the .svc language, one key a line.\n"
	"# service keys are also the keys of defaults { } and listener NAME { }\n"
	"# (events and buffer are a listener's only); socket is the block\n"
	"# after supervisor's socket \"PATH\", auth is supervisor's auth { }, log is\n"
	"# the block after a service's stdout or stderr \"PATH\", ready and health\n"
	"# are the blocks after ready KIND and health KIND (a key that names\n"
	"# kinds applies to those only); limits and rolling are a service's\n"
	"# limits { } and rolling { }, maxrss the block after maxrss SIZE and\n"
	"# backoff the one after backoff exponential. SUPERVISORD is the\n"
	"# supervisord setting (for nginx and initscript: the nginx directive or\n"
	"# the init script header). '-' means none.\n";
#define KEYS_ROW "%-11s %-17s %-38s %-20s %-24s %s\n"

/* The words of K joined by " | ". */
static char *words_text(TALLOC_CTX *ctx, const char *words)
{
	char *s = must(talloc_strdup(ctx, ""));

	for (const char *p = words; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		s = must(talloc_asprintf_append(s, "%s%.*s", *s ? " | " : "", (int)n, p));
		p += n;
	}
	return s;
}

static char *type_text(TALLOC_CTX *ctx, const struct schema_key *k)
{
	char *s;

	switch (k->type) {
	case ST_BLOCK:
		s = must(talloc_strdup(ctx, k->flags & SF_NAMED ? "NAME { ... }" : "{ ... }"));
		break;
	case ST_STRING: s = must(talloc_strdup(ctx, "string")); break;
	case ST_INT:
		s = must(talloc_asprintf(ctx, "integer %lld..%lld%s%s", k->min, k->max,
					 k->words ? " | " : "",
					 k->words ? words_text(ctx, k->words) : ""));
		break;
	case ST_OCTAL: s = must(talloc_asprintf(ctx, "octal %#llo..%#llo", k->min, k->max)); break;
	case ST_DURATION: s = must(talloc_strdup(ctx, "duration (500ms, 10s, 5m, 1h)")); break;
	case ST_SIZE: s = must(talloc_strdup(ctx, "size (B, KB, MB, GB)")); break;
	case ST_BOOL: s = must(talloc_strdup(ctx, "true | false")); break;
	case ST_ENUM: s = words_text(ctx, k->words); break;
	case ST_SIGNAL: s = must(talloc_strdup(ctx, "signal (TERM, INT, HUP, ...)")); break;
	case ST_INTS: s = must(talloc_asprintf(ctx, "integers %lld..%lld", k->min, k->max)); break;
	case ST_NAMES: s = must(talloc_strdup(ctx, "service names")); break;
	case ST_EVENTS: s = must(talloc_strdup(ctx, "event type names")); break;
	case ST_WORD: s = must(talloc_strdup(ctx, "name or string")); break;
	case ST_IDENT: s = must(talloc_strdup(ctx, "identifier")); break;
	case ST_LOGDEST:
		s = must(talloc_asprintf(ctx, "string | %s", words_text(ctx, k->words)));
		break;
	case ST_ENV: s = must(talloc_strdup(ctx, "NAME string")); break;
	case ST_HOSTPORT: s = must(talloc_strdup(ctx, "\"HOST:PORT\"")); break;
	case ST_PORT:
		s = must(talloc_asprintf(ctx, "port %lld..%lld or \"HOST:PORT\"", k->min, k->max));
		break;
	case ST_STRINGS:
		s = k->words ? must(talloc_asprintf(ctx, "strings | %s", words_text(ctx, k->words)))
			     : must(talloc_strdup(ctx, "strings"));
		break;
	case ST_DIGITS: s = must(talloc_strdup(ctx, "string of digits")); break;
	case ST_PROBE: s = must(talloc_strdup(ctx, "KIND [string]")); break;
	default: s = must(talloc_strdup(ctx, "?")); break;
	}
	if (k->type != ST_BLOCK && (k->flags & SF_BLOCK_OPT))
		s = must(talloc_asprintf_append(s, " [{ ... }]"));
	if (k->type != ST_BLOCK && (k->flags & SF_REPEAT))
		s = must(talloc_asprintf_append(s, ", repeatable"));
	return s;
}

static char *duration_text(TALLOC_CTX *ctx, long long ms)
{
	static const struct {
		long long unit;
		const char *name;
	} units[] = {
		{3600000, "h"},
		{60000, "m"},
		{1000, "s"},
	};

	for (size_t i = 0; i < 3; i++)
		if (ms && ms % units[i].unit == 0)
			return must(
				talloc_asprintf(ctx, "%lld%s", ms / units[i].unit, units[i].name));
	return must(talloc_asprintf(ctx, ms ? "%lldms" : "%lld", ms));
}

static char *size_text(TALLOC_CTX *ctx, long long bytes)
{
	static const char *const units[] = {"GB", "MB", "KB"};

	for (int i = 0; i < 3; i++) {
		long long unit = 1LL << (10 * (3 - i));
		if (bytes && bytes % unit == 0)
			return must(talloc_asprintf(ctx, "%lld%s", bytes / unit, units[i]));
	}
	return must(talloc_asprintf(ctx, "%lld", bytes));
}

/* The default of K as it would be written in a .svc file, or NULL. */
static char *default_text(TALLOC_CTX *ctx, const struct schema_key *k)
{
	switch (k->type) {
	case ST_INT: /* below the least it takes: none (nice) */
		return k->def_num < k->min ? NULL : must(talloc_asprintf(ctx, "%lld", k->def_num));
	case ST_INTS:
	case ST_PORT: return must(talloc_asprintf(ctx, "%lld", k->def_num));
	case ST_OCTAL:
		return k->def_num < 0 ? NULL : must(talloc_asprintf(ctx, "%#llo", k->def_num));
	case ST_DURATION: /* below the least it takes: none */
		return k->def_num < k->min ? NULL : duration_text(ctx, k->def_num);
	case ST_SIZE: return k->def_num < k->min ? NULL : size_text(ctx, k->def_num);
	case ST_BOOL: return must(talloc_strdup(ctx, k->def_num ? "true" : "false"));
	case ST_ENUM: {
		char *all = words_text(ctx, k->words);
		char *w = all;
		for (long long i = 0; i < k->def_num && w; i++)
			w = strstr(w, " | ") ? strstr(w, " | ") + 3 : NULL;
		return w ? must(talloc_strndup(ctx, w, strcspn(w, " "))) : NULL;
	}
	case ST_SIGNAL: {
		const char *name = sigabbrev_np((int)k->def_num);
		return name ? must(talloc_strdup(ctx, name)) : NULL;
	}
	case ST_LOGDEST: /* a word, or a path (a string) */
		if (!k->def_str)
			return NULL;
		return must(talloc_asprintf(ctx, schema_word(k, k->def_str) < 0 ? "\"%s\"" : "%s",
					    k->def_str));
	case ST_STRING:
	case ST_DIGITS: return k->def_str ? must(talloc_asprintf(ctx, "\"%s\"", k->def_str)) : NULL;
	default: return k->def_str ? must(talloc_strdup(ctx, k->def_str)) : NULL;
	}
}

/* "notify, tcp \"HOST:PORT\", ...": a probe's kinds and what each takes. */
static char *kinds_text(TALLOC_CTX *ctx, const char *words)
{
	char *s = must(talloc_strdup(ctx, ""));

	for (const char *p = words; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		char *word = must(talloc_strndup(ctx, p, n));
		const struct probekind *pk = probekind_find(word);

		s = must(talloc_asprintf_append(s, "%s%s%s%s", *s ? ", " : "", word,
						pk && pk->target ? " " : "",
						pk && pk->target ? pk->target : ""));
		p += n;
	}
	return s;
}

/* A probe block's key names the kinds it applies to. */
static bool probe_block(enum schema_block b)
{
	return b == SB_READY || b == SB_HEALTH;
}

static void print_key(FILE *out, TALLOC_CTX *ctx, const struct schema_key *k)
{
	char *def = k->type == ST_BLOCK ? NULL : default_text(ctx, k);
	const char *doc = k->doc;

	if (probe_block(k->block) && k->words)
		doc = must(talloc_asprintf(ctx, "%s only: %s", words_text(ctx, k->words), doc));
	if (k->type == ST_PROBE)
		doc = must(talloc_asprintf(ctx, "%s: %s", kinds_text(ctx, k->words), doc));
	fprintf(out, KEYS_ROW, block_words[k->block], k->name, type_text(ctx, k),
		k->flags & SF_REQUIRED ? "required"
			: def          ? def
				       : "-",
		k->ini ? k->ini : "-", doc);
}

static int print_keys(FILE *out)
{
	TALLOC_CTX *ctx = must(talloc_new(NULL));

	fputs(keys_head, out);
	fprintf(out, KEYS_ROW, "# BLOCK", "KEY", "TYPE", "DEFAULT", "SUPERVISORD", "DESCRIPTION");
	for (size_t i = 0; i < SK__COUNT; i++)
		print_key(out, ctx, &schema_keys[i]);
	talloc_free(ctx);
	return EXIT_CLEAN;
}

/* ---- svcc --dump ---- */

static int dump_table(const struct svcc_opts *o)
{
	struct table t;
	char err[512];

	if (table_open(o->input, &t, err, sizeof err) < 0) {
		/* ERR already starts with the path, as "PATH: what is wrong". */
		fprintf(stderr, "%s\n", err);
		return EXIT_INPUT;
	}
	if (o->format == DIAG_JSON)
		dump_json(stdout, &t);
	else
		dump_text(stdout, &t);
	table_close(&t);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_SYSTEM;
}

/* ---- compiling ---- */

static bool color_wanted(enum color_when when)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	if (no_color && *no_color)
		return false;
	return isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
}

/* "2 errors generated.", "1 warning and 2 errors generated.", as clang. */
static void print_summary(FILE *out, const struct diags *d)
{
	if (d->nwarnings)
		fprintf(out, "%u warning%s%s", d->nwarnings, d->nwarnings == 1 ? "" : "s",
			d->nerrors ? " and " : "");
	if (d->nerrors)
		fprintf(out, "%u error%s", d->nerrors, d->nerrors == 1 ? "" : "s");
	if (d->nwarnings || d->nerrors)
		fputs(" generated.\n", out);
}

static void report(const struct diags *d, const struct svcc_opts *o)
{
	if (o->format != DIAG_TEXT) {
		diags_print(d, stdout, o->format, false);
		fflush(stdout);
		return;
	}
	diags_print(d, stderr, DIAG_TEXT, color_wanted(o->color));
	print_summary(stderr, d);
}

static bool failed(const struct diags *d, const struct svcc_opts *o)
{
	return d->nerrors > 0 || (o->werror && d->nwarnings > 0);
}

/* Where a build writes its table: -o, or the input with .svc -> .svct. */
static const char *output_path(TALLOC_CTX *ctx, const struct svcc_opts *o)
{
	size_t len = strlen(o->input);

	if (o->output)
		return o->output;
	if (len > 4 && strcmp(o->input + len - 4, ".svc") == 0)
		return must(talloc_asprintf(ctx, "%st", o->input));
	return must(talloc_asprintf(ctx, "%s.svct", o->input));
}

/* Writes the table of a clean model to OUT; failures are reported into D
 * (with no place in the input: the input is fine). */
static void build(TALLOC_CTX *ctx, const struct model *m, const char *out, struct diags *d)
{
	void *buf;
	size_t len;
	char err[512];

	if (table_write_model(ctx, m, &buf, &len) < 0)
		diag_report(d, D_IO, (struct loc){NULL, 0, 0},
			    "cannot write '%s': the table would be too large", out);
	else if (atomic_write(out, buf, len, err, sizeof err) < 0)
		diag_system(d, "%s", err);
}

static int compile(const struct svcc_opts *o)
{
	TALLOC_CTX *ctx = must(talloc_new(NULL));
	struct diags *d = diags_new(ctx);
	struct validate_opts vopts = {.host_checks = !o->no_host_checks};
	struct ast_unit *unit;
	struct model *m = NULL;
	int status;

	if (!ctx || !d) {
		talloc_free(ctx);
		fputs("svcc: out of memory\n", stderr);
		return EXIT_SYSTEM;
	}
	unit = parse_unit(ctx, o->input, d);
	if (unit)
		m = validate(ctx, unit, &vopts, d);
	if (m && !o->check && !failed(d, o) && o->emit)
		emit_main(ctx, m, o->emit, o->outdir, o->input, o->werror, d);
	else if (m && !o->check && !failed(d, o))
		build(ctx, m, output_path(ctx, o), d);
	report(d, o);
	status = !failed(d, o)                                           ? EXIT_CLEAN
		: d->nerrors > d->nsystem || (o->werror && d->nwarnings) ? EXIT_INPUT
									 : EXIT_SYSTEM;
	talloc_free(ctx);
	return status;
}

/* ---- svcc --import ---- */

/* The converted text must compile: a check of the importer itself, whose
 * findings are printed against the text it would have written. */
static bool import_compiles(TALLOC_CTX *ctx, const char *text, const struct svcc_opts *o)
{
	struct diags *d = diags_new(ctx);
	struct validate_opts vopts = {.host_checks = false};
	const char *name = o->output ? o->output : "<stdout>";
	struct ast_unit *unit = parse_text(ctx, name, ".", text, d);

	if (unit)
		validate(ctx, unit, &vopts, d);
	if (d->nerrors == 0)
		return true;
	fprintf(stderr, "svcc: the converted file would not compile:\n");
	diags_print(d, stderr, DIAG_TEXT, color_wanted(o->color));
	return false;
}

/* TEXT to -o FILE atomically, or to stdout. */
static int import_write(const char *text, const struct svcc_opts *o)
{
	char err[512];

	if (o->output && atomic_write(o->output, text, strlen(text), err, sizeof err) < 0) {
		fprintf(stderr, "svcc: %s\n", err);
		return EXIT_SYSTEM;
	}
	if (!o->output && (fputs(text, stdout) == EOF || fflush(stdout) != 0)) {
		fputs("svcc: cannot write to stdout\n", stderr);
		return EXIT_SYSTEM;
	}
	return EXIT_CLEAN;
}

static int import_file(const struct svcc_opts *o)
{
	TALLOC_CTX *ctx = must(talloc_new(NULL));
	struct ini *ini = NULL;
	char *text = import_ini(ctx, o->import, o->output, &ini);
	int status = EXIT_INPUT;

	if (ini)
		ini_print(ini, stderr);
	if (text && import_compiles(ctx, text, o))
		status = import_write(text, o);
	talloc_free(ctx);
	return status;
}

/* An allocation that must succeed (the compiler's text, its tree) failed. */
static void svcc_oom(void)
{
	fputs("svcc: out of memory\n", stderr);
	exit(EXIT_SYSTEM);
}

int main(int argc, char **argv)
{
	struct svcc_opts o = {.format = DIAG_TEXT, .color = COLOR_AUTO};
	int status;

	oom_handler(svcc_oom);
	status = parse_args(argc, argv, &o);

	if (status >= 0)
		return status;
	if (o.keys)
		return print_keys(stdout);
	if (o.dump)
		return dump_table(&o);
	if (o.import)
		return import_file(&o);
	return compile(&o);
}
