/**
 * Change-level evidence read from commit messages and identities (co-author trailers, agent
 * footers, Assisted-by, agent identities, aider's name suffix) and weak evidence from merged agent
 * branch names.
 */
package dev.loopwatch.git.evidence.message;
