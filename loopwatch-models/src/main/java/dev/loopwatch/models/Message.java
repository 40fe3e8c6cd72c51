package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

/**
 * One message of the conversation.
 *
 * @param role who wrote it
 * @param content its text
 * @param cacheBreakpoint whether the provider should cache the prompt prefix up to and including
 *     this message (Anthropic {@code cache_control}; ignored by providers without explicit caching
 *     and never part of the cache key)
 */
public record Message(Role role, String content, boolean cacheBreakpoint) {
  /** Checks for nulls. */
  public Message {
    requireNonNull(role, "role is null");
    requireNonNull(content, "content is null");
  }

  /** A user message. */
  public static Message user(String content) {
    return new Message(Role.USER, content, false);
  }

  /** An assistant message. */
  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content, false);
  }
}
