package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

/**
 * A tool the model may call.
 *
 * @param name the tool's name
 * @param description what it does, for the model
 * @param inputSchema the JSON Schema of its input, as JSON text
 */
public record Tool(String name, String description, String inputSchema) {
  /** Checks for nulls. */
  public Tool {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(inputSchema, "inputSchema is null");
  }
}
