#!/bin/sh
# svcc --import on every tests/import/NAME.conf, run from the project's
# root: stdout must be NAME.svc, stderr NAME.stderr (empty when absent), and
# the exit status 1 for bad-*.conf, else 0. SVC_UPDATE=1 rewrites the
# expected files instead (review the diff!).
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# web.conf takes its TCP port from the environment when imported.
export SVC_TEST_PORT=9001 NO_COLOR=1
fails=0 n=0
for conf in tests/import/*.conf; do
	base=${conf%.conf}
	name=$(basename "$base")
	if [ "$name" = debian ] && ls /etc/supervisor/conf.d/*.conf >/dev/null 2>&1; then
		echo "skip $conf: this host's /etc/supervisor/conf.d is not empty"
		continue
	fi
	"$build/svcc" --import "$conf" >"$tmp/out" 2>"$tmp/err"
	status=$?
	want=0
	case $name in bad-*) want=1 ;; esac
	if [ "${SVC_UPDATE:-}" = 1 ]; then
		if [ -s "$tmp/out" ]; then cp "$tmp/out" "$base.svc"; else rm -f "$base.svc"; fi
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$base.stderr"; else rm -f "$base.stderr"; fi
	fi
	if [ -f "$base.stderr" ]; then cp "$base.stderr" "$tmp/want-err"; else : >"$tmp/want-err"; fi
	n=$((n + 1))
	if [ "$status" != "$want" ]; then
		echo "FAIL $conf: exit status $status, expected $want"; cat "$tmp/err"; fails=$((fails + 1))
	elif ! diff -u "$tmp/want-err" "$tmp/err"; then
		echo "FAIL $conf: stderr differs (above)"; fails=$((fails + 1))
	elif [ "$want" = 0 ] && ! diff -u "$base.svc" "$tmp/out"; then
		echo "FAIL $conf: output differs from $base.svc (above)"; fails=$((fails + 1))
	elif [ "$want" = 1 ] && [ -s "$tmp/out" ]; then
		echo "FAIL $conf: output written despite errors"; fails=$((fails + 1))
	fi
done
[ $n -ge 10 ] || { echo "only $n INIs were tried"; exit 1; }
[ $fails -eq 0 ]
