#!/usr/bin/env bash
# org-projection.sh COSTS_TSV [TOTAL] [EXECUTORS...]
#
# Projects the wall time of mining TOTAL repositories (default 10000) on clusters of N executors (default 1 2 8 32 128
# 512 2048), each mining one repository at a time, from a measured per-repository cost distribution: COSTS_TSV as
# bench/org-scale.sh writes it (name TAB first-parent changes TAB seconds, one repository a line).
#
# The organisation is the measured one repeated: TOTAL / M copies of its M costs (rounded up, then cut to TOTAL
# largest-first, so each copy keeps its giant); with ONE_GIANT=1, the largest measured repository once and the others
# repeated to fill TOTAL (one monorepo in an organisation of small ones). Repositories are dealt largest first to the executor that is free
# first (LPT list scheduling, what `scan --jobs N` and the Spark job's largest-first packing do). For each N it prints
#   W/N        the perfect share of the total work W (sum of all costs),
#   c_max      the largest single cost (no schedule finishes before it),
#   LPT        the makespan of the largest-first schedule,
#   bound      W/N + c_max (list scheduling never exceeds it),
#   efficiency W / (N * LPT).
# Start-up (JVM, Spark session, clones) is not in the costs; add it per executor.
#
# With CUT=1, the Spark job's cutting is modelled as well (docs/SCALE.md): for each N, a repository costing more than
# W/N (the job's automatic threshold) is cut into k = min(64, ceil(c / (W/N))) ranges costing c * RANGE_OVERHEAD in
# all (the ranges' summed cost over the whole mine, measured by bench/CutCost.java), the largest RANGE_SKEW times an
# even share and the others sharing the rest evenly (ranges of equal change counts are not of equal cost: newer
# changes are larger; CutCost.java gives the largest range), dealt like any repository, and its
# join, c * JOIN_FRACTION, runs after its last range: the makespan printed is the LPT schedule of all tasks plus the
# largest join (an upper estimate: a join only waits for its own ranges). Uses bash and awk only.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 COSTS_TSV [TOTAL] [EXECUTORS...]" >&2
  exit 2
fi
costs=$1
total=${2:-10000}
shift $(($# >= 2 ? 2 : 1))
executors=${*:-1 2 8 32 128 512 2048}

awk -F'\t' '{ print $3 }' "$costs" | sort -gr | awk -v total="$total" -v executors="$executors" \
  -v one_giant="${ONE_GIANT:-0}" -v cut="${CUT:-0}" -v overhead="${RANGE_OVERHEAD:-1.1}" \
  -v join_fraction="${JOIN_FRACTION:-0.08}" -v skew="${RANGE_SKEW:-1.0}" '
  { c[NR] = $1 }
  END {
    m = NR
    if (m == 0) { print "org-projection: no costs" > "/dev/stderr"; exit 2 }
    if (one_giant && m > 1) {
      # The largest once, the others repeated: the k-th largest of the rest is the ceil(k / copies)-th of c[2..m].
      copies = int((total - 1 + m - 2) / (m - 1))
      x[1] = c[1]; w = c[1]
      for (k = 2; k <= total; k++) { x[k] = c[int((k - 2) / copies) + 2]; w += x[k] }
      how = sprintf("the largest once, %d copies of the other %d", copies, m - 1)
    } else {
      copies = int((total + m - 1) / m)
      # Largest first: the k-th largest of the repeated organisation is the ceil(k / copies)-th largest measured.
      for (k = 1; k <= total; k++) { x[k] = c[int((k - 1) / copies) + 1]; w += x[k] }
      how = sprintf("%d copies of %d measured", copies, m)
    }
    printf "%d repositories (%s), total work W = %.0f s, c_max = %.1f s%s\n", total, how, w, x[1],
      cut ? sprintf("; giants cut (range overhead %.2f, skew %.2f, join %.2f of the whole)", overhead, skew, join_fraction) : ""
    printf "%8s %10s %8s %10s %10s %10s\n", "N", "W/N (s)", "c_max", "LPT (s)", "bound", "efficiency"
    n = split(executors, ns, " ")
    for (j = 1; j <= n; j++) {
      e = ns[j] + 0
      for (i = 1; i <= e; i++) load[i] = 0
      # The tasks, largest first: the repositories, with giants replaced by their ranges when cutting.
      t = 0; joins = 0; largest = x[1]
      for (k = 1; k <= total; k++) {
        if (cut && x[k] > w / e) {
          parts = int((x[k] + w / e - 1e-9) / (w / e)) + 1; if (parts > 64) parts = 64
          big = x[k] * overhead * skew / parts; if (big > x[k] * overhead) big = x[k] * overhead
          task[++t] = big
          for (p = 2; p <= parts; p++) task[++t] = (x[k] * overhead - big) / (parts - 1)
          if (x[k] * join_fraction > joins) joins = x[k] * join_fraction
        } else task[++t] = x[k]
      }
      # Sorting the tasks again keeps the rule largest first (insertion of ranges can break the order).
      for (a = 2; a <= t; a++) { v = task[a]; b = a - 1; while (b >= 1 && task[b] < v) { task[b + 1] = task[b]; b-- } task[b + 1] = v }
      # The executor free first gets the next (smaller) task; a linear scan is fast enough here.
      for (k = 1; k <= t; k++) {
        best = 1
        for (i = 2; i <= e; i++) if (load[i] < load[best]) best = i
        load[best] += task[k]
      }
      span = 0
      for (i = 1; i <= e; i++) if (load[i] > span) span = load[i]
      span += joins
      if (task[1] < largest) largest = task[1]
      printf "%8d %10.1f %8.1f %10.1f %10.1f %9.0f%%\n", e, w / e, largest, span, w / e + largest + joins, 100 * w / (e * span)
    }
  }'
