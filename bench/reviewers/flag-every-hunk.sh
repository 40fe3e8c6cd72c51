#!/usr/bin/env bash
# A calibration reviewer for `loopwatch retro`: one finding on every hunk of added lines.
# It catches every bug the strict location rule can credit to any reviewer (the ceiling of
# location matching), and its findings on clean control changes show what that ceiling costs
# in false alarms. Contract: docs/RETRO.md ("Command reviewers"); reads the diff from stdin.
set -euo pipefail
awk '
  BEGIN { printf "{\"findings\": ["; n = 0 }
  /^\+\+\+ / { path = substr($0, 5); sub(/^b\//, "", path); next }
  /^@@ / {
    split($3, plus, ",");
    start = substr(plus[1], 2) + 0;
    count = (length(plus) > 1) ? plus[2] + 0 : 1;
    if (count > 0 && path != "/dev/null") {
      gsub(/\\/, "\\\\", path); gsub(/"/, "\\\"", path);
      printf "%s{\"file\": \"%s\", \"start_line\": %d, \"end_line\": %d, \"message\": \"changed lines\", \"severity\": \"info\"}", (n++ ? ", " : ""), path, start, start + count - 1;
    }
  }
  END { print "]}" }
'
