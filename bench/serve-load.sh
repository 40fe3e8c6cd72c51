#!/usr/bin/env bash
# serve-load.sh [--db FILE] [--sessions DIR] [REPO] [CLIENTS] [SECONDS]
#
# Load test of `loopwatch serve`: scans REPO into a fresh store, starts the server on a free loopback port, requests
# every page and API route once (the very first request computes the store's numbers and is timed on its own),
# reads the server's idle RSS, then runs CLIENTS concurrent clients (default 50) for SECONDS (default 60) that
# request every route in turn (bench/java/ServeLoad.java), and prints per route the requests, errors, p50, p95 and
# max latency, then the idle RSS again 10 s after the load.
#
# With --sessions DIR, also runs `loopwatch scan --sessions DIR` into the same store after the repository scan (timed
# on its own), so the session routes answer from a transcript corpus (bench/sessions-corpus.sh OUT 1024 writes a 1 GB
# one; pass OUT/projects). The load average (`uptime`) is printed before the scan and after the load.
#
# With --db FILE, the store is FILE and is kept: the scans run only when FILE does not exist yet, so repeated runs
# (before and after a change) serve the same store without scanning again.
#
# REPO defaults to /work/.mirror/git+git/repo (a bare clone of git.git). Uses bash, coreutils, curl, git, a JDK 21+
# (for the load generator, run as a source file) and ../loopwatch. Copy the summary into docs/BENCHMARKS.md.
set -euo pipefail

sessions=
db=
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) sessions=${2:?serve-load.sh: --sessions needs a folder}; shift 2 ;;
    --db) db=${2:?serve-load.sh: --db needs a file}; shift 2 ;;
    *) break ;;
  esac
done
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
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

echo "load average before: $(uptime | sed 's/.*load average: //')"
store=${db:-$work/lw.duckdb}
if [ -n "$db" ] && [ -f "$db" ]; then
  echo "serving the existing store $db (no scan)" >&2
else
  echo "scanning $repo" >&2
  start=$(now)
  "$launcher" scan "$repo" --db "$store" >/dev/null 2>"$work/scan.err"
  echo "scan: $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s" >&2
  if [ -n "$sessions" ]; then
    echo "scanning sessions in $sessions ($(du -sh "$sessions" | cut -f1))" >&2
    start=$(now)
    "$launcher" scan --sessions "$sessions" --db "$store" >/dev/null 2>"$work/sessions.err" \
      || { cat "$work/sessions.err" >&2; exit 3; }
    echo "sessions scan: $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s" >&2
  fi
fi

"$launcher" serve --db "$store" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
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
cpu_before=$(cpu_s "$pid")
"$java_bin" "$bench_dir/java/ServeLoad.java" "$url" "$clients" "$seconds" "${args[@]}"

echo "server CPU during the load: $(awk -v a="$cpu_before" -v b="$(cpu_s "$pid")" 'BEGIN { printf "%.1f", b - a }') s"
echo "load average after load: $(uptime | sed 's/.*load average: //')"
sleep 10
echo "idle RSS 10 s after load: $(rss_mib "$pid") MiB"
echo "server log lines with ERROR or Exception: $(grep -c -E 'ERROR|Exception' "$work/serve.err" || true)"
