#!/bin/sh
# svcc --import as a command: -o writes atomically and only on success,
# stdout otherwise, usage errors exit 2, and the output compiles.
build=$1
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }
export NO_COLOR=1

# -o beside the INI writes what stdout shows, and it compiles.
cp tests/import/numbers.conf "$tmp/"
"$svcc" --import "$tmp/numbers.conf" >"$tmp/stdout.svc" || fail "import to stdout failed"
"$svcc" --import "$tmp/numbers.conf" -o "$tmp/numbers.svc" 2>"$tmp/err" || fail "import -o failed: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
cmp -s "$tmp/stdout.svc" "$tmp/numbers.svc" || fail "-o and stdout differ"
"$svcc" --check --no-host-checks "$tmp/numbers.svc" || fail "the imported file does not compile"

# -o elsewhere: %(here)s is written out, since ${here} would be elsewhere.
mkdir "$tmp/other"
"$svcc" --import "$tmp/numbers.conf" -o "$tmp/other/n.svc" || fail "import -o other/ failed"
grep -qF "\${here}" "$tmp/other/n.svc" && fail "\${here} used for another folder"
grep -q "logfile \"$tmp/supervisord.log\";" "$tmp/other/n.svc" || fail "here not written out: $(cat "$tmp/other/n.svc")"

# An error writes nothing, keeps the old file, and names file and line.
echo old >"$tmp/keep.svc"
"$svcc" --import tests/import/bad-syntax.conf -o "$tmp/keep.svc" 2>"$tmp/err"
[ $? = 1 ] || fail "a malformed INI did not exit 1"
[ "$(cat "$tmp/keep.svc")" = old ] || fail "the old output was replaced on error"
grep -q '^tests/import/bad-syntax.conf:3: error: ' "$tmp/err" || fail "no file:line error: $(cat "$tmp/err")"
"$svcc" --import tests/import/bad-syntax.conf -o "$tmp/new.svc" 2>/dev/null
[ ! -e "$tmp/new.svc" ] || fail "output written on error"
for f in "$tmp"/*.tmp.*; do
	[ -e "$f" ] && fail "temporary file left: $f"
done

# A file that cannot be read.
"$svcc" --import "$tmp/nonexistent.conf" 2>"$tmp/err"
[ $? = 1 ] || fail "a missing INI did not exit 1"
grep -q "nonexistent.conf: error: cannot read the file: No such file or directory" "$tmp/err" ||
	fail "missing file message: $(cat "$tmp/err")"

# A folder that does not exist for -o.
"$svcc" --import "$tmp/numbers.conf" -o "$tmp/no/such/x.svc" 2>"$tmp/err"
[ $? = 3 ] || fail "-o into a missing folder did not exit 3 (svcc could not write its output)"

# Usage errors.
for args in "--import" "--import a.conf b.conf" "--import a.conf --emit ini" \
	    "--import a.conf --check"; do
	# shellcheck disable=SC2086
	"$svcc" $args >/dev/null 2>"$tmp/err"
	[ $? = 2 ] || fail "svcc $args: not a usage error"
done
"$svcc" --help | grep -q -- "--import" || fail "--help does not mention --import"

# Option names are case-insensitive, the last duplicate wins, and an
# inline comment needs a blank before it.
cat >"$tmp/case.conf" <<'INI'
[supervisord]
LOGFILE=/var/log/a.log
logfile=/var/log/b.log ;comment
[program:x]
Command=/bin/echo a;b #c
INI
"$svcc" --import "$tmp/case.conf" >"$tmp/case.svc" || fail "case.conf failed"
grep -q 'logfile "/var/log/b.log";' "$tmp/case.svc" || fail "last duplicate did not win: $(cat "$tmp/case.svc")"
grep -q 'command "/bin/echo a;b";' "$tmp/case.svc" || fail "inline comments wrong: $(cat "$tmp/case.svc")"
exit 0
