package dev.loopwatch.research.task;

/**
 * How each seed splits the messages: a test share (held by the scoring server only, cut into a dev
 * part agents may score against and a sealed final part), a small labelled set for the weak
 * teacher, and the rest unlabelled for the student.
 *
 * @param testFraction the share of messages in the test split
 * @param devFraction the share of the test split that is the dev part; the rest is sealed
 * @param trainLabel how many labelled messages the weak teacher is trained on
 */
public record SplitSpec(double testFraction, double devFraction, int trainLabel) {
  /** Checks the fields. */
  public SplitSpec {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1)");
    }
    if (!(devFraction > 0 && devFraction < 1)) {
      throw new IllegalArgumentException("devFraction must be in (0, 1)");
    }
    if (trainLabel < 2) {
      throw new IllegalArgumentException("trainLabel must be at least 2");
    }
  }
}
