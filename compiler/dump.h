/* A loaded compiled table printed back for people (svcc --dump) and for
 * programs (--dump --format json): every setting of every process. */
#ifndef SVC_DUMP_H
#define SVC_DUMP_H

#include <stdio.h>
#include "common/table.h"

/* "key value" lines: the supervisor, then groups, then processes, each
 * block's keys in a fixed order. */
void dump_text(FILE *f, const struct table *t);

/* One JSON object with the same content. */
void dump_json(FILE *f, const struct table *t);

#endif
