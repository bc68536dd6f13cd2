/* supervisord's capture mode (`capture SIZE`, *_capture_maxbytes): output
 * between <!--XSUPERVISOR:BEGIN--> and <!--XSUPERVISOR:END--> is kept out
 * of the log and becomes one PROCESS_COMMUNICATION event. The scan follows
 * supervisord's POutputDispatcher.record_output, chunk by chunk, holding
 * back only the bytes that may begin a token. */
#ifndef SVC_CAPTURE_H
#define SVC_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

/* The most of one captured block an event carries (its last bytes). */
#define CAPTURE_MAX (64 * 1024)

struct capture {
	size_t max; /* capture maxbytes, at most CAPTURE_MAX */
	bool on;    /* between the tokens */
	char held[32];
	size_t nheld;
	char *buf; /* what was captured so far */
	size_t len, cap;
};

/* Where a capture sends what it scanned: LOG gets the output outside the
 * tokens and inside them alike (supervisord's _log, which also makes the
 * PROCESS_LOG events); INSIDE says which; EMIT gets each finished block. */
struct capture_out {
	void (*log)(void *arg, const char *buf, size_t len, bool inside);
	void (*emit)(void *arg, const char *buf, size_t len);
	void *arg;
};

/* Made when the configuration is taken. Returns 0, or -1 when out of
 * memory. */
int capture_init(struct capture *c, TALLOC_CTX *mem, long long maxbytes);
/* A new child: nothing held, outside the tokens. */
void capture_reset(struct capture *c);
/* Scans LEN more bytes of output. */
void capture_feed(struct capture *c, const char *buf, size_t len, const struct capture_out *out);
/* End of output: what was held back is logged (supervisord drops it). */
void capture_flush(struct capture *c, const struct capture_out *out);

#endif
