#!/usr/bin/env bash
# Inclusion-proof generation (from the tiles of a log folder) and offline verification (parse, checkpoint
# signature, inclusion path) timed per proof for random entries of an existing log, e.g. the one
# bench/ledger-audit.sh --log DIR keeps. Prints median and p99 microseconds of each.
# Usage: bench/ledger-proofs.sh LOG_DIR LOG_VKEY_FILE [proofs, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-ledger/target/bench.classpath"
./mvnw -B -q -o -pl loopwatch-ledger -am compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="loopwatch-ledger/target/classes:loopwatch-core/target/classes:$(cat "$classpath_file")"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$JAVA_HOME/bin/java" -cp "$classpath" bench/java/ProofTiming.java "$@"
