/**
 * Line-level AI evidence from Agent Trace records (cursor/agent-trace, RFC v0.1.0): JSON trace
 * records, as coding agents append them to {@code .agent-trace/traces.jsonl}, parsed and attributed
 * to the commits that committed them.
 */
package dev.loopwatch.git.evidence.trace;
