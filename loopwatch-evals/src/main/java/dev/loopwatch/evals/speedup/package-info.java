/**
 * The speedup task harness: grades whether a candidate source tree is faster than a baseline
 * without changing its outputs, in a sandbox, with hidden grading seeds, interleaved A/B timing
 * with a bootstrap interval, and named anti-cheat checks. See docs/SPEEDUP.md.
 */
package dev.loopwatch.evals.speedup;
