package dev.loopwatch.evals.judgment;

/** What a judge picked when shown two proposals in one order, by position. */
public enum Pick {
  /** The proposal shown first. */
  FIRST,
  /** The proposal shown second. */
  SECOND,
  /** Neither. */
  TIE
}
