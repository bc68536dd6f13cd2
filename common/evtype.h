/* supervisord's event types, by the names its listeners subscribe with
 * and receive in the `eventname:` header. The compiler checks a
 * listener's `events` against them and stores a mask of concrete types in
 * the table; svcd matches the events it publishes against that mask. */
#ifndef SVC_EVTYPE_H
#define SVC_EVTYPE_H

#include <stdint.h>

/* The concrete types, whose bit in a mask is 1 << type. */
enum evtype {
	EVT_PROCESS_STATE_STOPPED,
	EVT_PROCESS_STATE_EXITED,
	EVT_PROCESS_STATE_STARTING,
	EVT_PROCESS_STATE_STOPPING,
	EVT_PROCESS_STATE_BACKOFF,
	EVT_PROCESS_STATE_FATAL,
	EVT_PROCESS_STATE_RUNNING,
	EVT_PROCESS_STATE_UNKNOWN,
	EVT_PROCESS_COMMUNICATION_STDOUT,
	EVT_PROCESS_COMMUNICATION_STDERR,
	EVT_PROCESS_LOG_STDOUT,
	EVT_PROCESS_LOG_STDERR,
	EVT_REMOTE_COMMUNICATION,
	EVT_SUPERVISOR_STATE_CHANGE_RUNNING,
	EVT_SUPERVISOR_STATE_CHANGE_STOPPING,
	EVT_TICK_5,
	EVT_TICK_60,
	EVT_TICK_3600,
	EVT_PROCESS_GROUP_ADDED,
	EVT_PROCESS_GROUP_REMOVED,
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
