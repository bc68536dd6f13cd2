#!/bin/sh
# A service user must not reach root's files through its log folder. The
# log folder here belongs to nobody, who plants, before svcd starts: a
# symlink at root's service's automatic log name pointing at a root-only
# file, a regular file of its own at another service's log name, and a
# symlink at the pidfile's old temporary name. svcd must append to none of
# them, serve none through readProcessStdoutLog, tailProcessStdoutLog or
# the panel, truncate none with clearProcessLogs, warn that the folder is
# open to others, and create the logs it does write 0640. /dev/stdout as a
# log target still reaches svcd's own standard output.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

if [ "$(id -u)" != 0 ]; then
	echo "skipped: needs root"
	exit 0
fi
chmod 755 "$T"
mkdir "$T/logs"
chown nobody "$T/logs"
SOCK=$T/ctl.sock
printf 'TOPSECRET root only\n' >"$T/secret"
chmod 600 "$T/secret"
cp "$T/secret" "$T/secret2"
# what nobody plants in its folder, and beside the pidfile
setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c "
	ln -s '$T/secret' '$T/logs/victim-stdout.log'
	printf 'mine\n' >'$T/logs/other-stdout.log'
" || fail "could not plant as nobody"
ln -s "$T/secret2" "$T/svcd.pid.tmp"

compile_raw safe <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T/logs";
    socket "$SOCK";
}
service victim {
    command "/bin/sh -c 'echo victim says hello; exec sleep 1000'";
    startsecs 0s;
}
service other {
    command "/bin/sh -c 'echo other says hello; exec sleep 1000'";
    startsecs 0s;
}
service fresh {
    command "/bin/sh -c 'echo fresh says hello; exec sleep 1000'";
    startsecs 0s;
    stdout "$T/fresh.log";
}
service console {
    command "/bin/sh -c 'echo console says hello; exec sleep 1000'";
    startsecs 0s;
    stdout "/dev/stdout";
}
EOT
start_svcd "$T/safe.svct"
wait_log "success: victim entered RUNNING"
wait_log "success: other entered RUNNING"
wait_log "can't open log file $T/logs/victim-stdout.log of 'victim': Too many levels of symbolic links"
wait_log "can't open log file $T/logs/other-stdout.log of 'other': Operation not permitted"
wait_log "the folder of log file $T/logs/[a-z]+-std(out|err).log is open to others \($T/logs is owned by nobody\)"
[ "$(count "is open to others")" = 1 ] || fail "the open folder must be reported once, not for every log"
wait_line 10 "$T/fresh.log" 'fresh says hello'
wait_line 10 "$T/svcd.out" 'console says hello'

same() { cmp -s "$1" "$2" || fail "$1 was changed: $(cat "$1")"; }
printf 'TOPSECRET root only\n' >"$T/want"
same "$T/secret" "$T/want"
same "$T/secret2" "$T/want"
[ "$(cat "$T/logs/other-stdout.log")" = mine ] || fail "svcd wrote into nobody's planted file"
[ "$(stat -c %a "$T/fresh.log")" = 640 ] || fail "a new log is mode $(stat -c %a "$T/fresh.log"), not 640"

call() {
	curl -s -m 10 --unix-socket "$SOCK" -H 'Content-Type: text/xml' --data-binary "$1" \
		http://localhost/RPC2
}
for m in readProcessStdoutLog tailProcessStdoutLog; do
	args='<param><value><int>0</int></value></param><param><value><int>100</int></value></param>'
	out=$(call "<methodCall><methodName>supervisor.$m</methodName><params><param><value><string>victim</string></value></param>$args</params></methodCall>")
	case $out in *TOPSECRET*) fail "$m served the planted link's target: $out" ;; esac
done
page=$(curl -s -m 10 --unix-socket "$SOCK" 'http://localhost/tail.html?processname=victim')
case $page in *TOPSECRET*) fail "the panel served the planted link's target" ;; esac
page=$(curl -s -m 10 --unix-socket "$SOCK" 'http://localhost/logtail/victim')
case $page in *TOPSECRET*) fail "/logtail served the planted link's target" ;; esac
"$B/svcctl" -s "unix://$SOCK" clear victim >/dev/null 2>&1
"$B/svcctl" -s "unix://$SOCK" clear other >/dev/null 2>&1
same "$T/secret" "$T/want"
[ "$(cat "$T/logs/other-stdout.log")" = mine ] || fail "clear emptied nobody's planted file"
stop_svcd
same "$T/secret2" "$T/want"
exit 0
