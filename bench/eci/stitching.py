#!/usr/bin/env python3
"""Runs Epoch's benchmark-stitching code on its real data, for bench/eci/real-data.sh.

Epoch's repository github.com/epoch-research/benchmark-stitching (code MIT, Copyright 2025 Epoch AI; data from
Epoch's Benchmarking Hub, CC BY 4.0) must be cloned locally; no code of it is copied into Loopwatch. This program
imports its data_loader.py and fit.py from that clone and drives them.

usage:
  stitching.py export SRC OUT.csv
      Runs SRC/data_loader.py (the table SRC/fit.py is fitted on) and writes it as Model, benchmark,
      performance, date, the model being Epoch's model-version id. Scores are clipped to [0.001, 0.999], the
      bounds fit.py itself clips to, so both programs fit identical numbers (fit.py clips only when a score is
      outside [0, 1]; Loopwatch always clips, by default to [0.001, 0.999]).
  stitching.py fit SRC SCORES.csv OUT.json [--bootstrap N] [--seed S]
      Fits SCORES with fit.py's fit_statistical_model as its notebooks call it (benchmark mode, Winogrande,
      difficulty 0, slope 1, strength 0.1, its own seeded random start). fit.py has no bootstrap; with N > 0 this
      refits N resamples (each model's scores drawn with replacement, numpy default_rng(S)) with the same call.
      Writes capabilities, difficulties, slopes and the seconds taken.
  stitching.py compare LOOPWATCH.json FIT.json [--scores CSV] [--website CSV] --anchor MODEL=VALUE (twice)
                       [--tolerance T]
      Compares `loopwatch index --json` with FIT.json (FIT's capabilities put on the same scale by the same two
      anchor models) and, with --website, both with the ECI Epoch published. Exits 1 when a Loopwatch-vs-fit.py
      difference exceeds its limit: ECI T index points (default 0.02), EDI 10 T, raw capability T / 20, raw
      difficulty and discriminability T / 2; or (with --scores) when Loopwatch's objective is above fit.py's.
"""
import argparse
import contextlib
import csv
import io
import json
import os
import sys
import time

CLIP = 0.001


def load_epoch(src, module):
    sys.path.insert(0, os.path.abspath(src))
    os.chdir(src)
    with contextlib.redirect_stdout(io.StringIO()):
        return __import__(module)


def export(args):
    out = os.path.abspath(args.out)
    loader = load_epoch(args.src, "data_loader")
    frame = loader.scores_df
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Model", "benchmark", "performance", "date"])
        for row in frame.itertuples(index=False):
            score = min(max(float(row.performance), CLIP), 1 - CLIP)
            writer.writerow([row.model, row.benchmark, repr(score), str(row.date)[:10]])
    clipped = int(((frame.performance < CLIP) | (frame.performance > 1 - CLIP)).sum())
    print(f"{len(frame)} scores, {frame.model.nunique()} models, {frame.benchmark.nunique()} benchmarks "
          f"({clipped} clipped to [{CLIP}, {1 - CLIP}]) -> {args.out}", file=sys.stderr)


def fit(args):
    scores, out = os.path.abspath(args.scores), os.path.abspath(args.out)
    epoch_fit = load_epoch(args.src, "fit")
    import numpy as np
    import pandas as pd

    frame = pd.read_csv(scores)
    frame = frame.rename(columns={"Model": "model"})
    frame["model_id"] = frame["model"]
    frame["benchmark_id"] = frame["benchmark"]
    frame["benchmark_release_date"] = pd.NaT

    def run(data):
        with contextlib.redirect_stdout(io.StringIO()):
            _, models, benchmarks = epoch_fit.fit_statistical_model(
                data, anchor_benchmark="Winogrande", anchor_difficulty=0, anchor_slope=1, df_model=None)
        return models, benchmarks

    started = time.perf_counter()
    models, benchmarks = run(frame)
    central = time.perf_counter() - started
    draws = []
    if args.bootstrap > 0:
        rng = np.random.default_rng(args.seed)
        groups = [group.index.to_numpy() for _, group in frame.groupby("model", sort=False)]
        for _ in range(args.bootstrap):
            rows = np.concatenate([rng.choice(g, size=g.size, replace=True) for g in groups])
            started_draw = time.perf_counter()
            run(frame.loc[rows].reset_index(drop=True))
            draws.append(time.perf_counter() - started_draw)
    result = {
        "central_seconds": central,
        "draw_seconds": draws,
        "models": {r.model: r.estimated_capability for r in models.itertuples()},
        "benchmarks": {r.benchmark_name: {"difficulty": r.estimated_difficulty, "slope": r.estimated_slope}
                       for r in benchmarks.itertuples()},
    }
    with open(out, "w") as f:
        json.dump(result, f)
    total = central + sum(draws)
    print(f"fit.py: {len(models)} models, {len(benchmarks)} benchmarks; central fit {central:.2f} s, "
          f"{len(draws)} draws {sum(draws):.2f} s, total {total:.2f} s", file=sys.stderr)


def stats(pairs):
    diffs = [abs(x - y) for x, y in pairs]
    return max(diffs), sum(diffs) / len(diffs), len(diffs)


def objective(scores, capability, difficulty, slope, anchor="Winogrande", strength=0.1):
    """fit.py's objective (sum of squared residuals plus the penalty) and its largest gradient component.

    The fitted parameters are reported after shifting so the anchor's difficulty is 0; the data term does not
    change with a common shift of capabilities and difficulties, the penalty does, so both are evaluated at the
    shift that minimises the penalty (the one the fit's optimum has)."""
    import numpy as np

    models, benchmarks = sorted(capability), sorted(difficulty)
    m_of = {m: i for i, m in enumerate(models)}
    b_of = {b: i for i, b in enumerate(benchmarks)}
    mi = np.array([m_of[r["Model"].strip()] for r in scores])
    bi = np.array([b_of[r["benchmark"].strip()] for r in scores])
    y = np.array([float(r["performance"]) for r in scores])
    c = np.array([capability[m] for m in models])
    d = np.array([difficulty[b] for b in benchmarks])
    a = np.array([slope[b] for b in benchmarks])
    shift = -np.mean(np.concatenate([c, d]))
    c, d = c + shift, d + shift
    pinned = b_of[anchor]
    n = len(c) + 2 * len(d) - 1
    p = 1 / (1 + np.exp(-a[bi] * (c[mi] - d[bi])))
    r = p - y
    w = 2 * r * p * (1 - p)
    g_a = np.bincount(bi, w * (c[mi] - d[bi]), len(d)) + 2 * strength * a / n
    g_a[pinned] = 0
    gradient = np.concatenate([np.bincount(mi, w * a[bi], len(c)) + 2 * strength * c / n,
                               np.bincount(bi, -w * a[bi], len(d)) + 2 * strength * d / n, g_a])
    value = r @ r + strength * (c @ c + d @ d + a @ a - a[pinned] ** 2) / n
    return float(value), float(np.abs(gradient).max())


def compare(args):
    anchors = [a.split("=", 1) for a in args.anchor]
    (low, low_value), (high, high_value) = [(m, float(v)) for m, v in anchors]
    with open(args.loopwatch) as f:
        lw = json.load(f)["fit"]
    with open(args.fit) as f:
        ep = json.load(f)
    # Loopwatch trims names (Epoch's data has one model id with a trailing space).
    ep["models"] = {m.strip(): c for m, c in ep["models"].items()}
    ep["benchmarks"] = {b.strip(): v for b, v in ep["benchmarks"].items()}
    lw_m = {m["model"]: m for m in lw["models"]}
    lw_b = {b["benchmark"]: b for b in lw["benchmarks"]}
    scale = (high_value - low_value) / (ep["models"][high] - ep["models"][low])
    offset = low_value - scale * ep["models"][low]
    ep_eci = {m: offset + scale * c for m, c in ep["models"].items()}
    # Benchmark parameters get looser limits than capabilities: a benchmark scored by few models (6 for OSUniverse)
    # sits in a shallow valley of difficulty against slope, along which scipy's default stop leaves fit.py furthest.
    t = args.tolerance
    rows = [
        ("capability", stats((lw_m[m]["capability"], c) for m, c in ep["models"].items()), t / 20),
        ("difficulty", stats((lw_b[b]["difficulty"], v["difficulty"]) for b, v in ep["benchmarks"].items()), t / 2),
        ("discriminability",
         stats((lw_b[b]["discriminability"], v["slope"]) for b, v in ep["benchmarks"].items()), t / 2),
        ("ECI", stats((lw_m[m]["index"], e) for m, e in ep_eci.items()), t),
        ("EDI", stats((lw_b[b]["index"], offset + scale * v["difficulty"]) for b, v in ep["benchmarks"].items()),
         10 * t),
    ]
    print(f"loopwatch vs fit.py ({len(lw_m)} models, {len(lw_b)} benchmarks; "
          f"anchors {low} = {low_value:g}, {high} = {high_value:g}):")
    print(f"  {'quantity':<18} {'max |diff|':>11} {'mean |diff|':>12} {'tolerance':>10}")
    failed = []
    for name, (mx, mean, _), limit in rows:
        print(f"  {name:<18} {mx:11.3g} {mean:12.3g} {limit:10.3g}")
        if not mx <= limit:
            failed.append(name)
    if args.scores:
        with open(args.scores, newline="") as f:
            scores = list(csv.DictReader(f))
        ours = objective(scores, {m: v["capability"] for m, v in lw_m.items()},
                         {b: v["difficulty"] for b, v in lw_b.items()},
                         {b: v["discriminability"] for b, v in lw_b.items()})
        theirs = objective(scores, ep["models"], {b: v["difficulty"] for b, v in ep["benchmarks"].items()},
                           {b: v["slope"] for b, v in ep["benchmarks"].items()})
        print(f"  objective (recomputed here): loopwatch {ours[0]:.12g} (largest gradient {ours[1]:.2g}), "
              f"fit.py {theirs[0]:.12g} (largest gradient {theirs[1]:.2g})")
        if ours[0] > theirs[0] * (1 + 1e-9):
            failed.append("objective")
    if args.website:
        with open(args.website, newline="") as f:
            published = {r["Model version"].strip(): float(r["ECI Score"]) for r in csv.DictReader(f) if r["ECI Score"]}
        common = sorted(set(published) & set(lw_m) & set(ep_eci))
        print(f"published ECI (website file), {len(common)} models in all three:")
        for name, ours in (("loopwatch", {m: lw_m[m]["index"] for m in common}), ("fit.py", ep_eci)):
            diffs = [ours[m] - published[m] for m in common]
            absolute = sorted(abs(d) for d in diffs)
            print(f"  {name:<10} max |diff| {absolute[-1]:.3g}, mean |diff| {sum(absolute) / len(diffs):.3g}, "
                  f"median |diff| {absolute[len(absolute) // 2]:.3g}, mean diff {sum(diffs) / len(diffs):+.3g}, "
                  f"within 1 point {sum(x <= 1 for x in absolute)}/{len(absolute)}")
        worst = sorted(common, key=lambda m: -abs(lw_m[m]["index"] - published[m]))[:5]
        print("  largest loopwatch - published: " + ", ".join(
            f"{m} {lw_m[m]['index'] - published[m]:+.2f}" for m in worst))
    if failed:
        print("FAIL: beyond tolerance: " + ", ".join(failed))
        sys.exit(1)
    print(f"OK: loopwatch matches fit.py within the limits (ECI {t:g} index points)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export")
    e.add_argument("src")
    e.add_argument("out")
    f = sub.add_parser("fit")
    f.add_argument("src")
    f.add_argument("scores")
    f.add_argument("out")
    f.add_argument("--bootstrap", type=int, default=0)
    f.add_argument("--seed", type=int, default=12345)
    c = sub.add_parser("compare")
    c.add_argument("loopwatch")
    c.add_argument("fit")
    c.add_argument("--website")
    c.add_argument("--scores", help="the fitted scores CSV: also compare the two objectives")
    c.add_argument("--anchor", action="append", required=True)
    c.add_argument("--tolerance", type=float, default=0.02)
    args = parser.parse_args()
    {"export": export, "fit": fit, "compare": compare}[args.command](args)


if __name__ == "__main__":
    main()
