#!/usr/bin/env bash
# sessions-vs-ccusage.sh CORPUS_DIR
#
# Checks that `loopwatch sessions` counts the same tokens per day as ccusage (the tool people use on Claude Code
# transcripts today) and times both on the same corpus, e.g. one made by bench/sessions-corpus.sh:
#
#   bench/sessions-corpus.sh /tmp/corpus 200 && bench/sessions-vs-ccusage.sh /tmp/corpus
#
# Installs ccusage@18 into a temporary folder with `npm install --prefix` (needs node, npm and the npm registry), runs
# `ccusage daily --json --offline --timezone UTC` with CLAUDE_CONFIG_DIR=CORPUS_DIR and
# `loopwatch sessions --agent claude --json CORPUS_DIR/projects` (tokens per UTC day), and compares input, output,
# cache-creation and cache-read tokens per day exactly. Each tool runs RUNS times (default 1), alternating; the summary
# gives the median wall seconds of each and the ratio ccusage/loopwatch. Exit code 0 when every day agrees, 1 when
# not, 3 when a tool cannot be installed or run.
set -euo pipefail
corpus=${1:?usage: sessions-vs-ccusage.sh CORPUS_DIR}
runs=${RUNS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "$corpus" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error ccusage@18 >"$tmp/npm.log" 2>&1; then
  echo "sessions-vs-ccusage.sh: cannot install ccusage@18:" >&2
  tail -5 "$tmp/npm.log" >&2
  exit 3
fi
ccusage="$tmp/node_modules/.bin/ccusage"
version=$("$ccusage" --version 2>/dev/null || echo unknown)
"$root/loopwatch" --version >/dev/null   # builds the jar when needed, outside the timings

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$tmp/ccusage.times"
: >"$tmp/loopwatch.times"
for ((i = 1; i <= runs; i++)); do
  t0=$(now)
  CLAUDE_CONFIG_DIR="$corpus" TZ=UTC "$ccusage" daily --json --offline --timezone UTC >"$tmp/ccusage.json" \
    2>"$tmp/ccusage.err" || { echo "sessions-vs-ccusage.sh: ccusage failed:" >&2; tail -5 "$tmp/ccusage.err" >&2; exit 3; }
  t1=$(now)
  "$root/loopwatch" sessions --agent claude --json "$corpus/projects" >"$tmp/loopwatch.json" 2>"$tmp/loopwatch.err" \
    || { echo "sessions-vs-ccusage.sh: loopwatch failed:" >&2; tail -5 "$tmp/loopwatch.err" >&2; exit 3; }
  t2=$(now)
  elapsed "$t0" "$t1" >>"$tmp/ccusage.times"; echo >>"$tmp/ccusage.times"
  elapsed "$t1" "$t2" >>"$tmp/loopwatch.times"; echo >>"$tmp/loopwatch.times"
done

node - "$tmp/ccusage.json" "$tmp/loopwatch.json" <<'JS'
const fs = require('fs');
const cc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lw = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const days = new Map();
for (const d of cc.daily) {
  days.set(d.date, { cc: [d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens] });
}
for (const [date, u] of Object.entries(lw.tokensPerDay)) {
  const entry = days.get(date) || {};
  entry.lw = [u.input, u.output, u.cacheCreation, u.cacheRead];
  days.set(date, entry);
}
let agree = 0, differ = 0;
for (const date of [...days.keys()].sort()) {
  const { cc: a, lw: b } = days.get(date);
  const same = a && b && a.every((v, i) => v === b[i]);
  if (same) agree++; else { differ++; console.log(`DIFF ${date} ccusage=${a} loopwatch=${b}`); }
}
const sum = (rows, i) => rows.reduce((s, r) => s + r[i], 0);
const ccRows = cc.daily.map(d => [d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens]);
console.log(`days: ${days.size}, agree: ${agree}, differ: ${differ}`);
console.log(`ccusage totals   input ${sum(ccRows, 0)} output ${sum(ccRows, 1)} cache-write ${sum(ccRows, 2)} cache-read ${sum(ccRows, 3)}`);
console.log(`loopwatch totals input ${lw.tokens.input} output ${lw.tokens.output} cache-write ${lw.tokens.cacheCreation} cache-read ${lw.tokens.cacheRead}`);
fs.writeFileSync(process.argv[2] + '.differ', String(differ));
JS
cc_median=$(median <"$tmp/ccusage.times")
lw_median=$(median <"$tmp/loopwatch.times")
size=$(du -sm "$corpus/projects" | cut -f1)
echo "corpus: $corpus/projects, ${size} MB, $(find "$corpus/projects" -name '*.jsonl' | wc -l) files"
echo "machine: $(nproc) cores, $(uname -sr); date: $(date -u +%Y-%m-%d); ccusage $version; runs: $runs"
echo "wall seconds (median): ccusage $cc_median, loopwatch $lw_median, ratio ccusage/loopwatch $(awk -v a="$cc_median" -v b="$lw_median" 'BEGIN { printf "%.2f", a / b }')"
[ "$(cat "$tmp/ccusage.json.differ")" = 0 ]
