#!/usr/bin/env bash
# Orchestration overhead of `loopwatch research run` per agent: runs N idle agents (`sleep`) for a
# fixed time and samples, from /proc, (a) the orchestrator JVM's resident memory once every agent
# runs, (b) its CPU time over an idle window, (c) the host-side memory of each agent's sandbox
# processes (bwrap and its init shell, charged to the agent's cgroup, not to the JVM).
#
# usage: bench/research-orchestration.sh [--agents "1 8"] [--reps 3] [--seconds 20]
# Prints one line per run and, per agent count, the medians; the per-agent RSS is the slope
# between the smallest and the largest count. Needs root (cgroups), bubblewrap, and a JDK 21+ in
# JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/research-orchestration.sh
set -euo pipefail

counts="1 8"
reps=3
seconds=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agents) counts="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./loopwatch --version >/dev/null  # builds the jar when needed, outside the measurement

ticks=$(getconf CLK_TCK)
kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for n in $counts; do
  for rep in $(seq 1 "$reps"); do
    out="$work/run-$n-$rep"
    ./loopwatch research run bench --agents "$n" --agent "sleep $((seconds + 30))" \
      --agent-max-wall "${seconds}s" --out "$out" >"$work/out-$n-$rep.txt" 2>"$work/err-$n-$rep.txt" &
    launcher=$!
    pid=""
    for _ in $(seq 1 100); do
      pid=$(for p in $(pgrep -f -- "--out $out" || true); do
        if [[ "$(readlink "/proc/$p/exe" 2>/dev/null || true)" == */java ]]; then echo "$p"; fi
      done | head -1)
      if [[ -n "$pid" && -f "$out/run.json" ]] && grep -q '"state" : "running"' "$out/run.json"; then
        break
      fi
      sleep 0.1
    done
    sleep 4  # every agent started; the JVM settled
    rss=$(kb "$pid")
    c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
    sleep $((seconds / 2))
    c1=$(cpu_ticks "$pid"); t1=$(date +%s.%N)
    sandbox_kb=0
    for p in $(pgrep -x bwrap || true); do
      if grep -q -- "$out" "/proc/$p/cmdline" 2>/dev/null; then
        sandbox_kb=$((sandbox_kb + $(kb "$p")))
      fi
    done
    wait "$launcher"
    cpu_pct=$(awk -v c="$((c1 - c0))" -v t="$ticks" -v a="$t0" -v b="$t1" \
      'BEGIN {printf "%.2f", 100 * c / t / (b - a)}')
    echo "agents=$n rep=$rep orchestrator_rss_kb=$rss idle_cpu_pct_of_core=$cpu_pct bwrap_rss_kb_total=$sandbox_kb"
    echo "$n $rss $cpu_pct $sandbox_kb" >>"$work/results.txt"
  done
done

echo "medians:"
for n in $counts; do
  rss=$(awk -v n="$n" '$1 == n {print $2}' "$work/results.txt" | median)
  cpu=$(awk -v n="$n" '$1 == n {print $3}' "$work/results.txt" | median)
  sbx=$(awk -v n="$n" '$1 == n {print $4}' "$work/results.txt" | median)
  echo "agents=$n orchestrator_rss_kb=$rss idle_cpu_pct_of_core=$cpu bwrap_rss_kb_total=$sbx"
  echo "$n $rss" >>"$work/medians.txt"
done
awk 'NR == 1 {n0 = $1; r0 = $2} {n1 = $1; r1 = $2}
     END {if (n1 > n0) printf "orchestrator RSS per extra agent: %.1f MB\n", (r1 - r0) / (n1 - n0) / 1024}' \
  "$work/medians.txt"
