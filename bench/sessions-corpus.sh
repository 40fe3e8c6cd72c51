#!/usr/bin/env bash
# sessions-corpus.sh OUT_DIR [SIZE_MB]
#
# Generates a deterministic Claude Code transcript corpus of about SIZE_MB megabytes (default 200) in
# OUT_DIR/projects/<encoded-cwd>/<session-uuid>.jsonl, laid out as ~/.claude/projects is, so that both
# `CLAUDE_CONFIG_DIR=OUT_DIR ccusage daily` and `loopwatch sessions OUT_DIR/projects` read it. The same SIZE_MB gives
# byte-identical files on every run and machine: randomness comes from a seeded Park-Miller generator written in awk
# (not awk's rand(), which differs between awk implementations) and timestamps are computed, not read from the clock.
# Needs only bash and awk.
#
# What the lines follow (the real schema, see the transcript reference notes): user prompts (string content), assistant
# messages whose content blocks are written one block per line, each line repeating the message's id, requestId and
# usage (input, output, cache creation, cache read) as Claude Code does, so token totals must be deduplicated on
# message.id + requestId; Bash/Edit/Read tool_use blocks and their tool_result lines (some is_error) with padded output;
# summary and file-history-snapshot lines; sessions spread over 30 days, some crossing midnight UTC; every 8th session
# has a subagent in the new layout (<session>/subagents/agent-<id>.jsonl + .meta.json) whose first assistant line
# replays the parent's first message (same message.id and requestId: counted once); every 5th session has interrupt and
# rejection markers. No line lacks message.id or requestId, so ccusage and loopwatch dedupe the same way.
set -euo pipefail
out=${1:?usage: sessions-corpus.sh OUT_DIR [SIZE_MB]}
size=${2:-200}
mkdir -p "$out/projects"
if [ -n "$(ls -A "$out/projects")" ]; then
  echo "sessions-corpus.sh: $out/projects is not empty" >&2
  exit 2
fi
awk -v out="$out/projects" -v target="$((size * 1024 * 1024))" '
function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function civil(days,   z, era, doe, yoe, y, doy, mp, d, m) {
  z = days + 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
  d = doy - int((153 * mp + 2) / 5) + 1; m = mp < 10 ? mp + 3 : mp - 9
  return sprintf("%04d-%02d-%02d", m <= 2 ? y + 1 : y, m, d)
}
function ts(sec,   days, rem) {
  days = int(sec / 86400); rem = sec - days * 86400
  return sprintf("%sT%02d:%02d:%02d.%03dZ", civil(days), int(rem / 3600), int(rem % 3600 / 60), rem % 60, rnd(1000))
}
function uuid(a, b) { return sprintf("%08d-%04d-4000-8000-%012d", a, b % 10000, int(b / 10000)) }
function filler(n,   s) { s = ""; while (length(s) < n) s = s pad; return substr(s, 1, n) }
function emit(file, line) { print line > file; bytes += length(line) + 1 }
function common(type, u, parent, side) {
  return "{\"parentUuid\":" (parent == "" ? "null" : "\"" parent "\"") ",\"isSidechain\":" side \
    ",\"userType\":\"external\",\"cwd\":\"" cwd "\",\"sessionId\":\"" sid "\",\"version\":\"2.1." (30 + s % 12) \
    "\",\"gitBranch\":\"main\",\"uuid\":\"" u "\",\"timestamp\":\"" ts(now) "\",\"type\":\"" type "\""
}
function usage(  i, o, cc, cr) {
  i = 1 + rnd(50); o = 1 + rnd(1500); cc = rnd(4) == 0 ? rnd(20000) : 0; cr = rnd(120000)
  return "\"usage\":{\"input_tokens\":" i ",\"cache_creation_input_tokens\":" cc ",\"cache_read_input_tokens\":" cr \
    ",\"output_tokens\":" o ",\"service_tier\":\"standard\"}"
}
function assistant(file, side, msg, req, model, blocks, u,   k, line) {
  # one line per content block, all repeating id, requestId and usage
  for (k = 1; k <= nblocks; k++) {
    n++; line = common("assistant", uuid(s, n + (side == "true" ? 5000000 : 0)), last, side)
    line = line ",\"requestId\":\"" req "\",\"message\":{\"id\":\"" msg "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" model \
      "\",\"content\":[" blocks[k] "],\"stop_reason\":\"" (k == nblocks && stop != "" ? stop : "tool_use") "\",\"stop_sequence\":null," u "}}"
    emit(file, line); last = uuid(s, n + (side == "true" ? 5000000 : 0)); now += 1 + rnd(3)
  }
}
function user(file, side, content, extra,   line) {
  n++; line = common("user", uuid(s, n + (side == "true" ? 5000000 : 0)), last, side) extra ",\"message\":{\"role\":\"user\",\"content\":" content "}}"
  emit(file, line); last = uuid(s, n + (side == "true" ? 5000000 : 0)); now += 2 + rnd(20)
}
BEGIN {
  seed = 20260301; pad = "0123456789abcdefghij klmnopqrstuvwxyz ABCDEFGHIJ KLMNOPQRST UVWXYZ "
  split("claude-opus-4-6 claude-sonnet-4-6 claude-haiku-4-5", models, " ")
  start = 20513 * 86400   # 2026-03-01T00:00:00Z
  bytes = 0
  for (s = 0; bytes < target; s++) {
    sid = sprintf("%08d-5e55-4000-8000-%012d", s, s); project = "-home-dev-p" (s % 20); cwd = "/home/dev/p" (s % 20)
    system("mkdir -p \"" out "/" project "\"")
    file = out "/" project "/" sid ".jsonl"
    now = start + rnd(30) * 86400 + rnd(86400); n = 0; last = ""
    turns = 2 + rnd(10); model = models[1 + rnd(3)]; firstMsg = ""; firstLine = ""
    emit(file, "{\"type\":\"file-history-snapshot\",\"messageId\":\"" uuid(s, 1) "\",\"snapshot\":{\"messageId\":\"" uuid(s, 0) "\",\"trackedFileBackups\":{},\"timestamp\":\"" ts(now) "\"},\"isSnapshotUpdate\":false}")
    for (t = 0; t < turns; t++) {
      user(file, "false", "\"Task " t " of session " s ": fix the failing build in module m" rnd(50) " and run the tests\"", "")
      steps = 1 + rnd(8)
      for (k = 0; k < steps; k++) {
        msg = sprintf("msg_01%08x%06x", s, t * 100 + k); req = sprintf("req_011C%08x%06x", s, t * 100 + k)
        u = usage(); tool = "toolu_" s "_" t "_" k
        nblocks = 0; stop = ""
        if (rnd(2) == 0) blocks[++nblocks] = "{\"type\":\"thinking\",\"thinking\":\"" filler(100 + rnd(400)) "\",\"signature\":\"sig\"}"
        if (k == steps - 1) {
          blocks[++nblocks] = "{\"type\":\"text\",\"text\":\"Done with step " k ". " filler(rnd(600)) "\"}"; stop = "end_turn"
        } else {
          r = rnd(3)
          if (r == 0) blocks[++nblocks] = "{\"type\":\"tool_use\",\"id\":\"" tool "\",\"name\":\"Bash\",\"input\":{\"command\":\"./mvnw -q test -pl m" rnd(50) "\",\"description\":\"Run tests\"}}"
          else if (r == 1) blocks[++nblocks] = "{\"type\":\"tool_use\",\"id\":\"" tool "\",\"name\":\"Edit\",\"input\":{\"file_path\":\"" cwd "/src/F" rnd(500) ".java\",\"old_string\":\"" filler(50 + rnd(300)) "\",\"new_string\":\"" filler(50 + rnd(300)) "\"}}"
          else blocks[++nblocks] = "{\"type\":\"tool_use\",\"id\":\"" tool "\",\"name\":\"Read\",\"input\":{\"file_path\":\"" cwd "/src/F" rnd(500) ".java\"}}"
        }
        assistant(file, "false", msg, req, model, blocks, u)
        if (firstMsg == "") { firstMsg = msg; firstReq = req; firstUsage = u; firstModel = model }
        if (k < steps - 1) {
          if (s % 5 == 0 && k == 1 && t == 1) {
            user(file, "false", "[{\"tool_use_id\":\"" tool "\",\"type\":\"tool_result\",\"content\":\"The user doesn'"'"'t want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.\",\"is_error\":true}]", ",\"toolUseResult\":\"User rejected tool use\"")
            user(file, "false", "[{\"type\":\"text\",\"text\":\"[Request interrupted by user for tool use]\"}]", "")
            break
          }
          err = rnd(6) == 0
          user(file, "false", "[{\"tool_use_id\":\"" tool "\",\"type\":\"tool_result\",\"content\":\"" (err ? "[ERROR] BUILD FAILURE " : "ok ") filler(200 + rnd(3000)) "\",\"is_error\":" (err ? "true" : "false") "}]", ",\"toolUseResult\":{\"stdout\":\"ok\",\"stderr\":\"\",\"interrupted\":false}")
        }
      }
      if (s % 5 == 0 && t == 2) user(file, "false", "\"[Request interrupted by user]\"", "")
    }
    emit(file, "{\"type\":\"summary\",\"summary\":\"Session " s "\",\"leafUuid\":\"" last "\"}")
    close(file)
    if (s % 8 == 0) {
      agent = sprintf("a%015d", s)
      dir = out "/" project "/" sid "/subagents"; system("mkdir -p \"" dir "\"")
      print "{\"agentType\":\"general-purpose\",\"toolUseId\":\"toolu_" s "_0_0\"}" > (dir "/agent-" agent ".meta.json"); close(dir "/agent-" agent ".meta.json")
      subfile = dir "/agent-" agent ".jsonl"; last = ""; parentSid = sid
      user(subfile, "true", "\"Investigate module m" rnd(50) " for session " s "\"", ",\"agentId\":\"" agent "\"")
      nblocks = 1; stop = ""; blocks[1] = "{\"type\":\"text\",\"text\":\"Replayed parent message\"}"
      assistant(subfile, "true", firstMsg, firstReq, firstModel, blocks, firstUsage)
      for (k = 0; k < 3 + rnd(5); k++) {
        nblocks = 1; stop = k == 2 ? "end_turn" : ""
        blocks[1] = "{\"type\":\"tool_use\",\"id\":\"toolu_sub_" s "_" k "\",\"name\":\"Grep\",\"input\":{\"pattern\":\"TODO\"}}"
        assistant(subfile, "true", sprintf("msg_01sub%08x%04x", s, k), sprintf("req_011Csub%08x%04x", s, k), "claude-haiku-4-5", blocks, usage())
        user(subfile, "true", "[{\"tool_use_id\":\"toolu_sub_" s "_" k "\",\"type\":\"tool_result\",\"content\":\"" filler(100 + rnd(800)) "\",\"is_error\":false}]", ",\"agentId\":\"" agent "\"")
      }
      close(subfile)
    }
  }
  printf "sessions-corpus.sh: %d sessions, %d bytes in %s\n", s, bytes, out > "/dev/stderr"
}'
