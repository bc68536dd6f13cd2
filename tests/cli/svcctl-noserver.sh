#!/bin/sh
# svcctl with no server to talk to, and with bad options or configuration:
# every verb gives supervisorctl's message and exit status for a missing
# socket, a refused TCP connection and an unknown URL scheme.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisorctl >/dev/null || fail "supervisorctl is not installed (make deps)"

# a TCP port nobody listens on: one of this test's own block
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
port=$PORT

# compare_both ARGS...: the same command line for both clients.
compare_both() {
	supervisorctl "$@" </dev/null >"$T/ref.out" 2>"$T/ref.err"
	ref=$?
	"$SVCCTL" "$@" </dev/null >"$T/got.out" 2>"$T/got.err"
	got=$?
	normalise <"$T/ref.out" >"$T/ref.n"
	normalise <"$T/got.out" >"$T/got.n"
	# usage errors name the program
	sed "s#$(command -v supervisorctl)#PROG#" "$T/ref.err" >"$T/ref.en"
	sed "s#$SVCCTL#PROG#" "$T/got.err" >"$T/got.en"
	if [ "$ref" = "$got" ] && cmp -s "$T/ref.n" "$T/got.n" && cmp -s "$T/ref.en" "$T/got.en"; then
		NPASS=$((NPASS + 1))
		return 0
	fi
	NFAIL=$((NFAIL + 1))
	echo "DIFF: $* (supervisorctl exit $ref, svcctl exit $got)"
	diff -u "$T/ref.n" "$T/got.n" | sed 's/^/    /'
	diff -u "$T/ref.en" "$T/got.en" | sed 's/^/    /'
}

for url in "unix://$T/missing.sock" "http://127.0.0.1:$port" "foo://bar"; do
	for verb in status "status web" "start web" "stop web" "restart web" \
	            "signal HUP web" "tail web" "tail -f web" "maintail" "clear web" \
	            "pid" "pid web" "version" "fg web" avail reread update "add g" \
	            "remove g" shutdown reload bogus help "help tail" EOF "open foo"; do
		# shellcheck disable=SC2086 # the verb's words
		compare_both -s "$url" $verb
	done
done

# Configuration files and options.
printf '[supervisorctl]\nserverurl = unix://%s/x.sock ; a comment\nprompt = mine\n' "$T" >"$T/ok.conf"
printf '[supervisord]\nlogfile=/dev/null\n' >"$T/nosection.conf"
printf '[supervisorctl]\nserverurl = unix://%%(here)s/here.sock\n' >"$T/here.conf"
compare_both -c "$T/ok.conf" status
compare_both -c "$T/here.conf" start x
compare_both -c "$T/nosection.conf" status
compare_both -c "$T/missing.conf" status
compare_both -c "$T/ok.conf" -s "unix://$T/flag.sock" status
compare_both -x status
compare_both --bogus status
compare_both -s
# the shell, with the INI's prompt, ended by EOF
printf 'status\nversion\n' >"$T/in"
supervisorctl -c "$T/ok.conf" <"$T/in" >"$T/ref.out" 2>&1
"$SVCCTL" -c "$T/ok.conf" <"$T/in" >"$T/got.out" 2>&1
if cmp -s "$T/ref.out" "$T/got.out"; then NPASS=$((NPASS + 1)); else
	NFAIL=$((NFAIL + 1)); echo "DIFF: shell"; diff -u "$T/ref.out" "$T/got.out"
fi

echo "svcctl without a server: $NPASS same, $NFAIL different"
[ "$NFAIL" -eq 0 ]
