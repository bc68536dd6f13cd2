#!/bin/sh
# 50 MB written as fast as possible lands whole across rotations: the sizes
# of FILE and FILE.1 .. FILE.N add up to every byte, no file exceeds
# maxbytes, and svcd keeps answering meanwhile.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

total=52428800
compile rotate <<EOT
service writer {
    command "$H/writebytes $total";
    startsecs 0s;
    stdout "$T/out.log" { maxbytes 4MB; backups 20; }
}
service ticker {
    command "$H/exitafter 0 200";
    startsecs 0s;
    autorestart true;
}
EOT
start_svcd "$T/rotate.svct"
sum() {
	s=0
	for f in "$T"/out.log "$T"/out.log.*; do
		[ -f "$f" ] && s=$((s + $(wc -c <"$f")))
	done
	echo "$s"
}
wait_until 60 sh -c "[ \$(cat '$T'/out.log '$T'/out.log.* 2>/dev/null | wc -c) -ge $total ]"
[ "$(sum)" = "$total" ] || fail "expected $total bytes, found $(sum)"
for f in "$T"/out.log "$T"/out.log.*; do
	[ "$(wc -c <"$f")" -le 4194304 ] || fail "$f is bigger than maxbytes"
done
[ -f "$T/out.log.12" ] || fail "expected rotated files up to out.log.12"
[ -f "$T/out.log.13" ] && fail "more rotations than the bytes need"
# every byte is the helper's: lines of 79 x and a newline
[ "$(cat "$T"/out.log.* "$T"/out.log | tr -d 'x\n' | wc -c)" = 0 ] || fail "foreign bytes in the logs"
# the loop was not stalled: the ticker kept being respawned meanwhile
wait_log "spawned: 'ticker'" 3
stop_svcd
exit 0
