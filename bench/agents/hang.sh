#!/bin/sh
# A scripted research agent that hangs: a daemonised child and a foreground sleep, both tagged
# with the argument (e.g. 987654) so a test can look for leftovers on the host.
tag=${1:-987654}
setsid sleep "$tag" &
nohup sleep "$tag" > /dev/null 2>&1 &
sleep "$tag"
