package dev.loopwatch.app.trends;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.inspect.InspectLog;
import dev.loopwatch.evals.inspect.InspectSample;
import dev.loopwatch.evals.inspect.InspectScore;
import dev.loopwatch.trends.horizon.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Turns the samples of an Inspect log into horizon runs: one run per sample and epoch.
 *
 * <ul>
 *   <li>agent: {@code eval.model} (e.g. {@code openai/gpt-4o}), the key of the release dates;
 *   <li>task: {@code <eval.task>/<sample id>}; its family the sample's {@code task_family} metadata
 *       when it has one, else the task itself; its source {@code eval.task}, so {@code
 *       --exclude-source} drops a whole Inspect task;
 *   <li>task length: the sample's metadata value under the minutes key ({@code human_minutes} by
 *       default), a positive number or numeric string; a sample without it is an error naming the
 *       file, the sample and the key, since leaving it out would silently bias the fit towards the
 *       tasks that have one;
 *   <li>score: the chosen scorer's value as Inspect's {@code value_to_float} reads it ({@code C} 1,
 *       {@code I} 0, {@code P} 0.5, numbers, booleans); a success when at or above the threshold,
 *       or the value itself, in [0, 1], for a continuous fit. The scorer is the one named, or the
 *       log's only scorer; a log with several needs a name.
 * </ul>
 *
 * <p>A sample that ended in an error without a score from the scorer is skipped and counted (it
 * says nothing about the agent's success on the task); a score that is no number is an error.
 */
final class InspectRuns {
  private InspectRuns() {}

  /**
   * How to read the runs.
   *
   * @param minutesKey the metadata key holding the task's human time in minutes
   * @param scorer the scorer to read, when named
   * @param threshold the lowest score that counts as a success
   * @param continuous whether to keep the score as it is (in [0, 1]) instead of thresholding it
   */
  record Options(String minutesKey, Optional<String> scorer, double threshold, boolean continuous) {
    Options {
      requireNonNull(minutesKey, "minutesKey is null");
      requireNonNull(scorer, "scorer is null");
    }
  }

  /**
   * The runs of one log.
   *
   * @param runs the runs, in the log's sample order
   * @param skipped samples skipped because they ended in an error without a score
   */
  record Result(List<Run> runs, int skipped) {
    Result {
      runs = List.copyOf(requireNonNull(runs, "runs is null"));
    }
  }

  /** The runs of {@code log}. */
  static Result of(InspectLog log, Options options) {
    String scorer = scorer(log, options.scorer());
    List<Run> runs = new ArrayList<>();
    int skipped = 0;
    for (InspectSample sample : log.samples()) {
      InspectScore score = sample.scores().get(scorer);
      String where = log.file() + ": sample " + sample.id() + " (epoch " + sample.epoch() + ")";
      if (score == null) {
        if (sample.error().isPresent()) {
          skipped++;
          continue;
        }
        throw LoopwatchException.userInput(
            where + " has no score from scorer '" + scorer + "' and no error");
      }
      OptionalDouble number = score.number();
      if (number.isEmpty() || !Double.isFinite(number.getAsDouble())) {
        throw LoopwatchException.userInput(
            where + ": the " + scorer + " score " + score.value() + " is not a number");
      }
      double value = number.getAsDouble();
      double fitted;
      if (options.continuous()) {
        if (value < 0 || value > 1) {
          throw LoopwatchException.userInput(
              where
                  + ": the "
                  + scorer
                  + " score "
                  + value
                  + " lies outside [0, 1], which a continuous fit needs");
        }
        fitted = value;
      } else {
        fitted = value >= options.threshold() ? 1 : 0;
      }
      double minutes = minutes(sample, options.minutesKey(), where);
      String task = log.task() + "/" + sample.id();
      String family =
          sample
              .metadata("task_family")
              .filter(JsonNode::isTextual)
              .map(JsonNode::textValue)
              .orElse(task);
      runs.add(
          new Run(
              log.model(),
              task,
              family,
              Optional.of(log.task()),
              minutes,
              fitted,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty()));
    }
    return new Result(runs, skipped);
  }

  private static String scorer(InspectLog log, Optional<String> named) {
    TreeSet<String> names = new TreeSet<>();
    log.samples().forEach(s -> names.addAll(s.scores().keySet()));
    if (named.isPresent()) {
      if (!names.isEmpty() && !names.contains(named.get())) {
        throw LoopwatchException.userInput(
            log.file()
                + " has no scorer '"
                + named.get()
                + "'; its scorers: "
                + String.join(", ", names));
      }
      return named.get();
    }
    if (names.size() > 1) {
      throw LoopwatchException.userInput(
          log.file()
              + " has several scorers ("
              + String.join(", ", names)
              + "); choose one with --scorer");
    }
    if (names.isEmpty()) {
      throw LoopwatchException.userInput(log.file() + " has no scored samples");
    }
    return names.first();
  }

  private static double minutes(InspectSample sample, String key, String where) {
    Optional<JsonNode> value = sample.metadata(key);
    if (value.isEmpty()) {
      throw LoopwatchException.userInput(
          where
              + " has no metadata."
              + key
              + " (the task's human time in minutes; --minutes-field names another key)");
    }
    JsonNode node = value.get();
    double minutes = Double.NaN;
    if (node.isNumber()) {
      minutes = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        minutes = Double.parseDouble(node.textValue().strip());
      } catch (NumberFormatException e) {
        minutes = Double.NaN;
      }
    }
    if (!(minutes > 0) || Double.isInfinite(minutes)) {
      throw LoopwatchException.userInput(
          where + ": metadata." + key + " must be a positive number of minutes, got " + node);
    }
    return minutes;
  }
}
