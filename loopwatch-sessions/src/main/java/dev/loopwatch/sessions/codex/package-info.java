/** The OpenAI Codex CLI rollout reader: {@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl}. */
package dev.loopwatch.sessions.codex;
