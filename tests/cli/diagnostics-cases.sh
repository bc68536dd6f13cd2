#!/bin/sh
# Every diagnostic code of compiler/diagcodes.def is pinned by at least one
# golden case: some tests/cases/*.stderr holds a line with that code, so the
# exact text users see cannot change unnoticed.
missing=0
for code in $(sed -n 's/^X([A-Z_]*, *"\(SVC[0-9]*\)".*/\1/p' compiler/diagcodes.def); do
	if ! grep -qF "[$code]" tests/cases/*.stderr; then
		echo "no golden case in tests/cases gives $code"
		missing=$((missing + 1))
	fi
done
n=$(grep -c '^X(' compiler/diagcodes.def)
[ "$n" -ge 37 ] || { echo "only $n codes read from compiler/diagcodes.def"; exit 1; }
[ "$missing" = 0 ]
