package dev.loopwatch.app.judgment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.loopwatch.evals.judgment.Agreement;
import dev.loopwatch.evals.judgment.BradleyTerry;
import dev.loopwatch.evals.judgment.Comparison;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.WinRate;
import dev.loopwatch.models.stack.SpendSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of {@code judgment run}, as printed with {@code --json} and stored.
 *
 * @param runId the run's id in the store (a UUID)
 * @param runAt when the run started
 * @param itemsFile the items file
 * @param items items in it
 * @param sessions distinct sessions among them
 * @param redactions secrets redacted before sending
 * @param redactionsByKind those per kind, sorted
 * @param judge the judge's name
 * @param judgeModel the judge's model id
 * @param promptVersion the version of the prompts and verdict format
 * @param seed the requests' and the bootstrap's seed
 * @param bootstrap bootstrap resamples
 * @param stoppedByBudget whether the budget stopped any call (the run keeps what was done)
 * @param candidates one record per candidate, in command-line order
 * @param bradleyTerry ratings of the candidates and the human, when two or more candidates ran
 */
record RunReport(
    String runId,
    Instant runAt,
    String itemsFile,
    int items,
    long sessions,
    int redactions,
    Map<String, Integer> redactionsByKind,
    String judge,
    String judgeModel,
    String promptVersion,
    long seed,
    int bootstrap,
    boolean stoppedByBudget,
    List<Candidate> candidates,
    List<BradleyTerry.Rating> bradleyTerry) {

  RunReport {
    requireNonNull(runId, "runId is null");
    candidates = List.copyOf(candidates);
    bradleyTerry = List.copyOf(bradleyTerry);
  }

  /**
   * One candidate's record against the human.
   *
   * @param name the candidate's name ({@code [models.NAME]})
   * @param model its model id
   * @param judged items judged in both orders
   * @param wins items the candidate won in both orders
   * @param ties ties, including verdicts that flipped with the order
   * @param losses items the human won in both orders
   * @param winRate (wins + ties/2) / judged, empty when nothing was judged
   * @param winRateLow the lower end of its 95% session-bootstrap interval
   * @param winRateHigh the upper end
   * @param tieRate ties / judged
   * @param orderConsistency share of judged items where the judge's pick did not flip
   * @param lengthControlled the length-controlled win rate
   * @param lengthControlledLow the lower end of its interval
   * @param lengthControlledHigh the upper end
   * @param judgeErrors items whose judge call failed or had no verdict line (never counted as a win
   *     or loss)
   * @param candidateErrors items whose candidate call failed
   * @param stoppedByBudget items not finished because the budget refused a call
   * @param agreement judge–human agreement on labelled items, when any
   * @param kappa Cohen's kappa of that agreement, when defined
   * @param labelledItems judged items with a human label for this candidate
   * @param candidateSpend the candidate's calls
   * @param judgeSpend the judge's calls for this candidate
   * @param costUsd known cost of both
   * @param cacheHits cache hits of both
   * @param costAvoidedUsd what those hits would have cost
   * @param samples the per-item records (left out of the JSON)
   */
  record Candidate(
      String name,
      String model,
      int judged,
      int wins,
      int ties,
      int losses,
      OptionalDouble winRate,
      OptionalDouble winRateLow,
      OptionalDouble winRateHigh,
      OptionalDouble tieRate,
      OptionalDouble orderConsistency,
      OptionalDouble lengthControlled,
      OptionalDouble lengthControlledLow,
      OptionalDouble lengthControlledHigh,
      int judgeErrors,
      int candidateErrors,
      int stoppedByBudget,
      OptionalDouble agreement,
      OptionalDouble kappa,
      int labelledItems,
      SpendSummary candidateSpend,
      SpendSummary judgeSpend,
      double costUsd,
      long cacheHits,
      double costAvoidedUsd,
      @JsonIgnore List<JudgmentRunner.Sample> samples) {

    Candidate {
      requireNonNull(name, "name is null");
      samples = List.copyOf(samples);
    }

    /** The comparisons of the judged items, in item order. */
    List<Comparison> comparisons() {
      List<Comparison> comparisons = new ArrayList<>();
      for (JudgmentRunner.Sample sample : samples) {
        sample.comparison().ifPresent(comparisons::add);
      }
      return comparisons;
    }

    /** Computes the record from the samples of one candidate. */
    static Candidate of(
        String name,
        String model,
        List<JudgmentRunner.Sample> samples,
        SpendSummary candidateSpend,
        SpendSummary judgeSpend,
        int resamples,
        long seed) {
      int judgeErrors = 0;
      int candidateErrors = 0;
      int budget = 0;
      List<Comparison> comparisons = new ArrayList<>();
      List<Agreement.Pair> pairs = new ArrayList<>();
      for (JudgmentRunner.Sample sample : samples) {
        switch (sample.status()) {
          case JUDGED -> {
            Comparison comparison = sample.comparison().orElseThrow();
            comparisons.add(comparison);
            for (Item.Label label : sample.item().labels()) {
              if (label.candidate().equals(name)) {
                pairs.add(new Agreement.Pair(comparison.verdict(), label.preferred()));
              }
            }
          }
          case JUDGE_ERROR -> judgeErrors++;
          case CANDIDATE_ERROR -> candidateErrors++;
          case STOPPED_BY_BUDGET -> budget++;
        }
      }
      Optional<WinRate> rate =
          comparisons.isEmpty()
              ? Optional.empty()
              : Optional.of(WinRate.of(comparisons, 0.95, resamples, seed));
      Optional<Agreement> agreement =
          pairs.isEmpty() ? Optional.empty() : Optional.of(Agreement.of(pairs, 0.95));
      return new Candidate(
          name,
          model,
          comparisons.size(),
          rate.map(WinRate::wins).orElse(0),
          rate.map(WinRate::ties).orElse(0),
          rate.map(WinRate::losses).orElse(0),
          value(rate.map(r -> r.winRate().estimate())),
          value(rate.map(r -> r.winRate().low())),
          value(rate.map(r -> r.winRate().high())),
          value(rate.map(WinRate::tieRate)),
          value(rate.map(WinRate::orderConsistency)),
          value(rate.map(r -> r.lengthControlled().estimate())),
          value(rate.map(r -> r.lengthControlled().low())),
          value(rate.map(r -> r.lengthControlled().high())),
          judgeErrors,
          candidateErrors,
          budget,
          value(agreement.map(a -> a.agreement().estimate())),
          agreement.map(Agreement::kappa).orElse(OptionalDouble.empty()),
          pairs.size(),
          candidateSpend,
          judgeSpend,
          candidateSpend.costUsd() + judgeSpend.costUsd(),
          candidateSpend.cacheHits() + judgeSpend.cacheHits(),
          candidateSpend.costAvoidedUsd() + judgeSpend.costAvoidedUsd(),
          samples);
    }

    private static OptionalDouble value(Optional<Double> value) {
      return value.filter(v -> !v.isNaN()).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
  }
}
