package dev.loopwatch.models.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic Message Batches: many requests in one job at half price, answered within 24 hours.
 * {@code POST {base-url}/v1/messages/batches} with {@code requests[{custom_id, params}]} (params as
 * {@link AnthropicModel} sends them), then {@code GET .../batches/{id}} every poll interval until
 * {@code processing_status} is {@code ended}, then the JSONL at {@code results_url}, matched back
 * by {@code custom_id}. Results: {@code succeeded} is an answer; {@code errored} with an {@code
 * invalid_request_error} is final, other errors, {@code canceled} and {@code expired} are retryable
 * (to send again, individually or in a later batch). Jobs over 100,000 requests are split; the 256
 * MB size limit is not checked here. Latency of each answer is the whole job's.
 */
public final class AnthropicBatch {
  /** The most requests the API takes in one batch. */
  static final int MAX_REQUESTS = 100_000;

  private final ModelSpec spec;
  private final AnthropicModel model;
  private final HttpTransport transport;
  private final Sleeper sleeper;
  private final Duration pollEvery;

  /** A batch client for {@code spec}, polling every {@code pollEvery} through {@code sleeper}. */
  public AnthropicBatch(
      ModelSpec spec, Optional<String> apiKey, Sleeper sleeper, Duration pollEvery) {
    this.spec = requireNonNull(spec, "spec is null");
    this.model = new AnthropicModel(spec, apiKey);
    this.transport = new HttpTransport(spec, apiKey);
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.pollEvery = requireNonNull(pollEvery, "pollEvery is null");
  }

  /**
   * Sends {@code requests} as batches and waits for them; returns one outcome per request, in
   * order. A failure of the batch job itself (creating or polling it) is thrown.
   */
  public List<Outcome> complete(List<Request> requests) {
    List<Outcome> outcomes = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += MAX_REQUESTS) {
      outcomes.addAll(job(requests.subList(from, Math.min(requests.size(), from + MAX_REQUESTS))));
    }
    return List.copyOf(outcomes);
  }

  private List<Outcome> job(List<Request> requests) {
    long start = System.nanoTime();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = body.putArray("requests");
    for (int i = 0; i < requests.size(); i++) {
      ObjectNode entry = entries.addObject().put("custom_id", "r" + i);
      entry.set("params", AnthropicModel.body(spec.model(), requests.get(i)));
    }
    JsonNode batch =
        transport.post("/v1/messages/batches", body, model.headers(), (s, e) -> false).body();
    String id = batch.path("id").asText("");
    if (id.isEmpty()) {
      throw new ModelException(
          spec.name(), new ModelError.Rejected(0, "batch answer has no id: " + batch));
    }
    while (!"ended".equals(batch.path("processing_status").asText())) {
      sleeper.sleep(pollEvery);
      batch =
          transport
              .getJson(transport.resolve("/v1/messages/batches/" + id), model.headers())
              .body();
    }
    String resultsUrl = batch.path("results_url").asText("");
    if (resultsUrl.isEmpty()) {
      throw new ModelException(
          spec.name(), new ModelError.Rejected(0, "batch " + id + " ended without a results_url"));
    }
    String results = transport.getText(URI.create(resultsUrl), model.headers());
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    Outcome[] outcomes = new Outcome[requests.size()];
    for (String line : results.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode result;
      try {
        result = CanonicalRequest.mapper().readTree(line);
      } catch (JacksonException e) {
        throw new ModelException(
            spec.name(),
            new ModelError.Retryable(
                0, "batch " + id + " results are not JSONL", Optional.empty()));
      }
      int index = index(result.path("custom_id").asText(""), requests.size());
      if (index >= 0) {
        outcomes[index] = outcome(result.path("result"), id, latency);
      }
    }
    List<Outcome> ordered = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      ordered.add(
          outcome != null
              ? outcome
              : failed(
                  new ModelError.Retryable(0, "batch " + id + " has no result", Optional.empty())));
    }
    return ordered;
  }

  private Outcome outcome(JsonNode result, String id, Duration latency) {
    String type = result.path("type").asText("");
    return switch (type) {
      case "succeeded" ->
          new Outcome.Answered(
              AnthropicModel.response(
                  result.path("message"), spec.model(), latency, Optional.empty()));
      case "errored" -> {
        JsonNode error = result.path("error").path("error");
        String errorType = error.path("type").asText(result.path("error").path("type").asText(""));
        String message = "batch " + id + ": " + errorType + ": " + error.path("message").asText("");
        yield failed(
            errorType.equals("invalid_request_error")
                ? new ModelError.Rejected(400, message)
                : new ModelError.Retryable(0, message, Optional.empty()));
      }
      default ->
          failed(
              new ModelError.Retryable(
                  0,
                  "batch " + id + ": request " + (type.isEmpty() ? "unanswered" : type),
                  Optional.empty()));
    };
  }

  private Outcome failed(ModelError error) {
    return new Outcome.Failed(new ModelException(spec.name(), error));
  }

  private static int index(String customId, int size) {
    if (!customId.startsWith("r")) {
      return -1;
    }
    try {
      int index = Integer.parseInt(customId.substring(1));
      return index < size ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The request headers of this client, for tests. */
  Map<String, String> headers() {
    return model.headers();
  }
}
