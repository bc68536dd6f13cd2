/* svcc --emit: builds every requested output in memory first, so an error
 * in any of them writes nothing, then writes each atomically. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "common/atomic.h"
#include "emit.h"
#include "emit_fmt.h"
#include "emit_ini.h"
#include "emit_init.h"
#include "emit_nginx.h"
#include "emit_systemd.h"
#include "table_write.h"
#include "common/oom.h"

static const struct {
	const char *name;
	unsigned mask;
} format_names[] = {
	{"ini", EMIT_INI},
	{"init", EMIT_INIT},
	{"nginx", EMIT_NGINX},
	{"systemd", EMIT_SYSTEMD},
	{"table", EMIT_TABLE},
	{"all", EMIT_INI | EMIT_INIT | EMIT_NGINX | EMIT_SYSTEMD | EMIT_TABLE},
};

static unsigned format_mask(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strlen(format_names[i].name) == len
		    && strncmp(format_names[i].name, name, len) == 0)
			return format_names[i].mask;
	return 0;
}

unsigned emit_formats(const char *list, bool to_stdout, char *err, size_t errlen)
{
	unsigned mask = 0, n = 0;

	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		unsigned one = format_mask(p, len);
		if (!one) {
			snprintf(err, errlen,
				 "unknown output '%.*s' (use ini, init, nginx, systemd, "
				 "table or all, separated by commas)",
				 (int)len, p);
			return 0;
		}
		mask |= one;
		n += one == format_mask("all", 3) ? 2 : 1;
		p += len;
		if (!*p)
			break;
	}
	if (to_stdout && (n > 1 || (mask & (mask - 1)))) {
		snprintf(err, errlen, "-O - prints one output to stdout; '%s' names several", list);
		return 0;
	}
	return mask;
}

/* True when the comma list LIST holds NAME itself. */
static bool lists(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

struct output {
	const char *name; /* file name in the output folder */
	void *buf;
	size_t len;
	mode_t mode; /* 0: as atomic_write leaves it */
};

/* The input's file name without its folder or .svc. */
static char *input_stem(TALLOC_CTX *ctx, const char *input)
{
	const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
	size_t n = strlen(base);

	if (n > 4 && strcmp(base + n - 4, ".svc") == 0)
		n -= 4;
	return must(talloc_strndup(ctx, base, n));
}

static char *input_dir(TALLOC_CTX *ctx, const char *input)
{
	const char *slash = strrchr(input, '/');

	if (!slash)
		return must(talloc_strdup(ctx, "."));
	return must(talloc_strndup(ctx, input, slash == input ? 1 : (size_t)(slash - input)));
}

/* Every text output of MASK, in a fixed order; false when one failed. */
static bool build_texts(TALLOC_CTX *ctx, const struct model *m, unsigned mask, const char *source,
			struct diags *d, struct output *outs, size_t *n)
{
	static const struct {
		unsigned mask;
		char *(*fn)(TALLOC_CTX *, const struct model *, const char *, struct diags *);
	} gens[] = {
		{EMIT_INI, emit_ini},
		{EMIT_INIT, emit_init},
		{EMIT_NGINX, emit_nginx},
		{EMIT_SYSTEMD, emit_systemd},
	};
	bool ok = true;

	for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++) {
		char *text;
		if (!(mask & gens[i].mask))
			continue;
		text = gens[i].fn(ctx, m, source, d);
		if (!text) {
			ok = false;
			continue;
		}
		outs[*n] = (struct output){NULL, text, strlen(text), 0};
		switch (gens[i].mask) {
		case EMIT_INI: outs[*n].name = "supervisord.conf"; break;
		case EMIT_INIT:
			outs[*n].name = emit_service_name(m);
			outs[*n].mode = 0755;
			break;
		case EMIT_NGINX: outs[*n].name = "nginx-svc.conf"; break;
		default:
			outs[*n].name =
				must(talloc_asprintf(ctx, "%s.service", emit_service_name(m)));
			break;
		}
		(*n)++;
	}
	return ok;
}

static int write_stdout(const struct output *o, struct diags *d)
{
	if (fwrite(o->buf, 1, o->len, stdout) == o->len && fflush(stdout) == 0)
		return 0;
	diag_system(d, "cannot write the output to stdout");
	return -1;
}

static int write_all(TALLOC_CTX *ctx, const struct output *outs, size_t n, const char *dir,
		     struct diags *d)
{
	char err[512];

	for (size_t i = 0; i < n; i++) {
		char *path = must(talloc_asprintf(ctx, "%s/%s", dir, outs[i].name));

		if (atomic_write(path, outs[i].buf, outs[i].len, err, sizeof err) < 0) {
			diag_system(d, "%s", err);
			return -1;
		}
		if (outs[i].mode && chmod(path, outs[i].mode) < 0) {
			diag_system(d, "cannot make '%s' executable", path);
			return -1;
		}
	}
	return 0;
}

int emit_main(TALLOC_CTX *ctx, const struct model *m, const char *formats, const char *outdir,
	      const char *input_path, bool werror, struct diags *d)
{
	unsigned warned = d->nwarnings;
	TALLOC_CTX *tmp = must(talloc_new(ctx));
	bool to_stdout = outdir && strcmp(outdir, "-") == 0;
	struct output outs[5];
	size_t n = 0;
	char err[256];
	unsigned mask = emit_formats(formats, to_stdout, err, sizeof err);
	const char *source = strrchr(input_path, '/') ? strrchr(input_path, '/') + 1 : input_path;
	int rc = -1;

	if (!mask) {
		diag_report(d, D_IO, (struct loc){NULL, 0, 0}, "%s", err);
		goto done;
	}
	/* "all" writes the nginx snippet only for a file that asks for one. */
	if (!m->nginx && !lists(formats, "nginx"))
		mask &= ~(unsigned)EMIT_NGINX;
	if (!build_texts(tmp, m, mask, source, d, outs, &n) || (werror && d->nwarnings > warned))
		goto done;
	if (mask & EMIT_TABLE) {
		outs[n] = (struct output){
			must(talloc_asprintf(tmp, "%s.svct", input_stem(tmp, input_path))), NULL, 0,
			0};
		if (table_write_model(tmp, m, &outs[n].buf, &outs[n].len) < 0) {
			diag_report(d, D_IO, (struct loc){NULL, 0, 0},
				    "the table would be too large");
			goto done;
		}
		n++;
	}
	if (to_stdout)
		rc = write_stdout(&outs[0], d);
	else
		rc = write_all(tmp, outs, n, outdir ? outdir : input_dir(tmp, input_path), d);
done:
	talloc_free(tmp);
	return rc;
}
