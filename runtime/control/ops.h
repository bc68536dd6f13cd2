/* Start, stop and restart as clients ask for them, with waits that never
 * block the loop: one wait slot per connection, made once and sized on
 * reload, answered once the processes it names have settled. Used by the
 * XML-RPC methods and the panel; every change goes to the engine. */
#ifndef SVC_OPS_H
#define SVC_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include "control/http.h"
#include "proto/xmlrpc.h"
#include "view.h"

/* The outcome of one call: a value, a fault, or "the wait slot holds the
 * rest". */
struct op_res {
	struct xr_value *v;
	int fault;
	char text[320];
	bool wait;
	bool streamed; /* the reply is being streamed (rpc_stream.c) */
};

/* Sets RES to fault CODE, with supervisord's text "NAME: DETAIL". */
void op_fault(struct op_res *res, int code, const char *detail);
/* The XML-RPC fault code of an engine outcome (XR_SUCCESS for SUP_OK). */
int op_code(enum sup_outcome o);

enum op_kind { W_NONE, W_START, W_STOP, W_RESTART };

typedef void op_done_fn(void *ctx, struct http_conn *c, int fault);

/* One connection's request that waits for processes. */
struct op_wait {
	enum op_kind kind;
	uint64_t generation; /* the engine's when the wait began */
	bool group;          /* answer with an array of result structs */
	bool multicall;      /* part of system.multicall */
	op_done_fn *done;    /* a panel action, else an XML-RPC reply */
	void *done_ctx;
	char name[256];      /* the namespec asked for (fault texts) */
	struct proc **procs; /* being waited for */
	int *codes;          /* parallel: the result, 0 while waiting */
	size_t nprocs;
	struct buf early;     /* group results known at once, encoded */
	struct buf acc;       /* multicall: the results so far, encoded */
	const char *body;     /* multicall: the request, to resume */
	size_t bodylen, next; /* multicall: the call to run next */
	int fault;            /* the worst result, for panel actions */
	struct proc *target;  /* panel restart: the process, NULL for all */
};

struct ops {
	TALLOC_CTX *mem;
	struct sup *sup;
	struct view *view;
	struct xr_arena *arena; /* for encoding group results */
	struct op_wait *waits;  /* one per connection slot */
	unsigned nwaits;
	size_t room;         /* processes one wait can hold */
	struct proc **procs; /* the waits' arrays, one block */
	int *codes;
	bool dirty;   /* a wait began since ops_dirty last looked */
	char *bases;  /* every slot's early and acc storage, mapped once */
	size_t nbase; /* bytes of that mapping */
};

/* A wait slot for each of LIM's connections, with buffers of at most its
 * maxout bytes that allocate from its pool. */
int ops_init(struct ops *o, TALLOC_CTX *mem, struct sup *s, struct view *v, struct xr_arena *a,
	     const struct http_limits *lim);
/* After a reload: the slots' arrays sized for the processes now. */
int ops_resize(struct ops *o);

struct op_wait *ops_slot(struct ops *o, struct http_conn *c);
/* True (once) when a wait began since the last call. */
bool ops_dirty(struct ops *o);
void op_clear(struct op_wait *w);
/* The connection of W closed: W is cleared and its buffers' pages go back
 * to the kernel. */
void op_forget(struct op_wait *w);
void op_add(struct ops *o, struct op_wait *w, struct proc *p);
/* True when a reload or restart happened since W began: its processes
 * may be gone, and must not be looked at. */
bool op_stale(const struct ops *o, const struct op_wait *w);

/* Starts or stops P (named NS in faults). Returns 0 (*WAITING: a wait is
 * due) or a fault, with its text in RES. */
int op_start_one(struct ops *o, struct proc *p, const char *ns, bool wait, bool *waiting,
		 struct op_res *res, int64_t now);
int op_stop_one(struct ops *o, struct proc *p, const char *ns, bool wait, bool *waiting,
		struct op_res *res, int64_t now);
/* Start or stop over a list: immediate results go to W's early list, the
 * rest is waited for. Returns true when something waits. */
bool op_apply_all(struct ops *o, struct op_wait *w, struct proc **procs, size_t n,
		  enum op_kind kind, bool wait, int64_t now);
/* supervisord's result struct of a group call: name, group, status,
 * description. */
struct xr_value *op_result(struct xr_arena *a, const struct proc *p, int code, const char *text);
/* A group result for P into W's early list. */
void op_early(struct ops *o, struct op_wait *w, const struct proc *p, int code, const char *text);
/* True once every process of W settled, with results added to the early
 * list (group) or the outcome in RES (single). */
bool op_check(struct ops *o, struct op_wait *w, struct op_res *res);

/* A panel action on P (every process when NULL). Returns a fault code, 0
 * when done already, or -1 when DONE will be called once settled. */
enum op_panel { OP_START, OP_STOP, OP_RESTART };
int op_panel(struct ops *o, struct http_conn *c, struct proc *p, enum op_panel op, op_done_fn *done,
	     void *ctx);
/* Goes on with a panel wait once it settled: the start of a restart, or
 * the done callback. */
void op_panel_resume(struct ops *o, struct http_conn *c, struct op_wait *w);

#endif
