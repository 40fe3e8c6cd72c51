package dev.loopwatch.research.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A weak-to-strong research task, read from a {@code task.toml}: the dataset (pinned by SHA-256),
 * the splits, the models, at least five seeds, the pre-registered baselines and the dev-split
 * limits. Every key is checked: unknown, missing or mistyped keys fail naming the file and key. The
 * schema is in docs/RESEARCH.md, section "Tasks"; adding a task of this kind needs no code.
 *
 * @param id the task's id (e.g. {@code w2s-spam})
 * @param description one line saying what the task is
 * @param source where the spec was read from, for messages
 * @param dataset the data and how to read it
 * @param splits how each seed splits the messages
 * @param model the featurisation and models
 * @param seeds the seeds every result must report (at least {@link #MIN_SEEDS})
 * @param baselines the pre-registered baselines, one entry per seed
 * @param dev the per-agent dev-split limits
 */
public record W2sTaskSpec(
    String id,
    String description,
    String source,
    DatasetSpec dataset,
    SplitSpec splits,
    ModelSpec model,
    List<Long> seeds,
    Baselines baselines,
    DevLimits dev) {
  /** The fewest seeds a task may have (the prototype's seed spread needs at least this many). */
  public static final int MIN_SEEDS = 5;

  /** The spec's file name inside a task folder. */
  public static final String FILE_NAME = "task.toml";

  /** Where built-in tasks live on the class path. */
  static final String RESOURCE_ROOT = "dev/loopwatch/research/tasks/";

  /** The built-in tasks. */
  public static final List<String> BUILT_IN = List.of("w2s-spam");

  private static final double MEAN_TOLERANCE = 0.0005;

  /** Checks the fields. */
  public W2sTaskSpec {
    requireNonNull(id, "id is null");
    requireNonNull(description, "description is null");
    requireNonNull(source, "source is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(splits, "splits is null");
    requireNonNull(model, "model is null");
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    requireNonNull(baselines, "baselines is null");
    requireNonNull(dev, "dev is null");
  }

  /**
   * Resolves {@code name}: a {@code task.toml} file, a folder holding one, or a built-in task's id.
   */
  public static W2sTaskSpec resolve(String name) {
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      return load(path.resolve(FILE_NAME));
    }
    if (Files.isRegularFile(path)) {
      return load(path);
    }
    if (BUILT_IN.contains(name)) {
      return builtIn(name);
    }
    throw LoopwatchException.userInput(
        name
            + ": not a task.toml, not a folder holding one, and not a built-in task (built-in: "
            + String.join(", ", BUILT_IN)
            + ")");
  }

  /** Reads a {@code task.toml} file. */
  public static W2sTaskSpec load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput(file + ": no such task file");
    }
    return parse(Config.parse(file), file.toString());
  }

  /** Reads a built-in task from this module's resources. */
  public static W2sTaskSpec builtIn(String id) {
    String resource = RESOURCE_ROOT + id + "/" + FILE_NAME;
    try (InputStream in = W2sTaskSpec.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw LoopwatchException.userInput(id + ": no built-in task of that name");
      }
      JsonNode node = new TomlMapper().readTree(in);
      return parse((ObjectNode) node, "built-in:" + id + "/" + FILE_NAME);
    } catch (IOException e) {
      throw new IllegalStateException("built-in task " + id + " cannot be read", e);
    }
  }

  /** Reads a parsed TOML tree; {@code where} names the file in messages. */
  static W2sTaskSpec parse(ObjectNode root, String where) {
    return parse(root, where, true);
  }

  /**
   * Reads a {@code task.toml} that may lack its baselines (they are then NaN), to measure them
   * before they are registered; such a spec is refused by the scoring server.
   */
  public static W2sTaskSpec loadUnregistered(Path file) {
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput(file + ": no such task file");
    }
    return parse(Config.parse(file), file.toString(), false);
  }

  private static W2sTaskSpec parse(ObjectNode root, String where, boolean requireBaselines) {
    ConfigSection top = ConfigSection.of("task", root, where);
    top.requireKnownKeys(
        Set.of("id", "description", "seeds", "dataset", "splits", "model", "baselines", "dev"));
    String id = required(top, "id");
    if (!id.matches("[a-z0-9][a-z0-9-]*")) {
      throw top.fault("id", "must be lower-case letters, digits and dashes");
    }
    String description = top.string("description").orElse("");
    List<Long> seeds = seeds(root, top);
    DatasetSpec dataset = dataset(top.section("dataset"), root.has("dataset"));
    SplitSpec splits = splits(top.section("splits"));
    ModelSpec model = model(top.section("model"));
    boolean registered = root.has("baselines");
    if (!registered && requireBaselines) {
      throw top.fault(
          "baselines",
          "is missing: a task needs pre-registered baselines (weak, ceiling, naive and one"
              + " [[baselines.seed]] per seed); measure them with MeasureBaselines");
    }
    Baselines baselines =
        registered
            ? baselines(top.section("baselines"), seeds)
            : new Baselines(Double.NaN, Double.NaN, Double.NaN, List.of());
    if (registered && baselines.gap() < Baselines.MIN_GAP) {
      throw top.fault(
          "baselines",
          String.format(
              java.util.Locale.ROOT,
              "has a ceiling-weak gap of %.4f (ceiling %.4f, weak %.4f), under %.2f: PGR would"
                  + " divide by noise, so the task is refused",
              baselines.gap(),
              baselines.ceiling(),
              baselines.weak(),
              Baselines.MIN_GAP));
    }
    DevLimits dev = dev(top.section("dev"));
    return new W2sTaskSpec(id, description, where, dataset, splits, model, seeds, baselines, dev);
  }

  private static String required(ConfigSection section, String key) {
    return section
        .string(key)
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> section.fault(key, "is missing"));
  }

  private static List<Long> seeds(ObjectNode root, ConfigSection top) {
    JsonNode node = root.get("seeds");
    if (node == null || !node.isArray()) {
      throw top.fault("seeds", "is missing or not a list of integers");
    }
    List<Long> seeds = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isIntegralNumber() || !element.canConvertToLong()) {
        throw top.fault("seeds", "must be a list of integers");
      }
      if (seeds.contains(element.asLong())) {
        throw top.fault("seeds", "lists seed " + element.asLong() + " twice");
      }
      seeds.add(element.asLong());
    }
    if (seeds.size() < MIN_SEEDS) {
      throw top.fault(
          "seeds", "lists " + seeds.size() + " seeds; a task needs at least " + MIN_SEEDS);
    }
    return seeds;
  }

  private static DatasetSpec dataset(ConfigSection section, boolean present) {
    if (!present) {
      throw section.fault("source", "is missing (the [dataset] table is required)");
    }
    section.requireKnownKeys(
        Set.of(
            "source",
            "url",
            "sha256",
            "format",
            "positive_group_prefix",
            "body_max_chars",
            "messages"));
    String url = required(section, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw section.fault("url", "is not a URL: " + e.getMessage());
    }
    if (!"https".equals(uri.getScheme())) {
      throw section.fault("url", "must be an https URL");
    }
    String sha256 = required(section, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw section.fault("sha256", "must be 64 lower-case hex digits");
    }
    String format = section.string("format").orElse(DatasetSpec.STDLIB_SPAM_JSON);
    if (!format.equals(DatasetSpec.STDLIB_SPAM_JSON)) {
      throw section.fault("format", "must be \"" + DatasetSpec.STDLIB_SPAM_JSON + "\"");
    }
    return new DatasetSpec(
        required(section, "source"),
        uri,
        sha256,
        format,
        required(section, "positive_group_prefix"),
        integer(section, "body_max_chars", 1, 10_000_000),
        integer(section, "messages", 10, 100_000_000));
  }

  private static SplitSpec splits(ConfigSection section) {
    section.requireKnownKeys(Set.of("test_fraction", "dev_fraction", "train_label"));
    return new SplitSpec(
        fraction(section, "test_fraction"),
        fraction(section, "dev_fraction"),
        integer(section, "train_label", 2, 10_000_000));
  }

  private static ModelSpec model(ConfigSection section) {
    section.requireKnownKeys(
        Set.of(
            "max_terms",
            "min_df",
            "svd_dimensions",
            "svd_power_iterations",
            "svd_seed",
            "student_c",
            "weak_words",
            "weak_c"));
    return new ModelSpec(
        integer(section, "max_terms", 1, 10_000_000),
        integer(section, "min_df", 1, 1_000_000),
        integer(section, "svd_dimensions", 1, 1000),
        integer(section, "svd_power_iterations", 0, 50),
        integer(section, "svd_seed", 0, Integer.MAX_VALUE),
        positive(section, "student_c"),
        integer(section, "weak_words", 1, 1000),
        positive(section, "weak_c"));
  }

  private static Baselines baselines(ConfigSection section, List<Long> seeds) {
    section.requireKnownKeys(Set.of("weak", "ceiling", "naive", "seed"));
    double weak = accuracy(section, "weak");
    double ceiling = accuracy(section, "ceiling");
    double naive = accuracy(section, "naive");
    List<Baselines.Seed> perSeed = new ArrayList<>();
    for (ConfigSection entry : section.tables("seed")) {
      entry.requireKnownKeys(Set.of("seed", "weak", "ceiling", "naive"));
      perSeed.add(
          new Baselines.Seed(
              integer(entry, "seed", Long.MIN_VALUE, Long.MAX_VALUE),
              accuracy(entry, "weak"),
              accuracy(entry, "ceiling"),
              accuracy(entry, "naive")));
    }
    List<Long> measured = perSeed.stream().map(Baselines.Seed::seed).toList();
    if (!measured.equals(seeds)) {
      throw section.fault(
          "seed",
          "lists seeds " + measured + "; the baselines need one entry per task seed " + seeds);
    }
    checkMean(section, "weak", weak, perSeed.stream().mapToDouble(Baselines.Seed::weak));
    checkMean(section, "ceiling", ceiling, perSeed.stream().mapToDouble(Baselines.Seed::ceiling));
    checkMean(section, "naive", naive, perSeed.stream().mapToDouble(Baselines.Seed::naive));
    return new Baselines(weak, ceiling, naive, perSeed);
  }

  private static void checkMean(
      ConfigSection section, String key, double stated, java.util.stream.DoubleStream values) {
    double mean = values.average().orElseThrow();
    if (Math.abs(mean - stated) > MEAN_TOLERANCE) {
      throw section.fault(
          key,
          String.format(
              java.util.Locale.ROOT,
              "is %.4f but the mean of the per-seed values is %.4f",
              stated,
              mean));
    }
  }

  private static DevLimits dev(ConfigSection section) {
    section.requireKnownKeys(Set.of("quota", "per_minute"));
    return new DevLimits(
        integer(section, "quota", 1, 1_000_000), integer(section, "per_minute", 1, 1_000_000));
  }

  private static int integer(ConfigSection section, String key, int min, int max) {
    return (int) integer(section, key, (long) min, (long) max);
  }

  private static long integer(ConfigSection section, String key, long min, long max) {
    double value = section.number(key).orElseThrow(() -> section.fault(key, "is missing"));
    if (value != Math.rint(value)) {
      throw section.fault(key, "must be an integer");
    }
    if (value < min || value > max) {
      throw section.fault(key, "must be between " + min + " and " + max);
    }
    return (long) value;
  }

  private static double fraction(ConfigSection section, String key) {
    double value = section.number(key).orElseThrow(() -> section.fault(key, "is missing"));
    if (!(value > 0 && value < 1)) {
      throw section.fault(key, "must be between 0 and 1 (exclusive)");
    }
    return value;
  }

  private static double positive(ConfigSection section, String key) {
    double value = section.number(key).orElseThrow(() -> section.fault(key, "is missing"));
    if (!(value > 0)) {
      throw section.fault(key, "must be positive");
    }
    return value;
  }

  private static double accuracy(ConfigSection section, String key) {
    double value = section.number(key).orElseThrow(() -> section.fault(key, "is missing"));
    if (!(value >= 0 && value <= 1)) {
      throw section.fault(key, "must be an accuracy between 0 and 1");
    }
    return value;
  }
}
