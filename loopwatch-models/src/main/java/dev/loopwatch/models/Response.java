package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A model's answer.
 *
 * @param content the text of the answer (text blocks joined)
 * @param toolCalls the tool calls asked for, in order
 * @param stopReason why the model stopped, as the provider said it ({@code end_turn}, {@code stop},
 *     {@code max_tokens}, {@code length}, {@code tool_use}, ...)
 * @param model the model id the provider answered with
 * @param usage the tokens billed; empty when the provider did not say (unknown, never 0)
 * @param latency the time from sending the request to reading the whole answer; for a cache hit,
 *     the latency of the original call
 * @param requestId the provider's id of the request, when it gave one
 * @param fromCache whether this answer came from the response cache (then it cost nothing)
 */
public record Response(
    String content,
    List<ToolCall> toolCalls,
    String stopReason,
    String model,
    Optional<Usage> usage,
    Duration latency,
    Optional<String> requestId,
    boolean fromCache) {
  /** Checks for nulls and copies the list. */
  public Response {
    requireNonNull(content, "content is null");
    toolCalls = List.copyOf(requireNonNull(toolCalls, "toolCalls is null"));
    requireNonNull(stopReason, "stopReason is null");
    requireNonNull(model, "model is null");
    requireNonNull(usage, "usage is null");
    requireNonNull(latency, "latency is null");
    requireNonNull(requestId, "requestId is null");
  }

  /** This response marked as served from the cache. */
  public Response asCached() {
    return new Response(content, toolCalls, stopReason, model, usage, latency, requestId, true);
  }
}
