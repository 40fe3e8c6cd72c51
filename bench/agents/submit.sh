#!/bin/sh
# A scripted research agent that submits to the scoring server until it is stopped.
while :; do
  curl -sS --unix-socket "$LOOPWATCH_SCORE_SOCKET" -H "Authorization: Bearer $LOOPWATCH_TOKEN" \
    --data-binary '{"predictions":[0,1,1,0]}' "$LOOPWATCH_SCORE_URL/submit" >> submissions.txt
  sleep 0.2
done
