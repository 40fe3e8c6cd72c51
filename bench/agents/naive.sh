#!/bin/sh
# A scripted research agent that follows the naive weak-to-strong recipe: for each seed it trains a
# logistic regression on the strong features with the weak teacher's labels (train_unlabel.csv),
# predicts the test split, checks seed 0 once on the dev split, then commits every seed's
# predictions as predictions.json, pushes the snapshot and posts a 5-seed result for
# `research finalize`. Needs python3 with numpy (Debian python3-numpy).
set -eu
cd "$LOOPWATCH_WORKSPACE"
python3 - <<'PY'
import csv, json
import numpy as np

features = {}
with open("task/features.csv") as f:
    reader = csv.reader(f)
    next(reader)
    for row in reader:
        features[int(row[0])] = np.array([float(v) for v in row[1:]])
seeds = json.load(open("task/task.json"))["seeds"]

def fit(x, y, c=1.0, steps=300):
    # L2-regularised logistic regression (C as in scikit-learn) by Newton's method.
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) / c
    penalty[-1, -1] = 0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w

predictions = {}
for seed in seeds:
    rows = list(csv.DictReader(open(f"task/seed-{seed}/train_unlabel.csv")))
    x = np.array([features[int(r["index"])] for r in rows])
    y = np.array([int(r["weak_label"]) for r in rows], dtype=float)
    w = fit(x, y)
    test = [int(r["index"]) for r in csv.DictReader(open(f"task/seed-{seed}/test.csv"))]
    xt = np.hstack([np.array([features[i] for i in test]), np.ones((len(test), 1))])
    predictions[str(seed)] = [int(v) for v in (xt @ w > 0)]
json.dump(predictions, open("predictions.json", "w"))
json.dump({"seed": seeds[0], "predictions": predictions[str(seeds[0])]}, open("dev.json", "w"))
PY
curl -sS -o dev-score.json -w '%{http_code}\n' --unix-socket "$LOOPWATCH_SCORE_SOCKET" \
  -H "Authorization: Bearer $LOOPWATCH_TOKEN" -H 'Content-Type: application/json' \
  --data-binary @dev.json "$LOOPWATCH_SCORE_URL/dev/score" >> statuses.txt
git init -q -b main .
git add predictions.json
git commit -q -m "naive transfer: logistic regression on weak labels"
lw-push > push.json
commit=$(sed -n 's/.*"commit":"\([0-9a-f]*\)".*/\1/p' push.json)
curl -sS -o result.json -w '%{http_code}\n' --unix-socket "$LOOPWATCH_FORUM_SOCKET" \
  -H "Authorization: Bearer $LOOPWATCH_TOKEN" -H 'Content-Type: application/json' \
  --data-binary "{\"kind\":\"result\",\"title\":\"naive transfer\",\"metrics\":{},\"config\":{\"method\":\"naive\",\"C\":1},\"seeds\":[0,1,2,3,4],\"snapshot\":\"$commit\"}" \
  "$LOOPWATCH_FORUM_URL/posts" >> statuses.txt
