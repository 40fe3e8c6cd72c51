/**
 * Evidence that AI agents wrote code: the shared values ({@link
 * dev.loopwatch.git.evidence.Evidence}, its confidence and its class), and one detector per kind of
 * evidence (line level: git-ai notes, Agent Trace; change level: trailers, footers, agent
 * identities, aider's author suffix; not counted: review-bot suggestions, aider's committer-only
 * suffix, branch prefixes).
 */
package dev.loopwatch.git.evidence;
