#!/bin/sh
# What a child gets: svcd's environment plus SUPERVISOR_* and its own env
# (${env.NAME} and ${host} resolved when the table is loaded), its
# directory and umask, stderr merged or apart, and its user when svcd is
# root.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SVCD_TEST_FROM_ENV=from-svcd
export SVCD_TEST_FROM_ENV
compile spawn <<EOT
service envdump {
    command "/usr/bin/env";
    startsecs 0s;
    autorestart false;
    env GREETING "hello \${env.SVCD_TEST_FROM_ENV} on \${host}";
    env SVCD_TEST_FROM_ENV "overridden";
}
service where {
    command "/bin/sh -c 'pwd; umask; echo oops >&2'";
    startsecs 0s;
    autorestart false;
    directory "$T";
    umask 027;
    stderr stdout;
}
service apart {
    command "/bin/sh -c 'echo out; echo err >&2'";
    startsecs 0s;
    autorestart false;
}
service who {
    command "/usr/bin/id -u";
    startsecs 0s;
    autorestart false;
    user nobody;
}
service nodir {
    command "/bin/true";
    directory "/nonexistent/dir";
    startretries 0;
}
EOT
start_svcd "$T/spawn.svct"
wait_log "exited: envdump"
wait_log "exited: where"
wait_log "exited: apart"
wait_log "gave up: nodir entered FATAL"
e=$T/envdump-stdout.log
grep -qx "SUPERVISOR_ENABLED=1" "$e" || fail "no SUPERVISOR_ENABLED"
grep -qx "SUPERVISOR_PROCESS_NAME=envdump" "$e" || fail "no SUPERVISOR_PROCESS_NAME"
grep -qx "SUPERVISOR_GROUP_NAME=envdump" "$e" || fail "no SUPERVISOR_GROUP_NAME"
grep -qx "GREETING=hello from-svcd on $(uname -n)" "$e" || fail "templates: $(grep GREETING "$e")"
grep -qx "SVCD_TEST_FROM_ENV=overridden" "$e" || fail "the service's env must win"
grep -qx "SVCD_TEST_TAG=$T" "$e" || fail "svcd's environment is not passed on"
w=$T/where-stdout.log
[ "$(sed -n 1p "$w")" = "$T" ] || fail "directory: $(cat "$w")"
[ "$(sed -n 2p "$w")" = "0027" ] || fail "umask: $(cat "$w")"
grep -qx oops "$w" || fail "merged stderr missing"
[ -e "$T/where-stderr.log" ] && fail "merged stderr has its own file"
grep -qx out "$T/apart-stdout.log" || fail "apart stdout"
grep -qx err "$T/apart-stderr.log" || fail "apart stderr"
grep -q "supervisor: couldn't chdir to /nonexistent/dir: ENOENT" "$T/nodir-stderr.log" \
	|| fail "chdir failure not reported in the child's log"
if [ "$(id -u)" = 0 ]; then
	wait_log "exited: who"
	grep -qx "$(id -u nobody)" "$T/who-stdout.log" || fail "user: $(cat "$T/who-stdout.log")"
else
	wait_log "spawnerr: can't run as user 'nobody': svcd is not running as root"
fi
stop_svcd
exit 0
