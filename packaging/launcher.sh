#!/bin/sh
# /usr/bin/pap-guide: the bundled pap-guide in /opt/pap-guide, GUI and commands alike.
exec /opt/pap-guide/pap-guide "$@"
