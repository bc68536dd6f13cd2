#!/bin/sh
# The table file is the administrator's, but svcd survives whatever sits at
# its path when it reloads: a table rewritten in place while SIGHUPs arrive
# (cp, cat >, an editor) never kills svcd (it reads the file, it does not map
# it), and a FIFO at the path is refused at once instead of hanging svcd in
# open(). Either way the running table is kept and supervision goes on.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile small <<EOT
service a {
    command "/bin/sleep 1000";
    startsecs 0s;
}
EOT
# a bigger table of the same services, so rewrites change the size
{
	echo 'service a {'
	echo '    command "/bin/sleep 1000";'
	echo '    startsecs 0s;'
	echo '}'
	i=0
	while [ $i -lt 200 ]; do
		printf 'service pad%s {\n    command "/bin/true";\n    autostart false;\n}\n' $i
		i=$((i + 1))
	done
} | compile big
cp "$T/small.svct" "$T/run.svct"
start_svcd "$T/run.svct"
wait_log "success: a entered RUNNING"
a=$(pid_of a)

# rewrite the file in place, again and again, while svcd reloads it
(
	while :; do
		cat "$T/big.svct" >"$T/run.svct"
		cat "$T/small.svct" >"$T/run.svct"
	done
) &
writer=$!
n=0
while [ $n -lt 60 ]; do
	n=$((n + 1))
	kill -HUP "$SVCD_PID" 2>/dev/null || { kill $writer; fail "svcd died during reload $n"; }
	wait_log "received SIGHUP indicating restart request" $n 30
done
kill $writer
wait $writer 2>/dev/null
alive "$SVCD_PID" || fail "svcd died while the table was rewritten under it"
[ "$(pid_of a)" = "$a" ] && alive "$a" || fail "a was restarted or lost by the reloads"

# a FIFO at the table's path: refused, and svcd still reaps and restarts
rm -f "$T/run.svct"
mkfifo "$T/run.svct"
kill -HUP "$SVCD_PID"
wait_log "reload refused, the running configuration is kept: $T/run.svct: not a regular file" 1 30
kill -KILL "$a"
wait_log "spawned: 'a'" 2 30
alive "$SVCD_PID" || fail "svcd died"
rm -f "$T/run.svct"
stop_svcd
exit 0
