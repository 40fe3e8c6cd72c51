package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A speedup task, read from {@code task.toml} in the task folder. Every key is checked: unknown
 * keys, missing required keys and wrong types fail with the file and key named. The schema is in
 * docs/SPEEDUP.md.
 *
 * @param name the task's name
 * @param folder the task folder (absolute)
 * @param baseline the baseline source tree (absolute)
 * @param reference the reference solution's source tree, if the task has one
 * @param data the grading data passed to runs as {@code {data}} (a folder, or a generator run per
 *     seed), if the task has one
 * @param build argv of the build, run in the working copy; empty for no build
 * @param run argv of one run, with {@code {seed}}, {@code {data}} and {@code {output}} replaced
 * @param editable globs (relative to the tree) of files a candidate may change
 * @param outputs how each output file is compared
 * @param gradingSeeds seeds listed in {@code grading_seeds}: no longer used to grade (every grading
 *     draws fresh seeds, see {@link Seeds}); their number is the default {@code check_seeds}
 * @param practiceSeeds the seeds the agent's score helper uses
 * @param maxSpeedup speedups above this are flagged for review
 * @param limits resource limits per build and run
 * @param pairs timed A/B pairs (after one discarded warm-up pair)
 * @param checkSeeds how many fresh seeds a grading checks outputs on before timing
 * @param singleThreaded the task is declared single-threaded ({@code single_threaded = true}): a
 *     candidate using a tenth of the baseline's CPU is flagged
 * @param practiceOnly a practice copy of a task (written by {@code attempt}): no grading seeds, no
 *     reference; it can only be graded on its practice seeds
 */
public record TaskSpec(
    String name,
    Path folder,
    Path baseline,
    Optional<Path> reference,
    Optional<TaskData> data,
    List<String> build,
    List<String> run,
    List<String> editable,
    List<OutputRule> outputs,
    List<Long> gradingSeeds,
    List<Long> practiceSeeds,
    double maxSpeedup,
    Limits limits,
    int pairs,
    int checkSeeds,
    boolean singleThreaded,
    boolean practiceOnly) {
  /** The spec's file name inside a task folder. */
  public static final String FILE_NAME = "task.toml";

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "baseline",
          "reference",
          "data",
          "build",
          "run",
          "editable",
          "outputs",
          "grading_seeds",
          "practice_seeds",
          "max_speedup",
          "limits",
          "pairs",
          "check_seeds",
          "single_threaded",
          "practice_only");

  public TaskSpec {
    requireNonNull(name, "name is null");
    requireNonNull(folder, "folder is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(reference, "reference is null");
    requireNonNull(data, "data is null");
    build = List.copyOf(requireNonNull(build, "build is null"));
    run = List.copyOf(requireNonNull(run, "run is null"));
    editable = List.copyOf(requireNonNull(editable, "editable is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    gradingSeeds = List.copyOf(requireNonNull(gradingSeeds, "gradingSeeds is null"));
    practiceSeeds = List.copyOf(requireNonNull(practiceSeeds, "practiceSeeds is null"));
    requireNonNull(limits, "limits is null");
  }

  /** Reads {@code task.toml} from {@code folder}. */
  public static TaskSpec load(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path file = absolute.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput(folder + ": not a speedup task (no " + FILE_NAME + ")");
    }
    ObjectNode root = Config.parse(file);
    String where = file.toString();
    ConfigSection top = ConfigSection.of("task", root, where);
    top.requireKnownKeys(KEYS);
    String name = required(top, "name", top.string("name"));
    Path baseline = folderKey(top, absolute, "baseline", true).orElseThrow();
    Optional<Path> reference = folderKey(top, absolute, "reference", false);
    Optional<TaskData> data = data(root, top, absolute);
    List<String> build = top.strings("build");
    List<String> run = top.strings("run");
    if (run.isEmpty()) {
      throw top.fault("run", "is missing or empty (the argv of one run)");
    }
    List<String> editable = top.strings("editable");
    if (editable.isEmpty()) {
      throw top.fault("editable", "is missing or empty (globs of files a candidate may change)");
    }
    List<OutputRule> outputs = new ArrayList<>();
    for (ConfigSection output : top.tables("outputs")) {
      outputs.add(output(output));
    }
    if (outputs.isEmpty()) {
      throw top.fault("outputs", "is missing or empty");
    }
    JsonNode practiceOnlyNode = root.get("practice_only");
    if (practiceOnlyNode != null && !practiceOnlyNode.isBoolean()) {
      throw top.fault("practice_only", "must be true or false");
    }
    boolean practiceOnly = practiceOnlyNode != null && practiceOnlyNode.asBoolean();
    JsonNode singleNode = root.get("single_threaded");
    if (singleNode != null && !singleNode.isBoolean()) {
      throw top.fault("single_threaded", "must be true or false");
    }
    boolean singleThreaded = singleNode != null && singleNode.asBoolean();
    if (practiceOnly && root.has("grading_seeds")) {
      throw top.fault("grading_seeds", "must be absent from a practice_only task");
    }
    if (practiceOnly && reference.isPresent()) {
      throw top.fault("reference", "must be absent from a practice_only task");
    }
    List<Long> grading = practiceOnly ? List.of() : seeds(root, top, "grading_seeds", false);
    List<Long> practice = seeds(root, top, "practice_seeds", practiceOnly);
    for (Long seed : practice) {
      if (grading.contains(seed)) {
        throw top.fault("practice_seeds", "must not share seeds with grading_seeds: " + seed);
      }
    }
    double maxSpeedup = top.number("max_speedup").orElse(200.0);
    if (!(maxSpeedup > 1)) {
      throw top.fault("max_speedup", "must be greater than 1");
    }
    Limits limits = limits(root, top);
    int pairs = integer(root, top, "pairs").orElse(5L).intValue();
    if (pairs < 2 || pairs > 1000) {
      throw top.fault("pairs", "must be between 2 and 1000");
    }
    long checkSeeds =
        integer(root, top, "check_seeds").orElse(grading.isEmpty() ? 3L : (long) grading.size());
    if (checkSeeds < 1 || checkSeeds > 100) {
      throw top.fault("check_seeds", "must be between 1 and 100");
    }
    return new TaskSpec(
        name,
        absolute,
        baseline,
        reference,
        data,
        build,
        run,
        editable,
        outputs,
        grading,
        practice,
        maxSpeedup,
        limits,
        pairs,
        (int) checkSeeds,
        singleThreaded,
        practiceOnly);
  }

  private static String required(ConfigSection section, String key, Optional<String> value) {
    return value
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> section.fault(key, "is missing"));
  }

  private static Optional<Path> folderKey(
      ConfigSection top, Path folder, String key, boolean required) {
    Optional<String> value = top.string(key);
    if (value.isEmpty()) {
      if (required) {
        throw top.fault(key, "is missing");
      }
      return Optional.empty();
    }
    Path path = folder.resolve(value.get()).normalize();
    if (!path.startsWith(folder)) {
      throw top.fault(key, "must be a folder inside the task folder");
    }
    if (!Files.isDirectory(path)) {
      throw top.fault(key, "names " + path + ", which is not a folder");
    }
    return Optional.of(path);
  }

  private static Optional<TaskData> data(ObjectNode root, ConfigSection top, Path folder) {
    JsonNode node = root.get("data");
    if (node == null) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return folderKey(top, folder, "data", false).map(TaskData.Folder::new);
    }
    if (!node.isArray()) {
      throw top.fault(
          "data", "must be a folder (a string) or a generator argv (a list of strings)");
    }
    List<String> argv = top.strings("data");
    if (argv.isEmpty()) {
      throw top.fault("data", "is an empty generator argv");
    }
    if (argv.stream().noneMatch(argument -> argument.contains("{data}"))) {
      throw top.fault("data", "must pass {data} to the generator (the path it writes to)");
    }
    return Optional.of(new TaskData.Generator(argv));
  }

  private static OutputRule output(ConfigSection output) {
    output.requireKnownKeys(Set.of("file", "rule", "abs_tol", "rel_tol"));
    String file = required(output, "file", output.string("file"));
    String rule = output.string("rule").orElse("exact");
    return switch (rule) {
      case "exact" -> {
        if (output.number("abs_tol").isPresent() || output.number("rel_tol").isPresent()) {
          throw output.fault("abs_tol", "only applies to rule = \"numeric\"");
        }
        yield new OutputRule.Exact(file);
      }
      case "numeric" -> {
        double abs =
            output.number("abs_tol").orElseThrow(() -> output.fault("abs_tol", "is missing"));
        double rel =
            output.number("rel_tol").orElseThrow(() -> output.fault("rel_tol", "is missing"));
        if (!(abs >= 0)) {
          throw output.fault("abs_tol", "must be >= 0");
        }
        if (!(rel >= 0)) {
          throw output.fault("rel_tol", "must be >= 0");
        }
        yield new OutputRule.Numeric(file, abs, rel);
      }
      default ->
          throw output.fault("rule", "must be \"exact\" or \"numeric\", not \"" + rule + "\"");
    };
  }

  private static List<Long> seeds(
      ObjectNode root, ConfigSection top, String key, boolean required) {
    JsonNode node = root.get(key);
    if (node == null) {
      if (required) {
        throw top.fault(key, "is missing");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw top.fault(key, "must be a list of integers");
    }
    List<Long> seeds = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isIntegralNumber() || !element.canConvertToLong()) {
        throw top.fault(key, "must be a list of integers");
      }
      if (seeds.contains(element.asLong())) {
        throw top.fault(key, "lists seed " + element.asLong() + " twice");
      }
      seeds.add(element.asLong());
    }
    if (required && seeds.isEmpty()) {
      throw top.fault(key, "must list at least one seed");
    }
    return List.copyOf(seeds);
  }

  private static Optional<Long> integer(ObjectNode node, ConfigSection section, String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw section.fault(key, "must be an integer");
    }
    return Optional.of(value.asLong());
  }

  private static Limits limits(ObjectNode root, ConfigSection top) {
    JsonNode node = root.get("limits");
    if (node == null) {
      return Limits.DEFAULT;
    }
    ConfigSection section = top.section("limits");
    section.requireKnownKeys(
        Set.of("wall_seconds", "memory_mb", "cpus", "file_mb", "pids", "output_mb"));
    ObjectNode table = (ObjectNode) node;
    long wall = integer(table, section, "wall_seconds").orElse((long) Limits.DEFAULT.wallSeconds());
    long memory = integer(table, section, "memory_mb").orElse((long) Limits.DEFAULT.memoryMb());
    long cpus = integer(table, section, "cpus").orElse((long) Limits.DEFAULT.cpus());
    if (wall < 1 || wall > 86_400) {
      throw section.fault("wall_seconds", "must be between 1 and 86400");
    }
    if (memory < 16 || memory > 1_048_576) {
      throw section.fault("memory_mb", "must be between 16 and 1048576");
    }
    if (cpus < 1 || cpus > 1024) {
      throw section.fault("cpus", "must be between 1 and 1024");
    }
    long file = integer(table, section, "file_mb").orElse((long) Limits.DEFAULT.fileMb());
    long pids = integer(table, section, "pids").orElse((long) Limits.DEFAULT.pids());
    long output = integer(table, section, "output_mb").orElse(0L);
    if (file < 1 || file > 1_048_576) {
      throw section.fault("file_mb", "must be between 1 and 1048576");
    }
    if (pids < 8 || pids > 1_000_000) {
      throw section.fault("pids", "must be between 8 and 1000000");
    }
    if (output < 1 && table.has("output_mb") || output > 4096) {
      throw section.fault("output_mb", "must be between 1 and 4096");
    }
    return new Limits((int) wall, (int) memory, (int) cpus, (int) file, (int) pids, (int) output);
  }

  /**
   * The practice seeds (for {@code practice}), or the listed grading seeds; fails for a mode the
   * task cannot be graded in. A real grading draws its seeds with {@link Seeds#choose}.
   */
  public List<Long> seeds(boolean practice) {
    if (practice && practiceSeeds.isEmpty()) {
      throw LoopwatchException.userInput(
          folder.resolve(FILE_NAME) + ": the task has no practice_seeds");
    }
    if (!practice && practiceOnly) {
      throw LoopwatchException.userInput(
          folder.resolve(FILE_NAME) + ": a practice_only task can only be graded with --practice");
    }
    return practice ? practiceSeeds : gradingSeeds;
  }
}
