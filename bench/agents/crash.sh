#!/bin/sh
# A scripted research agent that crashes: counts its attempts in its workspace, then exits 3.
cd "$LOOPWATCH_WORKSPACE"
echo attempt >> attempts.txt
echo "crashing on attempt $(wc -l < attempts.txt)" >&2
exit 3
