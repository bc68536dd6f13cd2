/* The XML-RPC methods on logs: read and tail (supervisord's offset rules),
 * clear; of the main log and of the processes' stdout and stderr. */
#include "methods.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "engine/mainlog.h"
#include "engine/safeopen.h"

/* readFile's rules: a negative offset with length 0 is the tail. TAIL
 * (the new offset) and OVERFLOW make the answer tailProcess*Log's array
 * when the read is streamed; otherwise the caller builds it. */
static void rpc_read_file(struct rpc_call *x, const char *path, int64_t off, int64_t len,
			  const int64_t *tail, bool overflow, struct op_res *res)
{
	struct rpc *r = x->r;
	struct stat st;
	size_t n, got = 0;
	char *buf;
	int fd;

	if (!path || lstat(path, &st) < 0) {
		op_fault(res, XR_NO_FILE, path ? path : "None");
		return;
	}
	if ((off < 0 && len != 0) || len < 0) {
		op_fault(res, XR_BAD_ARGUMENTS, NULL);
		return;
	}
	/* never through a symlink someone planted at the log's name */
	fd = safeopen_read(path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		op_fault(res, XR_FAILED, NULL);
		return;
	}
	if (off < 0) {
		len = off < -st.st_size ? st.st_size : -off;
		off = st.st_size - len;
	} else if (off >= st.st_size) {
		len = 0;
	} else if (len == 0 || len > st.st_size - off) {
		len = st.st_size - off;
	}
	n = (size_t)len < RPC_READ_MAX ? (size_t)len : RPC_READ_MAX;
	if (rpc_stream_file(x, fd, off, (int64_t)n, tail, overflow, res))
		return;
	buf = xr_alloc(&r->arena, n + 1);
	while (buf && got < n) {
		ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + (int64_t)got));

		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	res->v = buf ? xr_stringn(&r->arena, buf, got) : NULL;
}

void m_read_log(struct rpc_call *x, struct op_res *res)
{
	int64_t off, len;

	if (!rpc_up(x, res) || !rpc_nargs(x, 2, 2, res) || !rpc_int_arg(x, 0, &off, res)
	    || !rpc_int_arg(x, 1, &len, res))
		return;
	rpc_read_file(x, x->r->sup->conf->logfile, off, len, NULL, false, res);
}

void m_clear_log(struct rpc_call *x, struct op_res *res)
{
	const char *path = x->r->sup->conf->logfile;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	if (!path || access(path, F_OK) < 0) {
		op_fault(res, XR_NO_FILE, path ? path : "None");
		return;
	}
	if (mainlog_clear() < 0) {
		op_fault(res, XR_FAILED, strerror(errno));
		return;
	}
	mainlog_info("main log cleared by a client");
	res->v = xr_bool(&x->r->arena, true);
}

static void rpc_read_proc(struct rpc_call *x, struct op_res *res, bool err)
{
	int64_t off, len;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 3, 3, res) || !(p = rpc_proc_arg(x, res))
	    || !rpc_int_arg(x, 1, &off, res) || !rpc_int_arg(x, 2, &len, res))
		return;
	rpc_read_file(x, err ? p->cf->err.path : p->cf->out.path, off, len, NULL, false, res);
}

void m_read_stdout(struct rpc_call *x, struct op_res *res)
{
	rpc_read_proc(x, res, false);
}

void m_read_stderr(struct rpc_call *x, struct op_res *res)
{
	rpc_read_proc(x, res, true);
}

/* tailFile's rules: [bytes, newoffset, overflow]. */
static void rpc_tail_proc(struct rpc_call *x, struct op_res *res, bool err)
{
	struct xr_arena *a = &x->r->arena;
	int64_t off, len, sz, end;
	const char *path;
	bool overflow = false;
	struct op_res data = {0};
	struct stat st;
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 3, 3, res) || !(p = rpc_proc_arg(x, res))
	    || !rpc_int_arg(x, 1, &off, res) || !rpc_int_arg(x, 2, &len, res))
		return;
	path = err ? p->cf->err.path : p->cf->out.path;
	res->v = xr_array(a);
	if (!path || lstat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		xr_append(a, res->v, xr_string(a, ""));
		xr_append(a, res->v, xr_int(a, 0));
		xr_append(a, res->v, xr_bool(a, false));
		return;
	}
	sz = st.st_size;
	if (len < 0)
		len = 0;
	/* a client's offset and length may be anything: their sum saturates
	   (Python's integers, which tailFile's rules were written in, do not
	   overflow) */
	if (__builtin_add_overflow(off, len, &end))
		end = INT64_MAX;
	if (sz > end) {
		overflow = true;
		off = sz - 1;
		if (__builtin_add_overflow(off, len, &end))
			end = INT64_MAX;
	}
	if (end > sz) {
		if (off > sz - 1)
			len = 0;
		off = sz - len;
	}
	if (off < 0)
		off = 0;
	if (len > 0)
		rpc_read_file(x, path, off, len, &sz, overflow, &data);
	if (data.streamed) {
		res->v = NULL;
		res->streamed = true;
		return;
	}
	xr_append(a, res->v, data.v ? data.v : xr_string(a, ""));
	xr_append(a, res->v, xr_int(a, sz));
	xr_append(a, res->v, xr_bool(a, overflow));
}

void m_tail_stdout(struct rpc_call *x, struct op_res *res)
{
	rpc_tail_proc(x, res, false);
}

void m_tail_stderr(struct rpc_call *x, struct op_res *res)
{
	rpc_tail_proc(x, res, true);
}

void m_clear_proc_logs(struct rpc_call *x, struct op_res *res)
{
	struct proc *p;

	if (!rpc_up(x, res) || !rpc_nargs(x, 1, 1, res) || !(p = rpc_proc_arg(x, res)))
		return;
	if (sup_clear_logs(x->r->sup, p) < 0) {
		op_fault(res, XR_FAILED, p->cf->name);
		return;
	}
	res->v = xr_bool(&x->r->arena, true);
}

void m_clear_all_logs(struct rpc_call *x, struct op_res *res)
{
	struct xr_arena *a = &x->r->arena;
	struct proc **procs;
	size_t n, i;

	if (!rpc_up(x, res) || !rpc_nargs(x, 0, 0, res))
		return;
	n = view_ordered(x->r->view, NULL, &procs);
	res->v = xr_array(a);
	for (i = 0; i < n; i++) {
		bool ok = sup_clear_logs(x->r->sup, procs[i]) == 0;

		xr_append(
			a, res->v,
			op_result(a, procs[i], ok ? XR_SUCCESS : XR_FAILED, ok ? "OK" : "FAILED"));
	}
}
