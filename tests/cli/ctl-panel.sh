#!/bin/sh
# The web panel in headless Chromium on loopback: the page loads and lists
# the processes; following its Stop link (taken from the DOM Chromium
# built) stops the process, shows supervisord's message, and
# supervisorctl then reports STOPPED. Usage: panel.sh BUILD
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/../cli/svcd-lib.inc"

CHROME=$(command -v chromium || command -v chromium-browser) || { echo "chromium is not installed (make deps)"; exit 1; }
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
compile_raw panel <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$T/ctl.sock";
    listen "127.0.0.1:$PORT";
}
service web {
    command "/bin/sh -c 'echo web says hi; exec sleep 1000'";
    startsecs 0s;
}
service idle {
    command "/bin/sleep 1000";
    autostart false;
}
EOT
start_svcd "$T/panel.svct"
wait_log "success: web entered RUNNING"

dom() { # dom URL: the DOM after Chromium loaded URL (redirects followed)
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" --dump-dom "$1" 2>"$T/chrome.err"
}

base=http://127.0.0.1:$PORT/
dom "$base" >"$T/index.html" || fail "chromium could not load the panel: $(tail -5 "$T/chrome.err")"
grep -q '<title>Supervisor Status</title>' "$T/index.html" || fail "no title: $(cat "$T/index.html")"
grep -q 'class="statusrunning">running<' "$T/index.html" || fail "web is not shown running"
grep -q 'class="statusnominal">stopped<' "$T/index.html" || fail "idle is not shown stopped"
grep -q 'Not started' "$T/index.html" || fail "no description for idle"
# the stop link of web's row, as Chromium parsed it (relative, &amp; decoded)
link=$(grep -o 'href="index.html?processname=web&amp;action=stop&amp;token=[0-9a-f]*"' "$T/index.html" | head -n1 \
	| sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g')
[ -n "$link" ] || fail "no stop link for web: $(cat "$T/index.html")"
dom "$base$link" >"$T/after.html" || fail "chromium could not follow the stop link"
grep -q 'Process web stopped' "$T/after.html" || fail "no 'Process web stopped' message: $(cat "$T/after.html")"
grep -q 'class="statusnominal">stopped<' "$T/after.html" || fail "web not shown stopped after"
state=$(supervisorctl -s "unix://$T/ctl.sock" status web | awk '{ print $2 }')
[ "$state" = STOPPED ] || fail "supervisorctl says web is $state"
# start it again from its Start link, and the tail page shows its output
link=$(grep -o 'href="index.html?processname=web&amp;action=start&amp;token=[0-9a-f]*"' "$T/after.html" | head -n1 \
	| sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g')
dom "$base$link" >"$T/again.html"
grep -q 'Process web started' "$T/again.html" || fail "no 'Process web started' message"
dom "${base}tail.html?processname=web" >"$T/tail.html"
grep -q 'web says hi' "$T/tail.html" || fail "tail.html: $(cat "$T/tail.html")"
[ "$(curl -s -m 5 "${base}ok.html")" = OK ] || fail "ok.html"

# Cross-site requests change nothing: an action link without the page's
# token (what another site's page can make a browser follow), a request
# whose Host is a name an attacker's DNS could point here (rebinding), and
# an XML-RPC call a page of another origin posted.
code() { curl -s -o /dev/null -w '%{http_code}' -m 10 "$@"; }
[ "$(code "${base}index.html?processname=web&action=stop")" = 403 ] ||
	fail "an action without the token was not refused"
[ "$(code "${base}index.html?processname=web&action=stop&token=0123456789abcdef0123456789abcdef")" = 403 ] ||
	fail "an action with a wrong token was not refused"
[ "$(code -H 'Host: evil.example:80' "${base}")" = 403 ] || fail "a foreign Host was not refused on TCP"
[ "$(code -H "Host: localhost:$PORT" "${base}")" = 200 ] || fail "Host localhost was refused"
rpc='<methodCall><methodName>supervisor.stopProcess</methodName><params><param><value><string>web</string></value></param></params></methodCall>'
[ "$(code -H 'Content-Type: text/plain' -H 'Origin: http://evil.example' --data-binary "$rpc" "${base}RPC2")" = 403 ] ||
	fail "a cross-origin POST was not refused"
[ "$(code -H 'Origin: http://evil.example' --unix-socket "$T/ctl.sock" --data-binary "$rpc" http://localhost/RPC2)" = 403 ] ||
	fail "a cross-origin POST on the unix socket was not refused"
state=$(supervisorctl -s "unix://$T/ctl.sock" status web | awk '{ print $2 }')
[ "$state" = RUNNING ] || fail "a cross-site request changed web to $state"
stop_svcd
echo "panel: 11 checks passed"
exit 0
