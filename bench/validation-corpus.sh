#!/usr/bin/env bash
# validation-corpus.sh: scans public agent-heavy repositories at pinned commits and prints, per evidence class, what
# Loopwatch found next to counts anyone can redo with plain git, so that a reviewer can audit each attribution rule on
# real data (docs/VALIDATION.md records a run).
#
# Usage: bench/validation-corpus.sh [WORK_DIR]
#   WORK_DIR (default /tmp/lw-validation) receives one clone and one store per repository.
#
# Each repository is cloned from $LOOPWATCH_MIRRORS/<owner>+<name>/repo when that folder exists (a bare copy), else
# from its public URL, and reset to the pinned commit with no remote (so origin/HEAD cannot move the scan). A copy that
# lacks some blobs (a partial or snapshot mirror) gets each missing blob replaced by a placeholder binary blob
# (refs/replace), so those files count as binary and are left out; the number replaced is printed.
#
# Git-side counts are of merged changes: first-parent commits of the pinned commit, a merge owning the commits it
# brought in (as Loopwatch counts them). They count changes whose messages or names carry a marker; Loopwatch's rows
# count changes whose marked commits added counted lines, so a Loopwatch count can be lower (a marked change that adds
# only excluded or no lines) but never higher for the same rule.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/lw-validation}
mirrors=${LOOPWATCH_MIRRORS:-/work/.mirror}
mkdir -p "$work"

# name owner+repo url commit
corpus=(
  "gemini-cli google-gemini+gemini-cli https://github.com/google-gemini/gemini-cli.git 5411f113cafae26161b4969b0237b8e1e024e2c2"
  "aider Aider-AI+aider https://github.com/Aider-AI/aider.git 5dc9490bb35f9729ef2c95d00a19ccd30c26339c"
  "claude-code anthropics+claude-code https://github.com/anthropics/claude-code.git 5cfc0a1905ce0c0a9bd81d8a90fe6b62ff614357"
)

prepare() {
  local name=$1 mirror=$2 url=$3 commit=$4 dir=$work/$1
  if [ ! -d "$dir/.git" ]; then
    local source=$url
    [ -d "$mirrors/$mirror/repo" ] && source=$mirrors/$mirror/repo
    git clone -q --no-checkout "$source" "$dir"
  fi
  git -C "$dir" checkout -q -B main "$commit" 2>/dev/null || git -C "$dir" update-ref refs/heads/main "$commit"
  git -C "$dir" symbolic-ref HEAD refs/heads/main
  git -C "$dir" remote remove origin 2>/dev/null || true
  local placeholder missing=0
  placeholder=$(printf 'placeholder\0for a blob missing from this copy\n' | git -C "$dir" hash-object -w --stdin)
  while read -r blob; do
    git -C "$dir" replace -f "$blob" "$placeholder"
    missing=$((missing + 1))
  done < <(git -C "$dir" rev-list --objects --missing=print "$commit" | sed -n 's/^?//p')
  echo "$missing"
}

# Prints "rule<TAB>changes" lines for the markers each attribution rule reads.
git_counts() {
  local dir=$1 commit=$2 tmp
  tmp=$(mktemp -d)
  git -C "$dir" rev-list --first-parent --parents "$commit" >"$tmp/chain"
  awk '{print $1, $1}' "$tmp/chain" >"$tmp/owner"
  awk 'NF > 2 {print $1}' "$tmp/chain" | while read -r merge; do
    git -C "$dir" rev-list "$merge^1..$merge" | awk -v m="$merge" '$1 != m {print $1, m}'
  done >>"$tmp/owner"
  git -C "$dir" log --format='%H%x1f%an%x1f%cn%x1f%B%x1e' "$commit" >"$tmp/log"
  awk -v ownerfile="$tmp/owner" '
    BEGIN { while ((getline line < ownerfile) > 0) { split(line, f, " "); owner[f[1]] = f[2] }
            RS = "\x1e"; FS = "\x1f" }
    {
      sub(/^\n/, "", $1); if (!($1 in owner)) next; c = owner[$1]; body = tolower($4)
      if (body ~ /co-authored-by: *claude/ || body ~ /generated with \[claude code\]/) claude[c] = 1
      if (body ~ /co-authored-by: *gemini-code-assist/) gca[c] = 1
      if (body ~ /co-authored-by: *copilot-pull-request-reviewer/) cprr[c] = 1
      if (body ~ /co-authored-by: *(coderabbitai|sourcery-ai)/) otherbots[c] = 1
      if (body ~ /co-authored-by: *aider \(/) aiderco[c] = 1
      if ($2 ~ /\(aider\)$/) aiderauthor[c] = 1
      if ($3 ~ /\(aider\)$/ && $2 !~ /\(aider\)$/) aidercommitter[c] = 1
    }
    END {
      n = 0; for (k in owner) if (owner[k] == k) n++
      only = 0; for (k in aidercommitter) if (!(k in aiderauthor) && !(k in aiderco)) only++
      printf "first-parent changes\t%d\n", n
      printf "Claude Code trailer or footer (medium, counted)\t%d\n", length(claude)
      printf "aider author suffix (medium, counted)\t%d\n", length(aiderauthor)
      printf "aider co-author trailer (medium, counted)\t%d\n", length(aiderco)
      printf "aider committer suffix only (weak, not counted)\t%d\n", only
      printf "gemini-code-assist co-author (review-suggestion, not counted)\t%d\n", length(gca)
      printf "copilot-pull-request-reviewer co-author (review-suggestion, not counted)\t%d\n", length(cprr)
      printf "coderabbitai or sourcery-ai co-author (review-suggestion, not counted)\t%d\n", length(otherbots)
    }' "$tmp/log"
  rm -rf "$tmp"
}

for entry in "${corpus[@]}"; do
  read -r name mirror url commit <<<"$entry"
  echo "== $name @ ${commit:0:12}"
  replaced=$(prepare "$name" "$mirror" "$url" "$commit")
  [ "$replaced" -gt 0 ] && echo "   ($replaced missing blobs replaced by a binary placeholder)"
  db=$work/$name.duckdb
  rm -f "$db" "$db.wal"
  start=$(date +%s)
  "$root/loopwatch" scan "$work/$name" --db "$db" >/dev/null 2>"$work/$name.scan.err" \
    || { echo "   scan failed:"; cat "$work/$name.scan.err"; continue; }
  echo "   scan took $(($(date +%s) - start)) s"
  "$root/loopwatch" report --db "$db" --format json --out "$work/$name.json" 2>/dev/null
  jq -r '.headline | "   AI share \(.aiShare * 1000 | round / 10)% all changes, \(.aiShareTrimmed * 1000 | round / 10)% trimmed; the cut dropped \(.droppedChanges) changes = \(.droppedLineShare * 1000 | round / 10)% of lines"' \
    "$work/$name.json"
  echo "   plain git (changes carrying the marker):"
  git_counts "$work/$name" "$commit" | awk -F'\t' '{printf "     %-75s %7d\n", $1, $2}'
  echo "   loopwatch by evidence source (all changes: changes, lines, counted in share):"
  jq -r '.bySource[] | [.evidenceClass, .agent, .source, .changes, .lines, .countedInShare] | @tsv' "$work/$name.json" \
    | awk -F'\t' '{printf "     %-18s %-12s %-58s %6d %9d  %s\n", $1, $2, substr($3, 1, 58), $4, $5, ($6 == "true" ? "yes" : "no")}'
  jq -r '.coverageBreaks[]? | "   coverage: \(.agent) evidence \(.direction | ascii_downcase) after \(.date)"' "$work/$name.json"
done
