#!/bin/sh
# A listener and log events through both outputs of svcc: the compiled table
# (svcc --dump, text against tests/cli/table-dumps/listener.dump, JSON must
# parse) and the INI (tests/emit/golden/listener.ini). svcd's reader checks
# the table when --dump opens it. SVC_UPDATE=1 rewrites both golden files.
build=$1
# shellcheck source=tests/cli/outputs.inc
. "$(dirname "$0")/outputs.inc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
fail=0
outputs_golden "$build" listener "$tmp" || fail=1
# the fields themselves, so an update of the golden files cannot hide a loss
grep -q '^  flags listener stderr_events$' "$tmp/dump" || { echo "no listener flags"; fail=1; }
grep -q '^  buffer 10$' "$tmp/dump" || { echo "no default buffer"; fail=1; }
grep -q '^  stdout_capture 65536$' "$tmp/dump" || { echo "no stdout capture"; fail=1; }
grep -q '^\[eventlistener:watcher\]$' "$tmp/ini" || { echo "no [eventlistener:watcher]"; fail=1; }
grep -q '^events=PROCESS_STATE,TICK_5$' "$tmp/ini" || { echo "no events= as written"; fail=1; }
exit $fail
