#!/usr/bin/env bash
# Can `loopwatch speedup grade` detect a true 1.10x speedup, and how often does it claim one that is not there?
#
# usage: bench/speedup-harness.sh [--iterations N] [--pairs P] [--null-trials T] [--null-iterations M] [--no-hyperfine]
# Builds a task in a temp dir whose "program" is a CPU-bound awk loop of N iterations (default 300000000, about 10 s
# of CPU on the 2-core dev VM) that writes only "seed S" (so fewer iterations give the same output). Then:
#   1. detection: grades a candidate doing N/1.1 iterations (a true 1.10x) with --pairs P (default 10) and prints the
#      median speedup, its 95% interval and whether the interval excludes 1;
#   2. hyperfine: times the same two commands with `hyperfine --runs P --warmup 1 --export-json` and prints the ratio
#      of means with a t-based 95% interval (ratio of two independent means, delta method) for comparison;
#   3. null: T times (default 5) grades a candidate identical to the baseline with M iterations (default N/5) and
#      counts how often the interval excludes 1 (it should be about 5% of trials or less).
# Prints one summary line per part; copy them into docs/BENCHMARKS.md with the machine, date and load.
set -euo pipefail

iterations=300000000
pairs=10
null_trials=5
null_iterations=""
hyperfine=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --iterations) iterations="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --null-trials) null_trials="$2"; shift 2 ;;
    --null-iterations) null_iterations="$2"; shift 2 ;;
    --no-hyperfine) hyperfine=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
null_iterations="${null_iterations:-$((iterations / 5))}"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
launcher=./loopwatch
"$launcher" --version >/dev/null

program() { # program ITERATIONS
  cat <<SCRIPT
#!/bin/sh
awk -v n=$1 'BEGIN { x = 0; for (i = 0; i < n; i++) x += i % 7; if (x < 0) print x }'
echo "seed \$1" > "\$2"
SCRIPT
}

make_task() { # make_task DIR ITERATIONS
  mkdir -p "$1/baseline/src"
  program "$2" > "$1/baseline/src/work.sh"
  cat > "$1/task.toml" <<TOML
name = "cpu-loop"
baseline = "baseline"
run = ["sh", "src/work.sh", "{seed}", "{output}"]
editable = ["src/**"]
outputs = [{ file = "{output}", rule = "exact" }]
grading_seeds = [11]
practice_seeds = [1]
limits = { wall_seconds = 600, memory_mb = 256, cpus = 2 }
pairs = $pairs
TOML
}

candidate() { # candidate DIR ITERATIONS
  mkdir -p "$1/src"
  program "$2" > "$1/src/work.sh"
}

field() { # field JSON_FILE NAME: the first "NAME" : value in pretty JSON (the candidate's speedup comes first)
  grep -m1 "\"$2\" :" "$1" | sed 's/.*: *//; s/,$//'
}

grade() { # grade TASK CANDIDATE OUT_JSON: exits with a message when the grading printed no speedup
  "$launcher" speedup grade --json --pairs "$pairs" "$1" "$2" > "$3" 2> "$3.err" || true
  if ! grep -q '"median" :' "$3"; then
    echo "grading printed no speedup: $(tail -n 3 "$3.err")" >&2
    exit 3
  fi
}

faster=$(awk -v n="$iterations" 'BEGIN { printf "%d", n / 1.1 }')
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"

make_task "$work/task" "$iterations"
candidate "$work/faster" "$faster"
start=$(date +%s)
grade "$work/task" "$work/faster" "$work/detect.json"
median=$(field "$work/detect.json" median)
low=$(field "$work/detect.json" low)
high=$(field "$work/detect.json" high)
excludes=$(awk -v l="$low" -v h="$high" 'BEGIN { print (l > 1 || h < 1) ? "yes" : "no" }')
printf 'detection: true 1.100x, %d pairs of %d vs %d iterations: median %.4fx, 95%% CI %.4f-%.4f (width %.4f), excludes 1: %s (%d s)\n' \
  "$pairs" "$iterations" "$faster" "$median" "$low" "$high" "$(awk -v l="$low" -v h="$high" 'BEGIN { print h - l }')" \
  "$excludes" "$(( $(date +%s) - start ))"

if [[ $hyperfine == 1 ]] && command -v hyperfine >/dev/null; then
  mkdir -p "$work/out"
  hyperfine --style none --runs "$pairs" --warmup 1 --export-json "$work/hyperfine.json" \
    "sh $work/task/baseline/src/work.sh 11 $work/out/a" "sh $work/faster/src/work.sh 11 $work/out/b" > /dev/null 2>&1
  means=$(grep '"mean"' "$work/hyperfine.json" | sed 's/.*: *//; s/,$//' | tr '\n' ' ')
  sds=$(grep '"stddev"' "$work/hyperfine.json" | sed 's/.*: *//; s/,$//' | tr '\n' ' ')
  awk -v means="$means" -v sds="$sds" -v n="$pairs" 'BEGIN {
    split(means, m, " "); split(sds, s, " ")
    r = m[1] / m[2]
    se = r * sqrt((s[1] / m[1]) ^ 2 / n + (s[2] / m[2]) ^ 2 / n)
    t = 2.262  # t(0.975, 9); close enough for 8-20 runs
    printf "hyperfine: %d runs each: ratio of means %.4fx, t-based 95%% CI %.4f-%.4f (width %.4f); means %.3f s and %.3f s, sd %.3f and %.3f\n",
      n, r, r - t * se, r + t * se, 2 * t * se, m[1], m[2], s[1], s[2]
  }'
fi

make_task "$work/null-task" "$null_iterations"
candidate "$work/same" "$null_iterations"
excluded=0
for trial in $(seq 1 "$null_trials"); do
  grade "$work/null-task" "$work/same" "$work/null-$trial.json"
  low=$(field "$work/null-$trial.json" low)
  high=$(field "$work/null-$trial.json" high)
  if awk -v l="$low" -v h="$high" 'BEGIN { exit !(l > 1 || h < 1) }'; then excluded=$((excluded + 1)); fi
  printf 'null trial %d: median %.4fx, 95%% CI %.4f-%.4f\n' "$trial" "$(field "$work/null-$trial.json" median)" "$low" "$high"
done
echo "null: identical programs of $null_iterations iterations, $null_trials trials of $pairs pairs: interval excluded 1 in $excluded of $null_trials"
