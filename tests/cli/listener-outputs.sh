#!/bin/sh
# A listener and log events through both outputs of svcc: the compiled table
# (svcc --dump, text against tests/cli/table-dumps/listener.dump, JSON must
# parse) and the INI (tests/emit/golden/listener.ini). svcd's reader checks
# the table when --dump opens it. SVC_UPDATE=1 rewrites both golden files.
build=$1
src=tests/emit/listener.svc
dump=tests/cli/table-dumps/listener.dump
ini=tests/emit/golden/listener.ini
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
fail=0
"$build/svcc" --no-host-checks -o "$tmp/l.svct" "$src" || { echo "$src does not compile"; exit 1; }
"$build/svcc" --dump "$tmp/l.svct" | sed "s|$(pwd)/||" >"$tmp/dump" || { echo "--dump failed"; exit 1; }
"$build/svcc" --no-host-checks --emit ini -O - "$src" >"$tmp/ini" || { echo "--emit ini failed"; exit 1; }
if [ "${SVC_UPDATE:-}" = 1 ]; then
	cp "$tmp/dump" "$dump"
	cp "$tmp/ini" "$ini"
	exit 0
fi
diff -u "$dump" "$tmp/dump" || { echo "the dump differs from $dump"; fail=1; }
diff -u "$ini" "$tmp/ini" || { echo "the INI differs from $ini"; fail=1; }
"$build/svcc" --dump --format json "$tmp/l.svct" | python3 -m json.tool >/dev/null ||
	{ echo "--dump --format json is not valid JSON"; fail=1; }
# the fields themselves, so an update of the golden files cannot hide a loss
grep -q '^  flags listener stderr_events$' "$tmp/dump" || { echo "no listener flags"; fail=1; }
grep -q '^  buffer 10$' "$tmp/dump" || { echo "no default buffer"; fail=1; }
grep -q '^  stdout_capture 65536$' "$tmp/dump" || { echo "no stdout capture"; fail=1; }
grep -q '^\[eventlistener:watcher\]$' "$tmp/ini" || { echo "no [eventlistener:watcher]"; fail=1; }
grep -q '^events=PROCESS_STATE,TICK_5$' "$tmp/ini" || { echo "no events= as written"; fail=1; }
exit $fail
