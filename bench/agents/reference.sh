#!/bin/sh
# A scripted research agent that follows the task's reference method (docs/RESEARCH.md, "The
# reference method"; the Java is dev.loopwatch.research.w2s.ConfidenceLoss): for each seed, fit a
# logistic regression on the strong features with the weak teacher's labels, then five times
# estimate the spam share from the student's log-odds (a two-Gaussian mixture, kept between the weak
# labels' share and one half), harden the student's predictions at that share and refit on
# 0.25 x weak label + 0.75 x hardened prediction. It checks seed 0 once on the dev split, commits
# every seed's predictions as predictions.json, pushes the snapshot and posts a 5-seed result for
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

def fit(x, t, c=1.0, steps=100):
    # L2-regularised logistic regression (C as in scikit-learn, intercept unpenalised) by Newton's
    # method; the targets t may be soft (in [0, 1]).
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) / c
    penalty[-1, -1] = 0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - t) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w

def logits(w, x):
    return x @ w[:-1] + w[-1]

def upper_share(z, rounds=500):
    # Two-Gaussian mixture on the scores by EM, started from a split at the mean: the weight of the
    # component with the higher mean.
    r = (z > z.mean()).astype(float)
    for _ in range(rounds):
        share = r.mean()
        m1 = (r * z).sum() / r.sum()
        m0 = ((1 - r) * z).sum() / (1 - r).sum()
        v1 = max((r * (z - m1) ** 2).sum() / r.sum(), 1e-6)
        v0 = max(((1 - r) * (z - m0) ** 2).sum() / (1 - r).sum(), 1e-6)
        l1 = np.log(share) - 0.5 * np.log(2 * np.pi * v1) - (z - m1) ** 2 / (2 * v1)
        l0 = np.log(1 - share) - 0.5 * np.log(2 * np.pi * v0) - (z - m0) ** 2 / (2 * v0)
        top = np.maximum(l0, l1)
        new = np.exp(l1 - top) / (np.exp(l0 - top) + np.exp(l1 - top))
        done = np.abs(new - r).max() < 1e-9
        r = new
        if done:
            break
    m1 = (r * z).sum() / r.sum()
    m0 = ((1 - r) * z).sum() / (1 - r).sum()
    return r.mean() if m1 >= m0 else 1 - r.mean()

def reference(x, weak, alpha=0.75, rounds=5):
    w = fit(x, weak)
    for _ in range(rounds):
        z = logits(w, x)
        share = min(max(weak.mean(), upper_share(z)), 0.5)
        hardened = (z > np.quantile(z, 1 - share)).astype(float)
        w = fit(x, (1 - alpha) * weak + alpha * hardened)
    return w

predictions = {}
for seed in seeds:
    rows = list(csv.DictReader(open(f"task/seed-{seed}/train_unlabel.csv")))
    x = np.array([features[int(r["index"])] for r in rows])
    weak = np.array([int(r["weak_label"]) for r in rows], dtype=float)
    w = reference(x, weak)
    test = [int(r["index"]) for r in csv.DictReader(open(f"task/seed-{seed}/test.csv"))]
    predictions[str(seed)] = [int(v) for v in logits(w, np.array([features[i] for i in test])) > 0]
json.dump(predictions, open("predictions.json", "w"))
json.dump({"seed": seeds[0], "predictions": predictions[str(seeds[0])]}, open("dev.json", "w"))
PY
curl -sS -o dev-score.json -w '%{http_code}\n' --unix-socket "$LOOPWATCH_SCORE_SOCKET" \
  -H "Authorization: Bearer $LOOPWATCH_TOKEN" -H 'Content-Type: application/json' \
  --data-binary @dev.json "$LOOPWATCH_SCORE_URL/dev/score" >> statuses.txt
git init -q -b main .
git add predictions.json
git commit -q -m "reference method: confidence loss hardened at an estimated class share"
lw-push > push.json
python3 - <<'PY'
import json
try:
    dev = json.load(open("dev-score.json"))  # an error answer is one line of text, not JSON
except ValueError:
    dev = {}
metrics = {name: dev[key] for name, key in (("dev_pgr_seed0", "pgr"), ("dev_transfer_acc_seed0", "transfer_acc"))
           if isinstance(dev.get(key), (int, float))}
seeds = json.load(open("task/task.json"))["seeds"]
json.dump({
    "kind": "result",
    "title": "confidence loss hardened at an estimated class share",
    "body": "Five rounds: harden the student's predictions at the spam share a two-Gaussian mixture"
            " finds in its log-odds, refit on 0.25 x weak + 0.75 x hardened.",
    "metrics": metrics,
    "config": {"method": "reference", "C": 1, "alpha": 0.75, "rounds": 5},
    "seeds": seeds,
    "snapshot": json.load(open("push.json"))["commit"],
}, open("post.json", "w"))
PY
curl -sS -o result.json -w '%{http_code}\n' --unix-socket "$LOOPWATCH_FORUM_SOCKET" \
  -H "Authorization: Bearer $LOOPWATCH_TOKEN" -H 'Content-Type: application/json' \
  --data-binary @post.json "$LOOPWATCH_FORUM_URL/posts" >> statuses.txt
