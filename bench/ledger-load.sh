#!/usr/bin/env bash
# Load test of the ledger server's POST /add over loopback: N concurrent clients post signed
# attestations to a fresh log in a temporary folder until --count entries or --seconds pass,
# whichever comes first; prints durable entries/s, add latency percentiles, and the bytes on disk per
# byte of entries (storage overhead) once the server has stopped.
# Usage: bench/ledger-load.sh [--clients 64] [--count 60000] [--seconds 30] [--distinct 6000]
#                             [--partial-grace SECONDS (default 60)] [--dir PARENT (default $TMPDIR or /tmp)]
# Single adds (one entry per checkpoint): --clients 1 --count 512.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-app/target/ledger-load.classpath"
./mvnw -B -q -o -pl loopwatch-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test >/dev/null
classpath="loopwatch-app/target/test-classes:loopwatch-app/target/classes"
classpath="$classpath:loopwatch-ledger/target/classes:loopwatch-core/target/classes"
classpath="$classpath:$(cat "$classpath_file")"
parent="${TMPDIR:-/tmp}"
for ((i = 1; i < $#; i++)); do
  if [[ "${!i}" == --dir ]]; then j=$((i + 1)); parent="${!j}"; fi
done
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
echo "log folder in $parent: filesystem $(df -PT "$parent" | awk 'NR==2 {print $2 " on " $1}') (stat -f: $(stat -f -c %T "$parent"))" >&2
exec "$JAVA_HOME/bin/java" -Djava.io.tmpdir="$parent" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  dev.loopwatch.app.ledger.LedgerLoad "$@"
