#!/bin/sh
# Installs the Debian packages that building and testing svc need, when missing.
# Debian's supervisor and nginx packages would start system services on install;
# a policy-rc.d that refuses keeps them stopped (the tests run their own). A
# service is stopped afterwards only if this install started it: never one
# that ran before, and never by process name.
set -eu

PKGS="gcc clang clang-format libclang-rt-14-dev make flex bison pkg-config libtalloc-dev libcmocka-dev libexpat1-dev nettle-dev libedit-dev
      python3 shellcheck supervisor nginx-light procps hyperfine time systemd curl valgrind chromium
      stress-ng util-linux rsyslog"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi

# The daemons the packages may start, each as "unit:pidfile".
DAEMONS="supervisor:/run/supervisord.pid nginx:/run/nginx.pid rsyslog:/run/rsyslogd.pid"

# Prints the pid in PIDFILE when that process is alive, else nothing.
live_pid() {
	[ -r "$1" ] || return 0
	pid=$(tr -dc 0-9 <"$1")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
	return 0
}

before=""
for d in $DAEMONS; do
	before="$before ${d%%:*}=$(live_pid "${d#*:}")"
done

# Our refusing policy-rc.d stands in for the duration of the install; one
# that was there before is put back byte for byte (mode and times kept).
policy=/usr/sbin/policy-rc.d
saved=""
if [ -e "$policy" ] || [ -L "$policy" ]; then
	saved=$(mktemp "$policy.svc-saved.XXXXXX")
	cp -pP "$policy" "$saved"
fi
# shellcheck disable=SC2317 # called from the EXIT trap
restore_policy() {
	rm -f "$policy"
	if [ -n "$saved" ]; then mv -f "$saved" "$policy"; fi
}
trap restore_policy EXIT
trap 'exit 130' INT TERM
rm -f "$policy"
printf '#!/bin/sh\nexit 101\n' >"$policy"
chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing

# Some init systems start services regardless of policy-rc.d: stop what this
# install started, through its own pidfile.
for d in $DAEMONS; do
	name=${d%%:*}
	was=""
	for b in $before; do [ "${b%%=*}" = "$name" ] && was=${b#*=}; done
	[ -n "$was" ] && continue
	pid=$(live_pid "${d#*:}")
	[ -n "$pid" ] || continue
	echo "deps.sh: stopping $name (pid $pid), started by this install"
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$name" 2>/dev/null; then
		systemctl stop "$name" || kill -TERM "$pid"
	else
		kill -TERM "$pid"
	fi
done
exit 0
