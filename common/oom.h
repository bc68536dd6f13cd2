/* What running out of memory does in the short-lived programs, svcc and
 * svcctl: their work cannot be cut short sensibly, so an allocation that
 * fails ends the program through its handler. svcd never uses this: it
 * checks each allocation and refuses the request or the reload instead. */
#ifndef SVC_OOM_H
#define SVC_OOM_H

/* The program's handler (default: abort); it must not return. */
void oom_handler(void (*fn)(void));

/* Calls the handler when memory ran out. */
void oom(void) __attribute__((noreturn));

/* P, or the handler when P is NULL: for allocations that must succeed.
 * The macro keeps P's type, so must() can stand where P stood. */
void *oom_check(void *p);
#define must(p) ((__typeof__(p))oom_check(p))

#endif
