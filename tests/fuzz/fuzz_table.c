/* libFuzzer entry for the table reader: any bytes are either refused with a
 * message or accepted, and an accepted table is walked through every
 * accessor and both dumps, so nothing past validation may misbehave. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "dump.h"
#include "common/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct table *t)
{
	static FILE *sink;
	struct table_sup s;

	if (!sink)
		sink = fopen("/dev/null", "w");
	table_sup(t, &s);
	for (uint32_t i = 0; i < table_nprocs(t); i++) {
		struct table_proc p;
		struct table_s n, v;
		table_proc(t, i, &p);
		for (uint32_t k = 0; k < p.argc; k++)
			(void)strlen(table_arg(t, &p, k).s);
		for (uint32_t k = 0; k < p.nenv; k++)
			table_env(t, &p, k, &n, &v);
		for (uint32_t k = 0; k < p.ndeps; k++)
			(void)table_dep(t, &p, k);
		for (uint32_t k = 0; p.ready.kind == TABLE_PROBE_EXEC && k < p.ready.argc; k++)
			(void)strlen(table_probe_arg(t, &p.ready, k).s);
		for (uint32_t k = 0; p.health.kind == TABLE_PROBE_EXEC && k < p.health.argc; k++)
			(void)strlen(table_probe_arg(t, &p.health, k).s);
		if (p.ready.target.s)
			(void)strlen(p.ready.target.s);
		if (p.health.target.s)
			(void)strlen(p.health.target.s);
		for (uint32_t k = 0; k < p.nenvfiles; k++)
			(void)strlen(table_envfile(t, &p, k).s);
	}
	if (sink) {
		dump_text(sink, t);
		dump_json(sink, t);
	}
}

static void load(const uint8_t *data, size_t size)
{
	struct table t;
	char err[256];

	if (table_load_mem(data, size, "fuzz.svct", &t, err, sizeof err) == 0) {
		walk(&t);
		table_close(&t);
	} else if (!err[0] || strncmp(err, "fuzz.svct: ", 11)) {
		__builtin_trap(); /* every refusal carries a message */
	}
}

/* Random bytes hardly ever carry the right size and checksum, so each
 * input is also tried with both fixed: that reaches the deeper checks. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t copy[1 << 20];

	load(data, size);
	if (size >= 32 && size <= sizeof copy) {
		memcpy(copy, data, size);
		table_put32(copy + 16, (uint32_t)size);
		table_put32(copy + 20, table_checksum(copy, size));
		load(copy, size);
	}
	return 0;
}
