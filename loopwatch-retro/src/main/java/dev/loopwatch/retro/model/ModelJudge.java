package dev.loopwatch.retro.model;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.retro.Judge;
import dev.loopwatch.retro.model.ModelAnswers.Read;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import java.util.Locale;
import java.util.Optional;

/**
 * A language model as the retro's judge ({@code --judge model:NAME}), with the command judge's
 * scale and rule: it scores each finding 0 to 3 against the incident summary and the fix's diff
 * (prompt {@value #VERSION}, quoted in docs/RETRO.md) and must answer {@code {"score", "reason"}}
 * as strict JSON. An unreadable answer or a failed call is a judge error; a call the budget refuses
 * stops judging for the rest of the run ({@link Judge.Verdict.StoppedByBudget}).
 */
public final class ModelJudge implements Judge {
  /** The prompt's version; changing the text means a new version. */
  static final String VERSION = "retro-judge/1";

  /** The most estimated input tokens per verdict; the fix's diff is cut to fit. */
  static final int INPUT_TOKENS = 16_000;

  /** The most output tokens per verdict. */
  static final int OUTPUT_TOKENS = 512;

  static final String SYSTEM =
      """
      You judge whether a code review finding identified the bug that a later fix repaired \
      (prompt %s). Score it from 0 to 3:
      0 - the finding is unrelated to the bug;
      1 - it points near the bug but does not identify it;
      2 - it identifies the bug;
      3 - it identifies the bug and its impact.
      Answer with one JSON object and nothing else, in exactly this form:
      {"score": 2, "reason": "one sentence"}
      """
          .formatted(VERSION);

  private final Model model;
  private final ModelRetro run;
  private ModelCalls spent = ModelCalls.NONE;

  ModelJudge(Model model, ModelRetro run) {
    this.model = requireNonNull(model, "model is null");
    this.run = requireNonNull(run, "run is null");
  }

  /** The request judging {@code finding}: temperature 0, {@value #OUTPUT_TOKENS} tokens. */
  public static Request request(Finding finding, String fixDiff, String incidentSummary) {
    String head =
        String.format(
            Locale.ROOT,
            "The incident: %s%n%nThe finding (%s, lines %d-%d, severity %s):%n%s%n%n"
                + "The fix (unified diff):%n%n",
            incidentSummary,
            finding.file(),
            finding.startLine(),
            finding.endLine(),
            finding.severity().isEmpty() ? "none" : finding.severity(),
            finding.message());
    long budget = (long) INPUT_TOKENS * 3 - SYSTEM.length() - head.length() - 100;
    String diff = fixDiff;
    if (diff.length() > budget) {
      int cut = diff.lastIndexOf('\n', (int) Math.max(0, budget));
      cut = cut < 0 ? (int) Math.max(0, budget) : cut + 1;
      long more = diff.substring(cut).lines().count();
      diff = diff.substring(0, cut) + "[diff cut for the token budget: " + more + " more lines]\n";
    }
    return Request.of(SYSTEM, head + diff, OUTPUT_TOKENS).withTemperature(0);
  }

  @Override
  public Verdict judge(Finding finding, String fixDiff, String incidentSummary) {
    Optional<String> stopped = run.stopped();
    if (stopped.isPresent()) {
      return new Verdict.StoppedByBudget(stopped.get());
    }
    Response response;
    try {
      response = model.complete(request(finding, fixDiff, incidentSummary));
    } catch (ModelException e) {
      if (e.error() instanceof ModelError.OverBudget over) {
        run.stop(over.message());
        return new Verdict.StoppedByBudget(over.message());
      }
      ModelRetro.requireUsable(e);
      return new Verdict.Failed("judge " + e.getMessage());
    }
    ModelCalls calls = run.calls(model.spec(), response);
    synchronized (this) {
      spent = spent.plus(calls);
    }
    return switch (ModelAnswers.score(response.content())) {
      case Read.Value<ModelAnswers.Score> value ->
          new Verdict.Scored(value.value().score(), value.value().reason());
      case Read.Error<ModelAnswers.Score> error ->
          new Verdict.Failed(
              "judge " + ModelReviewer.cut(response, OUTPUT_TOKENS) + error.reason());
    };
  }

  @Override
  public synchronized Optional<ModelCalls> modelCalls() {
    return Optional.of(spent);
  }
}
