package dev.loopwatch.research.run;

/**
 * How many scored submissions each agent has made: the scoring side reports it, the orchestrator
 * stops an agent whose count passes its submissions budget.
 */
public interface SubmissionCounter {
  /** A counter for a run without a scoring server: always zero. */
  SubmissionCounter NONE = agent -> 0;

  /** The submissions {@code agent} has made so far. */
  long submissions(String agent);
}
