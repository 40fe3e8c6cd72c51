package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One configured model, a {@code [models.NAME]} table of {@code loopwatch.toml}. It holds the name
 * of the environment variable with the API key, never the key.
 *
 * @param name the table's name, how commands refer to the model
 * @param provider the provider kind
 * @param model the provider's model id (also the price-table row)
 * @param baseUrl the API's base URL; empty for {@code command} and {@code replay}
 * @param apiKeyEnv the environment variable holding the key; empty when no key is sent
 * @param command the program and arguments of a {@code command} provider
 * @param file the JSONL file of a {@code replay} provider
 * @param timeout how long one call may take
 * @param maxRetries how many times a retryable failure is retried
 * @param requestsPerMinute the most requests started per minute, when limited
 * @param tokensPerMinute the most tokens (input estimate plus max tokens) per minute, when limited
 * @param cache whether responses are cached in the store
 * @param cacheExpiry how long a cached response is served
 * @param batch whether bulk runs may use the provider's batch API (Anthropic Message Batches)
 * @param source the file the table was read from, for messages
 */
public record ModelSpec(
    String name,
    Provider provider,
    String model,
    String baseUrl,
    Optional<String> apiKeyEnv,
    List<String> command,
    Optional<Path> file,
    Duration timeout,
    int maxRetries,
    OptionalInt requestsPerMinute,
    OptionalLong tokensPerMinute,
    boolean cache,
    Duration cacheExpiry,
    boolean batch,
    String source) {

  /** Checks for nulls and copies the list. */
  public ModelSpec {
    requireNonNull(name, "name is null");
    requireNonNull(provider, "provider is null");
    requireNonNull(model, "model is null");
    requireNonNull(baseUrl, "baseUrl is null");
    requireNonNull(apiKeyEnv, "apiKeyEnv is null");
    command = List.copyOf(requireNonNull(command, "command is null"));
    requireNonNull(file, "file is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(requestsPerMinute, "requestsPerMinute is null");
    requireNonNull(tokensPerMinute, "tokensPerMinute is null");
    requireNonNull(cacheExpiry, "cacheExpiry is null");
    requireNonNull(source, "source is null");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries is negative: " + maxRetries);
    }
  }

  /**
   * A spec with the defaults for {@code provider}, for tests and programs that configure in code.
   */
  public static ModelSpec of(String name, Provider provider, String model, String baseUrl) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        ModelsConfig.DEFAULT_TIMEOUT,
        ModelsConfig.DEFAULT_RETRIES,
        OptionalInt.empty(),
        OptionalLong.empty(),
        true,
        ModelsConfig.DEFAULT_CACHE_EXPIRY,
        false,
        "code");
  }

  /** This spec reading its key from {@code variable}. */
  public ModelSpec withApiKeyEnv(String variable) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        Optional.of(variable),
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec running {@code command} (for the command provider). */
  public ModelSpec withCommand(List<String> command) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec reading {@code file} (for the replay provider). */
  public ModelSpec withFile(Path file) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        Optional.of(file),
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec with {@code timeout} per call. */
  public ModelSpec withTimeout(Duration timeout) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec with {@code maxRetries}. */
  public ModelSpec withMaxRetries(int maxRetries) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec with rate limits. */
  public ModelSpec withRateLimits(OptionalInt requestsPerMinute, OptionalLong tokensPerMinute) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec with batches allowed or not. */
  public ModelSpec withBatch(boolean batch) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }

  /** This spec with the cache on or off and its expiry. */
  public ModelSpec withCache(boolean cache, Duration cacheExpiry) {
    return new ModelSpec(
        name,
        provider,
        model,
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        maxRetries,
        requestsPerMinute,
        tokensPerMinute,
        cache,
        cacheExpiry,
        batch,
        source);
  }
}
