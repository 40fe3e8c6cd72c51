package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

/**
 * A call of a tool the model asked for.
 *
 * @param id the provider's id of the call
 * @param name the tool
 * @param arguments the arguments, as JSON text
 */
public record ToolCall(String id, String name, String arguments) {
  /** Checks for nulls. */
  public ToolCall {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(arguments, "arguments is null");
  }
}
