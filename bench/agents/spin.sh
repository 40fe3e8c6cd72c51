#!/bin/sh
# A scripted research agent that burns CPU in a grandchild until it is stopped.
(while :; do :; done) &
wait
