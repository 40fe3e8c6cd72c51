#!/usr/bin/env bash
# The model stack (response cache, retries, rate limit, budget, openai provider) against a loopback
# OpenAI-compatible server answering after a fixed latency: REQUESTS distinct requests with at most
# CONCURRENCY in flight (wall time against the ideal REQUESTS*LATENCY/CONCURRENCY), then the same
# requests again from the DuckDB response cache.
# Usage: bench/models-fake-provider.sh [requests, default 1000] [concurrency, default 8] [latency ms, default 50] [no-cache]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-models/target/bench.classpath"
./mvnw -B -q -o -pl loopwatch-models -am compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="loopwatch-models/target/classes:loopwatch-core/target/classes:$(cat "$classpath_file")"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath" bench/java/ModelsFakeProvider.java "$@"
