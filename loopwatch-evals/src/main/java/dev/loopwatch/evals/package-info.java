/**
 * Evaluation harnesses: the speedup task, which grades whether a candidate makes a program faster
 * without changing its outputs, and the built-in tasks to run it on.
 */
package dev.loopwatch.evals;
