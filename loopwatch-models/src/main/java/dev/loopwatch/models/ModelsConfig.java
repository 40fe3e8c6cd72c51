package dev.loopwatch.models;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [models.NAME]} tables of {@code loopwatch.toml}, checked key by key: a bad table fails
 * naming the file and key before any request is sent. Keys are documented in docs/MODELS.md.
 */
public final class ModelsConfig {
  /** The default time one call may take. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The default number of retries of a retryable failure. */
  static final int DEFAULT_RETRIES = 4;

  /** The default time a cached response is served (a week, as Inspect's cache). */
  static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofDays(7);

  /** The Anthropic API's base URL. */
  public static final String ANTHROPIC_URL = "https://api.anthropic.com";

  /** The OpenAI API's base URL. */
  public static final String OPENAI_URL = "https://api.openai.com/v1";

  private static final Set<String> KEYS =
      Set.of(
          "provider",
          "model",
          "base-url",
          "api-key-env",
          "command",
          "file",
          "timeout-seconds",
          "max-retries",
          "requests-per-minute",
          "tokens-per-minute",
          "cache",
          "cache-expiry",
          "batch");
  private static final Pattern EXPIRY = Pattern.compile("(\\d+)([smhd])");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<ModelSpec> specs;
  private final String source;

  private ModelsConfig(List<ModelSpec> specs, String source) {
    this.specs = List.copyOf(specs);
    this.source = source;
  }

  /** Reads and checks every {@code [models.NAME]} table of {@code config}. */
  public static ModelsConfig of(Config config) {
    ConfigSection models = config.section("models");
    List<ModelSpec> specs = new ArrayList<>();
    for (String name : models.keys()) {
      specs.add(spec(name, models.section(name)));
    }
    return new ModelsConfig(specs, models.file());
  }

  /** Every configured model, in file order. */
  public List<ModelSpec> all() {
    return specs;
  }

  /** The model called {@code name}; a user-input error naming the configured ones if none. */
  public ModelSpec spec(String name) {
    return specs.stream()
        .filter(spec -> spec.name().equals(name))
        .findFirst()
        .orElseThrow(() ->
            LoopwatchException.userInput(
                "no model '"
                    + name
                    + "' in "
                    + source
                    + " [models] (configured: "
                    + (specs.isEmpty()
                        ? "none; add a [models." + name + "] table, see docs/MODELS.md"
                        : String.join(", ", specs.stream().map(ModelSpec::name).toList()))
                    + ")"));
  }

  /**
   * The API key of {@code spec} read from its environment variable: empty when the spec sends no
   * key; a user-input error naming the variable when it is unset or blank.
   */
  public static Optional<String> apiKey(ModelSpec spec, Map<String, String> environment) {
    if (spec.apiKeyEnv().isEmpty()) {
      return Optional.empty();
    }
    String variable = spec.apiKeyEnv().get();
    String key = environment.get(variable);
    if (key == null || key.isBlank()) {
      throw LoopwatchException.userInput(
          "model '"
              + spec.name()
              + "': environment variable "
              + variable
              + " is not set (the API key; "
              + spec.source()
              + " [models."
              + spec.name()
              + "] api-key-env)");
    }
    return Optional.of(key.strip());
  }

  private static ModelSpec spec(String name, ConfigSection table) {
    table.requireKnownKeys(KEYS);
    String providerName =
        table.string("provider").orElseThrow(() -> table.fault("provider", "is missing"));
    Provider provider =
        Provider.named(providerName)
            .orElseThrow(() ->
                table.fault(
                    "provider",
                    "names an unknown provider '"
                        + providerName
                        + "' (known: "
                        + Provider.names()
                        + ")"));
    Optional<String> model = table.string("model");
    String baseUrl =
        switch (provider) {
          case ANTHROPIC -> table.string("base-url").orElse(ANTHROPIC_URL);
          case OPENAI -> table.string("base-url").orElse(OPENAI_URL);
          case COMMAND, REPLAY -> "";
        };
    if (!baseUrl.isEmpty()) {
      checkUrl(table, baseUrl);
    }
    Optional<String> keyEnv = table.string("api-key-env");
    if (keyEnv.isPresent() && !ENV_NAME.matcher(keyEnv.get()).matches()) {
      throw table.fault("api-key-env", "must name an environment variable, like ANTHROPIC_API_KEY");
    }
    Optional<String> apiKeyEnv =
        switch (provider) {
          case ANTHROPIC -> Optional.of(keyEnv.orElse("ANTHROPIC_API_KEY"));
          case OPENAI ->
              keyEnv.or(() ->
                  baseUrl.equals(OPENAI_URL) ? Optional.of("OPENAI_API_KEY") : Optional.empty());
          case COMMAND, REPLAY -> keyEnv;
        };
    List<String> command = table.strings("command");
    Optional<Path> file = table.string("file").map(Path::of);
    switch (provider) {
      case ANTHROPIC, OPENAI -> {
        if (model.isEmpty()) {
          throw table.fault("model", "is missing (the provider's model id)");
        }
      }
      case COMMAND -> {
        if (command.isEmpty()) {
          throw table.fault("command", "is missing (the program and its arguments, a list)");
        }
      }
      case REPLAY -> {
        if (file.isEmpty()) {
          throw table.fault("file", "is missing (the JSONL file of recorded responses)");
        }
      }
    }
    Duration timeout =
        Duration.ofMillis(Math.round(positive(table, "timeout-seconds").orElse(600.0) * 1000));
    int retries = wholeAtLeast(table, "max-retries", 0).map(Long::intValue).orElse(DEFAULT_RETRIES);
    OptionalInt rpm =
        wholeAtLeast(table, "requests-per-minute", 1)
            .map(v -> OptionalInt.of(v.intValue()))
            .orElse(OptionalInt.empty());
    OptionalLong tpm =
        wholeAtLeast(table, "tokens-per-minute", 1)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty());
    boolean cache = table.bool("cache").orElse(true);
    boolean batch = table.bool("batch").orElse(false);
    if (batch && provider != Provider.ANTHROPIC) {
      throw table.fault("batch", "is only for the anthropic provider (Message Batches)");
    }
    Duration expiry =
        table.string("cache-expiry").map(text -> expiry(table, text)).orElse(DEFAULT_CACHE_EXPIRY);
    return new ModelSpec(
        name,
        provider,
        model.orElse(name),
        baseUrl,
        apiKeyEnv,
        command,
        file,
        timeout,
        retries,
        rpm,
        tpm,
        cache,
        expiry,
        batch,
        table.file());
  }

  private static void checkUrl(ConfigSection table, String url) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw table.fault("base-url", "must be an http or https URL: " + url);
      }
    } catch (URISyntaxException e) {
      throw table.fault("base-url", "is not a URL: " + url);
    }
  }

  private static Optional<Double> positive(ConfigSection table, String key) {
    Optional<Double> value = table.number(key);
    if (value.isPresent() && !(value.get() > 0 && Double.isFinite(value.get()))) {
      throw table.fault(key, "must be more than 0");
    }
    return value;
  }

  private static Optional<Long> wholeAtLeast(ConfigSection table, String key, long least) {
    Optional<Double> value = table.number(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    double number = value.get();
    if (number != Math.rint(number) || number < least) {
      throw table.fault(key, "must be a whole number of at least " + least);
    }
    return Optional.of((long) number);
  }

  private static Duration expiry(ConfigSection table, String text) {
    Matcher matcher = EXPIRY.matcher(text);
    if (!matcher.matches()) {
      throw table.fault(
          "cache-expiry", "must be like \"7d\", \"12h\", \"30m\" or \"90s\": " + text);
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
