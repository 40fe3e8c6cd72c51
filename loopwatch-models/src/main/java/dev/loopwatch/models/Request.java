package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One request to a model. Everything here except the cache breakpoints is part of the cache key
 * (see {@link CanonicalRequest}).
 *
 * @param system the system prompt, empty for none
 * @param messages the conversation, starting with a user message
 * @param tools tools the model may call, empty for none
 * @param temperature the sampling temperature, provider default when empty
 * @param maxTokens the most output tokens (also the worst case the budget reserves)
 * @param stop stop sequences
 * @param seed a sampling seed, for providers that take one (OpenAI-compatible)
 * @param cacheSystem whether the provider should cache the tools and system prompt (Anthropic
 *     {@code cache_control} on the system block)
 */
public record Request(
    String system,
    List<Message> messages,
    List<Tool> tools,
    OptionalDouble temperature,
    int maxTokens,
    List<String> stop,
    OptionalLong seed,
    boolean cacheSystem) {

  /** Checks for nulls, copies the lists, and checks there is a message and a positive limit. */
  public Request {
    requireNonNull(system, "system is null");
    messages = List.copyOf(requireNonNull(messages, "messages is null"));
    tools = List.copyOf(requireNonNull(tools, "tools is null"));
    requireNonNull(temperature, "temperature is null");
    stop = List.copyOf(requireNonNull(stop, "stop is null"));
    requireNonNull(seed, "seed is null");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
    }
  }

  /** A request of one user message with a system prompt, default sampling and no tools. */
  public static Request of(String system, String user, int maxTokens) {
    return new Request(
        system,
        List.of(Message.user(user)),
        List.of(),
        OptionalDouble.empty(),
        maxTokens,
        List.of(),
        OptionalLong.empty(),
        false);
  }

  /** This request with {@code temperature}. */
  public Request withTemperature(double temperature) {
    return new Request(
        system,
        messages,
        tools,
        OptionalDouble.of(temperature),
        maxTokens,
        stop,
        seed,
        cacheSystem);
  }

  /** This request with {@code seed}. */
  public Request withSeed(long seed) {
    return new Request(
        system, messages, tools, temperature, maxTokens, stop, OptionalLong.of(seed), cacheSystem);
  }

  /** The system prompt, when there is one. */
  public Optional<String> systemPrompt() {
    return system.isEmpty() ? Optional.empty() : Optional.of(system);
  }

  /** The number of characters of the prompt (system, messages, tools), for estimates. */
  public long promptCharacters() {
    long characters = system.length();
    for (Message message : messages) {
      characters += message.content().length();
    }
    for (Tool tool : tools) {
      characters +=
          tool.name().length() + tool.description().length() + tool.inputSchema().length();
    }
    return characters;
  }

  /**
   * A high estimate of the input tokens: one token per 3 characters (English and code run at 3.5 to
   * 4 characters per token), plus 8 per message for the framing.
   */
  public long estimatedInputTokens() {
    return (promptCharacters() + 2) / 3 + 8L * (messages.size() + 1);
  }
}
