#!/usr/bin/env bash
# Times SZZ on git.git fixes: (a) `loopwatch szz REPO --fix ... --json` with the default filters (-w, comments,
# -M -C meta-changes, 20-file limit, ignore-revs), parallel across cores, against (b) the peer: for each fix, one after
# another, `git diff -U0 -w -M fix^ fix` and then, per file with deleted/modified lines, the equivalent
# `git blame --porcelain -w -M -C -L a,b ... fix^ -- path`.
#
# usage: bench/szz-gitgit.sh [--limit N] [REPO]
#   REPO      a git repository (default /work/.mirror/git+git/repo, a bare clone of git.git)
#   --limit N the N newest non-merge commits whose messages cite an earlier commit as "<hex id> (" (default 1000)
# Prints both wall times and the ratio (a)/(b). Uses bash, coreutils, awk, git and ../loopwatch.
set -euo pipefail

limit=1000
repo=/work/.mirror/git+git/repo
while [[ $# -gt 0 ]]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) repo="$1"; shift ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git -C "$repo" log --no-merges --max-count="$limit" -E --grep='[0-9a-f]{7,40} \(' --format=%H HEAD > "$work/fixes.txt"
echo "fixes: $(wc -l < "$work/fixes.txt") (newest non-merge commits citing an earlier commit)"

"$root/loopwatch" --help > /dev/null  # build the jar outside the timing

start=$(date +%s.%N)
# shellcheck disable=SC2046
"$root/loopwatch" szz "$repo" --json --fix $(cat "$work/fixes.txt") > "$work/loopwatch.json"
end=$(date +%s.%N)
ours=$(echo "$end - $start" | bc)

start=$(date +%s.%N)
while read -r fix; do
  git -C "$repo" rev-parse -q --verify "$fix^" > /dev/null || continue
  git -C "$repo" -c core.quotepath=off diff -U0 --no-color -w -M --src-prefix=a/ --dst-prefix=b/ "$fix^" "$fix" -- \
    | awk -v fix="$fix" '
        function flush() { if (path != "" && ranges != "") print fix "\t" path "\t" ranges; ranges = "" }
        /^diff --git / { flush(); path = ""; left = 0; next }
        left > 0 && /^-/ { left--; next }
        /^--- / { flush(); path = (substr($0, 5, 2) == "a/") ? substr($0, 7) : ""; next }
        /^@@ / { split($2, old, ","); start = substr(old[1], 2); n = (length(old) > 1) ? old[2] : 1;
                 left = n; if (n > 0 && path != "") ranges = ranges " -L " start "," (start + n - 1); next }
        END { flush() }' \
    | while IFS=$'\t' read -r f path ranges; do
        # shellcheck disable=SC2086
        git -C "$repo" blame --porcelain -w -M -C $ranges "$f^" -- "$path" > /dev/null || true
      done
done < "$work/fixes.txt"
end=$(date +%s.%N)
peer=$(echo "$end - $start" | bc)

echo "loopwatch szz (parallel):     ${ours}s"
echo "git diff + blame, sequential: ${peer}s"
echo "ratio loopwatch/peer:         $(echo "scale=2; $ours / $peer" | bc)"
