#!/usr/bin/env bash
# spark-org.sh REPOS_FILE [MASTER]
#
# Runs the optional loopwatch-spark job (docs/SCALE.md) on REPOS_FILE (one URL or local path a line, as for
# `scan --repos-file`) with Spark master MASTER (default local[2]), from fresh output and state folders, and prints
# the wall time, the peak RSS and Spark's start-up time. No Spark distribution is needed: the job runs with
# `java -cp` on the module's job jar plus Spark's jars from the local Maven repository (Spark 4.2.0 on JDK 25).
# Builds the module first when its jar is missing (./mvnw -Pspark -pl loopwatch-spark -am package -DskipTests).
#
# The last line is machine-readable for bench/org-scale.sh:
#   spark-org: repos=N failed=F wall_s=W peak_rss_mib=R spark_startup_s=S
# Extra job options go in SPARK_ARGS (split on spaces), e.g. SPARK_ARGS='--split-above 1000000000' to mine every
# repository whole. Peak RSS is GNU time's: the largest resident set of the JVM (driver and local executors share it) or of any one
# git process it started, not their sum. Set KEEP=DIR to keep the output (per-repository exports, state, status).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 REPOS_FILE [MASTER]" >&2
  exit 2
fi
repos=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$repos" ] || { echo "spark-org: $1 is not a file" >&2; exit 2; }
master=${2:-local[2]}
root=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$root/loopwatch-spark/target/loopwatch-spark.jar
classpath=$root/loopwatch-spark/target/spark-classpath.txt
if [ ! -f "$jar" ] || [ ! -f "$classpath" ]; then
  (cd "$root" && ./mvnw -q -B -Pspark -pl loopwatch-spark -am package -DskipTests) >&2
fi

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then
  trap 'rm -rf "$work"' EXIT
else
  mkdir -p "$KEEP"
  work=$KEEP
fi
set +e
/usr/bin/time -f '%e %M' -o "$work/time" "$JAVA_HOME/bin/java" -cp "$jar:$(cat "$classpath")" \
  dev.loopwatch.spark.SparkScan --master "$master" --repos "$repos" --out "$work/out" ${SPARK_ARGS:-} \
  >"$work/stdout" 2>"$work/stderr"
code=$?
set -e
grep -E '^(spark:|loopwatch-spark:)' "$work/stderr" >&2 || true
cat "$work/stdout"
read -r wall rss_kib <"$work/time"
startup=$(sed -n 's/^spark: session up in \([0-9.]*\) s.*/\1/p' "$work/stderr")
listed=$(grep -c '"key"' "$work/out/loopwatch-spark-status.json" || true)
failed=$(grep -c '"ok" : false' "$work/out/loopwatch-spark-status.json" || true)
echo "spark-org: repos=$listed failed=$failed wall_s=$wall peak_rss_mib=$((rss_kib / 1024)) spark_startup_s=${startup:-?}"
exit $code
