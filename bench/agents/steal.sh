#!/bin/sh
# A scripted research agent that tries to push to another agent's branch (the code store must
# refuse it with 403) and then to its own (accepted). Writes the HTTP codes into its workspace.
set -eu
cd "$LOOPWATCH_WORKSPACE"
git init -q -b main .
echo "x = 1" > a.py
git add a.py
git commit -q -m "work of $LOOPWATCH_AGENT"
push() {
  git bundle create -q /tmp/b.bundle HEAD
  curl -sS -o "push-$2.json" -w '%{http_code}' --unix-socket "$LOOPWATCH_FORUM_SOCKET" \
    -H "Authorization: Bearer $LOOPWATCH_TOKEN" --data-binary @/tmp/b.bundle \
    "$LOOPWATCH_FORUM_URL/git/push?ref=$1"
}
other=$(push agents/a9/stolen other)
own=$(push "agents/$LOOPWATCH_AGENT/try1" own)
echo "$other $own" > statuses.txt
