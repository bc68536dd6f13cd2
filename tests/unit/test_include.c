/* Tests of include expansion (parse.c) over the file trees in
 * tests/unit/data/include: sorted matches, paths relative to the including
 * file, each file read once, cycles, and every way an include can fail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include <talloc.h>
#include "leak.h"
#include "parse.h"

#define DATA "tests/unit/data/include"

struct fixture {
	TALLOC_CTX *root;
	struct leak_mark mark;
	struct diags *d;
	struct ast_unit *u;
	int cwd; /* to come back to after in_dir() */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->mark = leak_mark();
	fx->root = talloc_new(NULL);
	fx->d = diags_new(fx->root);
	fx->cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fx->cwd >= 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fchdir(fx->cwd), 0);
	close(fx->cwd);
	talloc_free(fx->u);
	talloc_free(fx->d);
	leak_check(fx->root, fx->mark);
	free(fx);
	return 0;
}

/* Runs the rest of the test from DIR (under DATA), so paths in messages
 * are as short as a user running svcc there would see. */
static void in_dir(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), DATA "/%s", dir);
	assert_int_equal(chdir(path), 0);
}

static void check_pos(struct loc l, const char *path, unsigned line, unsigned col)
{
	unsigned lo, co;

	assert_non_null(l.file);
	assert_string_equal(l.file->path, path);
	src_position(l.file, l.off, &lo, &co);
	assert_int_equal(lo, line);
	assert_int_equal(co, col);
}

static void check_diag(struct fixture *fx, size_t i, enum diag_code code, const char *path,
		       unsigned line, unsigned col, const char *msg)
{
	assert_true(i < fx->d->n);
	assert_int_equal(fx->d->list[i]->code, code);
	check_pos(fx->d->list[i]->loc, path, line, col);
	if (msg)
		assert_string_equal(fx->d->list[i]->msg, msg);
}

static void check_keys(const struct ast_unit *u, const char *const *keys, size_t n)
{
	assert_int_equal(u->ntop, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(u->top[i]->key, keys[i]);
}

static char *abs_path(TALLOC_CTX *ctx, const char *path)
{
	char *real = realpath(path, NULL);
	char *res;

	assert_non_null(real);
	res = talloc_strdup(ctx, real);
	free(real);
	return res;
}

static void test_sorted_in_place(void **state)
{
	struct fixture *fx = *state;
	/* Z sorts before a bytewise; b comes once; x comes where a.svc names it. */
	static const char *const keys[] = {
		"first", "Z", "a", "x", "b", "c", "middle", "last",
	};

	fx->u = parse_unit(fx->root, DATA "/tree/main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->d->n, 0);
	check_keys(fx->u, keys, 8);
	check_pos(fx->u->top[3]->key_loc, DATA "/tree/conf.d/../extra/x.svc", 1, 1);
	check_pos(fx->u->top[6]->key_loc, DATA "/tree/main.svc", 4, 1);
}

static void test_files_listed(void **state)
{
	struct fixture *fx = *state;
	static const char *const paths[] = {
		DATA "/tree/main.svc",     DATA "/tree/conf.d/Z.svc",
		DATA "/tree/conf.d/a.svc", DATA "/tree/conf.d/../extra/x.svc",
		DATA "/tree/conf.d/b.svc", DATA "/tree/conf.d/c.svc",
	};
	char *dir;

	fx->u = parse_unit(fx->root, DATA "/tree/main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->u->nfiles, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(fx->u->files[i]->path, paths[i]);
		assert_int_equal(fx->u->files[i]->index, i);
	}
	/* dir is absolute (for ${here}); real identifies the file. */
	dir = abs_path(fx->root, DATA "/tree/extra");
	assert_string_equal(fx->u->files[3]->dir, dir);
	talloc_free(dir);
	dir = abs_path(fx->root, DATA "/tree/extra/x.svc");
	assert_string_equal(fx->u->files[3]->real, dir);
	talloc_free(dir);
}

static void test_paths_from_current_dir(void **state)
{
	struct fixture *fx = *state;

	in_dir("tree");
	fx->u = parse_unit(fx->root, "main.svc", fx->d);
	assert_non_null(fx->u);
	assert_string_equal(fx->u->files[0]->path, "main.svc");
	assert_string_equal(fx->u->files[1]->path, "conf.d/Z.svc");
	assert_string_equal(fx->u->files[3]->path, "conf.d/../extra/x.svc");
}

static void test_parse_text_resolves_against_dir(void **state)
{
	struct fixture *fx = *state;
	char *dir = abs_path(fx->root, DATA "/tree");

	fx->u = parse_text(fx->root, "<stdin>", dir, "include \"conf.d/b.svc\";\nafter 1;\n",
			   fx->d);
	talloc_free(dir);
	assert_int_equal(fx->d->n, 0);
	assert_int_equal(fx->u->ntop, 2);
	assert_string_equal(fx->u->top[0]->key, "b");
	assert_string_equal(fx->u->files[1]->path, "conf.d/b.svc");
}

static void test_absolute_glob(void **state)
{
	struct fixture *fx = *state;
	char *abs = abs_path(fx->root, DATA "/tree/extra/x.svc");
	char *text = talloc_asprintf(fx->root, "include \"%s\";\n", abs);

	fx->u = parse_text(fx->root, "t.svc", "/nonexistent", text, fx->d);
	talloc_free(text);
	assert_int_equal(fx->d->n, 0);
	assert_int_equal(fx->u->ntop, 1);
	assert_string_equal(fx->u->top[0]->key, "x");
	assert_string_equal(fx->u->files[1]->path, abs);
	talloc_free(abs);
}

static void test_each_file_once(void **state)
{
	struct fixture *fx = *state;
	static const char *const keys[] = {"a", "common", "b"};

	fx->u = parse_unit(fx->root, DATA "/diamond/main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->d->n, 0);
	check_keys(fx->u, keys, 3);
	assert_int_equal(fx->u->nfiles, 4);
}

static void test_cycle(void **state)
{
	struct fixture *fx = *state;
	static const char *const keys[] = {"top", "a", "b", "after"};

	in_dir("cycle");
	fx->u = parse_unit(fx->root, "main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_INCLUDE_CYCLE, "sub/b.svc", 2, 9,
		   "include cycle: main.svc -> a.svc -> sub/b.svc -> main.svc");
	check_keys(fx->u, keys, 4);
}

static void test_self_include(void **state)
{
	struct fixture *fx = *state;

	in_dir("self");
	fx->u = parse_unit(fx->root, "main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->d->n, 1);
	check_diag(fx, 0, D_INCLUDE_CYCLE, "main.svc", 1, 9, "include cycle: main.svc -> main.svc");
	assert_int_equal(fx->u->ntop, 1);
	assert_int_equal(fx->u->nfiles, 1);
}

static void test_errors(void **state)
{
	struct fixture *fx = *state;
	const struct ast_stmt *s;

	in_dir("errors");
	fx->u = parse_unit(fx->root, "main.svc", fx->d);
	assert_non_null(fx->u);
	assert_int_equal(fx->d->n, 7);
	check_diag(fx, 0, D_INCLUDE, "main.svc", 1, 9, "include \"conf.d/*.conf\" matches no file");
	check_diag(fx, 1, D_BAD_TYPE, "main.svc", 2, 9, NULL);
	check_diag(fx, 2, D_BAD_TYPE, "main.svc", 3, 9, NULL);
	check_diag(fx, 3, D_BAD_TYPE, "main.svc", 4, 1, NULL);
	check_diag(fx, 4, D_BAD_TYPE, "main.svc", 5, 17, NULL);
	check_diag(fx, 5, D_IO, "main.svc", 6, 9, "cannot read 'dir.svc': Is a directory");
	check_diag(fx, 6, D_INCLUDE, "main.svc", 7, 9, "include \"\" matches no file");
	/* Consumed at top level; left in a block for validation to reject. */
	assert_int_equal(fx->u->ntop, 2);
	s = fx->u->top[0];
	assert_string_equal(s->key, "s");
	assert_string_equal(s->body[0]->key, "include");
	assert_string_equal(fx->u->top[1]->key, "end");
}

static void test_missing_main(void **state)
{
	struct fixture *fx = *state;

	fx->u = parse_unit(fx->root, DATA "/nope.svc", fx->d);
	assert_null(fx->u);
	assert_int_equal(fx->d->n, 1);
	assert_int_equal(fx->d->list[0]->code, D_IO);
	assert_null(fx->d->list[0]->loc.file);
	assert_string_equal(fx->d->list[0]->msg,
			    "cannot read '" DATA "/nope.svc': No such file or directory");
}

static void test_errors_in_included_file(void **state)
{
	struct fixture *fx = *state;
	char *dir = abs_path(fx->root, DATA "/errors");

	/* A syntax error inside an included file names that file. */
	fx->u = parse_text(fx->root, "t.svc", dir, "include \"main.svc\";\n", fx->d);
	talloc_free(dir);
	assert_int_equal(fx->d->n, 7);
	check_diag(fx, 0, D_INCLUDE, "main.svc", 1, 9, NULL);
	assert_int_equal(fx->u->nfiles, 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sorted_in_place),
		T(test_files_listed),
		T(test_paths_from_current_dir),
		T(test_parse_text_resolves_against_dir),
		T(test_absolute_glob),
		T(test_each_file_once),
		T(test_cycle),
		T(test_self_include),
		T(test_errors),
		T(test_missing_main),
		T(test_errors_in_included_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
