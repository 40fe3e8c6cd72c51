package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One sample of an Inspect log, one epoch of it ({@code EvalSample} in inspect_ai {@code
 * log/_log.py}), reduced to what Loopwatch reads.
 *
 * @param id the sample id (Inspect allows an integer or a string; integers are written in decimal)
 * @param epoch the epoch, from 1
 * @param scores the scores by scorer name, in the order written; empty when the sample was not
 *     scored
 * @param metadata the sample's metadata by key, in the order written
 * @param error the message of the error that ended the sample, when it failed
 */
public record InspectSample(
    String id,
    int epoch,
    Map<String, InspectScore> scores,
    Map<String, JsonNode> metadata,
    Optional<String> error) {
  /** Checks the fields and copies the maps, keeping their order. */
  public InspectSample {
    requireNonNull(id, "id is null");
    requireNonNull(scores, "scores is null");
    requireNonNull(metadata, "metadata is null");
    requireNonNull(error, "error is null");
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    Map<String, JsonNode> copied = new LinkedHashMap<>();
    metadata.forEach((key, value) -> copied.put(key, value.deepCopy()));
    metadata = Collections.unmodifiableMap(copied);
  }

  /** The metadata value under {@code key} (a copy), if present and not null. */
  public Optional<JsonNode> metadata(String key) {
    JsonNode value = metadata.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.deepCopy());
  }
}
