/**
 * Trend breaks in a dated series: OLS lines, piecewise-linear fits with a fixed or searched
 * breakpoint, the slope ratio with a bootstrap interval, a single-versus-broken model comparison
 * and projections of when the trend reaches a target.
 *
 * <p>The continuous fit follows Epoch AI's benchmark-stitching ({@code
 * analysis/software_singularity.py}, {@code fit_two_segments_fixed_breakpoint}): the right segment
 * is forced to meet the left one at the breakpoint.
 */
package dev.loopwatch.trends.breakpoint;
