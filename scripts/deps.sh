#!/bin/sh
# Installs the Debian packages that building and testing svc need, when missing.
# Debian's supervisor and nginx packages would start system services on install;
# a policy-rc.d that refuses keeps them stopped (the tests run their own).
set -eu

PKGS="gcc clang libclang-rt-14-dev make flex bison pkg-config libtalloc-dev libcmocka-dev libexpat1-dev
      python3 shellcheck supervisor nginx-light procps hyperfine time systemd curl valgrind chromium"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi

policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	own_policy=yes
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
[ "$own_policy" = yes ] && rm -f "$policy"
# Some init systems start services regardless of policy-rc.d: stop them.
for svc in supervisor nginx; do
	if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
done
pkill -x supervisord 2>/dev/null || true
pkill -x nginx 2>/dev/null || true
exit 0
