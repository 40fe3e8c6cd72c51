/**
 * The Claude Code transcript reader: {@code ~/.claude/projects/<cwd>/<session>.jsonl} and
 * subagents.
 */
package dev.loopwatch.sessions.claude;
