#!/usr/bin/env bash
# Ed25519 verify cost: the JDK provider against the implementation the ledger uses (Bouncy Castle),
# same message and key, interleaved rounds; prints per-verify medians and their ratio.
# Usage: bench/ed25519-verify.sh [verifies per round, default 5000] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-ledger/target/bench.classpath"
./mvnw -B -q -o -pl loopwatch-ledger -am compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="loopwatch-ledger/target/classes:loopwatch-core/target/classes:$(cat "$classpath_file")"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
exec "$JAVA_HOME/bin/java" -cp "$classpath" bench/java/Ed25519Verify.java "$@"
