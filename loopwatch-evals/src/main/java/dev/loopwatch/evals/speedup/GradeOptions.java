package dev.loopwatch.evals.speedup;

/**
 * How to grade.
 *
 * @param pairs timed A/B pairs after the warm-up pair; 0 for the task's {@code pairs}
 * @param unsafeNoSandbox grade without the bubblewrap sandbox (the report's first line says so)
 * @param practice use the practice seeds instead of the hidden grading seeds (the agent's score
 *     helper)
 * @param measureReference also time the task's reference solution, for the normalised score
 */
public record GradeOptions(
    int pairs, boolean unsafeNoSandbox, boolean practice, boolean measureReference) {
  public GradeOptions {
    if (pairs < 0 || pairs == 1) {
      throw new IllegalArgumentException("pairs must be 0 (the task's) or at least 2: " + pairs);
    }
  }

  /** The defaults: the task's pairs, sandboxed, hidden seeds, reference timed. */
  public static GradeOptions defaults() {
    return new GradeOptions(0, false, false, true);
  }
}
