/* Source files: reads a file (or takes text from memory), remembers its
 * folder for includes and ${here}, and builds the line map once so that a
 * byte offset becomes line:column only when a message is printed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "src.h"
#include "common/oom.h"

/* One pass over the text; a final newline does not start an empty line. */
static int build_lines(struct src_file *f)
{
	size_t n = 1;

	for (size_t i = 0; i + 1 < f->size; i++)
		if (f->text[i] == '\n')
			n++;
	f->lines = talloc_array(f, uint32_t, n);
	if (!f->lines)
		return -1;
	f->lines[0] = 0;
	f->nlines = 1;
	for (size_t i = 0; i + 1 < f->size; i++)
		if (f->text[i] == '\n')
			f->lines[f->nlines++] = (uint32_t)(i + 1);
	return 0;
}

static char *read_all(TALLOC_CTX *ctx, int fd, size_t *len, int *err)
{
	size_t cap = 4096, n = 0;
	char *buf = must(talloc_array(ctx, char, cap + 1));

	while (buf) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno;
			talloc_free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) {
			cap *= 2;
			buf = must(talloc_realloc(ctx, buf, char, cap + 1));
		}
	}
	if (!buf) {
		*err = ENOMEM;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The folder holding PATH, absolute and canonical. */
static char *abs_dir(TALLOC_CTX *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *res, *real;

	if (!slash)
		dir = must(talloc_strdup(ctx, "."));
	else if (slash == path)
		dir = must(talloc_strdup(ctx, "/"));
	else
		dir = talloc_strndup(ctx, path, (size_t)(slash - path));
	if (!dir)
		return NULL;
	real = realpath(dir, NULL);
	talloc_free(dir);
	if (!real)
		return NULL;
	res = must(talloc_strdup(ctx, real));
	free(real);
	return res;
}

static char *real_path(TALLOC_CTX *ctx, const char *path)
{
	char *real = realpath(path, NULL);
	char *res;

	if (!real)
		return NULL;
	res = must(talloc_strdup(ctx, real));
	free(real);
	return res;
}

struct src_file *src_open(TALLOC_CTX *ctx, const char *path, int *err)
{
	struct src_file *f = must(talloc_zero(ctx, struct src_file));
	int fd;

	if (!f) {
		*err = ENOMEM;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		goto fail;
	}
	f->text = read_all(f, fd, &f->size, err);
	close(fd);
	if (!f->text)
		goto fail;
	f->real = real_path(f, path);
	f->dir = abs_dir(f, path);
	if (!f->real || !f->dir) {
		*err = errno;
		goto fail;
	}
	f->path = talloc_strdup(f, path);
	if (!f->path || build_lines(f) < 0) {
		*err = ENOMEM;
		goto fail;
	}
	return f;
fail:
	talloc_free(f);
	return NULL;
}

struct src_file *src_from_text(TALLOC_CTX *ctx, const char *name, const char *dir, const char *text,
			       size_t len)
{
	struct src_file *f = must(talloc_zero(ctx, struct src_file));
	const char *base = strrchr(name, '/');
	char *copy;

	if (!f)
		return NULL;
	base = base ? base + 1 : name;
	copy = must(talloc_array(f, char, len + 1));
	if (copy) {
		memcpy(copy, text, len);
		copy[len] = '\0';
	}
	f->text = copy;
	f->size = len;
	f->path = must(talloc_strdup(f, name));
	f->dir = must(talloc_strdup(f, dir));
	f->real = name[0] == '/' ? must(talloc_strdup(f, name))
				 : must(talloc_asprintf(f, "%s/%s", dir, base));
	if (!copy || !f->path || !f->dir || !f->real || build_lines(f) < 0) {
		talloc_free(f);
		return NULL;
	}
	return f;
}

void src_position(const struct src_file *f, uint32_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi;

	if (!f || f->nlines == 0) {
		*line = 0;
		*col = 0;
		return;
	}
	/* The last line starting at or before OFF. */
	hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*col = off - f->lines[lo] + 1;
}

const char *src_line(const struct src_file *f, unsigned line, size_t *len)
{
	const char *s, *end;

	if (!f || line == 0 || line > f->nlines) {
		*len = 0;
		return "";
	}
	s = f->text + f->lines[line - 1];
	end = memchr(s, '\n', (size_t)(f->text + f->size - s));
	if (!end)
		end = f->text + f->size;
	if (end > s && end[-1] == '\r')
		end--;
	*len = (size_t)(end - s);
	return s;
}

struct loc loc_join(struct loc a, struct loc b)
{
	struct loc r = a;

	if (b.off + b.len > a.off)
		r.len = b.off + b.len - a.off;
	return r;
}
