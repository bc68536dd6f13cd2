/* supervisord's event types, by the names its listeners subscribe with
 * and receive in the `eventname:` header. The compiler checks a
 * listener's `events` against them and stores a mask of concrete types in
 * the table; svcd matches the events it publishes against that mask. */
#ifndef SVC_EVTYPE_H
#define SVC_EVTYPE_H

#include <stdint.h>

/* The concrete types, in the order of their bits in a mask. */
#define EVTYPES(X) \
	X(PROCESS_STATE_STOPPED) \
	X(PROCESS_STATE_EXITED) \
	X(PROCESS_STATE_STARTING) \
	X(PROCESS_STATE_STOPPING) \
	X(PROCESS_STATE_BACKOFF) \
	X(PROCESS_STATE_FATAL) \
	X(PROCESS_STATE_RUNNING) \
	X(PROCESS_STATE_UNKNOWN) \
	X(PROCESS_COMMUNICATION_STDOUT) \
	X(PROCESS_COMMUNICATION_STDERR) \
	X(PROCESS_LOG_STDOUT) \
	X(PROCESS_LOG_STDERR) \
	X(REMOTE_COMMUNICATION) \
	X(SUPERVISOR_STATE_CHANGE_RUNNING) \
	X(SUPERVISOR_STATE_CHANGE_STOPPING) \
	X(TICK_5) \
	X(TICK_60) \
	X(TICK_3600) \
	X(PROCESS_GROUP_ADDED) \
	X(PROCESS_GROUP_REMOVED)

/* A concrete type's bit in a mask is 1 << type. */
enum evtype {
#define EVT_ENUM(name) EVT_##name,
	EVTYPES(EVT_ENUM)
#undef EVT_ENUM
		EVT_COUNT
};

#define EVT_ALL ((UINT32_C(1) << EVT_COUNT) - 1)

/* The name of a concrete type, as in the `eventname:` header. */
const char *evtype_name(enum evtype t);

/* The concrete types NAME stands for: itself, or every type of an
 * abstract one (EVENT, PROCESS_STATE, TICK...); 0 for an unknown name.
 * LEN bytes of NAME are read. */
uint32_t evtype_mask(const char *name, unsigned long len);

/* Every name evtype_mask accepts, NULL-terminated, for messages. */
extern const char *const evtype_names[];

#endif
