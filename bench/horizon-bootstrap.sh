#!/usr/bin/env bash
# Times `loopwatch horizon RUNS --release-dates DATES --bootstrap N` on a METR-sized synthetic run file.
#
# usage: bench/horizon-bootstrap.sh [--bootstrap N] [--repeat R]
# Generates (awk, seeded) about 25k runs: 30 agents released every 70 days from 2019-01-01, 170 tasks in 60
# families (task sources HCAST / RE-Bench / SWAA), human_minutes log-uniform from 1 min to 30 h, about 5 runs per
# (agent, task), success probability 1 / (1 + 2^(0.8 * (log2(minutes) - log2(h)))) where agent i's true p50
# horizon h rises from 0.5 min to 10 h. Runs through ./loopwatch (which finds a JDK 21+ and builds the jar if needed),
# runs the command R times (default 3) and prints each wall time and the median. Target: < 10 s on 2 cores.
set -euo pipefail

bootstrap=1000
repeat=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The launcher finds a JDK 21+ and builds the jar when it is missing or stale.
launcher=./loopwatch
"$launcher" --version >/dev/null

awk -v seed=42 'BEGIN {
  srand(seed)
  agents = 30; tasks = 170; families = 60
  print "alias,task_id,task_family,task_source,human_minutes,score_binarized"
  for (t = 0; t < tasks; t++) {
    family[t] = int(t * families / tasks)
    minutes[t] = sprintf("%.2f", exp(log(1) + rand() * log(1800)))
    source[t] = (t % 10 == 0) ? "RE-Bench" : ((t % 7 == 0) ? "SWAA" : "HCAST")
  }
  for (a = 0; a < agents; a++) {
    h = 0.5 * exp(a * log(1200) / (agents - 1))
    for (t = 0; t < tasks; t++) {
      runs = 3 + int(rand() * 5)
      for (r = 0; r < runs; r++) {
        p = 1 / (1 + 2 ^ (0.8 * (log(minutes[t]) / log(2) - log(h) / log(2))))
        printf "agent-%02d,task-%03d,family-%02d,%s,%s,%d\n", a, t, family[t], source[t], minutes[t], (rand() < p) ? 1 : 0
      }
    }
  }
}' >"$work/runs.csv"

{
  echo "date:"
  for a in $(seq 0 29); do
    printf '  agent-%02d: %s\n' "$a" "$(date -u -d "2019-01-01 + $((a * 70)) days" +%F)"
  done
} >"$work/release_dates.yaml"

echo "runs: $(($(wc -l <"$work/runs.csv") - 1)), agents: 30, bootstrap: $bootstrap, cores: $(nproc)"
times=()
for i in $(seq 1 "$repeat"); do
  start=$(date +%s.%N)
  "$launcher" horizon "$work/runs.csv" --release-dates "$work/release_dates.yaml" \
    --bootstrap "$bootstrap" --seed 42 >"$work/out.txt"
  end=$(date +%s.%N)
  t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
  times+=("$t")
  echo "run $i: ${t} s"
done
tail -2 "$work/out.txt"
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "median wall time: ${median} s"
