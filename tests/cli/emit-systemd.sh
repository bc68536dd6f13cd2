#!/bin/sh
# The unit of `svcc --emit systemd` for every example passes
# `systemd-analyze verify`, and is Type=notify (NotifyAccess=main, with a
# TimeoutStartSec) for svcd, Type=simple for supervisord. A unit for svcd points at the installed svcd
# and its man page, neither present on a build host: the check runs on a
# copy that points at the freshly built svcd, without the man page line.
build=$1
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze is not installed: the units cannot be verified here"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
svcd=$(cd "$build" && pwd)/svcd
fail=0
for f in examples/*.svc examples/*/services.svc; do
	name=$(echo "$f" | tr / _)
	mkdir -p "$tmp/$name"
	"$build/svcc" --emit systemd -O - --no-host-checks "$f" >"$tmp/$name/out" 2>"$tmp/err" ||
		{ echo "$f: svcc --emit systemd failed"; cat "$tmp/err"; fail=1; continue; }
	unit=$(sed -n 's|^# Install it as /etc/systemd/system/\(.*\), then run$|\1|p' "$tmp/$name/out")
	[ -n "$unit" ] || { echo "$f: the unit does not say where it goes"; fail=1; continue; }
	if grep -q '^ExecStart=/usr/bin/supervisord -n -c ' "$tmp/$name/out"; then
		cp "$tmp/$name/out" "$tmp/$name/$unit"
		types='Type=simple'
	elif [ -x "$svcd" ] && grep -q '^ExecStart=/usr/local/bin/svcd -n -c ' "$tmp/$name/out"; then
		sed "s|^ExecStart=/usr/local/bin/svcd|ExecStart=$svcd|; /^Documentation=/d" \
			"$tmp/$name/out" >"$tmp/$name/$unit"
		# svcd says READY=1 itself, within the start budget of the unit
		types='Type=notify NotifyAccess=main'
		grep -Eqx 'TimeoutStartSec=[1-9][0-9]*' "$tmp/$name/$unit" ||
			{ echo "$f: no TimeoutStartSec= for svcd"; fail=1; }
	else
		echo "$f: unexpected ExecStart: $(grep ^ExecStart "$tmp/$name/out")"
		fail=1
		continue
	fi
	# shellcheck disable=SC2086 # one line each
	for line in 'ExecReload=/bin/kill -HUP $MAINPID' 'KillMode=mixed' 'Restart=on-failure' \
		'WantedBy=multi-user.target' $types; do
		grep -qxF "$line" "$tmp/$name/$unit" || { echo "$f: no '$line'"; fail=1; }
	done
	if ! out=$(systemd-analyze verify "$tmp/$name/$unit" 2>&1) || [ -n "$out" ]; then
		echo "$f: systemd-analyze verify: $out"
		fail=1
	fi
done
exit $fail
