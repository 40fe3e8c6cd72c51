#!/usr/bin/env bash
# spark-split.sh REPOS_FILE [MASTER]
#
# The straggler benchmark of issue #18: the Spark job (bench/spark-org.sh) on REPOS_FILE with every repository mined
# whole (`--split-above 1000000000000`) against the same job cutting the chain of any repository above the automatic
# threshold (the list's total cost over Spark's parallelism) into ranges, with `scan --repos-file --jobs 2` as the
# single-machine peer, on the same list in the same run. Make the list a giant plus small repositories whose total is
# below the giant's cost times the parallelism, so that the giant decides the wall time when mined whole, e.g.
#   { echo /work/.mirror/git+git/repo; for i in $(seq 0 49); do echo /tmp/sf/org/repos/r$i; done; } > list.txt
# (repositories from bench/org-scale.sh or bench/synthetic-repo.sh).
#
# RUNS rounds (default 3), each running the three in turn, so machine noise hits all alike. Prints every run's wall
# time and peak RSS, the medians, and checks on the first round that the whole and the cut runs give the same
# `report --json` after `loopwatch import` (byte-identical apart from generatedAt), as the single-machine scan does.
# Uses bash 5, coreutils, awk, git, GNU time, bench/spark-org.sh and ../loopwatch. Copy the summary into
# docs/BENCHMARKS.md.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 REPOS_FILE [MASTER]" >&2
  exit 2
fi
list=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$list" ] || { echo "spark-split: $1 is not a file" >&2; exit 2; }
master=${2:-local[2]}
runs=${RUNS:-3}
bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
launcher="$bench_dir/../loopwatch"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() { "$launcher" report --db "$1" --json | grep -v '"generatedAt"'; }

# Runs one way; prints "WALL RSS_MIB" and leaves the kept output (for the Spark ways) in $work/$1.
spark_way() {
  local name=$1 args=$2
  rm -rf "${work:?}/$name"
  KEEP="$work/$name" SPARK_ARGS="$args" bash "$bench_dir/spark-org.sh" "$list" "$master" >"$work/$name.log" 2>&1 ||
    { cat "$work/$name.log" >&2; exit 3; }
  grep -E '^spark: .*(cut|partitions)' "$work/$name.log" | sed "s/^/$name: /" >&2 || true
  sed -n 's/^spark-org: .* wall_s=\([0-9.]*\) peak_rss_mib=\([0-9]*\) .*/\1 \2/p' "$work/$name.log"
}
scan_way() {
  rm -f "$work"/scan.duckdb*
  /usr/bin/time -f '%e %M' -o "$work/scan.time" "$launcher" scan --db "$work/scan.duckdb" --repos-file "$list" \
    --jobs 2 >/dev/null 2>"$work/scan.err" || { cat "$work/scan.err" >&2; exit 3; }
  awk '{ printf "%s %d\n", $1, $2 / 1024 }' "$work/scan.time"
}

echo "spark-split: $(grep -cv '^\s*\(#\|$\)' "$list") repositories from $list, master $master, $runs rounds" \
  "(load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
declare -a scan_w whole_w cut_w
for round in $(seq 1 "$runs"); do
  read -r sw sr < <(scan_way)
  read -r ww wr < <(spark_way whole '--split-above 1000000000000')
  read -r cw cr < <(spark_way cut '')
  scan_w+=("$sw"); whole_w+=("$ww"); cut_w+=("$cw")
  echo "round $round: scan --jobs 2 ${sw} s (${sr} MiB); Spark whole ${ww} s (${wr} MiB); Spark cut ${cw} s (${cr} MiB)"
  if [ "$round" = 1 ]; then
    for way in whole cut; do
      rm -f "$work/$way.duckdb"
      "$launcher" import --db "$work/$way.duckdb" "$work/$way"/out/repos/* >/dev/null 2>&1
      report "$work/$way.duckdb" >"$work/$way.json"
    done
    report "$work/scan.duckdb" >"$work/scan.json"
    if cmp -s "$work/whole.json" "$work/cut.json" && cmp -s "$work/scan.json" "$work/cut.json"; then
      echo "round 1: report --json identical for scan, Spark whole and Spark cut"
    else
      echo "spark-split: the three reports differ" >&2
      exit 1
    fi
  fi
done
echo "median: scan --jobs 2 $(median "${scan_w[@]}") s; Spark whole $(median "${whole_w[@]}") s;" \
  "Spark cut $(median "${cut_w[@]}") s (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
