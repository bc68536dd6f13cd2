/* svcd's control server: the HTTP server on the unix socket and TCP, its
 * routes (/RPC2 to the XML-RPC endpoint, everything else to the panel),
 * and its place on the engine's event stream, from which it answers the
 * requests that wait for processes and feeds the panel's log streams. */
#ifndef SVC_SERVER_H
#define SVC_SERVER_H

#include <stdint.h>
#include <talloc.h>
#include "engine/conf.h"
#include "engine/loop.h"
#include "engine/supervise.h"

struct server;

/* Makes the listening sockets from C (socket, listen, auth), before svcd
 * detaches. Returns NULL with ERR on failure; without socket and listen it
 * returns a server that serves nothing. */
struct server *server_open(TALLOC_CTX *mem, const struct conf *c, char *err, size_t errlen);

/* Starts serving in L for S, subscribed to S's event stream. */
int server_start(struct server *sv, struct loop *l, struct sup *s);

/* After each supervision pass: reads the events, answers the requests that
 * waited for them, feeds log streams, closes idle connections. Returns the
 * nearest of DEADLINE and the server's own. */
int64_t server_pass(struct server *sv, int64_t now, int64_t deadline);

/* Sends what is queued (briefly), closes, removes the socket. */
void server_close(struct server *sv);

#endif
