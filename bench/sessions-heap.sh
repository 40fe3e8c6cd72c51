#!/usr/bin/env bash
# sessions-heap.sh CORPUS_DIR [HEAP]
#
# Checks that `loopwatch sessions` and `loopwatch scan --sessions` process a large transcript corpus within a fixed
# heap (default 512m) and that the numbers do not depend on the heap, e.g. on the 1 GB corpus of the benchmarks:
#
#   bench/sessions-corpus.sh /tmp/corpus1g 1024 && bench/sessions-heap.sh /tmp/corpus1g
#
# Runs, each with LOOPWATCH_JAVA_OPTS="-Xmx$HEAP -XX:+UseSerialGC" under /usr/bin/time (wall seconds and max RSS):
#   1. loopwatch sessions --json CORPUS_DIR/projects
#   2. loopwatch scan --sessions CORPUS_DIR/projects --db <temp>/s.duckdb --json
# then, unless REFERENCE=0, `loopwatch sessions --json` once more with the JVM's default heap, and compares the two
# JSON outputs byte for byte (tokens per day, interventions, tasks, cost per day, every session row).
# Exit code 0 when both limited runs complete and the outputs are identical, 1 when the outputs differ, 3 when a run
# fails (an OutOfMemoryError among them) or /usr/bin/time is missing.
set -euo pipefail
corpus=${1:?usage: sessions-heap.sh CORPUS_DIR [HEAP]}
heap=${2:-512m}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "$corpus" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "sessions-heap.sh: needs /usr/bin/time (GNU time)" >&2; exit 3; }
"$root/loopwatch" --version >/dev/null   # builds the jar when needed, outside the timings

# run NAME OPTS ARGS...: runs loopwatch with OPTS as LOOPWATCH_JAVA_OPTS, stdout to $tmp/NAME.out, "wall rss" to NAME.time
run() {
  local name=$1 opts=$2
  shift 2
  if ! LOOPWATCH_JAVA_OPTS="$opts" /usr/bin/time -f '%e %M' -o "$tmp/$name.time" \
    "$root/loopwatch" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "sessions-heap.sh: $name failed (heap $heap):" >&2
    grep -v '^Command exited' "$tmp/$name.err" | tail -5 >&2
    exit 3
  fi
  read -r wall rss <"$tmp/$name.time"
  printf '%-10s wall %7.2f s, max RSS %5d MB, exit 0\n' "$name" "$wall" "$((rss / 1024))"
}

size=$(du -sm "$corpus/projects" | cut -f1)
echo "corpus: $corpus/projects, ${size} MB, $(find "$corpus/projects" -name '*.jsonl' | wc -l) files"
echo "machine: $(nproc) cores, $(uname -sr), $(awk '/MemTotal/ { printf "%d MB RAM", $2 / 1024 }' /proc/meminfo);" \
  "date: $(date -u +%Y-%m-%d); heap limit: $heap"
limited="-Xmx$heap -XX:+UseSerialGC"
run sessions "$limited" sessions --json "$corpus/projects"
run scan "$limited" scan --sessions "$corpus/projects" --db "$tmp/s.duckdb" --json
if command -v jq >/dev/null; then
  echo "scan stored: $(jq -c .sessions "$tmp/scan.out")"
  echo "tokens: $(jq -c .tokens "$tmp/sessions.out") over $(jq '.tokensPerDay | length' "$tmp/sessions.out") days"
fi
if [ "${REFERENCE:-1}" != 0 ]; then
  run reference "" sessions --json "$corpus/projects"
  if cmp -s "$tmp/sessions.out" "$tmp/reference.out"; then
    echo "sessions --json with -Xmx$heap is identical to the default-heap run"
  else
    echo "sessions --json with -Xmx$heap DIFFERS from the default-heap run" >&2
    diff <(tr ',' '\n' <"$tmp/sessions.out") <(tr ',' '\n' <"$tmp/reference.out") | head -20 >&2
    exit 1
  fi
fi
