package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import java.util.Optional;

/**
 * The judged (meaning) catch rule: a judge scores whether a finding identifies the bug the fix
 * repaired, 0 to 3; a score of {@value #CAUGHT_AT} or more catches it (the d0cd/bugbench scale).
 * {@link CommandJudge} runs a command; a language-model judge lives outside this module, behind
 * this interface, so the git miner never depends on model providers.
 *
 * <p>Implementations must not throw for the judge's own failures: they answer {@link
 * Verdict.Failed}, reported as a judge error and never as "not caught".
 */
public interface Judge {
  /** The lowest score that counts as caught. */
  int CAUGHT_AT = 2;

  /** Scores one finding against the fix's diff and the incident's summary. */
  Verdict judge(Finding finding, String fixDiff, String incidentSummary);

  /** What the judge's model calls used so far; empty for a judge that calls no model. */
  default Optional<ModelCalls> modelCalls() {
    return Optional.empty();
  }

  /** A judge's answer for one finding. */
  sealed interface Verdict {
    /**
     * The judge scored the finding.
     *
     * @param score 0 (unrelated) to 3 (identifies the bug and its impact)
     * @param reason the judge's one-line reason
     */
    record Scored(int score, String reason) implements Verdict {
      /** Checks the score is 0 to 3. */
      public Scored {
        requireNonNull(reason, "reason is null");
        if (score < 0 || score > 3) {
          throw new IllegalArgumentException("score must be 0 to 3, got " + score);
        }
      }

      /** Whether the score reaches {@value Judge#CAUGHT_AT}. */
      public boolean caught() {
        return score >= CAUGHT_AT;
      }
    }

    /**
     * The judge failed on this finding.
     *
     * @param reason one line saying how
     */
    record Failed(String reason) implements Verdict {
      /** Checks the reason is present. */
      public Failed {
        requireNonNull(reason, "reason is null");
      }
    }

    /**
     * A model budget ran out before the finding could be judged ({@code stopped_by_budget}):
     * neither a judge error nor a miss; the review leaves the judged rate's denominator.
     *
     * @param reason one line naming the limit
     */
    record StoppedByBudget(String reason) implements Verdict {
      /** Checks the reason is present. */
      public StoppedByBudget {
        requireNonNull(reason, "reason is null");
      }
    }
  }
}
