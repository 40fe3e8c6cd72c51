#!/bin/sh
# A scripted research agent that "spends" model tokens: it writes a Claude Code transcript into
# its HOME (where a real Claude Code would) recording 1,000,000 output tokens of
# claude-sonnet-4-5, then idles until it is stopped.
dir="$HOME/.claude/projects/-work"
mkdir -p "$dir"
session=0b6c3c0e-1f6a-4c8e-9d7e-5a1b2c3d4e5f
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
{
  printf '{"isSidechain":false,"userType":"external","cwd":"/work","sessionId":"%s","version":"2.1.190","parentUuid":null,"uuid":"u1","timestamp":"%s","type":"user","message":{"role":"user","content":"%s"}}\n' "$session" "$now" "start"
  printf '{"isSidechain":false,"userType":"external","cwd":"/work","sessionId":"%s","version":"2.1.190","parentUuid":"u1","uuid":"u2","timestamp":"%s","type":"assistant","requestId":"r1","message":{"id":"m1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"thinking hard"}],"stop_reason":"end_turn","usage":{"input_tokens":1000,"output_tokens":1000000}}}\n' "$session" "$now"
} > "$dir/$session.jsonl"
while :; do sleep 1; done
