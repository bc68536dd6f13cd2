/* XML-RPC replies too large for one buffer (the status or configuration
 * of many processes, a long read of a log), written a piece at a time as
 * the client takes them: a connection holds at most RPC_STREAM_LOW bytes
 * queued and one piece, whatever the size of the reply. A reply that a
 * reload overtakes (its processes may be gone) is cut off: the connection
 * is closed. */
#include "methods.h"

#include <string.h>
#include <unistd.h>
#include "common/text.h"

#define RPC_STREAM_LOW   (64u << 10) /* queued bytes under which a piece is made */
#define RPC_STREAM_PIECE (16u << 10) /* bytes of file a piece reads */

enum rpc_stream_kind { RS_NONE, RS_INFO, RS_CONFIG, RS_FILE };

struct rpc_stream {
	enum rpc_stream_kind kind;
	uint64_t generation; /* the engine's when the reply began */
	size_t next;         /* RS_INFO, RS_CONFIG: the view's next index */
	int fd;              /* RS_FILE: the log, owned */
	int64_t off, left;   /* RS_FILE: what is still to send */
	bool tail;           /* RS_FILE: tailProcess*Log's array */
	int64_t size;        /* the tail's new offset */
	bool overflow;       /* the tail's overflow flag */
};

int rpc_streams_init(struct rpc *r, unsigned nconns)
{
	unsigned i;

	r->streams = talloc_zero_array(r, struct rpc_stream, nconns);
	if (!r->streams)
		return -1;
	for (i = 0; i < nconns; i++)
		r->streams[i].fd = -1;
	return 0;
}

static struct rpc_stream *rpc_stream_of(struct rpc *r, struct http_conn *c)
{
	return &r->streams[http_conn_index(c)];
}

bool rpc_streaming(struct rpc *r, struct http_conn *c)
{
	return rpc_stream_of(r, c)->kind != RS_NONE;
}

void rpc_stream_gone(struct rpc *r, struct http_conn *c)
{
	struct rpc_stream *st = rpc_stream_of(r, c);

	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
	st->kind = RS_NONE;
}

/* The response's head and, for a tail, the array around the string. */
static void rpc_stream_open(struct rpc *r, struct http_conn *c, struct rpc_stream *st)
{
	buf_reset(&r->body);
	xr_encode_response_head(&r->body);
	if (st->kind == RS_INFO || st->kind == RS_CONFIG)
		buf_str(&r->body, "<value><array><data>\n");
	else if (st->tail)
		buf_str(&r->body, "<value><array><data>\n<value><string>");
	else
		buf_str(&r->body, "<value><string>");
	http_body_begin(c, "text/xml");
	http_stream_write(c, r->body.data, r->body.len);
}

static void rpc_stream_close(struct rpc *r, struct rpc_stream *st)
{
	buf_reset(&r->body);
	if (st->kind == RS_INFO || st->kind == RS_CONFIG)
		buf_str(&r->body, "</data></array></value>");
	else if (st->tail)
		buf_printf(&r->body,
			   "</string></value>\n<value><int>%lld</int></value>\n"
			   "<value><boolean>%d</boolean></value>\n</data></array></value>",
			   (long long)st->size, st->overflow ? 1 : 0);
	else
		buf_str(&r->body, "</string></value>");
	xr_encode_response_tail(&r->body);
}

bool rpc_stream_info(struct rpc_call *x, struct op_res *res)
{
	struct proc **procs;
	struct rpc_stream *st;

	if (x->in_multicall || !x->c || view_sorted(x->r->view, &procs) <= RPC_STREAM_PROCS)
		return false;
	st = rpc_stream_of(x->r, x->c);
	st->kind = RS_INFO;
	st->next = 0;
	st->generation = x->r->sup->generation;
	rpc_stream_open(x->r, x->c, st);
	res->streamed = true;
	return true;
}

bool rpc_stream_config(struct rpc_call *x, struct op_res *res)
{
	struct rpc_stream *st;

	if (x->in_multicall || !x->c || x->r->sup->conf->nprocs <= RPC_STREAM_PROCS
	    || view_resize(x->r->view) < 0)
		return false;
	st = rpc_stream_of(x->r, x->c);
	st->kind = RS_CONFIG;
	st->next = 0;
	st->generation = x->r->sup->generation;
	rpc_stream_open(x->r, x->c, st);
	res->streamed = true;
	return true;
}

bool rpc_stream_file(struct rpc_call *x, int fd, int64_t off, int64_t len, const int64_t *tail_size,
		     bool overflow, struct op_res *res)
{
	struct rpc_stream *st;

	if (x->in_multicall || !x->c || len <= RPC_STREAM_BYTES)
		return false;
	st = rpc_stream_of(x->r, x->c);
	st->kind = RS_FILE;
	st->fd = fd;
	st->off = off;
	st->left = len;
	st->tail = tail_size != NULL;
	st->size = tail_size ? *tail_size : 0;
	st->overflow = overflow;
	st->generation = x->r->sup->generation;
	rpc_stream_open(x->r, x->c, st);
	res->streamed = true;
	return true;
}

/* The bytes of a read that end on a whole UTF-8 sequence (unless LAST):
 * a sequence cut between two pieces must not become two U+FFFDs. */
static size_t rpc_whole_utf8(const char *buf, size_t n, bool last)
{
	size_t k = n, back = 0;

	if (last)
		return n;
	while (k > 0 && back < 3 && utf8_cont((unsigned char)buf[k - 1])) {
		k--;
		back++;
	}
	if (k > 0 && (unsigned char)buf[k - 1] >= 0xC0) {
		unsigned char lead = (unsigned char)buf[k - 1];
		size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

		if (back + 1 < want)
			return k - 1 > 0 ? k - 1 : n;
	}
	return n;
}

/* One piece into r->body. False once everything is in, the end included. */
static bool rpc_stream_piece(struct rpc *r, struct rpc_stream *st)
{
	buf_reset(&r->body);
	if (st->kind == RS_INFO) {
		struct proc *p;

		while (r->body.len < RPC_STREAM_PIECE
		       && (p = view_next_sorted(r->view, &st->next))) {
			xr_arena_reset(&r->arena);
			xr_encode_value(&r->body, rpc_info(&r->arena, p));
			buf_str(&r->body, "\n");
		}
		if (r->body.len > 0)
			return true;
	} else if (st->kind == RS_CONFIG) {
		const struct conf_proc *cf;

		while (r->body.len < RPC_STREAM_PIECE
		       && (cf = view_next_config(r->view, &st->next))) {
			xr_arena_reset(&r->arena);
			xr_encode_value(&r->body,
					rpc_config_info(&r->arena, cf,
							sup_group_active(r->sup, cf->group)));
			buf_str(&r->body, "\n");
		}
		if (r->body.len > 0)
			return true;
	} else if (st->left > 0) {
		static char buf[RPC_STREAM_PIECE];
		size_t want = st->left < (int64_t)sizeof(buf) ? (size_t)st->left : sizeof(buf);
		ssize_t n = pread(st->fd, buf, want, (off_t)st->off);

		if (n > 0) {
			size_t k = rpc_whole_utf8(buf, (size_t)n, (int64_t)n >= st->left);

			xr_buf_xml(&r->body, buf, k);
			st->off += (int64_t)k;
			st->left -= (int64_t)k;
			return true;
		}
		/* the file shrank under us: what is there is all there is */
	}
	rpc_stream_close(r, st);
	return false;
}

void rpc_stream_fill(struct rpc *r, struct http_conn *c)
{
	struct rpc_stream *st = rpc_stream_of(r, c);

	if (st->kind != RS_NONE && st->generation != r->sup->generation) {
		http_abort(c); /* calls rpc_stream_gone */
		return;
	}
	while (st->kind != RS_NONE && http_queued(c) < RPC_STREAM_LOW) {
		bool more = rpc_stream_piece(r, st);

		http_stream_write(c, r->body.data, r->body.len);
		buf_release(&r->body, BUF_KEEP);
		if (st->kind == RS_NONE)
			return; /* the write closed the connection */
		if (!more) {
			rpc_stream_gone(r, c);
			http_body_end(c);
			return;
		}
	}
}
