#!/bin/sh
# valgrind memcheck of svcd over a reload-heavy run: ten SIGHUPs with the
# table changed in between (a process added, one removed, one changed, one
# bad table refused), children killed with SIGKILL and restarted, then
# SIGTERM. Any memory error or definite/indirect leak fails the test.
#
# valgrind and AddressSanitizer do not mix, so in a sanitizer build folder
# (make check-asan) this test skips: the plain build's run covers svcd. It
# also skips when valgrind is missing or cannot run here (scripts/deps.sh
# installs it).
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

if grep -q __asan_init "$B/svcd"; then
	echo "SKIP: $B/svcd is built with AddressSanitizer; valgrind runs on the plain build"
	exit 0
fi
if ! valgrind -q --error-exitcode=99 /bin/true >"$T/vg-try.out" 2>&1; then
	echo "SKIP: valgrind is not usable here: $(head -n3 "$T/vg-try.out")"
	exit 0
fi

# table K: the same a, d; c changed every time; an extra process on odd K
# (K = 10 is a bad table, refused)
table() {
	compile "t$1" <<EOT
service a {
    command "/bin/sleep 1000";
    startsecs 0s;
}
service c {
    command "/bin/sleep $((2000 + $1))";
    startsecs 0s;
    stopwait 5s;
}
service d {
    command "$H/exitafter 0 300";
    startsecs 0s;
    autorestart true;
}
$(if [ $(($1 % 2)) = 1 ]; then printf 'service extra%s {\n    command "/bin/sleep 3000";\n    startsecs 0s;\n}\n' "$1"; fi)
$(if [ "$1" = 0 ]; then printf 'service b {\n    command "/bin/sleep 1000";\n    startsecs 0s;\n}\n'; fi)
EOT
}

table 0
cp "$T/t0.svct" "$T/svcd.svct"
valgrind --leak-check=full --error-exitcode=99 --errors-for-leak-kinds=definite,indirect \
	--log-file="$T/vg.log" "$B/svcd" -n -c "$T/svcd.svct" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!
vg_fail() {
	echo "--- valgrind:"
	cat "$T/vg.log"
	fail "$@"
}
wait_log 'svcd started with pid' 1 60
wait_log "success: b entered RUNNING" 1 30
wait_log "success: c entered RUNNING" 1 30

hups=0
for k in 1 2 3 4 5 6 7 8 9 10; do
	if [ $k = 10 ]; then
		printf 'not a table\n' >"$T/svcd.svct"
	else
		table $k
		cp "$T/t$k.svct" "$T/svcd.svct"
	fi
	cs=$(count "spawned: 'c'")
	kill -HUP "$SVCD_PID"
	hups=$((hups + 1))
	wait_log "received SIGHUP indicating restart request" $hups 30
	if [ $k = 10 ]; then
		wait_log "reload refused" 1 30
	else
		wait_log "spawned: 'c'" $((cs + 1)) 30
	fi
	[ $k = 1 ] && wait_log "stopped: b \(terminated by SIGTERM\)" 1 30
	[ $((k % 2)) = 1 ] && wait_log "spawned: 'extra$k'" 1 30
	[ $((k % 2)) = 0 ] && [ $k != 10 ] && wait_log "stopped: extra$((k - 1)) \(terminated by SIGTERM\)" 1 30
	if [ $((k % 3)) = 0 ]; then
		as=$(count "spawned: 'a'")
		kill -KILL "$(pid_of a)"
		wait_log "exited: a \(terminated by SIGKILL; not expected\)" $((k / 3)) 30
		wait_log "spawned: 'a'" $((as + 1)) 30
	fi
done

kill -TERM "$SVCD_PID"
"$H/waitfor" -t 60 exit "$SVCD_PID" || vg_fail "svcd did not exit after SIGTERM"
wait "$SVCD_PID"
rc=$?
SVCD_PID=
[ "$rc" = 0 ] || vg_fail "svcd under valgrind exited with status $rc"
grep -q "ERROR SUMMARY: 0 errors" "$T/vg.log" || vg_fail "valgrind found errors"
grep -qE "definitely lost: [1-9]|indirectly lost: [1-9]" "$T/vg.log" && vg_fail "svcd leaks"
exit 0
