/**
 * Evidence read from commit messages and identities: change-level (co-author trailers, agent
 * footers, Assisted-by, agent identities, aider's author name suffix) and weak, never counted
 * (review-bot suggestion trailers, aider's committer-only suffix, merged agent branch names).
 */
package dev.loopwatch.git.evidence.message;
