package dev.loopwatch.trends.horizon;

/**
 * A percentile confidence interval from bootstrap samples.
 *
 * @param low the lower percentile
 * @param high the upper percentile
 * @param samples how many bootstrap samples gave a value
 */
public record Interval(double low, double high, int samples) {}
