package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

/**
 * One named anti-cheat check of a grading, with its verdict and a one-line reason.
 *
 * @param name the check's name, e.g. {@code outputs_match_hidden}
 * @param verdict the verdict
 * @param reason why, in one line
 */
public record Check(String name, Verdict verdict, String reason) {
  public Check {
    requireNonNull(name, "name is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
  }

  /** A check's verdict. */
  public enum Verdict {
    /** The check passed. */
    PASS,
    /** The check failed: the candidate is rejected. */
    FAIL,
    /** Suspicious: the candidate needs a human review and is not accepted. */
    FLAG,
    /** Not run because an earlier stage failed. */
    SKIPPED,
    /**
     * A hint for reviewers (e.g. {@code diff_scan_hint}): shown in every report, never passes or
     * fails a grading by itself.
     */
    HINT;

    /** The lower-case label used in reports. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static Check pass(String name, String reason) {
    return new Check(name, Verdict.PASS, reason);
  }

  static Check fail(String name, String reason) {
    return new Check(name, Verdict.FAIL, reason);
  }

  static Check flag(String name, String reason) {
    return new Check(name, Verdict.FLAG, reason);
  }

  static Check hint(String name, String reason) {
    return new Check(name, Verdict.HINT, reason);
  }

  static Check skipped(String name, String reason) {
    return new Check(name, Verdict.SKIPPED, reason);
  }
}
