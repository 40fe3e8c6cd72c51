package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * A result to score on the sealed final split: an agent's predictions for every seed of the task,
 * as posted with the result (the orchestrator passes them to {@code finalize}).
 *
 * @param agent the agent that posted the result
 * @param result the result's id (a forum post id); each is scored once
 * @param snapshot the snapshot commit the result pins
 * @param predictions predictions for each seed's whole test split, in submission order
 */
public record FinalResult(
    String agent, String result, String snapshot, Map<Long, int[]> predictions) {
  /** Checks the fields and copies the map into seed order. */
  public FinalResult {
    requireNonNull(agent, "agent is null");
    requireNonNull(result, "result is null");
    requireNonNull(snapshot, "snapshot is null");
    predictions = new TreeMap<>(requireNonNull(predictions, "predictions is null"));
  }
}
