#!/usr/bin/env bash
# `loopwatch judgment run` end to end (items file, redaction, model stack, judge in both orders,
# statistics, store) against a loopback OpenAI-compatible server answering every call after a fixed
# latency: ITEMS items (3 calls each: candidate, judge in two orders) with at most CONCURRENCY calls
# in flight, wall time against the ideal ITEMS*3*LATENCY/CONCURRENCY; then the same run again from
# the DuckDB response cache.
# Usage: bench/judgment-fake-provider.sh [items, default 1000] [concurrency, default 8] [latency ms, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-app/target/bench.classpath"
./mvnw -B -q -o -pl loopwatch-app -am compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" >/dev/null
classes=$(ls -d loopwatch-*/target/classes | tr '\n' ':')
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classes$(cat "$classpath_file")" \
  bench/java/JudgmentFakeProvider.java "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
