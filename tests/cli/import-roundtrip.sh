#!/bin/sh
# Round trip through Debian's real supervisord: for every INI in
# tests/import, `svcc --import` then `svcc --emit ini`, and both the original
# and the regenerated INI are loaded into supervisord (one after the other,
# every path under a temporary folder). The process lists and each
# process's effective settings (supervisor.getAllConfigInfo, plus what the
# option parser reads for environment, autorestart, umask and stopasgroup)
# must be the same, and so must the event listeners, the log events,
# capture sizes and syslog flags of every process, and whether
# supervisord's own log goes to syslog (read with supervisord's own parser).
build=$1
command -v supervisord >/dev/null || { echo "supervisord is not installed (make deps)"; exit 1; }
# The Python that runs supervisord has its modules.
py=$(sed -n '1s/^#! *//p' "$(command -v supervisord)")
helper=tests/helpers/supervisord_config.py
root=$(mktemp -d /tmp/svc-import.XXXXXX)
pid=
stop() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	"$build/tests/helpers/waitfor" -t 15 exit "$pid" || kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}
trap 'stop; [ -n "${SVC_KEEP:-}" ] || rm -rf "$root"' EXIT
trap 'exit 1' INT TERM
fail() { echo "$*"; exit 1; }

# A free TCP port for [inet_http_server].
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
SVC_TEST_PORT=$PORT
export SVC_TEST_PORT SVC_TEST_PASSWORD=password USERLOG=ops

# Loads CONF into supervisord and prints its processes' settings to OUT.
settings() {
	supervisord -c "$1" -n >"$2.log" 2>&1 &
	pid=$!
	if ! "$py" "$helper" "$1" 15 >"$2" 2>"$2.err"; then
		echo "cannot read the settings of $1:"; cat "$2.err" "$2.log"; stop; return 1
	fi
	stop
}

# What the helper leaves out, as supervisord's option parser reads CONF:
# the event listener pools (events, buffer, priorities, processes) and
# every process's log events, capture sizes and syslog flags, and
# whether supervisord's own log is syslog.
events_of() {
	"$py" - "$1" <<'EOF'
import json, sys
from supervisor.options import ServerOptions
opts = ServerOptions()
opts.realize(["-c", sys.argv[1]])
out = [{"group": "", "name": "[supervisord]", "logfile_syslog": opts.logfile == "syslog"}]
for g in opts.process_group_configs:
    pool = type(g).__name__ == "EventListenerPoolConfig"
    for p in g.process_configs:
        d = {"group": g.name, "name": p.name, "listener": pool}
        for s in ("stdout", "stderr"):
            d[s + "_events_enabled"] = getattr(p, s + "_events_enabled")
            d[s + "_capture_maxbytes"] = getattr(p, s + "_capture_maxbytes")
            d[s + "_syslog"] = getattr(p, s + "_syslog")
        if pool:
            d.update(events=sorted(e.__name__ for e in g.pool_events),
                     buffer_size=g.buffer_size, group_prio=g.priority,
                     process_prio=p.priority, command=p.command,
                     autostart=p.autostart, startsecs=p.startsecs)
        out.append(d)
out.sort(key=lambda d: (d["group"], d["name"]))
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
EOF
}

# Puts NAME.conf (and its include folder) into DIR, paths moved there.
stage() {
	name=$1 dir=$2
	mkdir -p "$dir"
	case $name in
	debian)
		sed -e "s|/var/run/|$dir/|g; s|/var/log/supervisor|$dir|g" \
		    -e "s|/etc/supervisor/conf.d|$dir/conf.d|" tests/import/debian.conf >"$dir/$name.conf"
		mkdir -p "$dir/conf.d" && cp tests/import/debian.d/*.conf "$dir/conf.d/" ;;
	sample)
		sed "s|/tmp/|$dir/|g" tests/import/sample.conf >"$dir/$name.conf" ;;
	*)
		cp "tests/import/$name.conf" "$dir/"
		[ -d "tests/import/$name.d" ] && cp -r "tests/import/$name.d" "$dir/" ;;
	esac
}

n=0
for conf in tests/import/*.conf; do
	name=$(basename "$conf" .conf)
	case $name in bad-*|lossy-*|default) continue ;; esac
	dir=$root/$name
	stage "$name" "$dir"
	"$build/svcc" --import "$dir/$name.conf" -o "$dir/$name.svc" 2>"$dir/import.err" ||
		fail "$name: svcc --import failed: $(cat "$dir/import.err")"
	mkdir -p "$dir/regen"
	"$build/svcc" --no-host-checks --emit ini -O "$dir/regen" "$dir/$name.svc" 2>"$dir/emit.err" ||
		fail "$name: svcc --emit ini failed: $(cat "$dir/emit.err")"
	settings "$dir/$name.conf" "$dir/orig.json" || fail "$name: the original INI"
	settings "$dir/regen/supervisord.conf" "$dir/regen.json" || fail "$name: the regenerated INI"
	[ "$name" = sample ] || grep -q '"name"' "$dir/orig.json" || fail "$name: no processes"
	if ! diff -u "$dir/orig.json" "$dir/regen.json"; then
		echo "$name: supervisord sees the regenerated INI differently (above)"
		sed 's/^/svc: /' "$dir/$name.svc"
		exit 1
	fi
	events_of "$dir/$name.conf" >"$dir/orig-events.json" 2>"$dir/events.err" &&
		events_of "$dir/regen/supervisord.conf" >"$dir/regen-events.json" 2>>"$dir/events.err" ||
		fail "$name: cannot read the listeners: $(cat "$dir/events.err")"
	if ! diff -u "$dir/orig-events.json" "$dir/regen-events.json"; then
		echo "$name: supervisord sees the regenerated listeners or log events differently (above)"
		sed 's/^/svc: /' "$dir/$name.svc"
		exit 1
	fi
	n=$((n + 1))
done
# [DEFAULT]: supervisord hands its options to the rpcinterface factory too,
# which refuses them, so no supervisord serving RPC can read default.conf.
# What its option parser reads is compared instead: every process's
# settings (the merged environment among them) and the daemon's own
# (but its user, which svc does not support).
parsed() {
	"$py" - "$1" <<'EOF'
import json, sys
from supervisor.options import ServerOptions
opts = ServerOptions()
opts.realize(["-c", sys.argv[1]])
plain = (str, int, float, bool, type(None), list, tuple, dict)
sup = opts.configroot.supervisord
out = {"[supervisord]": {k: getattr(sup, k) for k in (
    "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile",
    "childlogdir", "minfds", "umask", "environment")}}
for g in opts.process_group_configs:
    out["[group:%s]" % g.name] = g.priority
    for p in g.process_configs:
        out[g.name + ":" + p.name] = {k: v for k, v in sorted(vars(p).items())
                                      if isinstance(v, plain) and k != "options"}
json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)
sys.stdout.write("\n")
EOF
}
dir=$root/default
stage default "$dir"
"$build/svcc" --import "$dir/default.conf" -o "$dir/default.svc" 2>"$dir/import.err" ||
	fail "default: svcc --import failed: $(cat "$dir/import.err")"
mkdir -p "$dir/regen"
"$build/svcc" --no-host-checks --emit ini -O "$dir/regen" "$dir/default.svc" 2>"$dir/emit.err" ||
	fail "default: svcc --emit ini failed: $(cat "$dir/emit.err")"
parsed "$dir/default.conf" >"$dir/orig.json" 2>"$dir/parse.err" &&
	parsed "$dir/regen/supervisord.conf" >"$dir/regen.json" 2>>"$dir/parse.err" ||
	fail "default: supervisord cannot parse: $(cat "$dir/parse.err")"
grep -q '"startsecs": 3' "$dir/orig.json" || fail "default: [DEFAULT] was not applied by supervisord"
if ! diff -u "$dir/orig.json" "$dir/regen.json"; then
	echo "default: supervisord parses the regenerated INI differently (above)"
	sed 's/^/svc: /' "$dir/default.svc"
	exit 1
fi
[ $n -ge 5 ] || fail "only $n INIs were tried"
grep -q '"listener": true' "$root/events/orig-events.json" ||
	fail "events: no listener was compared"
# the syslog settings really were there to compare
grep -q '"logfile_syslog": true' "$root/syslog/orig-events.json" ||
	fail "syslog: supervisord's own log to syslog was not compared"
[ "$(grep -c '_syslog": true' "$root/syslog/orig-events.json")" -ge 5 ] ||
	fail "syslog: fewer than 4 streams to syslog were compared"
exit 0
