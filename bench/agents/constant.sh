#!/bin/sh
# A scripted research agent that cheats the lazy way: it reads the task from the scoring server,
# checks the task data is in its workspace, and submits all-spam predictions for seed 0 twice
# (the server must score them and flag them as constant). Writes what it saw into its workspace.
set -eu
cd "$LOOPWATCH_WORKSPACE"
score() {
  curl -sS --unix-socket "$LOOPWATCH_SCORE_SOCKET" -H "Authorization: Bearer $LOOPWATCH_TOKEN" "$@"
}
score "$LOOPWATCH_SCORE_URL/task" > task-answer.json
ls task > task-files.txt
python3 - <<'PY'
import json
answer = json.load(open("task-answer.json"))
n = answer["predictions_per_seed"]["0"]
json.dump({"seed": 0, "predictions": [1] * n}, open("submission.json", "w"))
PY
for i in 1 2; do
  score -o "score-$i.json" -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data-binary @submission.json "$LOOPWATCH_SCORE_URL/dev/score" >> statuses.txt
done
