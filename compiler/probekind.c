/* Probe kinds and the checks of their targets (see probekind.h). The
 * forms are the ones svcd's reader takes: HOST:PORT or [V6]:PORT, and
 * http://HOST[:PORT][/PATH]. */
#include <arpa/inet.h>
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "probekind.h"
#include "common/ere.h"
#include "common/oom.h"

/* In a target's shape, a part only the supervisor knows (${host},
 * ${env.NAME}): any check of the piece holding it passes. */
#define UNKNOWN '\001'

static const struct probekind kinds[] = {
	{"notify", MPROBE_NOTIFY, NULL},      {"sdnotify", MPROBE_SDNOTIFY, NULL},
	{"tcp", MPROBE_TCP, "\"HOST:PORT\""}, {"http", MPROBE_HTTP, "\"URL\""},
	{"exec", MPROBE_EXEC, "\"COMMAND\""}, {"log", MPROBE_LOG, "\"REGEX\""},
};

const struct probekind *probekind_find(const char *word)
{
	for (size_t i = 0; word && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].word, word) == 0)
			return &kinds[i];
	return NULL;
}

/* S as its checks see it: a template's "$$" is '$' and each ${...} is one
 * UNKNOWN byte. */
static char *shape(TALLOC_CTX *ctx, struct mstr s)
{
	char *out = must(talloc_strdup(ctx, s.text)), *o = out;

	if (!s.dynamic)
		return out;
	for (const char *p = s.text; *p; p++) {
		if (p[0] == '$' && p[1] == '$') {
			*o++ = '$';
			p++;
		} else if (p[0] == '$' && p[1] == '{' && strchr(p, '}')) {
			*o++ = UNKNOWN;
			p = strchr(p, '}');
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static bool has_unknown(const char *s, size_t n)
{
	return memchr(s, UNKNOWN, n) != NULL;
}

/* PORT (N bytes): why it is no TCP port, or NULL. */
static char *port_why(TALLOC_CTX *ctx, const char *port, size_t n)
{
	if (has_unknown(port, n))
		return NULL;
	if (n == 0)
		return must(talloc_strdup(ctx, "has an empty port"));
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)port[i]))
			return must(talloc_asprintf(ctx, "has port '%.*s', which is not a number",
						    (int)n, port));
	if (n > 5 || atol(must(talloc_strndup(ctx, port, n))) < 1
	    || atol(must(talloc_strndup(ctx, port, n))) > 65535)
		return must(
			talloc_asprintf(ctx, "has port %.*s, not one of 1 to 65535", (int)n, port));
	return NULL;
}

/* A host name or IPv4 address (N bytes): letters, digits, '-', '.', '_'. */
static char *name_why(TALLOC_CTX *ctx, const char *host, size_t n)
{
	if (n == 0)
		return must(talloc_strdup(ctx, "has no host"));
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];

		if (c == UNKNOWN || isalnum(c) || c == '-' || c == '.' || c == '_')
			continue;
		if (c == ':')
			return must(talloc_strdup(
				ctx, "needs brackets around its IPv6 address, as in [::1]:5432"));
		if (c > 0x20 && c < 0x7f)
			return must(talloc_asprintf(ctx, "has a '%c' in its host", c));
		return must(talloc_asprintf(ctx, "has a byte 0x%02x in its host", c));
	}
	return NULL;
}

/* HOST:PORT or [V6]:PORT in the N bytes at HP; with PORT_OPTIONAL (a URL)
 * HOST or [V6] alone is fine too. */
static char *hostport_why(TALLOC_CTX *ctx, const char *hp, size_t n, bool port_optional)
{
	const char *colon = NULL;
	char *why;

	if (n == 0)
		return must(talloc_strdup(ctx, "is empty"));
	if (hp[0] == '[') {
		const char *close = memchr(hp, ']', n);
		char *inner;
		struct in6_addr a;

		if (!close)
			return must(talloc_strdup(ctx, "has a '[' that is not closed"));
		inner = must(talloc_strndup(ctx, hp + 1, (size_t)(close - hp - 1)));
		if (!has_unknown(inner, strlen(inner)) && inet_pton(AF_INET6, inner, &a) != 1)
			return must(talloc_asprintf(ctx, "has [%s], which is not an IPv6 address",
						    inner));
		if (close + 1 == hp + n)
			return port_optional ? NULL : must(talloc_strdup(ctx, "has no port"));
		if (close[1] != ':')
			return must(talloc_strdup(ctx, "has something other than :PORT after ']'"));
		return port_why(ctx, close + 2, (size_t)(hp + n - close - 2));
	}
	for (const char *p = hp; p < hp + n; p++)
		if (*p == ':')
			colon = p;
	if (!colon) {
		if (port_optional || has_unknown(hp, n))
			return name_why(ctx, hp, n);
		return must(talloc_strdup(ctx, "has no port"));
	}
	why = name_why(ctx, hp, (size_t)(colon - hp));
	return why ? why : port_why(ctx, colon + 1, (size_t)(hp + n - colon - 1));
}

static char *url_why(TALLOC_CTX *ctx, const char *url)
{
	size_t n;

	if (url[0] == UNKNOWN)
		return NULL;
	if (strncasecmp(url, "https://", 8) == 0)
		return must(talloc_strdup(ctx, "is https: nothing here speaks TLS"));
	if (strncmp(url, "http://", 7) != 0)
		return must(talloc_strdup(ctx, "does not begin with http://"));
	for (const char *p = url; *p; p++)
		if (*p != UNKNOWN && ((unsigned char)*p <= 0x20 || *p == 0x7f))
			return must(talloc_strdup(ctx, "holds a blank or a control character"));
	url += 7;
	n = strcspn(url, "/?#");
	if (memchr(url, '@', n))
		return must(
			talloc_strdup(ctx, "has credentials before its host, which are not sent"));
	if (url[n] == '?' || url[n] == '#')
		return must(talloc_asprintf(ctx, "has no '/' before its '%c'", url[n]));
	if (n == 0)
		return must(talloc_strdup(ctx, "has no host"));
	return hostport_why(ctx, url, n, true);
}

static char *regex_why(TALLOC_CTX *ctx, const char *re)
{
	regex_t r;
	char msg[256], backref;
	int rc;

	backref = ere_backref(re);
	if (backref)
		return must(talloc_asprintf(
			ctx, "has a back-reference (\\%c), which svcd does not match", backref));
	rc = regcomp(&r, re, REG_EXTENDED | REG_NOSUB);

	if (rc == 0) {
		regfree(&r);
		return NULL;
	}
	regerror(rc, &r, msg, sizeof msg);
	return must(talloc_asprintf(ctx, "does not compile: %s", msg));
}

char *probekind_check(TALLOC_CTX *ctx, enum mprobe_kind kind, struct mstr s)
{
	TALLOC_CTX *tmp = must(talloc_new(ctx));
	char *text, *why = NULL;

	if (!s.text)
		goto done;
	text = shape(tmp, s);
	switch (kind) {
	case MPROBE_TCP: why = hostport_why(tmp, text, strlen(text), false); break;
	case MPROBE_HTTP: why = url_why(tmp, text); break;
	case MPROBE_LOG:
		/* what svcd compiles is only known once it has resolved it */
		if (!s.dynamic)
			why = regex_why(tmp, text);
		break;
	default: break;
	}
	if (why)
		why = talloc_steal(ctx, why);
done:
	talloc_free(tmp);
	return why;
}
