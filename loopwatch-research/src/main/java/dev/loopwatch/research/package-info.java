/**
 * The automated research loop: a task whose labels only the scoring server holds, parallel agents
 * in sandboxes sharing a forum and a code store, and budgets that stop an agent cleanly (see
 * docs/RESEARCH.md).
 */
package dev.loopwatch.research;
