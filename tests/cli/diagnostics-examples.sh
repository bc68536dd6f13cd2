#!/bin/sh
# Every example of docs/diagnostics.md is what svcc really prints: for each
# "### CODE" section, the first code block is written to services.svc in a
# fresh folder and checked with `svcc --check services.svc` (a block that
# starts with "$ svcc" is run as that command line instead, and one whose
# first line is "# $ svcc ARGS" is written to services.svc and checked with
# `svcc ARGS services.svc`, for what only an output reports); svcc must
# report CODE, and every line of the second block (the output shown) must be
# a line of svcc's standard error. A section with one block only (SVC030,
# which has no input of its own) is pinned by tests/cases instead.
# SVC_UPDATE=1 rewrites each output block with svcc's lines for the code
# and the notes after them (review the diff).
B=$(cd "${1:-build}" && pwd) || exit 1
doc=docs/diagnostics.md
T=$(mktemp -d "${TMPDIR:-/tmp}/diag-ex.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1

# Splits the document into T/CODE.1, T/CODE.2, ... one file a code block.
awk -v out="$T" '
	/^### SVC[0-9]+/ { code = $2; n = 0; next }
	/^## / { code = "" }
	/^```/ {
		if (inb) { inb = 0; close(f); next }
		if (code != "") { n++; inb = 1; f = out "/" code "." n; printf "" >f; next }
	}
	inb { print >f }' "$doc"

fail=0 n=0
for input in "$T"/SVC*.1; do
	code=$(basename "$input" .1)
	shown=$T/$code.2
	[ -f "$shown" ] || continue
	dir=$T/run-$code
	mkdir -p "$dir"
	if head -n1 "$input" | grep -q '^\$ svcc '; then
		cmd=$(head -n1 "$input" | sed 's/^\$ svcc //')
		# shellcheck disable=SC2086 # the documented command line
		(cd "$dir" && "$B/svcc" $cmd >out 2>err)
	elif head -n1 "$input" | grep -q '^# \$ svcc '; then
		cmd=$(head -n1 "$input" | sed 's/^# \$ svcc //')
		cp "$input" "$dir/services.svc"
		# shellcheck disable=SC2086 # the documented arguments
		(cd "$dir" && "$B/svcc" $cmd services.svc >out 2>err)
	else
		cp "$input" "$dir/services.svc"
		(cd "$dir" && "$B/svcc" --check services.svc >out 2>err)
	fi
	# the diagnostic lines for this code, and the notes that follow them
	awk -v c="[$code]" '
		/^(services\.svc|svcc):/ {
			keep = index($0, c) > 0 || (keep && $0 ~ /: note: /)
			if (keep) print
			next
		}' "$dir/err" >"$dir/mine"
	n=$((n + 1))
	if [ ! -s "$dir/mine" ]; then
		echo "$code: the example does not give $code; svcc printed:"
		sed 's/^/    /' "$dir/err"
		fail=1
		continue
	fi
	if [ "${SVC_UPDATE:-}" = 1 ]; then
		cp "$dir/mine" "$shown.new"
		continue
	fi
	while IFS= read -r line; do
		grep -qxF -- "$line" "$dir/err" && continue
		echo "$code: docs/diagnostics.md shows a line svcc does not print:"
		echo "    shown: $line"
		sed 's/^/    svcc:  /' "$dir/mine"
		fail=1
		break
	done <"$shown"
done

if [ "${SVC_UPDATE:-}" = 1 ]; then
	awk -v dir="$T" '
		/^### SVC[0-9]+/ { code = $2; n = 0 }
		/^## / { code = "" }
		/^```/ && code != "" {
			print
			if (inb) { inb = 0; skip = 0; next }
			inb = 1
			f = dir "/" code ".2.new"
			if (++n == 2 && (getline line <f) > 0) {
				skip = 1
				do print line; while ((getline line <f) > 0)
			}
			next
		}
		!skip { print }' "$doc" >"$T/doc.new" && cp "$T/doc.new" "$doc"
	exit $fail
fi
[ $n -ge 30 ] || { echo "only $n examples checked"; fail=1; }
exit $fail
