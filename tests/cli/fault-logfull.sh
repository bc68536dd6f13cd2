#!/bin/sh
# A log file system that fills up (a 1 MiB tmpfs holding svcd's log and the
# children's): svcd keeps supervising, says on stderr what it could not
# write, and writes again once space returns. Needs root for the mount.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: mounting a tmpfs needs root"
	exit 0
fi
FS=$T/fs
mkdir "$FS"
if ! mount -t tmpfs -o size=1m tmpfs "$FS" 2>"$T/mount.err"; then
	echo "SKIP: can't mount a tmpfs: $(cat "$T/mount.err")"
	exit 0
fi
# shellcheck disable=SC2317 # called by the trap
fs_cleanup() {
	if [ -n "$SVCD_PID" ]; then kill -KILL "$SVCD_PID" 2>/dev/null; fi
	SVCD_PID=
	kill_tagged
	umount "$FS" 2>/dev/null || umount -l "$FS"
	cleanup
}
trap fs_cleanup EXIT

# a numbered line every 20 ms
cat >"$T/talker.sh" <<'EOT'
i=0
while :; do
	i=$((i + 1))
	echo "tick $i ........................................................"
	sleep 0.02
done
EOT
# svcd's own log file is on the small file system; with -n every line is
# on stderr as well, which is where the test reads them.
LOG=$T/svcd.out
compile_raw full <<EOT
supervisor {
    logfile "$FS/svcd.log";
    pidfile "$T/svcd.pid";
    childlogdir "$FS";
}
service crasher {
    command "$H/exitafter 0 200";
    startsecs 0s;
    autorestart true;
    stdout none;
    stderr none;
}
service talker {
    command "/bin/sh $T/talker.sh";
    startsecs 0s;
    stdout "$FS/talker.log";
    stderr stdout;
}
# restarts several times a second: enough lines to fill svcd's log soon
service noisy {
    command "$H/exitafter 0 100";
    instances 6;
    startsecs 0s;
    autorestart true;
    stdout none;
    stderr none;
}
service filler {
    command "$H/writebytes 3000000";
    startsecs 0s;
    stdout "$FS/filler.log";
    stderr stdout;
}
EOT
# room that can be given back later
dd if=/dev/zero of="$FS/ballast" bs=1k count=256 2>/dev/null || fail "no ballast"

start_svcd "$T/full.svct"
wait_log "can't write to log file $FS/filler.log: No space left on device" 1 20
wait_log "can't write to log file $FS/svcd.log: No space left on device; lines go to stderr" 1 20
# supervision goes on: the crasher is restarted again and again
n=$(count "spawned: 'crasher'")
wait_log "spawned: 'crasher'" $((n + 3)) 20
wait_log "can't write to log file $FS/talker.log: No space left on device" 1 20
[ "$(count "can't write to log file $FS/filler.log")" = 1 ] \
	|| fail "the refusal of filler.log must be said once, not per write"
filler=$(pid_of filler)
alive "$filler" || fail "filler died while its log was full"
# writebytes is done once its 3 MB are through the pipe (wchar counts them)
wait_until 20 sh -c "[ \$(awk '/^wchar/ { print \$2 }' /proc/$filler/io) -ge 3000000 ]"
# a moment for svcd to read what is still in the pipe (nothing announces
# that it has)
sleep 0.3

# space returns: new output lands in the files again
last_tick() {
	grep -o '^tick [0-9]*' "$FS/talker.log" | tail -n1 | cut -d' ' -f2
}
t0=$(last_tick)
# a window in which nothing may happen: no event marks a non-event
sleep 0.5
[ "$(last_tick)" = "$t0" ] || fail "talker.log grew while the disk was full"
rm -f "$FS/ballast"
wait_log "writing to log file $FS/talker.log again; [0-9]+ bytes were dropped" 1 20
wait_until 20 sh -c "[ \$(grep -o '^tick [0-9]*' '$FS/talker.log' | tail -n1 | cut -d' ' -f2) -gt $((t0 + 10)) ]"
wait_until 20 grep -qE "WARN [0-9]+ lines could not be written to this file before this one" "$FS/svcd.log"
m=$(grep -c "spawned: 'crasher'" "$FS/svcd.log")
wait_until 20 sh -c "[ \$(grep -c \"spawned: 'crasher'\" '$FS/svcd.log') -gt $m ]"
stop_svcd
alive "$filler" && fail "filler outlived svcd"
exit 0
