/* The compiled table's writer: turns a validated model into the bytes of a
 * services.svct file (layout in common/table.h, docs/table-format.md). */
#ifndef SVC_TABLE_WRITE_H
#define SVC_TABLE_WRITE_H

#include <stddef.h>
#include <talloc.h>
#include "model.h"

/* Encodes M (which must hold no error) into *BUF (a talloc buffer under CTX)
 * of *LEN bytes. Deterministic: the same model gives the same bytes.
 * Returns 0, or -1 when the table would not fit the format (over 4 GiB). */
int table_write_model(TALLOC_CTX *ctx, const struct model *m, void **buf, size_t *len);

#endif
