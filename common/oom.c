/* The one out-of-memory handler of svcc and svcctl. */
#include "oom.h"

#include <stdlib.h>

static void oom_default(void)
{
	abort();
}

static void (*oom_fn)(void) = oom_default;

void oom_handler(void (*fn)(void))
{
	oom_fn = fn ? fn : oom_default;
}

void oom(void)
{
	oom_fn();
	abort(); /* a handler that returned */
}

void *oom_check(void *p)
{
	if (!p)
		oom();
	return p;
}
