#!/usr/bin/env bash
# synthetic-repo.sh OUT_DIR [SIZE]
#
# Generates a deterministic synthetic git repository in OUT_DIR (which must not exist or be empty) whose branch `main`
# has exactly SIZE first-parent changes (default 2000), and writes the ground truth the scanner's totals can be checked
# against to OUT_DIR.truth.json. The same SIZE gives byte-identical commit ids on every run and machine: all names,
# emails and dates are fixed and randomness comes from a seeded Park-Miller generator written in awk (not awk's rand(),
# which differs between awk implementations). Needs only bash, awk, coreutils and git; the history is one `git fast-import`
# stream (SIZE=2000 takes about 3 s, SIZE=20000 about 35 s on a 2-core VM).
#
# What the history contains (the mix is fixed per change index, drawn from the generator):
#   - direct human commits;
#   - direct human-authored commits with an agent trailer: `Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>`
#     (some with the "Generated with [Claude Code]" footer), `Co-authored-by: Cursor Agent <cursoragent@cursor.com>`,
#     `Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>`, `Assisted-by: claude:claude-3-opus`;
#   - direct commits authored by `copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>`;
#   - dependabot commits (`dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>`) touching package.json
#     and package-lock.json;
#   - `--no-ff` merges of topic branches of 1-4 commits: "Merge pull request #N from org/claude/topic-N" (commits carry the
#     Claude trailer), "... from org/copilot/fix-N" (commits by the Copilot agent), and human branches ("Merge pull
#     request #N from org/feature/topic-N" or "Merge branch 'fix-N'"); main does not move while a branch is open, so a
#     merge's diff against its first parent is exactly the branch's net change;
#   - squash merges: one commit "<subject> (#N)" authored by a human, committed by GitHub, listing the squashed commits
#     and, for agent PRs, the squashed branch's trailer (Claude, Cursor or Copilot);
#   - an initial commit with .gitattributes (`gen/** linguist-generated=true`), package.json, package-lock.json, go.sum,
#     a vendor/ folder, a generated api/v1/service.pb.go and gen/client.ts;
#   - one big human reformat commit (about SIZE/2) and, in the next change, `.git-blame-ignore-revs` listing its id;
#   - outliers: a 20,000-line human test fixture (counted), a 20,000-line vendor drop and a 20,000-line *.pb.go (excluded);
#   - git-ai notes on refs/notes/ai (authorship/3.0.0) for about 40% of the direct Claude-trailer commits, attesting the
#     exact lines those commits inserted, with base_commit_sha = the noted commit;
#   - Agent Trace records appended to .agent-trace/traces.jsonl by about a third of the Cursor-trailer commits, with
#     vcs.revision = the PARENT commit (as the reference hooks record it) and ranges = the lines that commit inserted.
# Every line of every file is unique within its file and edits only insert fresh lines and delete existing ones without
# reordering, so `git diff --numstat` equals the edits made here exactly (no renames, no binary files, no deletions).
#
# Ground truth (OUT_DIR.truth.json), all numbers are lines from `git diff --numstat` semantics:
#   - "excluded" paths: lock files (package-lock.json, go.sum), vendor/**, generated files (*.pb.go and gen/**, the
#     folder marked linguist-generated in .gitattributes) and .agent-trace/**. Every other path is "counted".
#   - first_parent: one entry per change on `git log --first-parent main`; each change's diff is taken against its first
#     parent (a merge counts as the whole merged branch). A change is "bot" when its author is dependabot, "agent" when it
#     has an agent trailer, is authored by the Copilot agent, or is a merge of a claude/ or copilot/ branch (all of whose
#     commits are agent commits), else "human". added/deleted = counted lines only; excluded lines are reported
#     separately per category and class. by_agent splits the agent numbers by canonical agent id.
#   - all_commits: the same per commit for every non-merge commit reachable from main (branch commits counted by their
#     own diff against their single parent; merge commits are left out, so nothing is counted twice).
#   - commits = all commits reachable from main (merges included); notes = git-ai notes; agent_trace_records = lines in
#     .agent-trace/traces.jsonl at HEAD; ignored_revision = the commit listed in .git-blame-ignore-revs.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 OUT_DIR [SIZE]" >&2
  exit 2
fi
out=$1
size=${2:-2000}
case $size in
  '' | *[!0-9]*) echo "synthetic-repo: SIZE must be a whole number, got '$size'" >&2; exit 2 ;;
esac
if [ "$size" -lt 20 ]; then
  echo "synthetic-repo: SIZE must be at least 20, got $size" >&2
  exit 2
fi
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "synthetic-repo: $out exists and is not empty" >&2
  exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
truth="$out.truth.json"
start=$SECONDS

export LC_ALL=C TZ=UTC
git -c init.defaultBranch=main init -q "$out"

work=$(mktemp -d)
trap 'exec 4>&-; rm -rf "$work"' EXIT
# fast-import answers get-mark on this fifo; holding it open read-write here means neither side blocks opening it.
mkfifo "$work/marks"
exec 4<>"$work/marks"

read -r -d '' generator <<'AWK' || true
function rnd(n) { seed = (seed * 48271) % 2147483647; return seed % n }
function hex(len,   s, i) { s = ""; for (i = 0; i < len; i++) s = s substr("0123456789abcdef", rnd(16) + 1, 1); return s }
function uuid() { return hex(8) "-" hex(4) "-4" hex(3) "-" substr("89ab", rnd(4) + 1, 1) hex(3) "-" hex(12) }

# Days-from-civil inverse (H. Hinnant) so that timestamps need no strftime.
function rfc3339(ts,   days, secs, z, era, doe, yoe, y, doy, mp, d, m) {
  days = int(ts / 86400); secs = ts - days * 86400
  z = days + 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
  mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
  m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
  return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, int(secs / 3600), int(secs % 3600 / 60), secs % 60)
}

function category(p) {
  if (p == "package-lock.json" || p == "go.sum") return "lock"
  if (substr(p, 1, 7) == "vendor/") return "vendor"
  if (substr(p, 1, 4) == "gen/" || p ~ /\.pb\.go$/) return "generated"
  if (substr(p, 1, 13) == ".agent-trace/") return "agent_trace"
  return "counted"
}

function render(f, t,   k) {
  k = kind[f]
  if (k == "py") return sprintf("    value_%d = compute(%d, 'key_%d')", t, t % 97, t % 13)
  if (k == "ts") return sprintf("  const item%d = build(%d, \"k%d\");", t, t % 89, t % 11)
  if (k == "go") return sprintf("\tv%d := calc(%d, \"k%d\")", t, t % 83, t % 7)
  if (k == "java") return sprintf("    int v%d = calc(%d, \"k%d\");", t, t % 79, t % 5)
  if (k == "md") return sprintf("Paragraph %d explains step %d of the flow.", t, t % 31)
  if (k == "lock") return sprintf("    \"node_modules/pkg-%d\": { \"version\": \"1.%d.%d\" },", t, t % 50, t % 9)
  if (k == "sum") return sprintf("github.com/org/mod%d v1.%d.0 h1:%dabc%d=", t, t % 40, t * 7, t % 3)
  if (k == "pkgjson") return sprintf("    \"dep-%d\": \"^1.%d.0\",", t, t % 30)
  return sprintf("line %d", t)
}

# Text of the lines with serials lo..hi of f, each ending in a newline (divide and conquer keeps copying O(n log n)).
function render_run(f, lo, hi,   mid, s, t) {
  if (hi - lo < 64) { s = ""; for (t = lo; t <= hi; t++) s = s render(f, t) "\n"; return s }
  mid = int((lo + hi) / 2)
  return render_run(f, lo, mid) render_run(f, mid + 1, hi)
}

# Creates file f at path p of the given kind with n fresh lines; returns f.
function create(p, k, n,   f) {
  f = ++nfiles; path[f] = p; kind[f] = k; ser[f] = 0; text[f] = ""; nlines[f] = 0; cat[f] = category(p)
  touch(f)
  if (n > 0) { text[f] = render_run(f, 1, n); ser[f] = n; nlines[f] = n }
  ins_start = 1; ins_end = n
  return f
}

# Records the state of f before its first change in the current commit (c) and change (g).
function touch(f) {
  if (!((f, ccount) in cbase_n)) { cbase_n[f, ccount] = nlines[f]; cbase_s[f, ccount] = ser[f]; cyoung[f] = 0; clist[++ncl] = f }
  if (!((f, gcount) in gbase_n)) { gbase_n[f, gcount] = nlines[f]; gbase_s[f, gcount] = ser[f]; gyoung[f] = 0; glist[++ngl] = f }
}

# Notes that a line with serial s of f was deleted (a line added earlier in the same commit or change is not a deletion).
function forget(f, s) {
  if (s > cbase_s[f, ccount]) cyoung[f]++
  if (s > gbase_s[f, gcount]) gyoung[f]++
}

# Deletes d lines (one run) and inserts a fresh lines (one run) in f; sets ins_start/ins_end to the new lines.
# Works on character offsets so that an edit copies the file text a constant number of times.
function edit(f, a, d,   n, L, off, i, p, rest, q, o, dlen) {
  touch(f)
  n = text[f] == "" ? 0 : split(text[f], L, "\n") - 1
  if (d > n - 1) d = n - 1
  if (d < 0) d = 0
  off[1] = 1
  for (i = 1; i <= n; i++) off[i + 1] = off[i] + length(L[i]) + 1
  p = 1 + rnd(n - d + 1)
  for (i = p; i < p + d; i++) { match(L[i], /[0-9]+/); forget(f, substr(L[i], RSTART, RLENGTH) + 0) }
  dlen = off[p + d] - off[p]
  rest = substr(text[f], 1, off[p] - 1) substr(text[f], off[p + d])
  q = 1 + rnd(n - d + 1)
  o = q <= p ? off[q] : off[q + d] - dlen
  text[f] = substr(rest, 1, o - 1) (a > 0 ? render_run(f, ser[f] + 1, ser[f] + a) : "") substr(rest, o)
  ser[f] += a; nlines[f] = n - d + a; ins_start = q; ins_end = q + a - 1
}

# An edit of a long-lived file that keeps it under about 800 lines (re-emitting ever larger files would make the
# generator quadratic).
function edit_bounded(f, a, d) {
  if (nlines[f] > 800) d = a + rnd(a + 1)
  edit(f, a, d)
}

# Replaces every 5th line of f by a fresh line (a whitespace reformat, as far as numstat can tell).
function reformat(f,   n, L, i, s) {
  touch(f)
  n = split(text[f], L, "\n") - 1; s = ""
  for (i = 1; i <= n; i++) {
    if (i % 5 == 0) { match(L[i], /[0-9]+/); forget(f, substr(L[i], RSTART, RLENGTH) + 0); L[i] = render(f, ++ser[f]) }
    s = s L[i] "\n"
  }
  text[f] = s
}

function append_text(f, line) {
  touch(f)
  ser[f]++; text[f] = text[f] line "\n"; nlines[f]++
}

function emit_file(f) {
  print "M 100644 inline " path[f]
  print "data <<EOF_LW_DATA"
  printf "%s", text[f]
  print "EOF_LW_DATA"
}

function add_truth(scope, cls, agent, f, a, d,   c) {
  c = cat[f]
  if (c == "counted") {
    T_add[scope, cls] += a; T_del[scope, cls] += d
    if (cls == "agent") { A_add[scope, agent] += a; A_del[scope, agent] += d }
  } else {
    X_add[scope, cls, c] += a; X_del[scope, cls, c] += d
  }
}

# Writes one commit on refs/heads/main with the files touched since the last commit; returns its mark.
function commit(an, ae, cn, ce, msg, from, merge, cls, agent,   i, f, a, d, mk) {
  mk = ++marks
  print "commit refs/heads/main"
  print "mark :" mk
  print "author " an " <" ae "> " now " +0000"
  print "committer " cn " <" ce "> " now " +0000"
  print "data <<EOF_LW_MSG"
  print msg
  print "EOF_LW_MSG"
  if (from != "") print "from " from
  if (merge != "") print "merge " merge
  for (i = 1; i <= ncl; i++) {
    f = clist[i]
    emit_file(f)
    if (merge == "") {
      a = ser[f] - cbase_s[f, ccount] - cyoung[f]; d = cbase_n[f, ccount] - (nlines[f] - a)
      add_truth("all", cls, agent, f, a, d)
    }
  }
  ncl = 0; ccount++; ncommits++
  now += 60 + rnd(900)
  return mk
}

# Closes a first-parent change: accounts its diff against the first parent.
function end_change(cls, agent, kindname,   i, f, a, d) {
  for (i = 1; i <= ngl; i++) {
    f = glist[i]
    a = ser[f] - gbase_s[f, gcount] - gyoung[f]; d = gbase_n[f, gcount] - (nlines[f] - a)
    add_truth("fp", cls, agent, f, a, d)
  }
  ngl = 0; gcount++
  changes[kindname]++; fp_class[cls]++
  now += 600 + rnd(7200)
}

function pick_human() { hi = 1 + rnd(nhumans); return hi }
function subject(   v, o) {
  v = verbs[1 + rnd(nverbs)]; o = nouns[1 + rnd(nnouns)]
  return v " " o " " (++subj_serial)
}

function code_path(   k, n, d) {
  k = kinds[1 + rnd(4)]
  n = ++path_serial
  # About 40 files a directory: git (and fast-import) rewrite a whole tree object per change, so flat directories
  # of thousands of files would make generation quadratic.
  d = "part" int(n / 160)
  if (k == "py") return "src/app/" d "/module_" n ".py"
  if (k == "ts") return "web/src/" d "/component_" n ".ts"
  if (k == "go") return "pkg/" d "/handler_" n ".go"
  return "lib/src/main/java/org/example/" d "/Type" n ".java"
}
function ext_kind(p) {
  if (p ~ /\.py$/) return "py"; if (p ~ /\.ts$/) return "ts"; if (p ~ /\.go$/) return "go"; return "java"
}

function pool_add(f) { pool[++npool] = f }
function pool_pick(   i, f) {
  while (npool > 0) {
    i = 1 + rnd(npool); f = pool[i]
    if (nlines[f] <= 400 && picked[f] != ccount) return f
    pool[i] = pool[npool]; npool--
  }
  f = create(code_path(), "", 0)
  kind[f] = ext_kind(path[f]); pool_add(f)
  return f
}

function change_size() { return 10 + rnd(1 + rnd(391)) }

# Makes the edits of one ordinary commit (1-3 code files, sometimes a new file, sometimes an excluded file).
function code_edits(record_ranges,   nf, i, f, a, d, p) {
  nf = 1 + rnd(3); nranges = 0
  for (i = 1; i <= nf; i++) {
    a = change_size()
    if (rnd(10) < 3) {
      p = code_path(); f = create(p, ext_kind(p), a); pool_add(f)
    } else {
      f = pool_pick(); d = rnd(1 + int(a / 2)); edit(f, a, d)
    }
    picked[f] = ccount
    if (record_ranges) { nranges++; range_file[nranges] = f; range_start[nranges] = ins_start; range_end[nranges] = ins_end }
  }
  if (rnd(20) == 0) edit_bounded(gen_file, 5 + rnd(60), rnd(20))
  if (rnd(25) == 0) edit_bounded(pb_file, 5 + rnd(80), rnd(30))
  if (rnd(30) == 0) edit_bounded(vendor_file[1 + rnd(3)], 5 + rnd(40), rnd(10))
  if (rnd(15) == 0) { edit(pkg_file, 1, 1); edit_bounded(lock_file, 10 + rnd(40), rnd(20)) }
}

function trailer_for(agent) {
  if (agent == "claude-code") return "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>"
  if (agent == "cursor") return "Co-authored-by: Cursor Agent <cursoragent@cursor.com>"
  if (agent == "copilot") return "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>"
  return "Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>"
}

# Asks fast-import for the ids of marks mk[1..n] and stores them in sha_of[1..n]. The answers arrive on a fifo,
# read with head(1): awk's own getline may wait for a full buffer on a fifo and so deadlock.
function ask_marks(mk, n, sha_of,   i, cmd, line, got) {
  for (i = 1; i <= n; i++) print "get-mark :" mk[i]
  fflush()
  cmd = "head -n " n " \"" fifo "\""
  got = 0
  while ((cmd | getline line) > 0) sha_of[++got] = line
  close(cmd)
  if (got != n) { print "synthetic-repo: fast-import answered " got " of " n " get-mark requests" > "/dev/stderr"; exit 3 }
}

function ask_mark(mark,   one, sha) {
  one[1] = mark
  ask_marks(one, 1, sha)
  return sha[1]
}

# A git-ai authorship/3.0.0 note for the commit with mark mk attesting the recorded insert ranges.
function queue_note(mk, human,   s, t, i, body) {
  s = "s_" hex(14); t = "t_" hex(14)
  body = ""
  for (i = 1; i <= nranges; i++)
    body = body path[range_file[i]] "\n  " s "::" t " " range_start[i] (range_end[i] > range_start[i] ? "-" range_end[i] : "") "\n"
  nnotes++; note_mark[nnotes] = mk
  note_body[nnotes] = body "---\n{\"schema_version\":\"authorship/3.0.0\",\"git_ai_version\":\"1.0.0\",\"base_commit_sha\":\"@SHA@\",\"prompts\":{},\"humans\":{},\"sessions\":{\"" s "\":{\"agent_id\":{\"tool\":\"claude\",\"id\":\"" hex(8) "-" hex(4) "\",\"model\":\"claude-opus-4-5\"},\"human_author\":\"" human "\"}}}"
}

# Appends one Agent Trace record for the recorded ranges; revision = the parent commit (the current main tip).
function append_trace(   rec, i, parent) {
  parent = ask_mark(main_tip)
  if (trace_file == 0) trace_file = create(".agent-trace/traces.jsonl", "text", 0)
  rec = "{\"version\":\"0.1.0\",\"id\":\"" uuid() "\",\"timestamp\":\"" rfc3339(now - 120) "\",\"vcs\":{\"type\":\"git\",\"revision\":\"" parent "\"},\"tool\":{\"name\":\"cursor\",\"version\":\"2.3.0\"},\"files\":["
  for (i = 1; i <= nranges; i++)
    rec = rec (i > 1 ? "," : "") "{\"path\":\"" path[range_file[i]] "\",\"conversations\":[{\"contributor\":{\"type\":\"ai\",\"model_id\":\"anthropic/claude-opus-4-5\"},\"ranges\":[{\"start_line\":" range_start[i] ",\"end_line\":" range_end[i] "}]}]}"
  append_text(trace_file, rec "]}")
  traces++
}

function initial(   f, i) {
  f = create(".gitattributes", "text", 0)
  append_text(f, "gen/** linguist-generated=true"); append_text(f, "*.png binary")
  f = create("README.md", "md", 40)
  pkg_file = create("package.json", "pkgjson", 30)
  lock_file = create("package-lock.json", "lock", 400)
  create("go.sum", "sum", 120)
  for (i = 1; i <= 3; i++) vendor_file[i] = create("vendor/github.com/acme/lib" i "/lib.go", "go", 150)
  pb_file = create("api/v1/service.pb.go", "go", 300)
  gen_file = create("gen/client.ts", "ts", 200)
  for (i = 1; i <= 12; i++) pool_add(create(code_path(), "", 0))
  for (i = nfiles - 11; i <= nfiles; i++) { kind[i] = ext_kind(path[i]); edit(i, 20 + rnd(120), 0) }
  main_tip = commit(humans[1], hemail[1], humans[1], hemail[1], "Initial import", "", "", "human", "")
  end_change("human", "", "initial")
}

function direct(cls, agent, kindname,   h, msg, mk, name) {
  h = pick_human()
  code_edits(agent == "claude-code" || agent == "cursor")
  msg = subject()
  if (agent == "claude-code") {
    msg = msg "\n\n" (rnd(2) ? "Generated with [Claude Code](https://claude.ai/code)\n\n" : "") trailer_for(agent)
  } else if (agent == "assisted") {
    msg = msg "\n\nAssisted-by: claude:claude-3-opus"
  } else if (agent != "") {
    msg = msg "\n\n" trailer_for(agent)
  }
  if (agent == "cursor" && rnd(3) == 0) append_trace()
  name = agent == "aider" ? humans[h] " (aider)" : humans[h]
  mk = commit(name, hemail[h], name, hemail[h], msg, "", "", cls, agent == "assisted" ? "claude-code" : agent)
  if (agent == "claude-code" && rnd(10) < 4) queue_note(mk, humans[h] " <" hemail[h] ">")
  main_tip = mk
  end_change(cls, agent == "assisted" ? "claude-code" : agent, kindname)
}

function copilot_direct() {
  code_edits(0)
  main_tip = commit("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com", "GitHub", "noreply@github.com", subject() "\n\nCo-authored-by: " humans[1] " <" hemail[1] ">", "", "", "agent", "copilot")
  end_change("agent", "copilot", "copilot_direct")
}

function dependabot(   v) {
  v = "1." rnd(40) "." rnd(10)
  edit(pkg_file, 1, 1)
  edit_bounded(lock_file, 10 + rnd(50), 5 + rnd(40))
  main_tip = commit("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", "GitHub", "noreply@github.com", "Bump dep-" rnd(500) " to " v "\n\nSigned-off-by: dependabot[bot] <support@github.com>", "", "", "bot", "")
  end_change("bot", "", "dependabot")
}

# A --no-ff merge of a 1-4 commit topic branch forked from the current main tip.
function merge_branch(flavor,   n, i, h, tip, an, ae, msg, cls, agent, from, pr, branch) {
  n = 1 + rnd(4); h = pick_human(); pr = ++prs
  cls = flavor == "human" ? "human" : "agent"; agent = flavor == "human" ? "" : flavor
  from = ":" main_tip
  for (i = 1; i <= n; i++) {
    code_edits(0)
    if (flavor == "claude-code") {
      an = humans[h]; ae = hemail[h]; msg = subject() "\n\n" trailer_for("claude-code")
    } else if (flavor == "copilot") {
      an = "copilot-swe-agent[bot]"; ae = "198982749+Copilot@users.noreply.github.com"; msg = subject()
    } else {
      an = humans[h]; ae = hemail[h]; msg = subject()
    }
    tip = commit(an, ae, an, ae, msg, from, "", cls, agent)
    from = ""
  }
  # The merge's tree is the branch tip's: re-list every file the branch touched.
  for (i = 1; i <= ngl; i++) clist[++ncl] = glist[i]
  if (flavor == "claude-code") branch = "org/claude/topic-" pr
  else if (flavor == "copilot") branch = "org/copilot/fix-" pr
  else branch = "org/feature/topic-" pr
  if (flavor == "human" && rnd(3) == 0) msg = "Merge branch 'fix-" pr "'"
  else msg = "Merge pull request #" pr " from " branch "\n\n" subject()
  main_tip = commit(humans[h], hemail[h], "GitHub", "noreply@github.com", msg, ":" main_tip, ":" tip, cls, agent)
  merges++
  end_change(cls, agent, flavor == "human" ? "merge_human" : "merge_" flavor)
}

function squash(flavor,   n, i, h, body, cls, agent) {
  n = 1 + rnd(4); h = pick_human(); body = ""
  cls = flavor == "human" ? "human" : "agent"; agent = flavor == "human" ? "" : flavor
  for (i = 1; i <= n; i++) { code_edits(0); body = body "* " subject() "\n" }
  if (flavor != "human") body = body "\n" trailer_for(flavor)
  main_tip = commit(humans[h], hemail[h], "GitHub", "noreply@github.com", subject() " (#" (++prs) ")\n\n" body, "", "", cls, agent)
  end_change(cls, agent, flavor == "human" ? "squash_human" : "squash_" flavor)
}

function outlier(which,   f, h) {
  h = pick_human()
  if (which == 1) f = create("tests/fixtures/recorded_responses.py", "py", 20000)
  else if (which == 2) f = create("vendor/github.com/huge/sdk/sdk.go", "go", 20000)
  else f = create("api/v2/everything.pb.go", "go", 20000)
  main_tip = commit(humans[h], hemail[h], humans[h], hemail[h], subject(), "", "", "human", "")
  end_change("human", "", "outlier")
}

function reformat_all(   i, f, h, count) {
  h = pick_human(); count = 0
  for (i = 1; i <= npool && count < 40; i++) { reformat(pool[i]); count++ }
  reformat_mark = commit(humans[h], hemail[h], humans[h], hemail[h], "Reformat the code base with the new formatter", "", "", "human", "")
  main_tip = reformat_mark
  end_change("human", "", "reformat")
}

function ignore_revs(   f, h) {
  h = pick_human()
  ignored_sha = ask_mark(reformat_mark)
  f = create(".git-blame-ignore-revs", "text", 0)
  append_text(f, "# Reformat the code base with the new formatter")
  append_text(f, ignored_sha)
  main_tip = commit(humans[h], hemail[h], humans[h], hemail[h], "Ignore the reformat commit in blame", "", "", "human", "")
  end_change("human", "", "ignore_revs")
}

function json_scope(scope,   s, i, a, c, first, cls) {
  s = "{\"added\":{"
  for (i = 1; i <= 3; i++) { cls = classes[i]; s = s (i > 1 ? "," : "") "\"" cls "\":" (T_add[scope, cls] + 0) }
  s = s "},\"deleted\":{"
  for (i = 1; i <= 3; i++) { cls = classes[i]; s = s (i > 1 ? "," : "") "\"" cls "\":" (T_del[scope, cls] + 0) }
  s = s "},\"by_agent\":{"
  for (i = 1; i <= nagents; i++) { a = agents[i]; s = s (i > 1 ? "," : "") "\"" a "\":{\"added\":" (A_add[scope, a] + 0) ",\"deleted\":" (A_del[scope, a] + 0) "}" }
  s = s "},\"excluded\":{"
  for (c = 1; c <= 4; c++) {
    s = s (c > 1 ? "," : "") "\"" xcats[c] "\":{"
    for (i = 1; i <= 3; i++) {
      cls = classes[i]
      s = s (i > 1 ? "," : "") "\"" cls "\":{\"added\":" (X_add[scope, cls, xcats[c]] + 0) ",\"deleted\":" (X_del[scope, cls, xcats[c]] + 0) "}"
    }
    s = s "}"
  }
  return s "}}"
}

BEGIN {
  seed = 20260101 + size
  now = 1672531200
  nhumans = split("Alice Martin|Bao Nguyen|Carla Rossi|Dmitri Ivanov|Esther Okafor|Farid Haddad|Greta Larsen|Hiro Tanaka", humans, "|")
  split("alice@example.com|bao@example.com|carla@example.org|dmitri@example.net|esther@example.com|farid@example.org|greta@example.com|hiro@example.net", hemail, "|")
  nverbs = split("Fix|Add|Refactor|Improve|Remove dead code in|Document|Speed up|Handle errors in|Test|Simplify", verbs, "|")
  nnouns = split("billing export|session cache|rate limiter|search index|user settings|audit log|retry policy|report builder|webhook handler|config loader", nouns, "|")
  split("py ts go java", kinds, " ")
  split("human agent bot", classes, " ")
  nagents = split("claude-code copilot cursor aider", agents, " ")
  split("lock vendor generated agent_trace", xcats, " ")
  ccount = 0; gcount = 0

  reformat_at = int(size / 2)
  out1 = int(size * 3 / 10); out2 = int(size * 6 / 10); out3 = int(size * 8 / 10)
  for (i = 1; i <= size; i++) {
    if (i == 1) { initial(); continue }
    if (i == reformat_at) { reformat_all(); continue }
    if (i == reformat_at + 1) { ignore_revs(); continue }
    if (i == out1) { outlier(1); continue }
    if (i == out2) { outlier(2); continue }
    if (i == out3) { outlier(3); continue }
    r = rnd(100)
    if (r < 40) direct("human", "", "direct_human")
    else if (r < 46) direct("agent", "claude-code", "trailer_claude")
    else if (r < 50) direct("agent", "cursor", "trailer_cursor")
    else if (r < 53) direct("agent", "aider", "trailer_aider")
    else if (r < 56) direct("agent", "assisted", "trailer_assisted_by")
    else if (r < 60) copilot_direct()
    else if (r < 66) dependabot()
    else if (r < 72) merge_branch("claude-code")
    else if (r < 74) merge_branch("copilot")
    else if (r < 84) merge_branch("human")
    else if (r < 88) squash("claude-code")
    else if (r < 90) squash("cursor")
    else if (r < 91) squash("copilot")
    else squash("human")
  }

  if (nnotes > 0) {
    ask_marks(note_mark, nnotes, note_sha)
    print "commit refs/notes/ai"
    print "committer git-ai <git-ai@example.com> " now " +0000"
    print "data <<EOF_LW_MSG"
    print "Notes added by 'git notes add'"
    print "EOF_LW_MSG"
    for (i = 1; i <= nnotes; i++) {
      body = note_body[i]; sub(/@SHA@/, note_sha[i], body)
      print "N inline :" note_mark[i]
      print "data <<EOF_LW_NOTE"
      print body
      print "EOF_LW_NOTE"
    }
  }
  head = ask_mark(main_tip)
  print "done"
  fflush()

  printf "{\n  \"size\": %d,\n  \"head\": \"%s\",\n  \"commits\": %d,\n  \"merges\": %d,\n", size, head, ncommits, merges > truth
  printf "  \"notes\": %d,\n  \"agent_trace_records\": %d,\n  \"ignored_revision\": \"%s\",\n", nnotes, traces, ignored_sha > truth
  printf "  \"first_parent_classes\": {\"human\": %d, \"agent\": %d, \"bot\": %d},\n", fp_class["human"], fp_class["agent"], fp_class["bot"] > truth
  split("initial direct_human trailer_claude trailer_cursor trailer_aider trailer_assisted_by copilot_direct dependabot merge_claude-code merge_copilot merge_human squash_claude-code squash_cursor squash_copilot squash_human outlier reformat ignore_revs", knames, " ")
  s = ""
  for (i = 1; i <= 18; i++) s = s (i > 1 ? ", " : "") "\"" knames[i] "\": " (changes[knames[i]] + 0)
  printf "  \"change_kinds\": {%s},\n", s > truth
  printf "  \"first_parent\": %s,\n", json_scope("fp") > truth
  printf "  \"all_commits\": %s\n}\n", json_scope("all") > truth
  close(truth)
  printf "%s %d %d %d %d %d %d %d\n", head, ncommits, T_add["fp", "agent"], T_add["fp", "human"], T_add["fp", "bot"], nnotes, traces, merges > summary
}
AWK

# The trailing "done" makes fast-import fail on a truncated stream; fd 3 carries the get-mark answers.
awk -v size="$size" -v fifo="$work/marks" -v truth="$truth" -v summary="$work/summary" "$generator" |
  git -C "$out" fast-import --quiet --done --cat-blob-fd=3 3>"$work/marks"
git -C "$out" reset -q --hard main

read -r head commits agent_added human_added bot_added notes traces merges <"$work/summary"
echo "synthetic-repo: $out: $commits commits ($size first-parent changes, $merges merges), HEAD $head;" \
  "first-parent added lines: agent $agent_added, human $human_added, bot $bot_added; $notes git-ai notes," \
  "$traces Agent Trace records; truth in $truth; $((SECONDS - start))s"
