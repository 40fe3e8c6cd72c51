#!/usr/bin/env bash
# org-scale.sh [WORK_DIR] [GIANT]
#
# The organisation benchmark of issue #18: REPOS synthetic repositories (default 200) of mixed sizes from
# synthetic-repo.sh, plus GIANT (default /work/.mirror/git+git/repo, a bare clone of git.git) as the one giant, listed
# in WORK_DIR/repos.txt, scanned into a fresh store each way:
#   - `scan --repos-file repos.txt --jobs 1` (one by one, in one process),
#   - `scan --repos-file repos.txt --jobs 2`,
#   - and, when bench/spark-org.sh exists (the Spark job's benchmark; SPARK_ORG names another copy), `spark-org.sh
#     repos.txt` (Spark local[2]) on the same file.
# Prints wall time and peak RSS of each side by side, checks that both scans store the same report (`report --json`
# byte-identical apart from generatedAt), and writes the per-repository cost distribution to WORK_DIR/costs.tsv
# (name, first-parent changes, seconds) from the --jobs 1 run: each repository's finish line on stderr is time-stamped,
# and its cost is the time since the previous one finished (the first also carries the JVM start and the store open).
#
# Sizes are fixed: repository i (0-based) gets SIZE = round(20 * 100^f) first-parent changes with f = ((37 i) mod
# REPOS) / (REPOS - 1), a log-uniform spread from 20 to 2,000 in scrambled order, so a few large and many small ones as
# in a real organisation. Generated repositories are kept in WORK_DIR/repos and reused by the next run (delete them to
# regenerate; generation of the default 200 takes a few minutes on 2 cores and is not timed).
#
# Environment: REPOS (default 200), GEN_JOBS (parallel generators, default 2), SPARK_ORG (default bench/spark-org.sh),
# LOOPWATCH_JAVA_OPTS (passed through).
# Uses bash 5, coreutils, awk, git, GNU time (for peak RSS; "n/a" without it) and ../loopwatch. Copy the summary into
# docs/BENCHMARKS.md.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
launcher="$bench_dir/../loopwatch"
work=${1:-$(mktemp -d)}
giant=${2:-/work/.mirror/git+git/repo}
repos=${REPOS:-200}
gen_jobs=${GEN_JOBS:-2}
mkdir -p "$work/repos"
work=$(cd "$work" && pwd)

if ! git -C "$giant" rev-parse --verify -q HEAD >/dev/null; then
  echo "org-scale: $giant is not a git repository with a HEAD commit" >&2
  exit 2
fi
case $repos in
  '' | *[!0-9]* | 0 | 1) echo "org-scale: REPOS must be a whole number of at least 2, got '$repos'" >&2; exit 2 ;;
esac

now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
load() { if [ -r /proc/loadavg ]; then cut -d' ' -f1-3 /proc/loadavg; else echo n/a; fi; }
# Runs "$@" under GNU time -v when available, leaving the report in $work/time.txt.
timed() {
  if /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v -o "$work/time.txt" "$@"
  else
    : >"$work/time.txt"
    "$@"
  fi
}
peak_rss() {
  awk '/Maximum resident set size \(kbytes\)/ { printf "%.0f", $NF / 1024; found = 1 } END { if (!found) printf "n/a" }' \
    "$work/time.txt"
}
# Prefixes every line of stdin with the wall clock (seconds, microseconds) and a tab.
stamp() { local line; while IFS= read -r line; do printf '%s\t%s\n' "$(now)" "$line"; done; }

echo "org-scale: $repos synthetic repositories + $giant ($(git -C "$giant" rev-list --count HEAD) commits);" \
  "$(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores; $(git --version);" \
  "LOOPWATCH_JAVA_OPTS=${LOOPWATCH_JAVA_OPTS:-}; $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# 1. The repositories (not timed).
sizes="$work/sizes.tsv"
awk -v n="$repos" 'BEGIN { for (i = 0; i < n; i++) { f = ((37 * i) % n) / (n - 1); printf "r%d\t%d\n", i, int(20 * exp(f * log(100)) + 0.5) } }' \
  >"$sizes"
start=$(now)
missing=$(awk -v dir="$work/repos" '{ print $1 "\t" $2 }' "$sizes" | while IFS=$'\t' read -r name size; do
  [ -f "$work/repos/$name.truth.json" ] || printf '%s %s\n' "$name" "$size"
done)
if [ -n "$missing" ]; then
  echo "generating $(printf '%s\n' "$missing" | wc -l) repositories with $gen_jobs jobs ..."
  printf '%s\n' "$missing" | while read -r name size; do rm -rf "${work:?}/repos/$name"; echo "$name $size"; done |
    xargs -P "$gen_jobs" -n 2 sh -c '"$0" "$1/$2" "$3" >/dev/null' "$bench_dir/synthetic-repo.sh" "$work/repos"
fi
echo "repositories ready in $(elapsed "$start" "$(now)") s; sum of sizes $(awk '{ s += $2 } END { print s }' "$sizes")" \
  "first-parent changes (smallest 20, largest $(sort -k2 -n "$sizes" | tail -n 1 | cut -f2))"
list="$work/repos.txt"
{
  echo "# org-scale.sh: $repos synthetic repositories and one giant"
  echo "$giant"
  cut -f1 "$sizes" | sed 's|^|repos/|'
} >"$list"

# Build the jar (if needed) outside the timed runs.
"$launcher" --help >/dev/null

# 2. The scans, one by one and by a pool of two.
declare -A wall rss
for jobs in 1 2; do
  db="$work/jobs$jobs.duckdb"
  rm -f "$db" "$db.wal"
  echo "load average before --jobs $jobs: $(load)"
  start=$(now)
  timed "$launcher" scan --repos-file "$list" --jobs "$jobs" --db "$db" 2>&1 >/dev/null | stamp >"$work/jobs$jobs.err"
  end=$(now)
  wall[$jobs]=$(elapsed "$start" "$end")
  rss[$jobs]=$(peak_rss)
  printf '%s\n' "$start" >"$work/jobs$jobs.start"
  echo "scan --jobs $jobs: ${wall[$jobs]} s, peak RSS ${rss[$jobs]} MiB (load average after: $(load))"
  "$launcher" report --db "$db" --json | grep -v '"generatedAt"' >"$work/jobs$jobs.report.json"
done
if cmp -s "$work/jobs1.report.json" "$work/jobs2.report.json"; then
  echo "reports: --jobs 1 and --jobs 2 identical apart from generatedAt"
else
  echo "org-scale: the reports of --jobs 1 and --jobs 2 differ (see $work/jobs*.report.json)" >&2
  exit 1
fi

# 3. The Spark job, when its benchmark exists (its last line is "spark-org: repos=N failed=F wall_s=W ...").
spark_org=${SPARK_ORG:-$bench_dir/spark-org.sh}
spark_line="spark local[2]: not run ($spark_org not found)"
if [ -x "$spark_org" ]; then
  echo "load average before spark-org.sh: $(load)"
  start=$(now)
  if "$spark_org" "$list" >"$work/spark.out" 2>"$work/spark.err"; then
    spark_line="spark local[2]: $(elapsed "$start" "$(now)") s with the script; $(grep '^spark-org:' "$work/spark.out" | tail -n 1)"
  else
    spark_line="spark local[2]: failed after $(elapsed "$start" "$(now)") s (see $work/spark.err)"
  fi
fi
echo "$spark_line"

# 4. The per-repository cost distribution from the one-by-one run.
costs="$work/costs.tsv"
awk -F'\t' -v t0="$(cat "$work/jobs1.start")" '
  $2 ~ /: [a-z]+ scan of .* changes mined/ {
    name = $2; sub(/: [a-z]+ scan of .*/, "", name)
    changes = $2; sub(/ changes mined.*/, "", changes); sub(/.*, /, "", changes)
    prev = (n == 0 ? t0 : last); printf "%s\t%d\t%.3f\n", name, changes, $1 - prev; last = $1; n++
  }' "$work/jobs1.err" >"$costs"
awk -F'\t' '{ print $3 }' "$costs" | sort -g | awk -v file="$costs" '
  { v[NR] = $1; s += $1 }
  function q(p) { i = int(p * (NR - 1) + 1.5); return v[i > NR ? NR : i] }
  END {
    printf "per-repository cost (%d repositories, %s): sum %.1f s, mean %.3f s, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f s\n",
      NR, file, s, s / NR, q(0.5), q(0.9), q(0.99), v[NR]
  }'
echo "summary: --jobs 1 ${wall[1]} s (${rss[1]} MiB); --jobs 2 ${wall[2]} s (${rss[2]} MiB);" \
  "speed-up $(awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "%.2f", a / b }'); $spark_line"
