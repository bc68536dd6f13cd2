/* Inside the table reader: what table.c and its validator share. */
#ifndef SVC_TABLE_CHECK_H
#define SVC_TABLE_CHECK_H

#include "table.h"

/* Checks all of T (base and size set) and fills its section pointers;
 * a failure is a TABLE_* status with one message in ERR. */
int table_validate(struct table *t, char *err, size_t errlen);

/* Record I of section SEC. */
static inline const unsigned char *rec(const struct table *t, unsigned sec, uint32_t i)
{
	return t->sec[sec] + (size_t)i * t->recsize[sec];
}

/* The name of process P, NUL-terminated (checked by the validator). */
static inline const char *proc_name(const struct table *t, uint32_t p)
{
	const unsigned char *r = rec(t, TABLE_SEC_PROCS, p);
	return (const char *)t->sec[TABLE_SEC_STRINGS] + table_get32(r + TABLE_PROC_NAME);
}

#endif
