/* svcd's listening sockets: the unix socket, bound under a temporary name
 * and linked into place (a stale one replaced, a live one refused), its
 * mode and owner; and TCP. */
#include "http_impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char http_inuse[] =
	"Another program is already listening on a port that one of our HTTP "
	"servers is configured to use.  Shut this program down first before "
	"starting svcd.";

/* True when something accepts connections on the unix socket PATH. */
static bool http_unix_live(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool live;

	if (fd < 0)
		return false;
	strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
	live = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return live;
}

static int http_chown(const char *path, const char *owner, const char *group, char *err,
		      size_t errlen)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (owner) {
		struct passwd *pw = getpwnam(owner);

		if (!pw) {
			snprintf(err, errlen, "socket owner: no such user '%s'", owner);
			return -1;
		}
		uid = pw->pw_uid;
		if (!group)
			gid = pw->pw_gid;
	}
	if (group) {
		struct group *gr = getgrnam(group);

		if (!gr) {
			snprintf(err, errlen, "socket group: no such group '%s'", group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if ((owner || group) && chown(path, uid, gid) < 0) {
		snprintf(err, errlen, "can't chown socket %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Links TMP to PATH, replacing a stale socket there. */
static int http_link(const char *tmp, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (link(tmp, path) == 0)
		return 0;
	if (errno != EEXIST) {
		snprintf(err, errlen, "can't create socket %s: %s", path, strerror(errno));
		return -1;
	}
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s exists and is not a socket", path);
		return -1;
	}
	if (http_unix_live(path)) {
		snprintf(err, errlen, "%s", http_inuse);
		return -1;
	}
	unlink(path);
	if (link(tmp, path) < 0) {
		snprintf(err, errlen, "can't create socket %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int http_listen_unix(struct http_server *s, const char *path, int mode, const char *owner,
		     const char *group, char *err, size_t errlen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char tmp[sizeof(sa.sun_path)];
	struct stat st;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid()) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, tmp);
	unlink(tmp);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 128) < 0) {
		snprintf(err, errlen, "can't listen on %s: %s", path, strerror(errno));
		goto fail;
	}
	if (chmod(tmp, (mode_t)mode) < 0) {
		snprintf(err, errlen, "can't chmod socket %s: %s", path, strerror(errno));
		goto fail;
	}
	if (http_chown(tmp, owner, group, err, errlen) < 0 || http_link(tmp, path, err, errlen) < 0)
		goto fail;
	unlink(tmp);
	if (stat(path, &st) == 0) {
		s->unix_dev = st.st_dev;
		s->unix_ino = st.st_ino;
	}
	s->unix_path = talloc_strdup(s, path);
	if (!s->unix_path) {
		snprintf(err, errlen, "out of memory");
		close(fd);
		unlink(path);
		return -1;
	}
	s->lsn[s->nlsn++].src.fd = fd;
	return 0;
fail:
	unlink(tmp);
	if (fd >= 0)
		close(fd);
	return -1;
}

int http_listen_tcp(struct http_server *s, const char *hostport, char *err, size_t errlen)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	struct addrinfo *ai = NULL;
	const char *colon = strrchr(hostport, ':');
	char host[256] = "";
	const char *port = hostport;
	int fd = -1, one = 1, rc;

	if (colon) {
		size_t n = (size_t)(colon - hostport);

		if (n >= sizeof(host))
			n = sizeof(host) - 1;
		memcpy(host, hostport, n);
		host[n] = '\0';
		if (host[0] == '[' && n > 1 && host[n - 1] == ']') {
			memmove(host, host + 1, n - 2);
			host[n - 2] = '\0';
		}
		port = colon + 1;
	}
	rc = getaddrinfo(host[0] && strcmp(host, "*") != 0 ? host : NULL, port, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "can't resolve %s: %s", hostport, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
		if (errno == EADDRINUSE)
			snprintf(err, errlen, "%s", http_inuse);
		else
			snprintf(err, errlen, "can't listen on %s: %s", hostport, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	s->lsn[s->nlsn++].src.fd = fd;
	return 0;
}
