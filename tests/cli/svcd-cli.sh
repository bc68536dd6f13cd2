#!/bin/sh
# svcd's command line: --help, --version, usage errors, and a bad table
# refused with one message, exit status 1 and nothing started.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

"$B/svcd" --help >"$T/out" 2>&1 || fail "--help exited non-zero"
grep -q '^Usage: svcd \[-n\] \[-c FILE.svct\]' "$T/out" || fail "--help: $(cat "$T/out")"
"$B/svcd" --version >"$T/out" 2>&1 || fail "--version exited non-zero"
grep -qE '^svcd [0-9]+\.[0-9]+' "$T/out" || fail "--version: $(cat "$T/out")"

"$B/svcd" --bogus >"$T/out" 2>&1
[ $? = 2 ] || fail "an unknown option must exit 2"

# garbage instead of a table: one message naming the file, exit 1
printf 'this is not a table\n' >"$T/bad.svct"
"$B/svcd" -n -c "$T/bad.svct" >"$T/out" 2>&1
[ $? = 1 ] || fail "a bad table must exit 1"
[ "$(wc -l <"$T/out")" = 1 ] || fail "expected one line, got: $(cat "$T/out")"
grep -q "bad.svct" "$T/out" || fail "the message must name the file: $(cat "$T/out")"
[ -e "$LOG" ] && fail "a log was written for a bad table"

"$B/svcd" -n -c "$T/missing.svct" >"$T/out" 2>&1
[ $? = 1 ] || fail "a missing table must exit 1"

# a valid table whose bytes were damaged: refused, its program never runs
compile good <<EOT
service marker {
    command "/bin/touch $T/ran";
    startsecs 0s;
    autorestart false;
}
EOT
size=$(wc -c <"$T/good.svct")
cp "$T/good.svct" "$T/damaged.svct"
printf 'X' | dd of="$T/damaged.svct" bs=1 seek=$((size - 2)) conv=notrunc 2>/dev/null
"$B/svcd" -n -c "$T/damaged.svct" >"$T/out" 2>&1
[ $? = 1 ] || fail "a damaged table must exit 1"
[ "$(wc -l <"$T/out")" = 1 ] || fail "expected one line, got: $(cat "$T/out")"
[ -e "$T/ran" ] && fail "a program ran from a damaged table"
exit 0
