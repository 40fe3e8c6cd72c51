/**
 * Evidence that AI agents wrote code: the shared values, and one detector per kind of evidence
 * (line level: git-ai notes, Agent Trace; change level: trailers, footers, agent identities; weak:
 * branch prefixes).
 */
package dev.loopwatch.git.evidence;
