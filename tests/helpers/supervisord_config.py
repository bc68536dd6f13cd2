#!/usr/bin/python3
"""Prints, as sorted JSON, every process a running supervisord has
configured and its effective settings, read with supervisor.getAllConfigInfo
over the unix socket the configuration names, plus the settings that call
leaves out (environment, autorestart, umask, stopasgroup) as supervisord's
own option parser reads them from the same file.

Usage: supervisord_config.py CONF [SECONDS]   (waits up to SECONDS, default 15,
for the server to answer). SVC_TEST_PASSWORD gives the plain password when
the file holds a {SHA} one. Fields svc does not carry (capture mode, events,
syslog, serverurl), event listeners (svc has none) and log settings of a
stream with no log file are left out; a command is shown as the argv
supervisord splits it into, and an AUTO log file (named with random letters
and the identifier) as "auto"."""
import http.client
import json
import os
import re
import shlex
import socket
import sys
import time
import xmlrpc.client

from supervisor.options import ServerOptions

IGNORED = {"stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog",
           "stderr_capture_maxbytes", "stderr_events_enabled", "stderr_syslog",
           "serverurl"}


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        # the base class takes the basic-auth header from the host here
        _, self._extra_headers, _ = self.get_host_info(host)
        return UnixConnection(self.path, 5)


def read_options(conf):
    opts = ServerOptions()
    opts.realize(["-c", conf])
    return opts


def server(opts):
    for cfg in opts.server_configs:
        if cfg["family"] == socket.AF_UNIX:
            user, password = cfg.get("username"), cfg.get("password")
            if password and password.startswith("{SHA}"):
                password = os.environ.get("SVC_TEST_PASSWORD", "")
            auth = "%s:%s@" % (user, password) if user else ""
            uri = "http://%slocalhost/RPC2" % auth
            return xmlrpc.client.ServerProxy(uri, transport=UnixTransport(cfg["file"]))
    sys.exit("no [unix_http_server] in the configuration")


def config_info(proxy, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return proxy.supervisor.getAllConfigInfo()
        except (OSError, xmlrpc.client.ProtocolError):
            if time.monotonic() > deadline:
                raise
            # supervisord answers once it is up; nothing else says so
            time.sleep(0.1)


AUTO_LOG = re.compile(r".+-(stdout|stderr)---.+-[A-Za-z0-9_]{8}\.log$")


def extra(opts):
    out = {}
    for group in opts.process_group_configs:
        if type(group).__name__ == "EventListenerPoolConfig":
            continue
        for p in group.process_configs:
            out[(group.name, p.name)] = {
                "environment": p.environment or {},
                "autorestart": getattr(p.autorestart, "__name__", str(p.autorestart)),
                "umask": p.umask,
                "stopasgroup": p.stopasgroup,
            }
    return out


def normalise(info, more):
    d = {k: v for k, v in info.items() if k not in IGNORED}
    d["command"] = shlex.split(d["command"])
    for stream in ("stdout", "stderr"):
        if AUTO_LOG.match(os.path.basename(d[stream + "_logfile"])):
            d[stream + "_logfile"] = "auto"
        if d[stream + "_logfile"] == "none":
            d.pop(stream + "_logfile_maxbytes")
            d.pop(stream + "_logfile_backups")
    d.update(more[(info["group"], info["name"])])
    return d


def main():
    conf = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 15
    opts = read_options(conf)
    infos = config_info(server(opts), seconds)
    more = extra(opts)
    procs = sorted((normalise(i, more) for i in infos if (i["group"], i["name"]) in more),
                   key=lambda d: (d["group"], d["name"]))
    json.dump(procs, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
