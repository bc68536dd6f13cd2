#!/bin/sh
# Each child leads its own process group; stopasgroup sends the stop
# signal to the whole group, so a grandchild dies with its parent, and
# without it (and with killtree false) the grandchild is left alone.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile group <<EOT
service grouped {
    command "$H/forkgrand $T/grouped.gpid 100000 -1";
    startsecs 0s;
    stopasgroup true;
}
service single {
    command "$H/forkgrand $T/single.gpid 100000 -1";
    startsecs 0s;
    killtree false;
}
EOT
start_svcd "$T/group.svct"
wait_line 10 "$T/grouped.gpid" '[0-9]'
wait_line 10 "$T/single.gpid" '[0-9]'
gg=$(cat "$T/grouped.gpid")
sg=$(cat "$T/single.gpid")
gp=$(pid_of grouped)
# the child leads its own group; the grandchild is in it
[ "$(ps -o pgid= -p "$gp" | tr -d ' ')" = "$gp" ] || fail "the child is not a group leader"
[ "$(ps -o pgid= -p "$gg" | tr -d ' ')" = "$gp" ] || fail "the grandchild left the group"
stop_svcd
wait_exit 10 $gg
alive "$sg" || fail "without stopasgroup the grandchild should survive"
kill -KILL "$sg"
exit 0
