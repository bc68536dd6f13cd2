#!/bin/sh
# Every bundled example passes `svcc --check --werror` (no error, no warning).
# Host checks are off: the examples name programs of other hosts.
build=$1
fail=0
for f in examples/*.svc examples/*/*.svc; do
	case $f in */services.d/*) continue ;; esac
	if ! NO_COLOR=1 "$build/svcc" --check --werror --no-host-checks "$f"; then
		echo "example $f does not pass svcc --check --werror"
		fail=1
	fi
done
# The included files really are read: a mistake in one is reported there.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r examples/split "$tmp/"
sed -i 's/after cache;/after cahce;/' "$tmp/split/services.d/20-queue.svc"
out=$("$build/svcc" --check --no-host-checks "$tmp/split/services.svc" 2>&1)
case $out in
*"services.d/20-queue.svc:4:11: error:"*"cahce"*"did you mean 'cache'?"*) ;;
*) echo "a mistake in an included file was not reported at its place:"; echo "$out"; fail=1 ;;
esac
exit $fail
