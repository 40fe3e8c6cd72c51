#!/usr/bin/env bash
# serve-load.sh [REPO] [CLIENTS] [SECONDS]
#
# Load test of `loopwatch serve`: scans REPO into a fresh store, starts the server on a free loopback port, requests
# every page and API route once (the very first request computes the store's numbers and is timed on its own),
# reads the server's idle RSS, then runs CLIENTS concurrent clients (default 50) for SECONDS (default 60) that
# request every route in turn (bench/java/ServeLoad.java), and prints per route the requests, errors, p50, p95 and
# max latency, then the idle RSS again 10 s after the load.
#
# REPO defaults to /work/.mirror/git+git/repo (a bare clone of git.git). Uses bash, coreutils, curl, git, a JDK 21+
# (for the load generator, run as a source file) and ../loopwatch. Copy the summary into docs/BENCHMARKS.md.
set -euo pipefail

repo=${1:-/work/.mirror/git+git/repo}
clients=${2:-50}
seconds=${3:-60}
bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
launcher="$bench_dir/../loopwatch"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

echo "scanning $repo" >&2
start=$(now)
"$launcher" scan "$repo" --db "$work/lw.duckdb" >/dev/null 2>"$work/scan.err"
echo "scan: $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s" >&2

"$launcher" serve --db "$work/lw.duckdb" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 300); do
  grep -q '^serving ' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^serving .* at //p' "$work/serve.out")
[ -n "$url" ] || { echo "serve-load: the server did not start:" >&2; cat "$work/serve.err" >&2; exit 3; }
# The launcher execs java, so $server is the JVM.
pid=$server
echo "server at $url (pid $pid)" >&2

# The first request computes the store's numbers (report, sessions, retro, speedup, ladder) for every later one.
curl -s -o /dev/null -w "first request (computes the numbers): /api/v1/metrics/months %{http_code} %{time_total}s\n" "${url}api/v1/metrics/months"
month=$(curl -sf "${url}api/v1/metrics/months" | grep -o '"start":"[0-9-]*"' | tail -n 1 | cut -d'"' -f4 | cut -c1-7)
sha=$(curl -sf "${url}api/v1/changes?per-page=1" | grep -o '"sha":"[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
sessions_status=$(curl -s -o /dev/null -w '%{http_code}' "${url}api/v1/sessions")

routes=(/ /code /sessions /retro /ladder /changes "/months/$month" "/changes/$sha" /report
  api/v1/repositories api/v1/metrics/months api/v1/report api/v1/ladder "api/v1/changes?month=$month"
  "api/v1/changes/$sha" "api/v1/sessions@$sessions_status" api/v1/scans api/v1/openapi.json metrics)

echo "cold (first request of each route after the numbers are computed):"
for route in "${routes[@]}"; do
  path=${route%%@*}
  path=${path#/}
  curl -s -o /dev/null -w "  /$path %{http_code} %{time_total}s\n" "$url$path"
done
sleep 5
echo "idle RSS before load: $(rss_mib "$pid") MiB"

args=()
for route in "${routes[@]}"; do args+=("${route#/}"); done
"$java_bin" "$bench_dir/java/ServeLoad.java" "$url" "$clients" "$seconds" "${args[@]}"

sleep 10
echo "idle RSS 10 s after load: $(rss_mib "$pid") MiB"
echo "server log lines with ERROR or Exception: $(grep -c -E 'ERROR|Exception' "$work/serve.err" || true)"
