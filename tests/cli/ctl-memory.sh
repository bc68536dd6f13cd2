#!/bin/sh
# Memory comes back: 100 clients at once each read 1 MB of a log over the
# unix socket; once they are all answered and gone, svcd's resident size
# is back within 16 MB of what it was before (it stayed at the peak, 100 MB
# and more, when buffers kept their capacity).
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
compile mem <<EOT
service big {
    command "$H/writebytes 1100000";
    startsecs 0s;
    stdout "$T/big.log" { maxbytes 0; }
}
EOT
start_svcd "$T/mem.svct"
wait_log "success: big entered RUNNING"
wait_until 30 sh -c "[ \$(stat -c %s '$T/big.log' 2>/dev/null || echo 0) -ge 1100000 ]"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SVCD_PID/status"; }
call='<methodCall><methodName>supervisor.readProcessStdoutLog</methodName><params><param><value><string>big</string></value></param><param><value><int>0</int></value></param><param><value><int>1000000</int></value></param></params></methodCall>'
# one read first, so that what is made once (the arena, a slot's input) is
# in the baseline
curl -s -m 30 --unix-socket "$SOCK" --data-binary "$call" http://localhost/RPC2 >/dev/null
before=$(rss)
i=0 pids=
while [ $i -lt 100 ]; do
	curl -s -m 60 --unix-socket "$SOCK" --data-binary "$call" -o "$T/r$i" http://localhost/RPC2 &
	pids="$pids $!"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wait $pids
n=$(grep -l 'xxxx' "$T"/r* | wc -l)
[ "$n" = 100 ] || fail "only $n of 100 reads were answered"
after=$(rss)
echo "svcd resident: $before kB before, $after kB after 100 reads of 1 MB"
# AddressSanitizer's allocator holds freed memory in its quarantine: its
# resident size says nothing about svcd's own buffers
if ldd "$B/svcd" 2>/dev/null | grep -q libasan; then
	echo "sanitizer build: the resident size is not judged"
else
	[ "$after" -le $((before + 16384)) ] || fail "svcd kept $((after - before)) kB after the reads"
fi
stop_svcd
exit 0
