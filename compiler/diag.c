/* Diagnostics: recorded while compiling, then printed once, sorted, as
 * gcc-style text, a JSON array, or a SARIF 2.1.0 log. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "common/oom.h"
#include "common/text.h"
#include "diag.h"

static const struct {
	const char *name;
	const char *title;
	enum diag_sev sev;
} codes[D__COUNT] = {
#define X(id, code, sev, title) [id] = {code, title, DIAG_##sev},
#include "diagcodes.def"
#undef X
};

/* gcc's colours (GCC_COLORS defaults); \33[K clears to the end of line so
 * a background colour cannot bleed. */
#define C_LOCUS "\33[01m\33[K"
#define C_ERROR "\33[01;31m\33[K"
#define C_WARN  "\33[01;35m\33[K"
#define C_NOTE  "\33[01;36m\33[K"
#define C_CARET "\33[01;32m\33[K"
#define C_OFF   "\33[m\33[K"

static const char *const sev_words[] = {"error", "warning", "note"};
static const char *const sev_colors[] = {C_ERROR, C_WARN, C_NOTE};

const char *diag_code_name(enum diag_code code)
{
	return code < D__COUNT ? codes[code].name : "SVC000";
}

const char *diag_code_title(enum diag_code code)
{
	return code < D__COUNT ? codes[code].title : "unknown diagnostic";
}

enum diag_sev diag_code_sev(enum diag_code code)
{
	return code < D__COUNT ? codes[code].sev : DIAG_ERROR;
}

struct diags *diags_new(TALLOC_CTX *ctx)
{
	struct diags *d = must(talloc_zero(ctx, struct diags));

	if (!d)
		return NULL;
	d->max_errors = DIAG_MAX_ERRORS;
	return d;
}

static struct diag *diag_vreport(struct diags *d, enum diag_code code, struct loc loc,
				 const char *fmt, va_list ap)
{
	enum diag_sev sev = diag_code_sev(code);
	struct diag *dg;
	struct diag **list;

	if (sev == DIAG_ERROR && d->max_errors && d->nerrors >= d->max_errors) {
		d->capped = true;
		return NULL;
	}
	list = talloc_realloc(d, d->list, struct diag *, d->n + 1);
	dg = talloc_zero(d, struct diag);
	if (!list || !dg) {
		/* nothing sensible left to report, and nothing half-written */
		fputs("svcc: out of memory\n", stderr);
		exit(DIAG_EXIT_SYSTEM);
	}
	d->list = list;
	dg->code = code;
	dg->sev = sev;
	dg->loc = loc;
	dg->seq = (unsigned)d->n;
	dg->msg = must(talloc_vasprintf(dg, fmt, ap));
	d->list[d->n++] = dg;
	if (sev == DIAG_ERROR)
		d->nerrors++;
	else if (sev == DIAG_WARNING)
		d->nwarnings++;
	return dg;
}

struct diag *diag_report(struct diags *d, enum diag_code code, struct loc loc, const char *fmt, ...)
{
	struct diag *dg;
	va_list ap;

	va_start(ap, fmt);
	dg = diag_vreport(d, code, loc, fmt, ap);
	va_end(ap);
	return dg;
}

void diag_system(struct diags *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (diag_vreport(d, D_IO, (struct loc){NULL, 0, 0}, fmt, ap))
		d->nsystem++;
	va_end(ap);
}

void diag_note(struct diag *dg, struct loc loc, const char *fmt, ...)
{
	struct diag_note *notes;
	va_list ap;

	if (!dg)
		return;
	notes = talloc_realloc(dg, dg->notes, struct diag_note, dg->nnotes + 1);
	if (!notes)
		abort();
	dg->notes = notes;
	notes[dg->nnotes].loc = loc;
	va_start(ap, fmt);
	notes[dg->nnotes].msg = must(talloc_vasprintf(dg, fmt, ap));
	va_end(ap);
	dg->nnotes++;
}

/* Where a span starts and ends, 1-based; end_col is the column after the
 * last byte (exclusive), as SARIF counts. */
struct span_pos {
	unsigned line, col, end_line, end_col;
};

static struct span_pos span_pos(struct loc l)
{
	struct span_pos p = {0, 0, 0, 0};
	uint32_t size = (uint32_t)l.file->size;
	uint32_t off = l.off < size ? l.off : size;
	uint32_t end = l.len < size - off ? off + l.len : size;

	src_position(l.file, off, &p.line, &p.col);
	src_position(l.file, end, &p.end_line, &p.end_col);
	return p;
}

/* ---- text ---- */

static void text_head(FILE *out, struct loc l, enum diag_sev sev, bool color)
{
	if (color)
		fputs(C_LOCUS, out);
	if (l.file) {
		struct span_pos p = span_pos(l);
		fprintf(out, "%s:%u:%u:", l.file->path, p.line, p.col);
	} else {
		fputs("svcc:", out);
	}
	fprintf(out, "%s %s%s:%s ", color ? C_OFF : "", color ? sev_colors[sev] : "",
		sev_words[sev], color ? C_OFF : "");
}

/* The source line as it is (language.md shows it so), then ^~~ under the
 * span clipped to the line. Tabs before the span are copied so the caret
 * lines up; one mark per character keeps UTF-8 text aligned. */
static void text_snippet(FILE *out, struct loc l, bool color)
{
	struct span_pos p = span_pos(l);
	size_t len;
	const char *line = src_line(l.file, p.line, &len);
	size_t col = p.col - 1, end, marks = 0;

	if (!line)
		return;
	if (len && line[len - 1] == '\r')
		len--;
	if (col > len)
		col = len;
	end = p.end_line == p.line ? p.end_col - 1 : len;
	if (end > len)
		end = len;
	fprintf(out, "%.*s\n", (int)len, line);
	for (size_t i = 0; i < col; i++)
		if (!utf8_cont((unsigned char)line[i]))
			fputc(line[i] == '\t' ? '\t' : ' ', out);
	for (size_t i = col; i < end; i++)
		marks += !utf8_cont((unsigned char)line[i]);
	fputs(color ? C_CARET "^" : "^", out);
	for (size_t i = 1; i < marks; i++)
		fputc('~', out);
	fputs(color ? C_OFF "\n" : "\n", out);
}

static void text_one(FILE *out, const struct diag *dg, bool color)
{
	text_head(out, dg->loc, dg->sev, color);
	fprintf(out, "%s [%s%s%s]\n", dg->msg, color ? sev_colors[dg->sev] : "",
		diag_code_name(dg->code), color ? C_OFF : "");
	if (dg->loc.file)
		text_snippet(out, dg->loc, color);
	for (size_t i = 0; i < dg->nnotes; i++) {
		text_head(out, dg->notes[i].loc, DIAG_NOTE, color);
		fprintf(out, "%s\n", dg->notes[i].msg);
		if (dg->notes[i].loc.file)
			text_snippet(out, dg->notes[i].loc, color);
	}
}

static char *too_many_msg(TALLOC_CTX *ctx, const struct diags *d)
{
	return must(talloc_asprintf(ctx, "too many errors (%u), stopping here", d->max_errors));
}

/* ---- JSON, shared by the JSON and SARIF output ---- */

/* S as a JSON string, null for NULL. */
static void json_str(FILE *out, const char *s)
{
	if (s)
		json_string(out, s, strlen(s));
	else
		fputs("null", out);
}

static void json_place(FILE *out, struct loc l)
{
	if (!l.file) {
		fputs("\"file\":null,\"line\":null,\"column\":null,"
		      "\"end_line\":null,\"end_column\":null",
		      out);
		return;
	}
	struct span_pos p = span_pos(l);
	fputs("\"file\":", out);
	json_str(out, l.file->path);
	fprintf(out, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u", p.line, p.col,
		p.end_line, p.end_col);
}

static void json_one(FILE *out, struct loc l, enum diag_sev sev, enum diag_code code,
		     const char *msg, const struct diag_note *notes, size_t nnotes)
{
	fputs("  {", out);
	json_place(out, l);
	fprintf(out, ",\"severity\":\"%s\",\"code\":\"%s\",\"message\":", sev_words[sev],
		diag_code_name(code));
	json_str(out, msg);
	fputs(",\"notes\":[", out);
	for (size_t i = 0; i < nnotes; i++) {
		fputs(i ? ",{" : "{", out);
		json_place(out, notes[i].loc);
		fputs(",\"message\":", out);
		json_str(out, notes[i].msg);
		fputc('}', out);
	}
	fputs("]}", out);
}

static void json_print(FILE *out, const struct diag *const *v, const struct diags *d)
{
	size_t n = d->n + d->capped;

	if (n == 0) {
		fputs("[]\n", out);
		return;
	}
	fputs("[\n", out);
	for (size_t i = 0; i < d->n; i++) {
		json_one(out, v[i]->loc, v[i]->sev, v[i]->code, v[i]->msg, v[i]->notes,
			 v[i]->nnotes);
		fputs(i + 1 < n ? ",\n" : "\n", out);
	}
	if (d->capped) {
		char *msg = too_many_msg(NULL, d);
		json_one(out, (struct loc){NULL, 0, 0}, DIAG_ERROR, D_TOO_MANY, msg, NULL, 0);
		fputc('\n', out);
		talloc_free(msg);
	}
	fputs("]\n", out);
}

/* ---- SARIF 2.1.0 ---- */

/* SARIF counts columns in characters, not bytes: the run says
 * columnKind unicodeCodePoints and these convert. */
static unsigned sarif_col(const struct src_file *f, unsigned line, unsigned byte_col)
{
	size_t len;
	const char *s = src_line(f, line, &len);
	unsigned col = 1;

	if (!s)
		return byte_col;
	for (size_t i = 0; i + 1 < byte_col && i < len; i++)
		col += !utf8_cont((unsigned char)s[i]);
	if (byte_col > len + 1)
		col += byte_col - (unsigned)(len + 1);
	return col;
}

static void sarif_uri(FILE *out, const char *path)
{
	static const char ok[] = "-._~/!$&'()*+,;=:@";
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
		    || strchr(ok, *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static void sarif_physical(FILE *out, struct loc l)
{
	struct span_pos p = span_pos(l);

	fputs("\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
	sarif_uri(out, l.file->path);
	fprintf(out,
		"},\"region\":{\"startLine\":%u,\"startColumn\":%u,"
		"\"endLine\":%u,\"endColumn\":%u}}",
		p.line, sarif_col(l.file, p.line, p.col), p.end_line,
		sarif_col(l.file, p.end_line, p.end_col));
}

static void sarif_result(FILE *out, enum diag_code code, enum diag_sev sev, struct loc l,
			 const char *msg, const struct diag_note *notes, size_t nnotes)
{
	fprintf(out, "        {\"ruleId\":\"%s\",\"level\":\"%s\",\"message\":{\"text\":",
		diag_code_name(code), sev_words[sev]);
	json_str(out, msg);
	fputc('}', out);
	if (l.file) {
		fputs(",\"locations\":[{", out);
		sarif_physical(out, l);
		fputs("}]", out);
	}
	if (nnotes)
		fputs(",\"relatedLocations\":[", out);
	for (size_t i = 0; i < nnotes; i++) {
		fprintf(out, "%s{\"id\":%zu,", i ? "," : "", i + 1);
		if (notes[i].loc.file) {
			sarif_physical(out, notes[i].loc);
			fputc(',', out);
		}
		fputs("\"message\":{\"text\":", out);
		json_str(out, notes[i].msg);
		fputs("}}", out);
	}
	fputs(nnotes ? "]}" : "}", out);
}

static void sarif_rules(FILE *out, const struct diags *d)
{
	bool used[D__COUNT] = {false};
	bool first = true;

	for (size_t i = 0; i < d->n; i++)
		used[d->list[i]->code] = true;
	used[D_TOO_MANY] |= d->capped;
	fputs("          \"rules\": [", out);
	for (size_t c = 0; c < D__COUNT; c++) {
		if (!used[c])
			continue;
		fprintf(out, "%s\n            {\"id\":\"%s\",\"shortDescription\":{\"text\":",
			first ? "" : ",", codes[c].name);
		json_str(out, codes[c].title);
		fprintf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"}}",
			sev_words[codes[c].sev]);
		first = false;
	}
	fputs(first ? "]\n" : "\n          ]\n", out);
}

static void sarif_print(FILE *out, const struct diag *const *v, const struct diags *d)
{
	size_t n = d->n + d->capped;

	fputs("{\n"
	      "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [\n"
	      "    {\n"
	      "      \"tool\": {\n"
	      "        \"driver\": {\n"
	      "          \"name\": \"svcc\",\n"
	      "          \"version\": \"" SVC_VERSION "\",\n",
	      out);
	sarif_rules(out, d);
	fputs("        }\n"
	      "      },\n"
	      "      \"columnKind\": \"unicodeCodePoints\",\n"
	      "      \"results\": [",
	      out);
	for (size_t i = 0; i < d->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		sarif_result(out, v[i]->code, v[i]->sev, v[i]->loc, v[i]->msg, v[i]->notes,
			     v[i]->nnotes);
	}
	if (d->capped) {
		char *msg = too_many_msg(NULL, d);
		fputs(d->n ? ",\n" : "\n", out);
		sarif_result(out, D_TOO_MANY, DIAG_ERROR, (struct loc){NULL, 0, 0}, msg, NULL, 0);
		talloc_free(msg);
	}
	fputs(n ? "\n      ]\n" : "]\n", out);
	fputs("    }\n"
	      "  ]\n"
	      "}\n",
	      out);
}

/* ---- sorting and the entry point ---- */

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = *(const struct diag *const *)pa;
	const struct diag *b = *(const struct diag *const *)pb;

	if (!a->loc.file != !b->loc.file)
		return a->loc.file ? 1 : -1;
	if (a->loc.file && a->loc.file->index != b->loc.file->index)
		return a->loc.file->index < b->loc.file->index ? -1 : 1;
	if (a->loc.file && a->loc.off != b->loc.off)
		return a->loc.off < b->loc.off ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diags_print(const struct diags *d, FILE *out, enum diag_format fmt, bool color)
{
	const struct diag **v = must(talloc_array(NULL, const struct diag *, d->n + 1));

	if (!v)
		abort();
	if (d->n)
		memcpy(v, d->list, d->n * sizeof *v);
	qsort(v, d->n, sizeof *v, diag_cmp);
	if (fmt == DIAG_JSON) {
		json_print(out, v, d);
	} else if (fmt == DIAG_SARIF) {
		sarif_print(out, v, d);
	} else {
		for (size_t i = 0; i < d->n; i++)
			text_one(out, v[i], color);
		if (d->capped) {
			char *msg = too_many_msg(v, d);
			struct diag cap = {.code = D_TOO_MANY, .sev = DIAG_ERROR, .msg = msg};
			text_one(out, &cap, color);
		}
	}
	talloc_free(v);
}
