#!/usr/bin/env bash
# Times an auditor catching up on a large log: builds a log of COUNT signed heartbeats from 1-3 declarants with the
# library directly (no HTTP), then runs `loopwatch ledger audit --log DIR --full` REPEAT times (fresh state each time)
# and prints each wall time, max RSS and load average, and the median; then the same with --no-entry-signatures; then
# REPEAT incremental audits (no --full) against the state of a first audit, with nothing new in the log. Each run also
# prints its CPU time (user + system), which depends much less than wall time on what else the machine is running.
# --skip-unsigned skips the --no-entry-signatures runs.
# --log DIR keeps the generated log in DIR (with DIR.vkey and DIR.declarants) and reuses it if it is already there.
# Usage: bench/ledger-audit.sh [--count 1000000] [--declarants 3] [--repeat 3] [--skip-full] [--skip-unsigned]
#        [--log DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
count=1000000; declarants=3; repeat=3; skip_full=0; skip_unsigned=0; log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --declarants) declarants="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --skip-full) skip_full=1; shift ;;
    --skip-unsigned) skip_unsigned=1; shift ;;
    --log) log="$2"; shift 2 ;;
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
[ -n "$log" ] || log="$work/log"
if [ -f "$log.declarants" ]; then
  echo "reusing the log in $log" >&2
else
  start=$(date +%s.%N)
  "$JAVA_HOME/bin/java" -cp "$classpath" dev.loopwatch.app.ledger.AuditBenchLog "$log" "$count" "$declarants" \
    2>"$work/generate.log"
  echo "generated $count entries in $(echo "$(date +%s.%N) - $start" | bc) s ($(du -sh "$log" | cut -f1))," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
fi
{
  echo "log_key = \"$(cat "$log.vkey")\""
  while read -r key; do printf '[[declarant]]\nkey = "%s"\nheartbeat_interval = "PT1H"\n' "$key"; done \
    <"$log.declarants"
} >"$work/policy.toml"
# Heartbeats are one minute apart per declarant, so the last is count/declarants minutes after 2025-01-01.
now="$(date -u -d "2025-01-01T00:00:00Z + $((count / declarants)) minutes" +%Y-%m-%dT%H:%M:%SZ)"
launcher=./loopwatch
"$launcher" --version >/dev/null
# Runs one audit with the given extra options; prints wall time, max RSS and the load average before it.
audit_once() {
  local label="$1"; shift
  local load t0 t1
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/rss.txt" "$launcher" ledger audit --log "$log" --policy "$work/policy.toml" \
    --state "$work/state" --now "$now" "$@" >"$work/out.txt"
  t1=$(date +%s.%N)
  times+=("$(echo "$t1 - $t0" | bc)")
  local user system rss
  read -r user system rss <"$work/rss.txt"
  echo "$label: ${times[-1]} s, CPU $(echo "$user + $system" | bc) s, max RSS $((rss / 1024)) MB," \
    "load average $load ($(tail -1 "$work/out.txt"))" >&2
}
median() {
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$1" \
    '{a[NR]=$1} END {printf "%s: median %.1f s of %d runs\n", label, a[int((NR+1)/2)], NR}'
}
run() {
  local label="$1"; shift
  times=()
  for i in $(seq "$repeat"); do
    rm -rf "$work/state"
    audit_once "$label run $i" --full "$@"
  done
  median "$label"
}
[ "$skip_full" = 1 ] || run "audit --full"
[ "$skip_unsigned" = 1 ] || run "audit --full --no-entry-signatures" --no-entry-signatures
rm -rf "$work/state"
times=()
audit_once "first audit for the incremental runs" --no-entry-signatures
times=()
for i in $(seq "$repeat"); do audit_once "audit, incremental with nothing new, run $i"; done
median "audit, incremental with nothing new"
