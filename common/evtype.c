/* supervisord 4.2.5's event types (supervisor/events.py, EventTypes). */
#include "evtype.h"

#include <string.h>

#define EVT_NAME(name) #name,
static const char *const concrete[EVT_COUNT] = {EVTYPES(EVT_NAME)};

#define RANGE(a, b) (((UINT32_C(1) << ((b) + 1)) - 1) & ~((UINT32_C(1) << (a)) - 1))

/* The abstract types: a listener subscribed to one gets all its kinds. */
static const struct {
	const char *name;
	uint32_t mask;
} abstract[] = {
	{"EVENT", EVT_ALL},
	{"PROCESS_STATE", RANGE(EVT_PROCESS_STATE_STOPPED, EVT_PROCESS_STATE_UNKNOWN)},
	{"PROCESS_COMMUNICATION",
	 RANGE(EVT_PROCESS_COMMUNICATION_STDOUT, EVT_PROCESS_COMMUNICATION_STDERR)},
	{"PROCESS_LOG", RANGE(EVT_PROCESS_LOG_STDOUT, EVT_PROCESS_LOG_STDERR)},
	{"SUPERVISOR_STATE_CHANGE",
	 RANGE(EVT_SUPERVISOR_STATE_CHANGE_RUNNING, EVT_SUPERVISOR_STATE_CHANGE_STOPPING)},
	{"TICK", RANGE(EVT_TICK_5, EVT_TICK_3600)},
	{"PROCESS_GROUP", RANGE(EVT_PROCESS_GROUP_ADDED, EVT_PROCESS_GROUP_REMOVED)},
};

const char *const evtype_names[] = {
	"EVENT", "PROCESS_STATE", "PROCESS_COMMUNICATION", "PROCESS_LOG", "SUPERVISOR_STATE_CHANGE",
	"TICK",  "PROCESS_GROUP", EVTYPES(EVT_NAME) NULL,
};

const char *evtype_name(enum evtype t)
{
	return (unsigned)t < EVT_COUNT ? concrete[t] : "UNKNOWN";
}

static int same(const char *a, const char *name, unsigned long len)
{
	return strlen(a) == len && memcmp(a, name, len) == 0;
}

uint32_t evtype_mask(const char *name, unsigned long len)
{
	for (unsigned i = 0; i < EVT_COUNT; i++)
		if (same(concrete[i], name, len))
			return UINT32_C(1) << i;
	for (unsigned i = 0; i < sizeof(abstract) / sizeof(abstract[0]); i++)
		if (same(abstract[i].name, name, len))
			return abstract[i].mask;
	return 0;
}
