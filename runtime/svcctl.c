/* svcctl: supervisorctl's command line in C. Options, the [supervisorctl]
 * section of an INI file, then one command or the interactive shell. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlcmd.h"

static const char svcctl_usage[] =
	"svcctl -- control applications run by svcd or supervisord from the cmd line.\n"
	"\n"
	"Usage: %s [options] [action [arguments]]\n"
	"\n"
	"Options:\n"
	"-c/--configuration FILENAME -- configuration file path (searches if not given)\n"
	"-h/--help -- print usage message and exit\n"
	"-i/--interactive -- start an interactive shell after executing commands\n"
	"-s/--serverurl URL -- URL on which supervisord server is listening\n"
	"     (default \"http://localhost:9001\").\n"
	"-u/--username USERNAME -- username to use for authentication with server\n"
	"-p/--password PASSWORD -- password to use for authentication with server\n"
	"-r/--history-file -- accepted for compatibility; svcctl keeps no history\n"
	"-v/--version -- print svcctl's version and exit\n"
	"\n"
	"action [arguments] -- see below\n"
	"\n"
	"Actions are commands like \"tail\" or \"stop\".  If -i is specified or no action is\n"
	"specified on the command line, a \"shell\" interpreting actions typed\n"
	"interactively is started.  Use the action \"help\" to find out about available\n"
	"actions.\n";

/* What the [supervisorctl] section says. */
struct svcctl_ini {
	char *serverurl, *username, *password, *prompt;
};

static const char *prog = "svcctl";

static int svcctl_die(const char *fmt, const char *arg)
{
	fputs("Error: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nFor help, use %s -h\n", prog);
	return 2;
}

static char *svcctl_trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]))
		*--e = '\0';
	return s;
}

/* configparser's inline comments: ';' or '#' after whitespace. */
static void svcctl_cut_comment(char *v)
{
	for (char *p = v; *p; p++)
		if ((*p == ';' || *p == '#') && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
}

/* supervisord's %(here)s and %(ENV_NAME)s expansions; '%%' is '%'. */
static char *svcctl_expand(TALLOC_CTX *mem, const char *v, const char *here)
{
	char *r = talloc_strdup(mem, "");

	while (*v) {
		const char *close;
		if (v[0] == '%' && v[1] == '%') {
			r = talloc_strdup_append(r, "%");
			v += 2;
		} else if (v[0] == '%' && v[1] == '(' && (close = strstr(v, ")s"))) {
			char *key = talloc_strndup(r, v + 2, (size_t)(close - v - 2));
			const char *val = NULL;
			if (strcmp(key, "here") == 0)
				val = here;
			else if (strncmp(key, "ENV_", 4) == 0)
				val = getenv(key + 4);
			r = val ? talloc_strdup_append(r, val)
			        : talloc_strndup_append(r, v, (size_t)(close + 2 - v));
			v = close + 2;
		} else {
			r = talloc_strndup_append(r, v, 1);
			v++;
		}
	}
	return r;
}

static void svcctl_set(TALLOC_CTX *mem, struct svcctl_ini *ini, const char *key,
                       const char *val, const char *here)
{
	char *v = svcctl_expand(mem, val, here);

	if (strcasecmp(key, "serverurl") == 0)
		ini->serverurl = v;
	else if (strcasecmp(key, "username") == 0)
		ini->username = v;
	else if (strcasecmp(key, "password") == 0)
		ini->password = v;
	else if (strcasecmp(key, "prompt") == 0)
		ini->prompt = v;
}

/* Reads [supervisorctl] from PATH; 2 after a message on failure. */
static int svcctl_read_ini(TALLOC_CTX *mem, const char *path, struct svcctl_ini *ini)
{
	FILE *f = fopen(path, "r");
	char line[8192], abs[PATH_MAX];
	int in_section = 0, seen = 0;

	if (!f)
		return svcctl_die(errno == ENOENT ? "could not find config file %s"
		                                  : "could not read config file %s", path);
	const char *here = realpath(path, abs) ? dirname(abs) : ".";
	here = talloc_strdup(mem, here);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == ';')
			continue;
		char *s = svcctl_trim(line);
		if (s[0] == '[') {
			char *end = strchr(s, ']');
			if (end)
				*end = '\0';
			in_section = strcmp(s + 1, "supervisorctl") == 0;
			seen |= in_section;
			continue;
		}
		char *eq = strpbrk(s, "=:");
		if (!in_section || !eq || line[0] == ' ' || line[0] == '\t')
			continue;
		*eq = '\0';
		char *v = eq + 1;
		svcctl_cut_comment(v);
		svcctl_set(mem, ini, svcctl_trim(s), svcctl_trim(v), here);
	}
	fclose(f);
	if (!seen)
		return svcctl_die("%s", ".ini file does not include supervisorctl section");
	if (ini->serverurl && strncmp(ini->serverurl, "unix://", 7) == 0 && ini->serverurl[7] != '/') {
		char *p = realpath(ini->serverurl + 7, NULL);
		if (p) {
			ini->serverurl = talloc_asprintf(mem, "unix://%s", p);
			free(p);
		}
	}
	return 0;
}

/* supervisorctl's search for a configuration when -c is not given. */
static const char *svcctl_find_ini(TALLOC_CTX *mem, const char *argv0)
{
	char *a = talloc_strdup(mem, argv0);
	char *here = talloc_strdup(mem, dirname(dirname(a)));
	const char *paths[] = {
		talloc_asprintf(mem, "%s/etc/supervisord.conf", here),
		talloc_asprintf(mem, "%s/supervisord.conf", here),
		"supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	};

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (access(paths[i], F_OK) == 0)
			return paths[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "configuration", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "serverurl", required_argument, NULL, 's' },
		{ "username", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "history-file", required_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *conf = NULL, *url = NULL, *user = NULL, *pass = NULL;
	struct svcctl_ini ini = { 0 };
	bool interactive = false;
	int opt, rc = 0;

	prog = argv[0];
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:c:his:u:p:r:v", longs, NULL)) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 'i': interactive = true; break;
		case 's': url = optarg; break;
		case 'u': user = optarg; break;
		case 'p': pass = optarg; break;
		case 'r': break;
		case 'v': printf("svcctl %s\n", SVC_VERSION); goto done;
		case 'h':
			printf(svcctl_usage, prog);
			goto done;
		case ':':
			rc = svcctl_die("option %s requires argument", argv[optind - 1]);
			goto done;
		default:;
			if (optopt == '?') {
				printf(svcctl_usage, prog);
				goto done;
			}
			char shortopt[3] = { '-', (char)optopt, 0 };
			rc = svcctl_die("option %s not recognized", optopt ? shortopt : argv[optind - 1]);
			goto done;
		}
	}
	if (!conf)
		conf = svcctl_find_ini(mem, argv[0]);
	if (conf && (rc = svcctl_read_ini(mem, conf, &ini)) != 0)
		goto done;
	signal(SIGPIPE, SIG_IGN);
	struct ctl *c = ctl_new(mem, url ? url : ini.serverurl ? ini.serverurl : "http://localhost:9001",
	                        user ? user : ini.username, pass ? pass : ini.password);
	if (ini.prompt)
		c->prompt = ini.prompt;
	c->interactive = interactive;
	if (optind < argc) {
		char *line = talloc_strdup(mem, argv[optind]);
		for (int i = optind + 1; i < argc; i++)
			line = talloc_asprintf_append(line, " %s", argv[i]);
		ctl_onecmd(c, line);
		rc = c->exitstatus;
	} else
		ctl_shell(c);   /* exits 0, as supervisorctl's shell does */
done:
	fflush(stdout);
	talloc_free(mem);
	return rc;
}
