#!/bin/sh
# The nginx snippet of `svcc --emit nginx` passes `nginx -t` inside a minimal
# nginx.conf, and a real nginx on a loopback port proxies the prefix to
# supervisord's web panel over its unix socket: the page, its stylesheet,
# auth, the redirect that adds the trailing slash, and the redirect after
# an action, which must keep the prefix.
build=$1
for tool in supervisord nginx curl; do
	command -v $tool >/dev/null || { echo "$tool is not installed (make deps)"; exit 1; }
done
root=$(mktemp -d /tmp/svc-ngx.XXXXXX)
chmod 755 "$root"
spid= npid=
stop() {
	if [ -n "$1" ]; then kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; fi
}
cleanup() { stop "$npid"; stop "$spid"; rm -rf "$root"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
	echo "$*"
	for f in sup.out ngx.out; do [ -f "$root/$f" ] && sed "s/^/$f: /" "$root/$f"; done
	exit 1
}

# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
port=$PORT
mkdir -p "$root/log" "$root/run"
sed "s|@ROOT@|$root|g; s|@PORT@|$port|g" tests/emit/panel.svc.in >"$root/panel.svc"
"$build/svcc" --emit ini,nginx "$root/panel.svc" 2>"$root/svcc.err" ||
	fail "svcc --emit ini,nginx failed: $(cat "$root/svcc.err")"
[ -f "$root/nginx-svc.conf" ] || fail "no nginx-svc.conf beside the input"

cat >"$root/nginx.conf" <<CONF
user www-data;
worker_processes 1;
events { worker_connections 64; }
http {
    access_log $root/log/access.log;
    client_body_temp_path $root/body;
    proxy_temp_path $root/proxy;
    include $root/nginx-svc.conf;
}
CONF
nginx -t -p "$root" -c "$root/nginx.conf" -g "pid $root/run/nginx.pid; error_log stderr;" \
	>"$root/ngx.out" 2>&1 || fail "nginx -t refused the snippet"

supervisord -c "$root/supervisord.conf" -n >"$root/sup.out" 2>&1 &
spid=$!
nginx -p "$root" -c "$root/nginx.conf" -g "daemon off; pid $root/run/nginx.pid; error_log stderr;" \
	>"$root/ngx.out" 2>&1 &
npid=$!

url="http://127.0.0.1:$port/ops/supervisor/"
# the panel is up once a request through nginx reaches supervisord: no file
# says so, so it asks every 100 ms
i=0
until curl -s -o /dev/null -u tester:secret "$url" && [ -S "$root/run/supervisor.sock" ] &&
	curl -s -u tester:secret "$url" | grep -q 'Supervisor Status'; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no panel at $url after 10s: $(curl -s -i -u tester:secret "$url" | head -5)"
	sleep 0.1
done
page=$(curl -s -u tester:secret "$url")
case $page in *'Supervisor Status'*'tail.html?processname=web'*) ;;
*) fail "the panel does not list web: $page" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' -u tester:secret "${url}stylesheets/supervisor.css")
[ "$code" = 200 ] || fail "stylesheet through the proxy: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 401 ] || fail "no credentials gave HTTP $code, not 401"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port/ops/supervisor")
case $loc in */ops/supervisor/) ;; *) fail "no redirect to the prefix with a slash: '$loc'" ;; esac
hdr=$(curl -s -o /dev/null -D - -u tester:secret "${url}index.html?processname=web&action=stop")
case $hdr in *"Location: "*"/ops/supervisor/?message=Process%20web%20stopped"*) ;;
*) fail "the action's redirect lost the prefix: $hdr" ;; esac
[ "$(supervisorctl -c "$root/supervisord.conf" status web | awk '{ print $2 }')" = STOPPED ] ||
	fail "stop through the panel did not stop web"
exit 0
