#!/bin/sh
# svcc --emit as a command: the files of "all" and their names, the default
# folder beside the input, deterministic output, an executable init script,
# the table equal to a plain build, usage errors (exit 2), and nothing
# written at all when one output cannot be made (exit 1).
build=$1
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$*"; exit 1; }

mkdir "$tmp/a" "$tmp/b"
cp examples/uwsgi.svc "$tmp/uwsgi.svc"
"$svcc" --emit all -O "$tmp/a" --no-host-checks "$tmp/uwsgi.svc" || fail "--emit all failed"
[ "$(cd "$tmp/a" && ls | tr '\n' ' ')" = "nginx-svc.conf supervisord.conf svcd svcd.service uwsgi.svct " ] ||
	fail "--emit all wrote: $(ls "$tmp/a")"
[ "$(stat -c %a "$tmp/a/svcd")" = 755 ] || fail "the init script is not mode 755"
"$svcc" --no-host-checks -o "$tmp/plain.svct" "$tmp/uwsgi.svc" || fail "plain build failed"
cmp -s "$tmp/plain.svct" "$tmp/a/uwsgi.svct" || fail "--emit table differs from a plain build"
"$svcc" --emit all,ini -O "$tmp/b" --no-host-checks "$tmp/uwsgi.svc" || fail "second run failed"
for f in nginx-svc.conf supervisord.conf svcd svcd.service uwsgi.svct; do
	cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two runs"
done

# Without -O: beside the input. "all" writes no nginx snippet for a file
# without an nginx block; --emit nginx still makes one from the defaults.
cp examples/stack.svc "$tmp/stack.svc"
"$svcc" --emit ini,init --no-host-checks "$tmp/stack.svc" || fail "--emit ini,init failed"
[ -f "$tmp/supervisord.conf" ] && [ -x "$tmp/svcd" ] || fail "nothing written beside the input"
"$svcc" --emit all -O "$tmp/b" --no-host-checks "$tmp/stack.svc" || fail "--emit all (stack) failed"
grep -q 'stack.svc' "$tmp/b/supervisord.conf" || fail "all did not rewrite supervisord.conf"
grep -q 'webapp\|uwsgi' "$tmp/b/nginx-svc.conf" 2>/dev/null ||
	fail "all replaced the nginx snippet of a file without nginx block"
"$svcc" --emit nginx -O - --no-host-checks "$tmp/stack.svc" | grep -q 'server unix:/run/svcd.sock;' ||
	fail "--emit nginx without an nginx block does not use the defaults"

# Usage errors: exit 2, nothing written.
mkdir "$tmp/c"
"$svcc" --emit ini,bogus -O "$tmp/c" "$tmp/uwsgi.svc" 2>"$tmp/err"
[ $? = 2 ] || fail "an unknown format did not exit 2"
grep -q "unknown output 'bogus'" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$svcc" --emit ini,nginx -O - "$tmp/uwsgi.svc" >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "-O - with two formats did not exit 2"
"$svcc" -O "$tmp/c" "$tmp/uwsgi.svc" 2>/dev/null
[ $? = 2 ] || fail "-O without --emit did not exit 2"

# One output that cannot be made: exit 1, no file at all.
cat >"$tmp/bad.svc" <<'SVC'
supervisor {
    logfile "/var/log/${host}/svcd.log";
    socket "/run/svcd.sock";
}
service a { command "/bin/true"; }
SVC
"$svcc" --emit all -O "$tmp/c" --no-host-checks "$tmp/bad.svc" 2>"$tmp/err"
[ $? = 1 ] || fail "an output that cannot be made did not exit 1"
grep -q "bad.svc:2:.*error:.*host" "$tmp/err" || fail "no located error: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/c")" ] || fail "files written despite the error: $(ls "$tmp/c")"
exit 0
