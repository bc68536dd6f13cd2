/* A read-only view of the engine's processes as clients see them: the
 * active ones (removed groups left out), their names, lookups by
 * "group:name", and supervisord's descriptions. Used by the XML-RPC
 * methods and the panel; it never changes a process. */
#ifndef SVC_VIEW_H
#define SVC_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <talloc.h>
#include "engine/supervise.h"

struct view {
	TALLOC_CTX *mem;
	struct sup *sup;
	struct proc **list;                    /* room for every process, sized on reload */
	struct proc **by_name;                 /* every process by group and name, made on reload */
	const struct conf_proc **conf_by_name; /* the running table's, by name alone */
	size_t cap;
	uint64_t generation; /* the engine's, when the lists were made */
};

/* Sizes the list for S's processes now. Returns 0, or -1 out of memory. */
int view_init(struct view *v, TALLOC_CTX *mem, struct sup *s);
/* After a reload or restart: the lists made again (a no-op otherwise). */
int view_resize(struct view *v);

/* The active processes sorted by group then name, in the view's list,
 * valid until the next call. */
size_t view_sorted(struct view *v, struct proc ***out);
/* The next active process at or after *I (from 0) in the order of
 * view_sorted, *I moved past it; NULL at the end. Stable while the
 * engine's generation is. */
struct proc *view_next_sorted(struct view *v, size_t *i);
/* The next process of the running table at or after *I (from 0) in
 * getAllConfigInfo's order (by name), hidden ones too; NULL at the end. */
const struct conf_proc *view_next_config(struct view *v, size_t *i);
/* The active processes in start order, of GROUP only unless it is NULL,
 * in the view's list. */
size_t view_ordered(struct view *v, const char *group, struct proc ***out);

/* The active process named by NS ("x" or "g:x"), or NULL. */
struct proc *view_lookup(struct view *v, const char *ns);
/* NS as a process (*P) or, for "g:*", "g:" and a bare group name that is
 * no process, a group (*P NULL, its name in GROUP). False when neither. */
bool view_resolve(struct view *v, const char *ns, struct proc **p, char *group, size_t glen);

/* Wall-clock seconds of a loop_now() time. */
time_t view_wall(int64_t mono);
bool view_ever_started(const struct proc *p);
/* getProcessInfo's exitstatus. */
int view_exitcode(const struct proc *p);
/* supervisord's description (getProcessInfo's): "pid 12, uptime 0:00:15",
 * the spawn error, the stop time, "Not started", or "". */
void view_describe(const struct proc *p, time_t now, char *buf, size_t len);

#endif
