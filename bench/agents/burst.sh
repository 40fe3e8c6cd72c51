#!/bin/sh
# A scripted research agent that submits too fast: N dev submissions for seed 0 back to back (N is
# the first argument, default 4), all-ham predictions, recording each answer's status and
# Retry-After header as "STATUS RETRY_AFTER" lines in burst.txt ("-" when there is none) and the
# last answer's body in burst-last.txt. With the task's per-minute limit below N the server must
# answer 429 with Retry-After; with its quota spent, 403 without it.
set -eu
cd "$LOOPWATCH_WORKSPACE"
n=${1:-4}
python3 - <<'PY'
import json
size = json.load(open("task/task.json"))["predictions_per_seed"]["0"]
json.dump({"seed": 0, "predictions": [0] * size}, open("burst.json", "w"))
PY
i=1
while [ "$i" -le "$n" ]; do
  status=$(curl -sS -o burst-last.txt -D headers.txt -w '%{http_code}' \
    --unix-socket "$LOOPWATCH_SCORE_SOCKET" -H "Authorization: Bearer $LOOPWATCH_TOKEN" \
    -H 'Content-Type: application/json' --data-binary @burst.json "$LOOPWATCH_SCORE_URL/dev/score")
  retry=$(tr -d '\r' < headers.txt | sed -n 's/^[Rr]etry-[Aa]fter: *//p')
  echo "$status ${retry:--}" >> burst.txt
  i=$((i + 1))
done
