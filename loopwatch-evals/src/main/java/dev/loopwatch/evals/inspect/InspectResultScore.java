package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One aggregate score of an Inspect log's results ({@code EvalScore} in inspect_ai {@code
 * log/_log.py}).
 *
 * @param name the score's name
 * @param scorer the scorer that produced it
 * @param metrics the metric values by metric name (accuracy, stderr, ...), in the order written
 */
public record InspectResultScore(String name, String scorer, Map<String, Double> metrics) {
  /** Checks the fields and copies the metrics, keeping their order. */
  public InspectResultScore {
    requireNonNull(name, "name is null");
    requireNonNull(scorer, "scorer is null");
    metrics =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
  }
}
