#!/bin/sh
# limits { }, nice and oom_score_adj as the child sees them; envfile with
# comments, quotes, an optional missing file, the supervisor's for every
# process and env winning over files; memory refused without the memory
# controller; exponential backoff's delays; startretries infinite.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

cat >"$T/app.env" <<'EOF'
# a comment
; another
GREETING="hello world"
PLAIN=  spaced value
SINGLE='it''s'
export EXPORTED=yes
OVERRIDE=from-file
WINPATH="C:\temp\new \$HOME \"q\""
not a pair
SUPERVISOR_PROCESS_NAME=lim
EOF
echo 'SHARED=everyone' >"$T/all.env"

svc_head | sed "s|^}\$|    envfile \"$T/all.env\";\n}|" >"$T/head.svc"
grep -q envfile "$T/head.svc" || fail "no envfile in the supervisor block"
{ cat "$T/head.svc"; cat; } <<EOT | compile_raw limits
service lim {
    command "/bin/sleep 1000";
    startsecs 0;
    limits { nofile 64; core 0; cpu 3600s; }
    nice 5;
    oom_score_adj 300;
}
service envy {
    command "/bin/sh -c 'env > $T/envy.out; exec sleep 1000'";
    startsecs 0;
    envfile "$T/app.env";
    envfile "-$T/missing.env";
    env OVERRIDE "from-env";
}
service hog {
    command "/usr/bin/python3 -c 'import time; time.sleep(0.5); b = b\"x\" * (100 << 20); time.sleep(1000)'";
    startsecs 0;
    maxrss 50MB { every 100ms; }
}
service expo {
    command "/bin/false";
    startsecs 30s;
    startretries 4;
    backoff exponential { initial 200ms; max 500ms; }
}
service forever {
    command "/bin/false";
    startsecs 30s;
    startretries infinite;
    backoff exponential { initial 100ms; max 100ms; }
}
EOT
start_svcd "$T/limits.svct"
wait_log "success: lim entered RUNNING"
pid=$(pid_of lim)
grep -Eq '^Max open files +64 +64 ' "/proc/$pid/limits" || fail "nofile: $(grep 'open files' "/proc/$pid/limits")"
grep -Eq '^Max core file size +0 +0 ' "/proc/$pid/limits" || fail "core: $(grep 'core' "/proc/$pid/limits")"
grep -Eq '^Max cpu time +3600 +3600 ' "/proc/$pid/limits" || fail "cpu: $(grep 'cpu time' "/proc/$pid/limits")"
nice=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f17)
[ "$nice" = 5 ] || fail "nice is $nice, not 5"
[ "$(cat "/proc/$pid/oom_score_adj")" = 300 ] || fail "oom_score_adj is $(cat "/proc/$pid/oom_score_adj")"

wait_until 10 test -s "$T/envy.out"
# the name that marks a process's tree is svcd's to give, not a file's
for kv in 'GREETING=hello world' 'PLAIN=spaced value' "SINGLE=it''s" 'EXPORTED=yes' \
	'OVERRIDE=from-env' 'SHARED=everyone' 'WINPATH=C:\temp\new $HOME "q"' \
	'SUPERVISOR_PROCESS_NAME=envy'; do
	grep -qxF "$kv" "$T/envy.out" || fail "envy lacks $kv: $(grep -v '^_' "$T/envy.out")"
done

# maxrss: restarted once it holds 100 MB, with the line
wait_log "maxrss: hog uses [0-9]+ KiB, more than its 51200 KiB: restarting"
wait_log "spawned: 'hog'" 2

# backoff exponential: 200, 400, 500 (max), 500 ms between the tries
wait_log "gave up: expo entered FATAL state" 1 20
for k in 1 2 3 4; do
	t0=$(stamp_ms "exited: expo" "$k")
	t1=$(stamp_ms "spawned: 'expo'" $((k + 1)))
	want=$((k == 1 ? 200 : k == 2 ? 400 : 500))
	d=$((t1 - t0))
	[ "$d" -ge $((want - 20)) ] || fail "try $((k + 1)) of expo came $d ms after the failure, before $want ms"
done
# infinite: past any startretries, never FATAL
wait_log "spawned: 'forever'" 12 20
[ "$(count "gave up: forever")" = 0 ] || fail "startretries infinite went FATAL"
stop_svcd

# a missing envfile is an error when svcd loads the table, the optional not
compile badenv <<EOT
service x { command "/bin/sleep 1"; envfile "$T/nope.env"; }
EOT
"$B/svcd" -n -c "$T/badenv.svct" >"$T/badenv.out" 2>&1 && fail "svcd ran with a missing envfile"
grep -q "envfile $T/nope.env of 'x' can't be read: No such file or directory" "$T/badenv.out" \
	|| fail "missing envfile: $(cat "$T/badenv.out")"

# said before svcd's log is open: on its stderr
grep -q "envfile $T/app.env of 'envy': not KEY=VALUE, skipped: not a pair" "$T/svcd.out" \
	|| fail "the line without = was not reported: $(cat "$T/svcd.out")"
# a FIFO is refused, not waited on
mkfifo "$T/fifo.env"
compile fifo <<EOT
service x { command "/bin/sleep 1"; envfile "$T/fifo.env"; }
EOT
timeout 10 "$B/svcd" -n -c "$T/fifo.svct" >"$T/fifo.out" 2>&1 && fail "svcd ran with a FIFO envfile"
grep -q "envfile $T/fifo.env of 'x' is not a regular file" "$T/fifo.out" || fail "FIFO envfile: $(cat "$T/fifo.out")"

# memory needs the memory controller delegated to svcd's cgroup
if ! grep -qw memory /sys/fs/cgroup/unified/cgroup.subtree_control 2>/dev/null \
	&& ! grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
	compile mem <<EOT
service x { command "/bin/sleep 1"; memory 64MB; }
EOT
	"$B/svcd" -n -c "$T/mem.svct" >"$T/mem.out" 2>&1 && fail "svcd ran memory without the controller"
	grep -q "memory of 'x' needs a cgroup v2 hierarchy with the memory controller" "$T/mem.out" \
		|| fail "memory refusal: $(cat "$T/mem.out")"
fi
exit 0
