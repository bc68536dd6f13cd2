#!/bin/sh
# svcd is a child subreaper: a grandchild orphaned by its parent's exit is
# re-parented to svcd and reaped ("reaped unknown pid"), leaving no zombie
# (with killtree false: by default the orphan is killed with its parent).
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile orphan <<EOT
service parent {
    command "$H/forkgrand $T/orphan.gpid 700 0";
    startsecs 0s;
    autorestart false;
    killtree false;
}
EOT
start_svcd "$T/orphan.svct"
wait_log "exited: parent \(exit status 0; expected\)"
wait_line 10 "$T/orphan.gpid" '[0-9]'
g=$(cat "$T/orphan.gpid")
wait_log "INFO reaped unknown pid $g \(exit status 0\)"
[ -e "/proc/$g" ] && fail "the orphan $g is still in /proc (zombie?)"
stop_svcd
exit 0
