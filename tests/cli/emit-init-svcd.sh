#!/bin/sh
# The init script of tests/cli/emit-init.sh, booting svcd instead of
# Debian's supervisord.
SVC_INIT_DAEMON=svcd exec sh "$(dirname "$0")/emit-init.sh" "$@"
