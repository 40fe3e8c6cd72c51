/**
 * Review-time reconstruction and pluggable reviewers for the review retrospective: what a reviewer
 * would have seen when a bug-introducing change was proposed, and what it said.
 *
 * <p>A {@link dev.loopwatch.retro.review.Reviewer} receives a {@link
 * dev.loopwatch.retro.review.ReviewRequest} (a checkout of the change's parent with the change
 * applied and nothing later visible, plus the change's diff) and answers with a {@link
 * dev.loopwatch.retro.review.ReviewOutcome}: findings, or an error that is recorded as such and
 * never counted as "not caught".
 *
 * <p>{@link dev.loopwatch.retro.review.CommandReviewer} turns any command into a reviewer through a
 * small JSON contract on stdin, stdout and the environment; {@link
 * dev.loopwatch.retro.review.ShellCommand} runs such commands with a deadline and kills their
 * process tree when it passes.
 */
package dev.loopwatch.retro.review;
