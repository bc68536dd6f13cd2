/* svcctl: supervisorctl's command line in C. Options, the [supervisorctl]
 * section of an INI file, then one command or the interactive shell. */
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/ctlcmd.h"
#include "common/oom.h"
#include "common/ini.h"

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
	"-r/--history-file -- keep a readline history (if readline is available)\n"
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
	char *serverurl, *username, *password, *prompt, *history;
};

static const char *prog = "svcctl";

static int svcctl_die(const char *fmt, const char *arg)
{
	fputs("Error: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nFor help, use %s -h\n", prog);
	return 2;
}

/* KEY of [supervisorctl] expanded as supervisorctl does (%(here)s only
 * where ALLOW says); false after a message when it cannot be. */
static bool svcctl_get(TALLOC_CTX *mem, struct ini *ini, const char *key, unsigned allow,
		       char **out)
{
	struct ini_value *v = ini_get(ini_section(ini, "supervisorctl"), key);

	if (!v)
		return true;
	*out = ini_expand(mem, ini, v, key, allow);
	if (!*out)
		svcctl_die("%s", ini->probs[ini->nprobs - 1].msg);
	return *out != NULL;
}

/* unix://PATH with PATH made absolute and normalised, as supervisorctl's
 * normalize_path (os.path.abspath after expanduser). */
static char *svcctl_unix_url(TALLOC_CTX *mem, const char *url)
{
	const char *path = url + 7, *home = getenv("HOME");

	if (home && path[0] == '~' && (path[1] == '/' || !path[1]))
		path = must(talloc_asprintf(mem, "%s%s", home, path + 1));
	return must(talloc_asprintf(mem, "unix://%s", ini_abspath(mem, path)));
}

/* Reads [supervisorctl] from PATH as supervisorctl does: the one file,
 * without its [include]s, lines it cannot parse skipped. 2 after a
 * message on failure. */
static int svcctl_read_ini(TALLOC_CTX *mem, const char *path, struct svcctl_ini *conf)
{
	struct ini *ini;

	if (access(path, F_OK) != 0)
		return svcctl_die("could not find config file %s", path);
	ini = ini_read(mem, path);
	if (!ini || ini->nfiles == 0)
		return svcctl_die("could not read config file %s", path);
	if (!ini_section(ini, "supervisorctl"))
		return svcctl_die("%s", ".ini file does not include supervisorctl section");
	if (!svcctl_get(mem, ini, "serverurl", INI_HERE, &conf->serverurl)
	    || !svcctl_get(mem, ini, "prompt", 0, &conf->prompt)
	    || !svcctl_get(mem, ini, "username", 0, &conf->username)
	    || !svcctl_get(mem, ini, "password", 0, &conf->password)
	    || !svcctl_get(mem, ini, "history_file", INI_HERE, &conf->history))
		return 2;
	if (conf->serverurl && strncmp(conf->serverurl, "unix://", 7) == 0)
		conf->serverurl = svcctl_unix_url(mem, conf->serverurl);
	return 0;
}

/* supervisorctl's search for a configuration when -c is not given. */
static const char *svcctl_find_ini(TALLOC_CTX *mem, const char *argv0)
{
	char *a = must(talloc_strdup(mem, argv0));
	char *here = must(talloc_strdup(mem, dirname(dirname(a))));
	const char *paths[] = {
		must(talloc_asprintf(mem, "%s/etc/supervisord.conf", here)),
		must(talloc_asprintf(mem, "%s/supervisord.conf", here)),
		"supervisord.conf",
		"etc/supervisord.conf",
		"/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	};

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (access(paths[i], F_OK) == 0)
			return paths[i];
	return NULL;
}

/* An allocation failed: svcctl has nothing better to do than say so. */
static void svcctl_oom(void)
{
	fputs("svcctl: out of memory\n", stderr);
	exit(1);
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{"configuration", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"interactive", no_argument, NULL, 'i'},
		{"serverurl", required_argument, NULL, 's'},
		{"username", required_argument, NULL, 'u'},
		{"password", required_argument, NULL, 'p'},
		{"history-file", required_argument, NULL, 'r'},
		{"version", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	TALLOC_CTX *mem;
	const char *conf = NULL, *url = NULL, *user = NULL, *pass = NULL, *history = NULL;
	struct svcctl_ini ini = {0};
	bool interactive = false;
	int opt, rc = 0;

	oom_handler(svcctl_oom);
	mem = must(talloc_new(NULL));

	prog = argv[0];
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:c:his:u:p:r:v", longs, NULL)) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 'i': interactive = true; break;
		case 's': url = optarg; break;
		case 'u': user = optarg; break;
		case 'p': pass = optarg; break;
		case 'r': history = optarg; break;
		case 'v': printf("svcctl %s\n", SVC_VERSION); goto done;
		case 'h': printf(svcctl_usage, prog); goto done;
		case ':':
			rc = svcctl_die("option %s requires argument", argv[optind - 1]);
			goto done;
		default:;
			if (optopt == '?') {
				printf(svcctl_usage, prog);
				goto done;
			}
			char shortopt[3] = {'-', (char)optopt, 0};
			rc = svcctl_die("option %s not recognized",
					optopt ? shortopt : argv[optind - 1]);
			goto done;
		}
	}
	if (!conf)
		conf = svcctl_find_ini(mem, argv[0]);
	if (conf && (rc = svcctl_read_ini(mem, conf, &ini)) != 0)
		goto done;
	signal(SIGPIPE, SIG_IGN);
	struct ctl *c = ctl_new(mem,
				url                     ? url
					: ini.serverurl ? ini.serverurl
							: "http://localhost:9001",
				user ? user : ini.username, pass ? pass : ini.password);
	if (ini.prompt)
		c->prompt = ini.prompt;
	c->history = history ? history : ini.history;
	c->interactive = interactive;
	if (optind < argc) {
		char *line = must(talloc_strdup(mem, argv[optind]));
		for (int i = optind + 1; i < argc; i++)
			line = must(talloc_asprintf_append(line, " %s", argv[i]));
		ctl_onecmd(c, line);
		rc = c->exitstatus;
	} else
		ctl_shell(c); /* exits 0, as supervisorctl's shell does */
done:
	fflush(stdout);
	talloc_free(mem);
	return rc;
}
