#!/usr/bin/env bash
# rescan-incremental.sh [REPO] [NEW_COMMITS]
#
# Times an incremental `loopwatch scan` after NEW_COMMITS (default 100) commits land on the default branch.
# Procedure:
#   1. `git clone --bare` REPO (default /work/.mirror/git+git/repo) into a temp dir (a local clone: hardlinks, fast).
#   2. Full scan of the clone into a fresh store (timed, printed); the store files are then copied aside as the base.
#   3. NEW_COMMITS commits are appended to the default branch with git plumbing (hash-object, update-index, write-tree,
#      commit-tree) under a fixed identity and fixed dates, each adding a new 10-60 line file under bench-incremental/,
#      so the appended history is identical on every run.
#   4. Three times: restore the base store (so every run does the same incremental work), time the rescan.
#   5. One more rescan on the now up-to-date store (nothing new to read), timed.
# Prints every run and the median of step 4. The store is whatever files `--db` creates next to the given path
# (DuckDB: scan.duckdb and possibly scan.duckdb.wal); all of them are saved and restored.
# Uses only bash, coreutils, git and ../loopwatch.
set -euo pipefail

repo=${1:-/work/.mirror/git+git/repo}
new_commits=${2:-100}
runs=3
bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
launcher="$bench_dir/../loopwatch"

case $new_commits in
  '' | *[!0-9]*) echo "rescan-incremental: NEW_COMMITS must be a whole number, got '$new_commits'" >&2; exit 2 ;;
esac
if ! git -C "$repo" rev-parse --verify -q HEAD >/dev/null; then
  echo "rescan-incremental: $repo is not a git repository with a HEAD commit" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clone="$work/repo.git"
db="$work/store/scan.duckdb"
mkdir -p "$work/store" "$work/base"

now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then printf '%s\n' "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs one scan of the clone into $db and prints its wall time; fails loudly with the scan's stderr.
scan() {
  local start end
  start=$(now)
  if ! "$launcher" scan "$clone" --db "$db" >"$work/scan.out" 2>"$work/scan.err"; then
    echo "rescan-incremental: loopwatch scan failed; its last output lines:" >&2
    tail -n 20 "$work/scan.err" >&2
    exit 1
  fi
  end=$(now)
  elapsed "$start" "$end"
}

git clone -q --bare "$repo" "$clone"
branch=$(git -C "$clone" symbolic-ref -q --short HEAD)
echo "rescan-incremental: $repo ($branch, $(git -C "$clone" rev-list --count HEAD) commits) + $new_commits new commits;" \
  "$(uname -srm); $(git --version); LOOPWATCH_JAVA_OPTS=${LOOPWATCH_JAVA_OPTS:-}; $(date -u +%Y-%m-%dT%H:%M:%SZ)"

"$launcher" --help >/dev/null # builds the jar if needed, outside the timings

echo "full scan: $(scan) s"
if [ ! -e "$db" ]; then
  echo "rescan-incremental: the scan wrote no store at $db" >&2
  exit 1
fi
cp -p "$work/store"/scan.duckdb* "$work/base/"

# Append the new commits (deterministic: fixed identity and dates, content derived from the index).
export GIT_AUTHOR_NAME="Bench Bot" GIT_AUTHOR_EMAIL="bench@example.com"
export GIT_COMMITTER_NAME="Bench Bot" GIT_COMMITTER_EMAIL="bench@example.com"
export GIT_INDEX_FILE="$work/index"
git -C "$clone" read-tree HEAD
parent=$(git -C "$clone" rev-parse HEAD)
for i in $(seq 1 "$new_commits"); do
  lines=$((10 + (i * 7919) % 51))
  blob=$(seq 1 "$lines" | awk -v i="$i" '{ printf "value_%d_%d = compute(%d)\n", i, $1, $1 * i }' |
    git -C "$clone" hash-object -w --stdin)
  git -C "$clone" update-index --add --cacheinfo "100644,$blob,bench-incremental/file_$i.py"
  tree=$(git -C "$clone" write-tree)
  date="$((1767225600 + i * 600)) +0000"
  parent=$(GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date \
    git -C "$clone" commit-tree "$tree" -p "$parent" -m "Add incremental file $i")
done
git -C "$clone" update-ref "refs/heads/$branch" "$parent"
unset GIT_INDEX_FILE

times=()
for run in $(seq 1 "$runs"); do
  rm -f "$work/store"/scan.duckdb*
  cp -p "$work/base"/scan.duckdb* "$work/store/"
  times+=("$(scan)")
  echo "run $run: rescan after $new_commits new commits ${times[run - 1]} s"
done
echo "no-op rescan (store up to date): $(scan) s"
echo "median incremental rescan: $(median "${times[@]}") s"
