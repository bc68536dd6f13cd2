/* libFuzzer entry for the front end: any bytes go through the lexer, the
 * parser (with includes) and the validator, then every diagnostic format;
 * all memory hangs off one talloc context per input, which must free whole. */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>
#include "diag.h"
#include "parse.h"
#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __real_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g);
int __wrap_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g);

/* Includes resolve against a folder of our own holding a few small files,
 * so the include code runs without the input reaching the host's files. */
static char sandbox[] = "/tmp/svc-fuzz.XXXXXX";
static FILE *sink;

static const struct {
	const char *name, *text;
} files[] = {
	{"common.svc", "service common { command \"/bin/true\"; }\n"},
	{"main.svc", "include \"main.svc\";\nprogram m { command \"/bin/true\"; }\n"},
	{"conf.d/a.svc", "include \"../common.svc\";\nprogram a { command \"/bin/a\"; }\n"},
	{"conf.d/b.svc", "program b { command \"/bin/b ${here}\"; after a; }\n"},
	{"services.d/w.svc", "service w { command \"/bin/w\"; instances 2; }\n"},
	{"bad.svc", "service {{ \"\n"},
};

/* Built with -Wl,--wrap=glob: a pattern outside the sandbox, or one that
 * climbs out of it, matches nothing. */
int __wrap_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g)
{
	size_t n = strlen(sandbox);

	if (strncmp(pattern, sandbox, n) != 0 || pattern[n] != '/' || strstr(pattern, ".."))
		return GLOB_NOMATCH;
	return __real_glob(pattern, flags, errfunc, g);
}

static void sandbox_remove(void)
{
	char path[256];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", sandbox, files[i].name);
		unlink(path);
	}
	talloc_disable_null_tracking(); /* frees the null context */
	snprintf(path, sizeof path, "%s/conf.d", sandbox);
	rmdir(path);
	snprintf(path, sizeof path, "%s/services.d", sandbox);
	rmdir(path);
	rmdir(sandbox);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[256];

	(void)argc;
	(void)argv;
	if (!mkdtemp(sandbox))
		abort();
	atexit(sandbox_remove);
	snprintf(path, sizeof path, "%s/conf.d", sandbox);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/services.d", sandbox);
	mkdir(path, 0755);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE *f;

		snprintf(path, sizeof path, "%s/%s", sandbox, files[i].name);
		f = fopen(path, "w");
		if (!f)
			abort();
		fputs(files[i].text, f);
		fclose(f);
	}
	sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	talloc_enable_null_tracking();
	return 0;
}

static void compile(TALLOC_CTX *ctx, const uint8_t *data, size_t size)
{
	char *text = talloc_strndup(ctx, (const char *)data, size);
	struct diags *d = diags_new(ctx);
	struct validate_opts opts = {.host_checks = false};
	struct ast_unit *u;

	if (!text || !d)
		abort();
	u = parse_text(ctx, "fuzz.svc", sandbox, text, d);
	if (!u)
		__builtin_trap(); /* text in memory is always readable */
	validate(ctx, u, &opts, d);
	diags_print(d, sink, DIAG_TEXT, true);
	diags_print(d, sink, DIAG_JSON, false);
	diags_print(d, sink, DIAG_SARIF, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t before = talloc_total_blocks(NULL);
	TALLOC_CTX *ctx = talloc_new(NULL);

	compile(ctx, data, size);
	talloc_free(ctx);
	/* Anything allocated outside CTX and kept is a leak. */
	if (talloc_total_blocks(NULL) != before)
		__builtin_trap();
	return 0;
}
