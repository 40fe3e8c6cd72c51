#!/usr/bin/env bash
# scan-gitgit.sh [REPO]
#
# Times a full `loopwatch scan` of REPO against two peers over the same default-branch history, each written to
# /dev/null:
#   - plain: `git log --numstat`, what any scanner that diffs every commit has to beat;
#   - first-parent: `git log --first-parent -z --numstat --diff-merges=first-parent -M --format=%x01%H`, exactly the
#     pass the scan itself streams (the same flags), so the ratio scan/first-parent is the scan's cost over its floor
#     (issue #18: at most 1.1).
# RUNS times each (default 3), alternating (plain, first-parent, scan, plain, ...) so that cache warmth and machine
# noise hit all alike. Prints every run, the medians, both ratios, the CPU time (user+sys, children included) of the
# floor and the scan, the scan's peak RSS and the load average before and after (the machine may be shared: a ratio measured under load is noisier than one measured quiet). The scan runs
# with LOOPWATCH_JAVA_OPTS=-Xmx512m (unless LOOPWATCH_JAVA_OPTS is already set) to show that a whole-history scan fits
# in a bounded heap. Each scan writes a fresh store in a temp dir.
#
# REPO defaults to /work/.mirror/git+git/repo (a bare clone of git.git, ~82k commits on master).
# Uses only bash, coreutils, git and ../loopwatch. Copy the summary lines into docs/BENCHMARKS.md.
set -euo pipefail

repo=${1:-/work/.mirror/git+git/repo}
runs=${RUNS:-3}
bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
launcher="$bench_dir/../loopwatch"

if ! git -C "$repo" rev-parse --verify -q HEAD >/dev/null; then
  echo "scan-gitgit: $repo is not a git repository with a HEAD commit" >&2
  exit 2
fi
export LOOPWATCH_JAVA_OPTS=${LOOPWATCH_JAVA_OPTS--Xmx512m}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall-clock seconds with sub-second precision (EPOCHREALTIME needs bash 5; date +%N needs GNU date).
now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then printf '%s\n' "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs "$@" under GNU time -v (Linux) or BSD time -l (macOS) when available, leaving the report in $work/time.txt.
timed() {
  if /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v -o "$work/time.txt" "$@"
  elif /usr/bin/time -l true >/dev/null 2>&1; then
    /usr/bin/time -l "$@" 2>"$work/time.txt"
  else
    : >"$work/time.txt"
    "$@"
  fi
}
# CPU seconds (user+sys) from $work/time.txt, or "n/a".
cpu() {
  awk '/User time \(seconds\)/ { t += $NF; found = 1 } /System time \(seconds\)/ { t += $NF }
       / user / && / sys$/ { t += $3 + $5; found = 1 }
       END { if (found) printf "%.1f", t; else printf "n/a" }' "$work/time.txt"
}
# Peak RSS in MiB from $work/time.txt, or "n/a".
peak_rss() {
  awk '/Maximum resident set size \(kbytes\)/ { printf "%.0f", $NF / 1024; found = 1 }
       /maximum resident set size$/ { printf "%.0f", $1 / 1048576; found = 1 }
       END { if (!found) printf "n/a" }' "$work/time.txt"
}

branch=$(git -C "$repo" symbolic-ref -q --short HEAD || echo HEAD)
commits=$(git -C "$repo" rev-list --count HEAD)
echo "scan-gitgit: $repo ($branch, $commits commits); $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores;" \
  "$(git --version); LOOPWATCH_JAVA_OPTS=$LOOPWATCH_JAVA_OPTS; $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Build the jar (if needed) outside the timed runs.
"$launcher" --help >/dev/null

# The load average (1, 5, 15 minutes), or "n/a" where /proc is missing.
load() { if [ -r /proc/loadavg ]; then cut -d' ' -f1-3 /proc/loadavg; else echo n/a; fi; }
echo "load average before: $(load)"

git_times=()
first_parent_times=()
scan_times=()
first_parent_cpu=()
scan_cpu=()
rss=()
for run in $(seq 1 "$runs"); do
  start=$(now)
  git -C "$repo" log --numstat HEAD >/dev/null
  end=$(now)
  git_times+=("$(elapsed "$start" "$end")")
  echo "run $run: git log --numstat               ${git_times[run - 1]} s"

  start=$(now)
  timed git -C "$repo" log --first-parent -z --numstat --diff-merges=first-parent -M --format=%x01%H HEAD -- >/dev/null
  end=$(now)
  first_parent_times+=("$(elapsed "$start" "$end")")
  first_parent_cpu+=("$(cpu)")
  echo "run $run: git log --first-parent --numstat ${first_parent_times[run - 1]} s, CPU ${first_parent_cpu[run - 1]} s"

  rm -f "$work"/scan.duckdb*
  start=$(now)
  if ! timed "$launcher" scan "$repo" --db "$work/scan.duckdb" >"$work/scan.out" 2>"$work/scan.err"; then
    echo "scan-gitgit: loopwatch scan failed; its last output lines:" >&2
    tail -n 20 "$work/scan.err" >&2
    exit 1
  fi
  end=$(now)
  scan_times+=("$(elapsed "$start" "$end")")
  rss+=("$(peak_rss)")
  scan_cpu+=("$(cpu)")
  echo "run $run: loopwatch scan                  ${scan_times[run - 1]} s, CPU ${scan_cpu[run - 1]} s," \
    "peak RSS ${rss[run - 1]} MiB, load $(load)"
done
echo "load average after: $(load)"

git_median=$(median "${git_times[@]}")
first_parent_median=$(median "${first_parent_times[@]}")
scan_median=$(median "${scan_times[@]}")
ratio() { awk -v s="$1" -v g="$2" 'BEGIN { printf "%.2f", (g > 0 ? s / g : 0) }'; }
echo "median: git log --numstat $git_median s; git log --first-parent --numstat $first_parent_median s;" \
  "loopwatch scan $scan_median s"
echo "ratio scan/plain $(ratio "$scan_median" "$git_median"); ratio scan/first-parent" \
  "$(ratio "$scan_median" "$first_parent_median"); peak RSS $(printf '%s ' "${rss[@]}")MiB"
echo "CPU user+sys: first-parent $(printf '%s ' "${first_parent_cpu[@]}")s; scan $(printf '%s ' "${scan_cpu[@]}")s"
