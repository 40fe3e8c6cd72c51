package dev.loopwatch.app.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.judgment.Comparison;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.Pick;
import dev.loopwatch.evals.judgment.Prompts;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.stack.ResponseCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one candidate against the human on every item: the candidate's proposals first (context
 * only), then the judge on each proposed item in both orders (the candidate's proposal as A, then
 * as B), at most {@code parallelism} calls in flight. Requests are deterministic (temperature 0,
 * the run's seed), so a second run of the same items is served from the response cache.
 */
final class JudgmentRunner {
  private JudgmentRunner() {}

  /** What became of one item for one candidate. */
  enum Status {
    /** Judged in both orders. */
    JUDGED("judged"),
    /** The candidate's call failed for good. */
    CANDIDATE_ERROR("candidate_error"),
    /** A judge call failed for good, or its answer had no verdict line. */
    JUDGE_ERROR("judge_error"),
    /** The budget refused a call before it was sent. */
    STOPPED_BY_BUDGET("stopped_by_budget");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    /** The id used in files. */
    String id() {
      return id;
    }
  }

  /**
   * One item's record for one candidate.
   *
   * @param item the item as sent (redacted)
   * @param status what became of it
   * @param proposal the candidate's proposal, when it answered
   * @param comparison the verdicts in both orders, when judged
   * @param judgeAnswers the judge's answers (candidate first, then second) that came back
   * @param error why it was not judged, when it was not
   */
  record Sample(
      Item item,
      Status status,
      Optional<String> proposal,
      Optional<Comparison> comparison,
      List<String> judgeAnswers,
      Optional<String> error) {
    Sample {
      requireNonNull(item, "item is null");
      requireNonNull(status, "status is null");
      requireNonNull(proposal, "proposal is null");
      requireNonNull(comparison, "comparison is null");
      judgeAnswers = List.copyOf(judgeAnswers);
      requireNonNull(error, "error is null");
    }
  }

  /** The candidate's request for {@code item}. */
  static Request candidateRequest(Item item, long seed) {
    return Request.of(
            Prompts.CANDIDATE_SYSTEM, Prompts.candidate(item), Prompts.CANDIDATE_MAX_TOKENS)
        .withTemperature(0)
        .withSeed(seed);
  }

  /** The judge's request for {@code item} with proposal {@code a} as A and {@code b} as B. */
  static Request judgeRequest(Item item, String a, String b, long seed) {
    return Request.of(Prompts.JUDGE_SYSTEM, Prompts.judge(item, a, b), Prompts.JUDGE_MAX_TOKENS)
        .withTemperature(0)
        .withSeed(seed);
  }

  /**
   * Runs {@code candidate} (its name {@code name}) on {@code items} with {@code judge}, each
   * sending its requests one call each or as a batch; returns one sample per item, in item order. A
   * provider that rejects every call (a bad key, an unknown model) is a user-input error; one that
   * fails every call after retries is an external error.
   */
  static List<Sample> run(
      String name,
      Sender candidate,
      Sender judge,
      List<Item> items,
      long seed,
      Optional<ResponseCache> cache) {
    List<Request> proposalsAsked = items.stream().map(i -> candidateRequest(i, seed)).toList();
    prefetch(cache, candidate.spec(), proposalsAsked);
    List<Outcome> proposals = candidate.send(proposalsAsked);
    requireSomeAnswer(proposals);
    List<Request> judgeAsked = new ArrayList<>();
    List<Integer> judgedItems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (proposals.get(i) instanceof Outcome.Answered answered) {
        Item item = items.get(i);
        String proposal = answered.response().content();
        judgeAsked.add(judgeRequest(item, proposal, item.humanNextStep(), seed));
        judgeAsked.add(judgeRequest(item, item.humanNextStep(), proposal, seed));
        judgedItems.add(i);
      }
    }
    prefetch(cache, judge.spec(), judgeAsked);
    List<Outcome> verdicts = judge.send(judgeAsked);
    requireSomeAnswer(verdicts);
    Sample[] samples = new Sample[items.size()];
    for (int k = 0; k < judgedItems.size(); k++) {
      int i = judgedItems.get(k);
      Item item = items.get(i);
      String proposal = ((Outcome.Answered) proposals.get(i)).response().content();
      samples[i] = judged(name, item, proposal, verdicts.get(2 * k), verdicts.get(2 * k + 1));
    }
    for (int i = 0; i < items.size(); i++) {
      if (samples[i] == null && proposals.get(i) instanceof Outcome.Failed failed) {
        samples[i] =
            new Sample(
                items.get(i),
                budget(failed) ? Status.STOPPED_BY_BUDGET : Status.CANDIDATE_ERROR,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.of(failed.failure().getMessage()));
      }
    }
    return List.of(samples);
  }

  /** Reads the cached answers of {@code requests} in a few queries instead of one per call. */
  private static void prefetch(
      Optional<ResponseCache> cache, ModelSpec spec, List<Request> requests) {
    if (cache.isPresent() && spec.cache()) {
      cache
          .get()
          .prefetch(
              requests.stream().map(r -> CanonicalRequest.cacheKey(spec, r)).toList(),
              spec.cacheExpiry(),
              Instant.now());
    }
  }

  private static Sample judged(
      String name, Item item, String proposal, Outcome first, Outcome second) {
    List<String> answers = new ArrayList<>();
    Optional<Pick> candidateFirst = pick(first, answers);
    Optional<Pick> candidateSecond = pick(second, answers);
    if (candidateFirst.isPresent() && candidateSecond.isPresent()) {
      return new Sample(
          item,
          Status.JUDGED,
          Optional.of(proposal),
          Optional.of(
              new Comparison(
                  item.id(),
                  item.sessionId(),
                  name,
                  candidateFirst.get(),
                  candidateSecond.get(),
                  proposal.length(),
                  item.humanNextStep().length())),
          answers,
          Optional.empty());
    }
    boolean budget =
        (first instanceof Outcome.Failed f1 && budget(f1))
            || (second instanceof Outcome.Failed f2 && budget(f2));
    String error =
        failure(first)
            .or(() -> failure(second))
            .orElse("the judge's answer has no verdict line (VERDICT: A, B or TIE)");
    return new Sample(
        item,
        budget ? Status.STOPPED_BY_BUDGET : Status.JUDGE_ERROR,
        Optional.of(proposal),
        Optional.empty(),
        answers,
        Optional.of(error));
  }

  private static Optional<Pick> pick(Outcome outcome, List<String> answers) {
    return switch (outcome) {
      case Outcome.Answered answered -> {
        Response response = answered.response();
        answers.add(response.content());
        yield Prompts.parseVerdict(response.content());
      }
      case Outcome.Failed failed -> Optional.empty();
    };
  }

  private static Optional<String> failure(Outcome outcome) {
    return outcome instanceof Outcome.Failed failed
        ? Optional.of(failed.failure().getMessage())
        : Optional.empty();
  }

  private static boolean budget(Outcome.Failed failed) {
    return failed.failure().error() instanceof ModelError.OverBudget;
  }

  /**
   * Fails the run when no call was answered and at least one failed for a reason other than the
   * budget: every call rejected is the user's input (exit 2), every call failing is external (3).
   */
  private static void requireSomeAnswer(List<Outcome> outcomes) {
    Optional<ModelException> failure = Optional.empty();
    for (Outcome outcome : outcomes) {
      switch (outcome) {
        case Outcome.Answered answered -> {
          return;
        }
        case Outcome.Failed failed -> {
          if (!(failed.failure().error() instanceof ModelError.OverBudget)) {
            failure = failure.or(() -> Optional.of(failed.failure()));
          }
        }
      }
    }
    if (failure.isPresent()) {
      ModelException e = failure.get();
      throw switch (e.error()) {
        case ModelError.Rejected rejected ->
            rejectedByUser(rejected.status())
                ? LoopwatchException.userInput(e.getMessage())
                : LoopwatchException.external(e.getMessage(), e);
        case ModelError.Retryable retryable ->
            LoopwatchException.external(e.getMessage() + " (every call failed)", e);
        case ModelError.OverBudget over -> new IllegalStateException("unreachable", e);
      };
    }
  }

  private static boolean rejectedByUser(int status) {
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 413;
  }
}
