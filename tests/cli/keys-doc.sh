#!/bin/sh
# The language's man page documents every block and key that `svcc --keys`
# lists (the list comes from the schema table, so a new key without docs
# fails here): each must appear in bold, as a term or inside the text.
build=$1
keys=$("$build/svcc" --keys | awk 'NF && $1 !~ /^#/ {print $2}' | sort -u)
[ -n "$keys" ] || { echo "svcc --keys listed nothing"; exit 1; }
fail=0
for k in $keys; do
	grep -Eq "(\\\\fB|^\.BI? \"?|^\.BI [a-z_]+ \", \" |[{;] |^)$k([^a-z_]|$)" docs/svc.5 ||
		{ echo "docs/svc.5 does not document '$k'"; fail=1; }
done
exit $fail
