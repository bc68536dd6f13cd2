/* The schema table built from schema.def, and the look-ups validation and
 * `svcc --keys` make in it. */
#include <string.h>
#include "schema.h"
#include "suggest.h"

const struct schema_key schema_keys[SK__COUNT] = {
#define X(id, block, name, type, words, min, max, def_num, def_str, flags, sub, ini, doc) \
	{id, block, name, type, words, min, max, def_num, def_str, flags, sub, ini, doc},
#include "schema.def"
#undef X
};

static const char *const block_names[SB__COUNT] = {
	[SB_TOP] = "top level",   [SB_SUPERVISOR] = "supervisor",
	[SB_SERVICE] = "service", [SB_GROUP] = "group",
	[SB_NGINX] = "nginx",     [SB_INITSCRIPT] = "initscript",
	[SB_SOCKET] = "socket",   [SB_AUTH] = "auth",
	[SB_LOG] = "log",         [SB_READY] = "ready",
	[SB_HEALTH] = "health",   [SB_LIMITS] = "limits",
	[SB_MAXRSS] = "maxrss",   [SB_BACKOFF] = "backoff",
	[SB_ROLLING] = "rolling",
};

/* Where each block's keys begin and how many there are: contiguous, as
 * schema.def promises, and counted once since validation asks per block. */
static struct {
	unsigned first, count;
} block_span[SB__COUNT];
static bool spans_ready;

static void spans_compute(void)
{
	for (int b = 0; b < SB__COUNT; b++)
		block_span[b].first = SK__COUNT;
	for (unsigned i = 0; i < SK__COUNT; i++) {
		enum schema_block b = schema_keys[i].block;

		if (block_span[b].count++ == 0)
			block_span[b].first = i;
	}
	spans_ready = true;
}

enum schema_key_id schema_first(enum schema_block block)
{
	if (!spans_ready)
		spans_compute();
	return (enum schema_key_id)block_span[block].first;
}

size_t schema_count(enum schema_block block)
{
	if (!spans_ready)
		spans_compute();
	return block_span[block].count;
}

const struct schema_key *schema_find(enum schema_block block, const char *name)
{
	size_t first = schema_first(block), n = schema_count(block);

	for (size_t i = first; i < first + n; i++)
		if (strcmp(schema_keys[i].name, name) == 0)
			return &schema_keys[i];
	return NULL;
}

int schema_word(const struct schema_key *key, const char *word)
{
	size_t len = strlen(word);
	const char *p = key->words;
	int index = 0;

	if (!p || len == 0)
		return -1;
	while (*p) {
		size_t n = strcspn(p, " ");
		if (n == len && memcmp(p, word, len) == 0)
			return index;
		p += n;
		p += strspn(p, " ");
		index++;
	}
	return -1;
}

const char *schema_suggest(enum schema_block block, const char *name)
{
	size_t first = schema_first(block), n = schema_count(block);
	const char *names[SK__COUNT];

	/* supervisord's own spelling (stopwaitsecs, numprocs) names our key
	 * exactly, which beats any guess by spelling. */
	for (size_t i = 0; i < n; i++)
		if (schema_keys[first + i].ini && strcmp(schema_keys[first + i].ini, name) == 0)
			return schema_keys[first + i].name;
	for (size_t i = 0; i < n; i++)
		names[i] = schema_keys[first + i].name;
	return suggest_best(name, names, n);
}

const char *schema_block_name(enum schema_block block)
{
	if (block < 0 || block >= SB__COUNT)
		return "?";
	return block_names[block];
}
