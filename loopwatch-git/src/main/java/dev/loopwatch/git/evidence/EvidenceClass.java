package dev.loopwatch.git.evidence;

import static java.util.Objects.requireNonNull;

/**
 * What a piece of evidence says about who wrote the lines, and so whether it counts toward the AI
 * share.
 *
 * <p>Only authorship evidence ({@link #LINE_LEVEL} and {@link #CHANGE_LEVEL}, confidence STRONG or
 * MEDIUM) counts. {@link #REVIEW_SUGGESTION} and {@link #CIRCUMSTANTIAL} evidence is stored with
 * confidence WEAK: it is shown in every table, never counted. The class follows from the detector
 * and the confidence; {@link #of} is the one place that says how.
 */
public enum EvidenceClass {
  /** The tool that wrote the lines recorded which ones (git-ai notes, Agent Trace, sessions). */
  LINE_LEVEL("line-level", true),
  /** The commit says an agent wrote it (co-author trailers, footers, agent identities). */
  CHANGE_LEVEL("change-level", true),
  /**
   * A person committed a code-review bot's suggestion (GitHub's "Commit suggestion" adds the bot as
   * co-author): a few suggested lines, not the change.
   */
  REVIEW_SUGGESTION("review-suggestion", false),
  /** Circumstance, not authorship: an agent's branch name, aider's committer-only marker. */
  CIRCUMSTANTIAL("circumstantial", false);

  /** The detector of review-suggestion evidence. */
  public static final String REVIEW_SUGGESTION_DETECTOR = "review-suggestion";

  private final String label;
  private final boolean countsTowardShare;

  EvidenceClass(String label, boolean countsTowardShare) {
    this.label = label;
    this.countsTowardShare = countsTowardShare;
  }

  /** The name used in JSON, CSV and reports, e.g. {@code review-suggestion}. */
  public String label() {
    return label;
  }

  /** Whether lines credited to evidence of this class count toward the AI share. */
  public boolean countsTowardShare() {
    return countsTowardShare;
  }

  /** The class of evidence found by {@code detector} with {@code confidence}. */
  public static EvidenceClass of(String detector, Confidence confidence) {
    requireNonNull(detector, "detector is null");
    requireNonNull(confidence, "confidence is null");
    if (detector.equals(REVIEW_SUGGESTION_DETECTOR)) {
      return REVIEW_SUGGESTION;
    }
    return switch (confidence) {
      case STRONG -> LINE_LEVEL;
      case MEDIUM -> detector.equals("session-matched") ? LINE_LEVEL : CHANGE_LEVEL;
      case WEAK -> CIRCUMSTANTIAL;
    };
  }
}
