#!/bin/sh
# Checks that docs/diagnostics.md documents exactly the codes of
# compiler/diagcodes.def: one "### CODE — TITLE" section per code, with the
# title and the "Severity: ..." line matching the definition.
# Run from the project's root; $1 (the build folder) is not needed.
def=compiler/diagcodes.def
doc=docs/diagnostics.md
if [ ! -f "$def" ] || [ ! -f "$doc" ]; then
	echo "missing $def or $doc"
	exit 1
fi

awk -v def="$def" '
BEGIN {
	# X(D_NAME, "SVC001", ERROR, "title")
	while ((getline line < def) > 0) {
		if (line !~ /^X\(/)
			continue
		n = split(line, f, "\"")
		code = f[2]
		sev = f[3]
		gsub(/[ ,]/, "", sev)
		title = f[4]
		for (i = 5; i < n; i++)
			title = title "\"" f[i]
		want_sev[code] = tolower(sev)
		want_title[code] = title
		order[++ncodes] = code
	}
}
/^#/ { cur = "" }
/^### SVC[0-9]+ / {
	code = $2
	title = $0
	sub(/^### SVC[0-9]+ — /, "", title)
	if (code in seen) {
		print "documented twice: " code
		bad = 1
	}
	seen[code] = 1
	if (!(code in want_sev)) {
		print "documented but not in " def ": " code
		bad = 1
	} else if (title != want_title[code]) {
		print code ": heading title \"" title "\" is not \"" want_title[code] "\""
		bad = 1
	}
	cur = code
	next
}
cur != "" && /^Severity: / {
	sev = $2
	sub(/\.$/, "", sev)
	got_sev[cur] = sev
}
END {
	for (i = 1; i <= ncodes; i++) {
		code = order[i]
		if (!(code in seen)) {
			print "not documented: " code
			bad = 1
		} else if (got_sev[code] != want_sev[code]) {
			print code ": severity \"" got_sev[code] "\" is not \"" want_sev[code] "\""
			bad = 1
		}
	}
	if (ncodes == 0) {
		print "no codes read from " def
		bad = 1
	}
	exit bad
}
' "$doc"
