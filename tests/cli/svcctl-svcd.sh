#!/bin/sh
# svcctl against svcd: the sequence of tests/cli/svcctl-supervisord.sh with
# two svcd instances, supervisorctl driving one and svcctl the other.
SVCCTL_SERVER=svcd exec sh "$(dirname "$0")/svcctl-supervisord.sh" "$@"
