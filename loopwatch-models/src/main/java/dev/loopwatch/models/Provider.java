package dev.loopwatch.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of model provider a {@code [models.NAME]} table can name. */
public enum Provider {
  /** The Anthropic Messages API. */
  ANTHROPIC,
  /** OpenAI Chat Completions and compatible servers (vLLM, Ollama, llama.cpp, OpenRouter). */
  OPENAI,
  /** Any program: request JSON on stdin, response JSON on stdout. */
  COMMAND,
  /** Answers recorded in a JSONL file, by request hash. */
  REPLAY;

  /** The name as written in {@code loopwatch.toml}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The provider called {@code name}, if any. */
  public static Optional<Provider> named(String name) {
    return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
  }

  /** Every name, comma-separated, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(Provider::configName).collect(Collectors.joining(", "));
  }
}
