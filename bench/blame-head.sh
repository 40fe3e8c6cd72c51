#!/usr/bin/env bash
# Times blaming every tracked text file at HEAD: (a) the peer, `git blame --incremental HEAD -- <file>` run one file
# after another, against (b) LiveCode.measure over the same files with parallelism = number of cores.
#
# usage: bench/blame-head.sh [--limit N] [--revision REV] [REPO]
#   REPO      a git repository (default /work/.mirror/git+git/repo, a bare clone of git.git)
#   --limit N blame a deterministic subset of about N files (every k-th text file in ls-tree order)
# Prints both wall times and the ratio (a)/(b). Run from anywhere; builds loopwatch-git offline first with the JDK
# in JAVA_HOME (21 or newer), e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/blame-head.sh --limit 400
set -euo pipefail

limit=0
revision=HEAD
repo=/work/.mirror/git+git/repo
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    --revision) revision="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) repo="$1"; shift ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./mvnw -q -o -pl loopwatch-git -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# Module output first, so the current loopwatch-core wins over any installed snapshot jar.
classpath="loopwatch-git/target/classes:loopwatch-git/target/test-classes:loopwatch-core/target/classes:$(cat "$work/classpath.txt")"
bench() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$classpath" dev.loopwatch.git.blame.LiveCodeBench "$@"; }

cores="$(nproc)"
echo "repo=$repo revision=$revision ($(git -C "$repo" rev-parse --short "$revision")) cores=$cores limit=$limit"
echo "git: $(git --version)  java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
bench list "$repo" "$revision" "$limit" "$work/files"
count="$(tr -cd '\0' <"$work/files" | wc -c)"

now_ms() { date +%s%3N; }

start="$(now_ms)"
while IFS= read -r -d '' file; do
  git -C "$repo" -c core.quotepath=off blame --incremental "$revision" -- "$file" >/dev/null
done <"$work/files"
peer_ms=$(( $(now_ms) - start ))
echo "peer (git blame --incremental, one file after another, $count files): ${peer_ms} ms"

start="$(now_ms)"
bench measure "$repo" "$revision" "$work/files" "$cores"
ours_ms=$(( $(now_ms) - start ))
echo "loopwatch (LiveCode.measure, parallelism $cores, incl. JVM start): ${ours_ms} ms"

awk -v a="$peer_ms" -v b="$ours_ms" 'BEGIN { printf "ratio peer/loopwatch: %.2fx\n", a / b }'
