#!/usr/bin/env bash
# judgment-heap.sh CORPUS_DIR [HEAP]
#
# Checks that `loopwatch judgment mine` turns a large transcript corpus into items within a fixed heap (default 512m),
# e.g. on the 1 GB corpus of the benchmarks:
#
#   bench/sessions-corpus.sh /tmp/corpus1g 1024 && bench/judgment-heap.sh /tmp/corpus1g
#
# Runs `loopwatch judgment mine CORPUS_DIR/projects --out <temp>/items.jsonl --json` with
# LOOPWATCH_JAVA_OPTS="-Xmx$HEAP -XX:+UseSerialGC" under /usr/bin/time and prints wall seconds, max RSS, the item
# count and the size of the items file. Exit 0 when the run completes, 3 when it fails (an OutOfMemoryError among
# them) or /usr/bin/time is missing.
set -euo pipefail
corpus=${1:?usage: judgment-heap.sh CORPUS_DIR [HEAP]}
heap=${2:-512m}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "$corpus" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "judgment-heap.sh: needs /usr/bin/time (GNU time)" >&2; exit 3; }
"$root/loopwatch" --version >/dev/null   # builds the jar when needed, outside the timing

size=$(du -sm "$corpus/projects" | cut -f1)
echo "corpus: $corpus/projects, ${size} MB, $(find "$corpus/projects" -name '*.jsonl' | wc -l) files"
echo "machine: $(nproc) cores, $(uname -sr), $(awk '/MemTotal/ { printf "%d MB RAM", $2 / 1024 }' /proc/meminfo);" \
  "date: $(date -u +%Y-%m-%d); heap limit: $heap"
if ! LOOPWATCH_JAVA_OPTS="-Xmx$heap -XX:+UseSerialGC" /usr/bin/time -f '%e %M' -o "$tmp/time" \
  "$root/loopwatch" judgment mine "$corpus/projects" --out "$tmp/items.jsonl" --json >"$tmp/out" 2>"$tmp/err"; then
  echo "judgment-heap.sh: judgment mine failed (heap $heap):" >&2
  grep -v '^Command exited' "$tmp/err" | tail -5 >&2
  exit 3
fi
read -r wall rss <"$tmp/time"
printf 'judgment mine: wall %7.2f s, max RSS %5d MB, exit 0\n' "$wall" "$((rss / 1024))"
echo "items file: $(du -m "$tmp/items.jsonl" | cut -f1) MB, $(wc -l <"$tmp/items.jsonl") lines"
if command -v jq >/dev/null; then
  jq -c '{items, sessionsRead, sessionsWithItems, itemsByTrigger, redactions, contextTrimmed}' "$tmp/out"
else
  cat "$tmp/out"
fi
