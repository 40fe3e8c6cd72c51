#!/usr/bin/env python3
"""Peer for `loopwatch index`: Epoch's ECI method run with scipy, plus a data generator and a comparer.

Written for Loopwatch from the method as eci-public (github.com/epoch-research/eci-public,
src/eci/fitting.py, MIT) documents it; no code of theirs is copied. The method:
  score = sigmoid(a_b * (C_m - D_b)), scores clipped to [1e-3, 1 - 1e-3];
  residuals (pred - score) plus one penalty residual sqrt(0.1 * |theta|^2 / |theta|), theta = all C,
  all D, all a but the anchor benchmark's (pinned to 1); bounds C, D in [-10, 10], a in [0.1, 10];
  scipy.optimize.least_squares(method="trf") with an analytic sparse Jacobian, start N(0, 0.1) for
  C and D from numpy seed 42, a = 1; shift so the anchor's D = 0; ECI = A + B * C with A, B putting
  the two anchor models on their values; bootstrap: each model's rows resampled with replacement
  (numpy default_rng(seed)), refit from the central solution, rescaled per draw with that draw's
  anchors; 5% / 95% quantiles; no interval for the anchors.

usage:
  peer.py generate OUT.csv [--models 300] [--benchmarks 40] [--seed 1]
  peer.py fit SCORES.csv OUT_PREFIX [--bootstrap 100] [--tight] [--anchor MODEL=VALUE --anchor MODEL=VALUE]
  peer.py compare LOOPWATCH.json OUT_PREFIX
"""
import argparse
import csv
import json
import sys
import time

import numpy as np
from scipy.optimize import least_squares
from scipy.sparse import csr_matrix

ANCHOR_BENCHMARK = "Winogrande"
LOW, HIGH = ("Claude 3.5 Sonnet", 130.0), ("GPT-5", 150.0)


def generate(args):
    rng = np.random.default_rng(args.seed)
    models, benchmarks = args.models, args.benchmarks
    capability = np.sort(rng.normal(0.0, 1.2, models))
    difficulty = np.concatenate([[0.0], rng.uniform(-1.5, 3.5, benchmarks - 1)])
    alpha = np.concatenate([[1.0], rng.uniform(0.5, 3.0, benchmarks - 1)])
    names = [f"model-{m:03d}" for m in range(models)]
    names[int(models * 0.55)] = LOW[0]
    names[int(models * 0.85)] = HIGH[0]
    bench_names = [ANCHOR_BENCHMARK] + [f"bench-{b:02d}" for b in range(1, benchmarks)]
    start = np.datetime64("2022-01-01")
    rows = []
    for m in range(models):
        # Benchmarks near the model's capability are the ones it is likely to be scored on.
        weight = np.exp(-0.5 * ((difficulty - capability[m]) / 1.5) ** 2) + 0.05
        count = int(rng.integers(4, 17))
        chosen = rng.choice(benchmarks, size=min(count, benchmarks), replace=False, p=weight / weight.sum())
        if m % 3 == 0 and 0 not in chosen:
            chosen = np.append(chosen, 0)
        date = start + int(m * 1400 / models)
        for b in sorted(chosen):
            p = 1 / (1 + np.exp(-alpha[b] * (capability[m] - difficulty[b]))) + rng.normal(0, 0.03)
            rows.append((f"m{m + 1}", f"b{b + 1}", float(np.clip(p, 0, 1)), bench_names[b], names[m], str(date)))
    with open(args.out, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["model_id", "benchmark_id", "performance", "benchmark", "Model", "date"])
        out.writerows(rows)
    print(f"{len(rows)} scores, {models} models, {benchmarks} benchmarks -> {args.out}", file=sys.stderr)


def num(value):
    return repr(float(value))


def read_scores(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:  # names are trimmed, as loopwatch does
        for key in ("Model", "benchmark"):
            if row.get(key):
                row[key] = row[key].strip()
    return rows


def fit(args):
    global LOW, HIGH
    if args.anchor:
        LOW, HIGH = [(m, float(v)) for m, v in (a.split("=", 1) for a in args.anchor)]
    rows = read_scores(args.scores)
    started = time.perf_counter()
    model_names = list(dict.fromkeys(r["Model"] for r in rows))
    bench_names = list(dict.fromkeys(r["benchmark"] for r in rows))
    m_of = {n: i for i, n in enumerate(model_names)}
    b_of = {n: i for i, n in enumerate(bench_names)}
    mi = np.array([m_of[r["Model"]] for r in rows])
    bi = np.array([b_of[r["benchmark"]] for r in rows])
    y = np.clip(np.array([float(r["performance"]) for r in rows]), 1e-3, 1 - 1e-3)
    nm, nb = len(model_names), len(bench_names)
    anchor = b_of[ANCHOR_BENCHMARK]
    size = nm + 2 * nb - 1
    free = [b for b in range(nb) if b != anchor]
    alpha_slot = np.full(nb, -1)
    alpha_slot[free] = nm + nb + np.arange(nb - 1)
    strength = 0.1

    def split(theta):
        a = np.ones(nb)
        a[free] = theta[nm + nb:]
        return theta[:nm], theta[nm:nm + nb], a

    def residuals(theta, y, mi, bi):
        c, d, a = split(theta)
        pred = 1 / (1 + np.exp(-np.clip(a[bi] * (c[mi] - d[bi]), -500, 500)))
        return np.append(pred - y, np.sqrt(strength * theta @ theta / size))

    def jacobian(theta, y, mi, bi):
        c, d, a = split(theta)
        gap = c[mi] - d[bi]
        s = 1 / (1 + np.exp(-np.clip(a[bi] * gap, -500, 500)))
        ds = s * (1 - s)
        n = len(y)
        rows_ = np.arange(n)
        has_alpha = bi != anchor
        r = [rows_, rows_, rows_[has_alpha]]
        col = [mi, nm + bi, alpha_slot[bi][has_alpha]]
        val = [ds * a[bi], -ds * a[bi], (ds * gap)[has_alpha]]
        penalty = np.sqrt(strength * theta @ theta / size)
        if penalty > 0:
            r.append(np.full(size, n))
            col.append(np.arange(size))
            val.append(strength * theta / (size * penalty))
        return csr_matrix((np.concatenate(val), (np.concatenate(r), np.concatenate(col))), shape=(n + 1, size))

    lower = np.concatenate([np.full(nm + nb, -10.0), np.full(nb - 1, 0.1)])
    upper = np.concatenate([np.full(nm + nb, 10.0), np.full(nb - 1, 10.0)])
    tolerances = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000) if args.tight else {}

    def solve(x0, y, mi, bi):
        return least_squares(residuals, x0, jac=jacobian, args=(y, mi, bi), bounds=(lower, upper),
                             method="trf", **tolerances)

    np.random.seed(42)
    x0 = np.concatenate([np.random.randn(nm) * 0.1, np.random.randn(nb) * 0.1, np.ones(nb - 1)])
    central = solve(x0, y, mi, bi)
    if not central.success:
        raise SystemExit(f"fit failed: {central.message}")

    def scaled(theta):
        c, d, a = split(theta)
        shift = d[anchor]
        c, d = c - shift, d - shift
        lo, hi = c[m_of[LOW[0]]], c[m_of[HIGH[0]]]
        if not hi - lo > 1e-12:
            return None
        scale = (HIGH[1] - LOW[1]) / (hi - lo)
        offset = LOW[1] - scale * lo
        return c, d, a, offset + scale * c, offset + scale * d, a / scale

    c, d, a, eci, edi, slope = scaled(central.x)
    draws = []
    if args.bootstrap > 0:
        rng = np.random.default_rng(12345)
        by_model = [np.flatnonzero(mi == m) for m in range(nm)]
        for _ in range(args.bootstrap):
            idx = np.concatenate([rng.choice(r, size=r.size, replace=True) for r in by_model])
            boot = solve(central.x, y[idx], mi[idx], bi[idx])
            if boot.success:
                s = scaled(boot.x)
                if s is not None:
                    draws.append(s[3:])
    elapsed = time.perf_counter() - started
    q = (0.05, 0.95)
    if draws:
        eci_ci = np.quantile(np.array([dr[0] for dr in draws]), q, axis=0)
        edi_ci = np.quantile(np.array([dr[1] for dr in draws]), q, axis=0)
    with open(args.prefix + "_models.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Model", "capability", "eci", "eci_ci_low", "eci_ci_high"])
        for m, name in enumerate(model_names):
            anchor_model = name in (LOW[0], HIGH[0])
            lo_hi = ["", ""] if not draws or anchor_model else [num(eci_ci[0][m]), num(eci_ci[1][m])]
            out.writerow([name, num(c[m]), num(eci[m])] + lo_hi)
    with open(args.prefix + "_benchmarks.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["benchmark", "difficulty", "discriminability", "edi", "slope", "edi_ci_low", "edi_ci_high"])
        for b, name in enumerate(bench_names):
            lo_hi = ["", ""] if not draws else [num(edi_ci[0][b]), num(edi_ci[1][b])]
            out.writerow([name, num(d[b]), num(a[b]), num(edi[b]), num(slope[b])] + lo_hi)
    cost = float(np.sum(residuals(central.x, y, mi, bi) ** 2))
    print(f"scipy: {nm} models, {nb} benchmarks, {len(y)} scores; objective {cost:.12g}; "
          f"nfev {central.nfev}; {len(draws)} of {args.bootstrap} draws; {elapsed:.2f} s", file=sys.stderr)


def compare(args):
    with open(args.loopwatch) as f:
        report = json.load(f)
    fit = report["fit"]
    ours_m = {m["model"]: m for m in fit["models"]}
    ours_b = {b["benchmark"]: b for b in fit["benchmarks"]}
    peer_m = read_scores(args.prefix + "_models.csv")
    peer_b = read_scores(args.prefix + "_benchmarks.csv")

    def worst(pairs):
        diffs = [abs(x - y) for x, y in pairs]
        return max(diffs), sum(diffs) / len(diffs)

    rows = [
        ("capability", worst((ours_m[r["Model"]]["capability"], float(r["capability"])) for r in peer_m)),
        ("ECI", worst((ours_m[r["Model"]]["index"], float(r["eci"])) for r in peer_m)),
        ("difficulty", worst((ours_b[r["benchmark"]]["difficulty"], float(r["difficulty"])) for r in peer_b)),
        ("discriminability",
         worst((ours_b[r["benchmark"]]["discriminability"], float(r["discriminability"])) for r in peer_b)),
        ("EDI", worst((ours_b[r["benchmark"]]["index"], float(r["edi"])) for r in peer_b)),
        ("slope", worst((ours_b[r["benchmark"]]["slope"], float(r["slope"])) for r in peer_b)),
    ]
    ci = [(ours_m[r["Model"]]["interval"], r) for r in peer_m if r["eci_ci_low"]]
    if ci and all(i is not None for i, _ in ci):
        rows.append(("ECI 5% bound", worst((i["low"], float(r["eci_ci_low"])) for i, r in ci)))
        rows.append(("ECI 95% bound", worst((i["high"], float(r["eci_ci_high"])) for i, r in ci)))
        widths = [(i["high"] - i["low"], float(r["eci_ci_high"]) - float(r["eci_ci_low"])) for i, r in ci]
        ratio = np.median([x / y for x, y in widths if y > 0])
        rows.append(("CI width ratio (median)", (ratio, ratio)))
    print(f"{'quantity':<24} {'max |diff|':>12} {'mean |diff|':>12}")
    for name, (mx, mean) in rows:
        print(f"{name:<24} {mx:12.3g} {mean:12.3g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("out")
    g.add_argument("--models", type=int, default=300)
    g.add_argument("--benchmarks", type=int, default=40)
    g.add_argument("--seed", type=int, default=1)
    f = sub.add_parser("fit")
    f.add_argument("scores")
    f.add_argument("prefix")
    f.add_argument("--bootstrap", type=int, default=100)
    f.add_argument("--tight", action="store_true")
    f.add_argument("--anchor", action="append", help="MODEL=VALUE, twice: the scale anchors (low, then high)")
    c = sub.add_parser("compare")
    c.add_argument("loopwatch")
    c.add_argument("prefix")
    args = parser.parse_args()
    {"generate": generate, "fit": fit, "compare": compare}[args.command](args)


if __name__ == "__main__":
    main()
