#!/bin/sh
# A scripted research agent that tries to read files outside its workspace: each path given as an
# argument, and the run folder's files by their usual names. Writes what it got into its workspace.
cd "$LOOPWATCH_WORKSPACE"
for path in "$@" /run/loopwatch/../forum.jsonl /run.json /agents; do
  printf '== %s\n' "$path"
  cat "$path" 2>&1
  ls "$path" 2>&1
done > peek.txt
echo peeked
