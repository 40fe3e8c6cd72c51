/**
 * The research-judgment evaluation: items (decision points with their context, the human's next
 * step and the outcome), secret redaction, and the statistics of pairwise judging (verdicts in both
 * orders, win rates with session-clustered bootstrap intervals, a length-controlled win rate,
 * Bradley–Terry ratings and judge–human agreement). See docs/JUDGMENT.md.
 */
package dev.loopwatch.evals.judgment;
