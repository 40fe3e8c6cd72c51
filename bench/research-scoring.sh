#!/usr/bin/env bash
# Load test of the research scoring server's POST /dev/score over loopback: N concurrent agents
# (default 9) submit whole-test-split predictions (1,511 per submission for w2s-spam) back to back;
# prints latency percentiles after a warm-up, throughput, and the decision log's size. The target
# (issue #15) is p99 under 20 ms with 9 agents submitting concurrently. Needs no dataset: the server
# holds the real splits with synthetic labels (see ScoringLoad's javadoc).
# Usage: bench/research-scoring.sh [--clients 9] [--warmup 100] [--requests 400] [--interval-ms 0]
# (--interval-ms N: each agent waits a uniform 0..2N ms between submissions; 0 = back to back)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/loopwatch-research/target/scoring-load.classpath"
./mvnw -B -q -o -pl loopwatch-research -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test >/dev/null
classpath="loopwatch-research/target/test-classes:loopwatch-research/target/classes"
classpath="$classpath:loopwatch-core/target/classes:$(cat "$classpath_file")"
echo "machine: $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
exec "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  dev.loopwatch.research.scoring.ScoringLoad "$@"
