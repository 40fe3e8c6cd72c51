package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A submission the server suspects of probing for labels or of gaming the score, with the evidence
 * that raised it. Flags never block a submission; they are recorded and reported.
 *
 * @param time when the flagged submission arrived
 * @param agent the submitting agent ({@code operator} for final results)
 * @param submission the flagged submission's id
 * @param seed the seed it was for
 * @param evidence why it was flagged
 */
public record ProbeFlag(
    Instant time, String agent, String submission, long seed, Evidence evidence) {
  /** Checks the fields. */
  public ProbeFlag {
    requireNonNull(time, "time is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(submission, "submission is null");
    requireNonNull(evidence, "evidence is null");
  }

  /** The flag's kind, as logged and reported. */
  public String kind() {
    return evidence.kind();
  }

  /** Why a submission was flagged. */
  public sealed interface Evidence {
    /** The kind's stable name. */
    String kind();
  }

  /**
   * The submission differs from an earlier one for the same seed in only a few predictions: the
   * dev-score difference between the two reveals the true labels of the flipped messages.
   *
   * @param earlier the earlier submission's id
   * @param earlierAgent who sent it (the same agent, or another)
   * @param flipped how many predictions differ
   * @param positions the differing positions (at most the first 32)
   */
  public record FewFlips(String earlier, String earlierAgent, int flipped, List<Integer> positions)
      implements Evidence {
    /** Checks the fields. */
    public FewFlips {
      requireNonNull(earlier, "earlier is null");
      requireNonNull(earlierAgent, "earlierAgent is null");
      positions = List.copyOf(requireNonNull(positions, "positions is null"));
    }

    @Override
    public String kind() {
      return "few_flips";
    }
  }

  /**
   * The agent sent several near-duplicate submissions in a short window: the pattern of a search
   * over the dev labels rather than of method changes.
   *
   * @param submissions the near-duplicate submissions in the window, oldest first
   * @param windowSeconds the window's length
   * @param maxDistance the distance under which two submissions count as near-duplicates
   */
  public record NearDuplicateBurst(List<String> submissions, long windowSeconds, int maxDistance)
      implements Evidence {
    /** Checks the fields. */
    public NearDuplicateBurst {
      submissions = List.copyOf(requireNonNull(submissions, "submissions is null"));
    }

    @Override
    public String kind() {
      return "near_duplicate_burst";
    }
  }

  /**
   * Every prediction is the same class: the submission measures the class balance, not a method.
   *
   * @param value the one predicted class
   */
  public record Constant(int value) implements Evidence {
    @Override
    public String kind() {
      return "constant";
    }
  }

  /**
   * Nearly every prediction is the majority class (ham), which scores the class share without
   * detecting anything.
   *
   * @param share the share of predictions that are the majority class
   * @param threshold the share at which the flag is raised
   */
  public record MajorityClass(double share, double threshold) implements Evidence {
    @Override
    public String kind() {
      return "majority_class";
    }
  }
}
