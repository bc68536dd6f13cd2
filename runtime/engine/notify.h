/* systemd's notify protocol, both ways: the datagram socket svcd gives the
 * children that are ready through NOTIFY_SOCKET (credentials read with
 * SO_PASSCRED), and the READY=1 svcd itself sends to its own parent. */
#ifndef SVC_NOTIFY_H
#define SVC_NOTIFY_H

#include <stdbool.h>
#include <sys/types.h>
#include "loop.h"

#define NOTIFY_STATUS_MAX 128

/* One datagram, as far as svcd understands it. */
struct notify_msg {
	pid_t pid; /* the sender, from its credentials */
	uid_t uid;
	bool ready, watchdog;
	bool has_status;
	char status[NOTIFY_STATUS_MAX]; /* STATUS=, cut to fit */
	pid_t mainpid;                  /* MAINPID=, 0 when not given */
};

struct notify_sock {
	struct loop_src src; /* fd -1 until opened */
	void (*fn)(void *arg, const struct notify_msg *m);
	void *arg;
};

/* "NOTIFY_SOCKET=@svcd-notify-…": one name, chosen at random the first
 * time it is asked for and kept for svcd's life (reloads and restarts). */
const char *notify_socket_name(void);

/* Binds the socket of notify_socket_name() (abstract, so no file is left
 * behind) and watches it; each message goes to FN. Returns 0 (at once
 * when already open), or -1 with errno. */
int notify_open(struct notify_sock *n, struct loop *l,
		void (*fn)(void *, const struct notify_msg *), void *arg);
void notify_close(struct notify_sock *n, struct loop *l);

/* Sends TEXT to the systemd-style socket ADDR (a path, or "@name").
 * Returns 0, or -1 with errno. */
int notify_send(const char *addr, const char *text);

#endif
