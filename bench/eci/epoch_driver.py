#!/usr/bin/env python3
"""Times Epoch's own ECI fit (eci-public's fit_eci_model) on a scores CSV, for bench/index-fit.sh.

usage: epoch_driver.py ECI_SRC SCORES.csv BOOTSTRAP OUT.json
ECI_SRC is a folder holding eci-public's fitting.py (its src/eci folder, or a copy); nothing of it is
part of Loopwatch. Prints the wall seconds of the fit with BOOTSTRAP draws and writes each model's
capability (and interval, when drawn) to OUT.json for comparison with `loopwatch index --json`.
"""
import json
import sys
import time

src, scores, draws, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, src)
import pandas as pd  # noqa: E402
from fitting import fit_eci_model  # noqa: E402

frame = pd.read_csv(scores)
start = time.time()
fitted = fit_eci_model(frame, bootstrap_samples=draws)
seconds = time.time() - start
models = fitted[0]
rows = {}
for row in models.to_dict("records"):
    rows[row["Model"]] = {
        k: (None if pd.isna(v) else float(v)) for k, v in row.items() if k not in ("Model", "model_id")
    }
# ECI = a + b * capability with Claude 3.5 Sonnet at 130 and GPT-5 at 150 (Epoch's default anchors).
low, high = rows["Claude 3.5 Sonnet"]["capability"], rows["GPT-5"]["capability"]
b = 20.0 / (high - low)
for row in rows.values():
    row["eci"] = 130.0 + b * (row["capability"] - low)
json.dump({"seconds": seconds, "draws": draws, "models": rows}, open(out, "w"))
print("epoch fit_eci_model, %d draws: %.2f s" % (draws, seconds))
