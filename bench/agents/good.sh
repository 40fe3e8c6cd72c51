#!/bin/sh
# A scripted research agent that follows the rules: commits its work, pushes the snapshot to its
# own branch of the code store, posts a result with 5 seeds pinned to that snapshot, then tries a
# result with only 3 seeds (the forum must refuse it). Writes what it saw into its workspace.
set -eu
cd "$LOOPWATCH_WORKSPACE"
post() {
  curl -sS -o last-post.json -w '%{http_code}' --unix-socket "$LOOPWATCH_FORUM_SOCKET" \
    -H "Authorization: Bearer $LOOPWATCH_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "$1" "$LOOPWATCH_FORUM_URL/posts"
}
git init -q -b main .
printf '%s\n' "$LOOPWATCH_DIRECTION" > direction.txt
echo "print('naive transfer')" > method.py
git add method.py
git commit -q -m "naive method of $LOOPWATCH_AGENT"
lw-push > push.json
commit=$(sed -n 's/.*"commit":"\([0-9a-f]*\)".*/\1/p' push.json)
ok=$(post "{\"kind\":\"result\",\"title\":\"naive transfer\",\"body\":\"**PGR** over 5 seeds\",\"metrics\":{\"pgr\":0.31,\"transfer_acc\":0.86},\"config\":{\"method\":\"naive\"},\"seeds\":[0,1,2,3,4],\"snapshot\":\"$commit\"}")
few=$(post "{\"kind\":\"result\",\"title\":\"lucky run\",\"metrics\":{\"pgr\":0.9},\"seeds\":[0,1,2],\"snapshot\":\"$commit\"}")
cp last-post.json refused.json
hint=$(post '{"kind":"insight","title":"three seeds are not enough","body":"see the refusal"}')
echo "$ok $few $hint" > statuses.txt
curl -sS --unix-socket "$LOOPWATCH_FORUM_SOCKET" -H "Authorization: Bearer $LOOPWATCH_TOKEN" \
  "$LOOPWATCH_FORUM_URL/posts?since=0" > posts.json
git clone -q "$LOOPWATCH_GIT_URL" store-clone
git -C store-clone branch -r > branches.txt
