/**
 * A capability index fitted from benchmark scores: Epoch AI's Epoch Capabilities Index (ECI).
 *
 * <p>The method follows epoch-research/eci-public ({@code src/eci/fitting.py}, MIT): an item
 * response model per (model, benchmark) score, bounded penalised least squares, a pinned anchor
 * benchmark, a linear rescale to two anchor models, and a per-model bootstrap. It is solved to
 * convergence rather than to scipy's default tolerances; docs/TRENDS.md compares the two.
 */
package dev.loopwatch.trends.index;
