#!/usr/bin/env bash
# Times an auditor catching up on a large log: builds a log of COUNT signed heartbeats from 1-3 declarants with the
# library directly (no HTTP), then runs `loopwatch ledger audit --log DIR --full` REPEAT times (fresh state each time)
# and prints each wall time and the median; then the same with --no-entry-signatures.
# Usage: bench/ledger-audit.sh [--count 1000000] [--declarants 3] [--repeat 3] [--skip-full]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
count=1000000; declarants=3; repeat=3; skip_full=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --declarants) declarants="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --skip-full) skip_full=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
classpath_file="$PWD/loopwatch-app/target/ledger-audit.classpath"
./mvnw -B -q -o -pl loopwatch-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test >/dev/null
classpath="loopwatch-app/target/test-classes:loopwatch-app/target/classes"
classpath="$classpath:loopwatch-ledger/target/classes:loopwatch-core/target/classes:$(cat "$classpath_file")"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
start=$(date +%s.%N)
"$JAVA_HOME/bin/java" -cp "$classpath" dev.loopwatch.app.ledger.AuditBenchLog "$work/log" "$count" "$declarants" \
  2>"$work/generate.log"
echo "generated $count entries in $(echo "$(date +%s.%N) - $start" | bc) s ($(du -sh "$work/log" | cut -f1))" >&2
{
  echo "log_key = \"$(cat "$work/log.vkey")\""
  while read -r key; do printf '[[declarant]]\nkey = "%s"\nheartbeat_interval = "PT1H"\n' "$key"; done \
    <"$work/log.declarants"
} >"$work/policy.toml"
# Heartbeats are one minute apart per declarant, so the last is count/declarants minutes after 2025-01-01.
now="$(date -u -d "2025-01-01T00:00:00Z + $((count / declarants)) minutes" +%Y-%m-%dT%H:%M:%SZ)"
launcher=./loopwatch
"$launcher" --version >/dev/null
run() {
  local label="$1"; shift
  local times=()
  for i in $(seq "$repeat"); do
    rm -rf "$work/state"
    local t0 t1
    t0=$(date +%s.%N)
    "$launcher" ledger audit --log "$work/log" --policy "$work/policy.toml" --state "$work/state" --now "$now" \
      --full "$@" >"$work/out.txt"
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
    echo "$label run $i: ${times[-1]} s ($(tail -1 "$work/out.txt"))" >&2
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" \
    '{a[NR]=$1} END {printf "%s: median %.1f s of %d runs\n", label, a[int((NR+1)/2)], NR}'
}
[ "$skip_full" = 1 ] || run "audit --full"
run "audit --full --no-entry-signatures" --no-entry-signatures
