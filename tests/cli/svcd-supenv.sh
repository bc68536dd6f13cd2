#!/bin/sh
# supervisor { env }: every child gets the supervisor's variables, a
# service's own env of a name wins, ${env.NAME} in a service is the
# supervisor's variable, and ${env.NAME} inside the supervisor's values is
# svcd's own environment (resolved when the table is loaded).
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SVCD_TEST_REAL=real-value
SVCD_TEST_SHADOWED=from-svcd
export SVCD_TEST_REAL SVCD_TEST_SHADOWED
compile_raw supenv <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    env SHARED "for everyone";
    env MODE "prod";
    env SVCD_TEST_SHADOWED "from the supervisor block";
    env FROM_REAL "\${env.SVCD_TEST_REAL}+";
}
service one {
    command "/bin/sh -c 'env; echo ARG=\\\$1' sh \${env.MODE}";
    startsecs 0s;
    autorestart false;
    env MODE "dev";
    env OWN "\${env.SHARED}!";
}
service two {
    command "/usr/bin/env";
    startsecs 0s;
    autorestart false;
}
EOT
start_svcd "$T/supenv.svct"
wait_log "exited: one"
wait_log "exited: two"
o=$T/one-stdout.log t=$T/two-stdout.log
for f in "$o" "$t"; do
	grep -qx "SHARED=for everyone" "$f" || fail "$f: no SHARED"
	grep -qx "SVCD_TEST_SHADOWED=from the supervisor block" "$f" ||
		fail "$f: the supervisor's variable must win over svcd's: $(grep SHADOWED "$f")"
	grep -qx "FROM_REAL=real-value+" "$f" || fail "$f: FROM_REAL: $(grep FROM_REAL "$f")"
	grep -qx "SVCD_TEST_TAG=$T" "$f" || fail "$f: svcd's environment is not passed on"
	grep -qx "SUPERVISOR_ENABLED=1" "$f" || fail "$f: no SUPERVISOR_ENABLED"
done
grep -qx "MODE=dev" "$o" || fail "one: its own MODE must win: $(grep MODE= "$o")"
grep -qx "MODE=prod" "$t" || fail "two: MODE: $(grep MODE= "$t")"
grep -qx "OWN=for everyone!" "$o" || fail "one: \${env.SHARED}: $(grep OWN= "$o")"
grep -qx "ARG=prod" "$o" || fail "one: \${env.MODE} in the command: $(grep ARG= "$o")"
[ "$(grep -c '^MODE=' "$o")" = 1 ] || fail "one: MODE given twice"
stop_svcd
exit 0
