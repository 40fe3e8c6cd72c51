#!/usr/bin/env bash
# Times `loopwatch index SCORES --bootstrap 100` against the scipy peer (bench/eci/peer.py fit) on the same file.
#
# usage: bench/index-fit.sh [--models 300] [--benchmarks 40] [--bootstrap 100] [--repeat 3] [SCORES.csv]
# Without SCORES, generates an Epoch-sized synthetic file (bench/eci/peer.py generate, seed 1: 300 models, 40
# benchmarks, about 3000 scores drawn from the item-response model with noise sd 0.03; the anchors Winogrande,
# Claude 3.5 Sonnet and GPT-5 are among them). Each repeat runs both programs one after the other and records wall
# and CPU (user + sys) seconds with /usr/bin/time; prints the medians and the ratios peer / loopwatch, then the
# side-by-side differences of the two fits (peer.py compare). Needs python3 with numpy and scipy (Debian
# python3-scipy). Runs through ./loopwatch (which finds a JDK 21+ and builds the jar if needed).
# With EPOCH_ECI_SRC set to a folder holding eci-public's fitting.py (github.com/epoch-research/eci-public, src/eci;
# needs pandas and tqdm, Debian python3-pandas python3-tqdm), also runs Epoch's own fit_eci_model once with the same
# draws (bench/eci/epoch_driver.py) and prints its time and the largest ECI difference from loopwatch's fit.
set -euo pipefail

models=300
benchmarks=40
bootstrap=100
repeat=3
scores=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --benchmarks) benchmarks="$2"; shift 2 ;;
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) scores="$1"; shift ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
launcher=./loopwatch
"$launcher" --version >/dev/null
if [[ -z "$scores" ]]; then
  scores="$work/scores.csv"
  python3 bench/eci/peer.py generate "$scores" --models "$models" --benchmarks "$benchmarks" --seed 1
fi

echo "scores: $(($(wc -l <"$scores") - 1)), bootstrap: $bootstrap, cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java (JAVA_HOME or PATH; the launcher may pick another 21+): $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); python: $(python3 -c 'import sys, numpy, scipy; print(sys.version.split()[0], "numpy", numpy.__version__, "scipy", scipy.__version__)')"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$work/lw.times"
: >"$work/py.times"
for i in $(seq 1 "$repeat"); do
  /usr/bin/time -f "%e %U %S" -o "$work/t" "$launcher" index "$scores" --bootstrap "$bootstrap" --json --no-store \
    >"$work/loopwatch.json" 2>"$work/lw.err"
  cat "$work/t" >>"$work/lw.times"
  /usr/bin/time -f "%e %U %S" -o "$work/t" python3 bench/eci/peer.py fit "$scores" "$work/peer" --bootstrap "$bootstrap" \
    2>"$work/py.err"
  cat "$work/t" >>"$work/py.times"
  echo "run $i: loopwatch $(tail -1 "$work/lw.times" | awk '{ printf "%.2f s wall, %.2f s cpu", $1, $2 + $3 }')" \
    "| scipy $(tail -1 "$work/py.times" | awk '{ printf "%.2f s wall, %.2f s cpu", $1, $2 + $3 }')"
done
lw_wall="$(awk '{ print $1 }' "$work/lw.times" | median)"
lw_cpu="$(awk '{ print $2 + $3 }' "$work/lw.times" | median)"
py_wall="$(awk '{ print $1 }' "$work/py.times" | median)"
py_cpu="$(awk '{ print $2 + $3 }' "$work/py.times" | median)"
echo "median wall: loopwatch $lw_wall s, scipy $py_wall s, ratio $(awk -v a="$py_wall" -v b="$lw_wall" 'BEGIN { printf "%.1f", a / b }')x"
echo "median cpu:  loopwatch $lw_cpu s, scipy $py_cpu s, ratio $(awk -v a="$py_cpu" -v b="$lw_cpu" 'BEGIN { printf "%.1f", a / b }')x"
tail -1 "$work/py.err"
python3 bench/eci/peer.py compare "$work/loopwatch.json" "$work/peer"
if [[ -n "${EPOCH_ECI_SRC:-}" ]]; then
  /usr/bin/time -f "%e %U %S" -o "$work/t" python3 bench/eci/epoch_driver.py "$EPOCH_ECI_SRC" "$scores" "$bootstrap" \
    "$work/epoch.json" >/dev/null 2>"$work/epoch.err"
  echo "epoch's own fit_eci_model, 1 run: $(awk '{ printf "%.2f s wall, %.2f s cpu", $1, $2 + $3 }' "$work/t")," \
    "ratio to loopwatch's median wall $(awk -v b="$lw_wall" '{ printf "%.1f", $1 / b }' "$work/t")x"
  python3 - "$work/loopwatch.json" "$work/epoch.json" <<'PY'
import json, sys
ours = {m["model"]: m for m in json.load(open(sys.argv[1]))["fit"]["models"]}
theirs = json.load(open(sys.argv[2]))["models"]
diffs = [abs(ours[name]["index"] - row["eci"]) for name, row in theirs.items()]
print("ECI vs epoch's fit: %d models, max |diff| %.5f, mean %.6f" % (len(diffs), max(diffs), sum(diffs) / len(diffs)))
PY
fi
