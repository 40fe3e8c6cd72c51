package dev.loopwatch.retro.review;

/**
 * A reviewer of one change: an external command, a static analyzer, or a language model (wired in
 * loopwatch-app, so this module never depends on model providers).
 *
 * <p>Implementations must not throw for the reviewer's own failures (crash, hang, invalid output):
 * they return {@link ReviewOutcome.Failed} so the retrospective records a reviewer error instead of
 * a miss.
 */
public interface Reviewer {
  /** The name used in reports and the store, e.g. {@code pmd} or the command's first word. */
  String name();

  /** Reviews one change. */
  ReviewOutcome review(ReviewRequest request);
}
