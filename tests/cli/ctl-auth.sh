#!/bin/sh
# The control socket: mode applied, basic auth with a {SHA} password on
# every handler (401 with supervisord's realm otherwise), supervisorctl
# with -u/-p, a stale socket replaced, a live one refused, the socket
# removed at exit; and a TCP listener with the same auth.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
sha=$(printf '%s' 's3cret' | sha1sum | cut -d' ' -f1)
compile_raw auth <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$SOCK" {
        mode 0660;
    }
    listen "127.0.0.1:$PORT";
    auth {
        username "admin";
        password "{SHA}$sha";
    }
}
service web {
    command "/bin/sleep 1000";
    startsecs 0s;
}
EOT
# a stale socket (nobody listening) is replaced
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$SOCK"
[ -S "$SOCK" ] || fail "could not make a stale socket"
start_svcd "$T/auth.svct"
wait_log "spawned: 'web'"
checks=0
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "socket mode $(stat -c %a "$SOCK"), not 660"
checks=$((checks + 1))

code() { # code [CURL ARGS...]: the HTTP status of a getVersion call
	curl -s -o /dev/null -w '%{http_code}' -m 10 --data-binary \
		'<methodCall><methodName>supervisor.getVersion</methodName></methodCall>' "$@"
}
for url in "--unix-socket $SOCK http://localhost/RPC2" "http://127.0.0.1:$PORT/RPC2"; do
	# shellcheck disable=SC2086
	[ "$(code $url)" = 401 ] || fail "no credentials: not 401 ($url)"
	# shellcheck disable=SC2086
	[ "$(code -u admin:wrong $url)" = 401 ] || fail "wrong password: not 401 ($url)"
	# shellcheck disable=SC2086
	[ "$(code -u admin:s3cretX $url)" = 401 ] || fail "longer password: not 401 ($url)"
	# shellcheck disable=SC2086
	[ "$(code -u nobody:s3cret $url)" = 401 ] || fail "wrong user: not 401 ($url)"
	# shellcheck disable=SC2086
	[ "$(code -u admin:s3cret $url)" = 200 ] || fail "right password: not 200 ($url)"
	# the password with a NUL and more after it is another password
	nul=$(printf 'admin:s3cret\000junk' | base64)
	# shellcheck disable=SC2086
	[ "$(code -H "Authorization: Basic $nul" $url)" = 401 ] || fail "password cut at a NUL: not 401 ($url)"
	checks=$((checks + 6))
done
hdr=$(curl -s -D - -o /dev/null -m 10 --unix-socket "$SOCK" http://localhost/)
echo "$hdr" | grep -q '^HTTP/1.1 401' || fail "the panel is open without auth: $hdr"
echo "$hdr" | grep -qi '^WWW-Authenticate: Basic realm="default"' || fail "no realm: $hdr"
[ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 --unix-socket "$SOCK" http://localhost/logtail/web)" = 401 ] \
	|| fail "logtail is open without auth"
checks=$((checks + 3))

# supervisorctl with and without credentials
supervisorctl -s "unix://$SOCK" -u admin -p s3cret status web | grep -q '^web  *RUNNING' \
	|| fail "supervisorctl -u -p status"
out=$(supervisorctl -s "unix://$SOCK" status 2>&1)
echo "$out" | grep -q 'Server requires authentication' || fail "supervisorctl without auth: $out"
supervisorctl -s "http://127.0.0.1:$PORT" -u admin -p s3cret pid | grep -qx "$SVCD_PID" \
	|| fail "supervisorctl over TCP"
checks=$((checks + 3))

# a second svcd on the same socket (its own pidfile) is refused
sed -e "s#$T/svcd.pid#$T/other.pid#" -e "s#listen .*#listen \"127.0.0.1:$((PORT + 1))\";#" \
	"$T/auth.svc" >"$T/other.svc"
"$B/svcc" -o "$T/other.svct" "$T/other.svc" >/dev/null 2>&1 || fail "svcc other.svc"
out=$("$B/svcd" -n -c "$T/other.svct" 2>&1)
rc=$?
[ $rc = 1 ] || fail "a second svcd on a live socket exited $rc"
echo "$out" | grep -q 'Another program is already listening' || fail "second svcd said: $out"
alive "$SVCD_PID" || fail "the first svcd died"
[ -S "$SOCK" ] || fail "the live socket was removed"
checks=$((checks + 3))

stop_svcd
[ ! -e "$SOCK" ] || fail "the socket was left behind"
checks=$((checks + 1))
echo "ctl-auth: $checks checks passed"
exit 0
