/* libFuzzer entry for the XML-RPC decoder: any bytes are parsed into an arena
 * (once roomy, once too small); a parsed message is encoded again, and that
 * must parse back to the same kind of message. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "proto/xmlrpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAXIN (1 << 20)

static char fuzz_mem[(64 << 10) + 8 * (size_t)FUZZ_MAXIN];
static char fuzz_mem2[(64 << 10) + 8 * (size_t)FUZZ_MAXIN];

static int fuzz_encode(struct buf *b, const struct xr_msg *m)
{
	switch (m->kind) {
	case XR_CALL: return xr_encode_call(b, m->method, m->params);
	case XR_RESPONSE: return xr_encode_response(b, m->value);
	case XR_FAULT:
	default: return xr_encode_fault(b, m->fault_code, m->fault_string);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xr_arena a, a2;
	struct xr_msg m, m2;
	struct buf b;
	char err[256];

	if (size > FUZZ_MAXIN)
		return 0;
	/* too small an arena must fail cleanly, never overrun */
	xr_arena_init(&a, fuzz_mem, 1024 + size / 2);
	if (xr_parse(&a, (const char *)data, size, &m, err, sizeof(err)) < 0 && !err[0])
		__builtin_trap();
	xr_arena_init(&a, fuzz_mem, sizeof(fuzz_mem));
	if (xr_parse(&a, (const char *)data, size, &m, err, sizeof(err)) < 0) {
		if (!err[0])
			__builtin_trap(); /* every refusal says why */
		return 0;
	}
	buf_init(&b, NULL, 64 << 20);
	if (fuzz_encode(&b, &m) < 0)
		__builtin_trap();
	if (b.len > FUZZ_MAXIN) {
		talloc_free(b.data); /* beyond the second arena's promise */
		return 0;
	}
	xr_arena_init(&a2, fuzz_mem2, sizeof(fuzz_mem2));
	if (xr_parse(&a2, b.data, b.len, &m2, err, sizeof(err)) < 0) {
		fprintf(stderr, "re-parse failed: %s\n%.*s\n", err, (int)b.len, b.data);
		__builtin_trap();
	}
	if (m2.kind != m.kind)
		__builtin_trap();
	talloc_free(b.data);
	return 0;
}
