/**
 * A research run: the orchestrator that starts sandboxed agents with their directions, restarts
 * crashed ones, stops them at their budgets, and records every status in the run folder's {@code
 * run.json}.
 */
package dev.loopwatch.research.run;
