#!/usr/bin/env bash
# Checks `loopwatch index` against Epoch's own fit on Epoch's real benchmark data, and against the ECI Epoch published.
#
# usage: EPOCH_STITCHING_SRC=/path/to/benchmark-stitching bench/eci/real-data.sh [--tolerance 0.02] [--bootstrap N]
# EPOCH_STITCHING_SRC is a local clone of github.com/epoch-research/benchmark-stitching (code MIT, Copyright 2025
# Epoch AI; its data/ is Epoch's Benchmarking Hub data, CC BY 4.0); no code of it is copied into Loopwatch.
# Steps: runs the clone's data_loader.py to build the scores table its fit.py fits (bench/eci/stitching.py export),
# fits it with its fit.py (benchmark mode, Winogrande difficulty 0 slope 1, strength 0.1) and with `loopwatch index`
# (anchors Claude 3.5 Sonnet 2024-06-20 = 130, GPT-5 medium = 150, the two models the published file pins to those
# values), then prints the differences, and the difference of both from the published ECI when the clone holds
# commit 07356c2 (data/website/epoch_capabilities_index.csv; EPOCH_WEBSITE_CSV overrides).
# Exits 1 when a Loopwatch-vs-fit.py difference exceeds its limit (ECI: the tolerance, default 0.02 index points; EDI:
# 10x; raw capabilities: /20; raw difficulties and discriminabilities: /2), or Loopwatch's objective is above fit.py's.
# Needs /usr/bin/python3 with numpy, scipy and pandas (Debian python3-scipy python3-pandas); runs ./loopwatch.
# With --bootstrap N also times loopwatch and fit.py with N bootstrap draws (fit.py has no bootstrap of its own:
# stitching.py refits N resamples with its fit_statistical_model).
set -euo pipefail

tolerance=0.02
bootstrap=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tolerance) tolerance="$2"; shift 2 ;;
    --bootstrap) bootstrap="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
src="${EPOCH_STITCHING_SRC:?set EPOCH_STITCHING_SRC to a local clone of epoch-research/benchmark-stitching}"
src="$(cd "$src" && pwd)"
python=/usr/bin/python3
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
anchors=(--anchor claude-3-5-sonnet-20240620=130 --anchor gpt-5-2025-08-07_medium=150)

echo "benchmark-stitching: $(git -C "$src" log -1 --format='%h %ad' --date=short 2>/dev/null || echo "$src")," \
  "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" bench/eci/stitching.py export "$src" "$work/scores.csv"
/usr/bin/time -f "%e %U %S" -o "$work/t.fit" "$python" bench/eci/stitching.py fit "$src" "$work/scores.csv" \
  "$work/fitpy.json" --bootstrap "$bootstrap"
/usr/bin/time -f "%e %U %S" -o "$work/t.lw" ./loopwatch index "$work/scores.csv" --bootstrap "$bootstrap" --json \
  --no-store "${anchors[@]}" >"$work/loopwatch.json" 2>"$work/lw.err"
echo "wall / cpu seconds with $bootstrap draws: loopwatch $(awk '{ printf "%.2f / %.2f", $1, $2 + $3 }' "$work/t.lw")," \
  "fit.py (process) $(awk '{ printf "%.2f / %.2f", $1, $2 + $3 }' "$work/t.fit")"
website="${EPOCH_WEBSITE_CSV:-}"
if [[ -z "$website" ]] && git -C "$src" cat-file -e 07356c2:data/website/epoch_capabilities_index.csv 2>/dev/null; then
  website="$work/website.csv"
  git -C "$src" show 07356c2:data/website/epoch_capabilities_index.csv >"$website"
fi
"$python" bench/eci/stitching.py compare "$work/loopwatch.json" "$work/fitpy.json" --scores "$work/scores.csv" \
  ${website:+--website "$website"} "${anchors[@]}" --tolerance "$tolerance"
