package dev.loopwatch.trends.breakpoint;

/**
 * The single line against the broken line.
 *
 * @param singleCvError the single line's leave-one-out mean squared prediction error
 * @param brokenCvError the broken line's, its breakpoint re-searched in every fold when searched
 * @param singleBic the single line's BIC, {@code n ln(SSE/n) + k ln n} with k = 2
 * @param brokenBic the broken line's BIC; k = 3 (continuous) or 4, plus 1 for a searched breakpoint
 */
public record ModelComparison(
    double singleCvError, double brokenCvError, double singleBic, double brokenBic) {
  /** Whether the broken line has both the lower cross-validated error and the lower BIC. */
  public boolean brokenWins() {
    return brokenCvError < singleCvError && brokenBic < singleBic;
  }
}
