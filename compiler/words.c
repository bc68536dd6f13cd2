/* Splitting a command into argv like a POSIX shell word list, without
 * expansion (see words.h). Each word is built twice, as plain text and as a
 * template with '$' doubled, and the template is kept only when the word
 * holds a ${host} or ${env.NAME} left for the supervisor. */
#include <string.h>
#include "common/buf.h"
#include "words.h"
#include "common/oom.h"

struct wbuf {
	struct buf plain, tmpl;
	bool in_word, dynamic;
};

struct wsplit {
	TALLOC_CTX *ctx;
	struct mstr *argv;
	size_t argc;
	struct wbuf w;
	char quote; /* 0, '\'' or '"' */
	size_t quote_seg, quote_off;
};

static void word_start(struct wsplit *s)
{
	if (s->w.in_word)
		return;
	s->w.in_word = true;
	s->w.dynamic = false;
	buf_init(&s->w.plain, s->ctx, BUF_UNLIMITED);
	buf_init(&s->w.tmpl, s->ctx, BUF_UNLIMITED);
}

static void word_char(struct wsplit *s, char c)
{
	word_start(s);
	buf_addc(&s->w.plain, c);
	buf_add(&s->w.tmpl, c == '$' ? "$$" : &c, c == '$' ? 2 : 1);
}

static void word_opaque(struct wsplit *s, const struct words_seg *seg)
{
	word_start(s);
	if (seg->kind == WS_DYNAMIC) {
		s->w.dynamic = true;
		buf_str(&s->w.tmpl, seg->text);
		return;
	}
	for (const char *p = seg->text; *p; p++)
		word_char(s, *p);
}

static void word_end(struct wsplit *s)
{
	if (!s->w.in_word)
		return;
	s->argv = must(talloc_realloc(s->ctx, s->argv, struct mstr, s->argc + 1));
	if (s->w.dynamic) {
		s->argv[s->argc] = (struct mstr){talloc_steal(s->argv, buf_take(&s->w.tmpl)), true};
		talloc_free(buf_take(&s->w.plain));
	} else {
		s->argv[s->argc] =
			(struct mstr){talloc_steal(s->argv, buf_take(&s->w.plain)), false};
		talloc_free(buf_take(&s->w.tmpl));
	}
	s->argc++;
	s->w.in_word = false;
}

/* A backslash at T[*I]: what it leaves in the word, by POSIX rules. */
static void text_backslash(struct wsplit *s, const char *t, size_t *i)
{
	char next = t[*i + 1];

	if (next == '\0') {
		word_char(s, '\\');
		return;
	}
	(*i)++;
	if (next == '\n')
		return; /* a line continuation */
	if (s->quote == '"' && !strchr("$`\"\\", next))
		word_char(s, '\\');
	word_char(s, next);
}

static void split_text(struct wsplit *s, const char *t, size_t seg)
{
	for (size_t i = 0; t[i]; i++) {
		char c = t[i];

		if (s->quote == '\'') {
			if (c == '\'')
				s->quote = 0;
			else
				word_char(s, c);
		} else if (c == '\\') {
			text_backslash(s, t, &i);
		} else if (s->quote == '"') {
			if (c == '"')
				s->quote = 0;
			else
				word_char(s, c);
		} else if (c == '\'' || c == '"') {
			word_start(s);
			s->quote = c;
			s->quote_seg = seg;
			s->quote_off = i;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			word_end(s);
		} else {
			word_char(s, c);
		}
	}
}

bool words_split(TALLOC_CTX *ctx, const struct words_seg *segs, size_t nsegs, struct mstr **argv,
		 size_t *argc, size_t *bad_seg, size_t *bad_off)
{
	struct wsplit s = {.ctx = ctx};

	s.argv = must(talloc_array(ctx, struct mstr, 0));
	for (size_t i = 0; i < nsegs; i++) {
		if (segs[i].kind == WS_TEXT)
			split_text(&s, segs[i].text, i);
		else
			word_opaque(&s, &segs[i]);
	}
	if (s.quote) {
		*bad_seg = s.quote_seg;
		*bad_off = s.quote_off;
		if (s.w.in_word) {
			talloc_free(buf_take(&s.w.plain));
			talloc_free(buf_take(&s.w.tmpl));
		}
		talloc_free(s.argv);
		*argv = NULL;
		*argc = 0;
		return false;
	}
	word_end(&s);
	*argv = s.argv;
	*argc = s.argc;
	return true;
}

bool words_split_text(TALLOC_CTX *ctx, const char *text, struct mstr **argv, size_t *argc,
		      size_t *bad_off)
{
	struct words_seg seg = {WS_TEXT, text};
	size_t bad_seg;

	return words_split(ctx, &seg, 1, argv, argc, &bad_seg, bad_off);
}
