package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.research.forum.CodeStore;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.forum.PostKind;
import dev.loopwatch.research.task.W2sTaskSpec;
import dev.loopwatch.research.w2s.W2sExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code research finalize}: scores every result posted in a finished run once on the sealed final
 * split. A result's predictions are the file {@value #PREDICTIONS} in the snapshot commit it pins
 * ({@code {"<seed>": [0|1, ...], ...}}, each seed's whole test split in submission order); the
 * labels are rebuilt from the task and the run's secret dev/final cut, read from the scoring log
 * outside every sandbox. Writes {@value #FILE} in the run folder, once.
 */
public final class Finalization {
  /** The predictions file a result's snapshot must hold. */
  public static final String PREDICTIONS = "predictions.json";

  /** The file the sealed scores are written to, in the run folder. */
  public static final String FILE = "final.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

  private Finalization() {}

  /**
   * What finalizing a run gave.
   *
   * @param task the task id
   * @param scores the sealed score of every scorable result, in posting order
   * @param unscored results that could not be scored, each with why ({@code "#3 a2: ..."})
   */
  public record Outcome(String task, List<SealedScore> scores, List<String> unscored) {
    /** Checks the fields and copies the lists. */
    public Outcome {
      requireNonNull(task, "task is null");
      scores = List.copyOf(scores);
      unscored = List.copyOf(unscored);
    }
  }

  /** Finalizes the run in {@code runFolder} and writes {@value #FILE} there. */
  public static Outcome run(Path runFolder) {
    requireNonNull(runFolder, "runFolder is null");
    Path target = runFolder.resolve(FILE);
    if (Files.exists(target)) {
      throw LoopwatchException.userInput(
          target + " exists: this run was finalized already (each result is scored once)");
    }
    JsonNode run = readJson(runFolder.resolve("run.json"));
    String taskName = run.path("task").asText("");
    long salt = salt(runFolder.resolve("scoring.jsonl"));
    List<String> agents = new ArrayList<>();
    for (int i = 1; i <= run.path("agents").asInt(0); i++) {
      agents.add("a" + i);
    }
    List<FinalResult> results = new ArrayList<>();
    List<String> unscored = new ArrayList<>();
    for (Post post : Forum.read(runFolder.resolve("forum.jsonl"))) {
      if (post.kind() != PostKind.RESULT) {
        continue;
      }
      String id = "#" + post.sequence();
      String agent = post.agent();
      String snapshot = post.snapshot().orElse("");
      Optional<String> text = CodeStore.show(runFolder.resolve("store.git"), snapshot, PREDICTIONS);
      if (text.isEmpty()) {
        unscored.add(id + " " + agent + ": no " + PREDICTIONS + " in snapshot " + snapshot);
        continue;
      }
      try {
        results.add(new FinalResult(agent, id, snapshot, predictions(text.get())));
      } catch (IllegalArgumentException e) {
        unscored.add(id + " " + agent + ": " + PREDICTIONS + " " + e.getMessage());
      }
    }
    W2sExperiment experiment = W2sExperiment.prepare(W2sTaskSpec.resolve(taskName));
    List<SealedScore> scores = new ArrayList<>();
    try (ScoringServer server =
        ScoringServer.start(
            experiment.task(),
            SeedLabels.of(experiment, salt),
            agents,
            runFolder,
            0,
            InstantSource.system())) {
      for (FinalResult result : results) {
        try {
          scores.addAll(server.finalize(List.of(result)));
        } catch (LoopwatchException e) {
          unscored.add(result.result() + " " + result.agent() + ": " + e.getMessage());
        }
      }
    }
    Outcome outcome = new Outcome(experiment.task().id(), scores, unscored);
    write(target, outcome);
    return outcome;
  }

  /**
   * Reads a result's {@value #PREDICTIONS}: an object of seed to a list of 0/1 integers; anything
   * else (a fraction, a string, a boolean, a number beyond range, a list that is not one) fails
   * with why, and the result is then listed as not scorable.
   */
  static Map<Long, int[]> predictions(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("is not a JSON object of seed to predictions");
    }
    Map<Long, int[]> predictions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      long seed;
      try {
        seed = Long.parseLong(entry.getKey());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("has a key that is not a seed: " + entry.getKey());
      }
      JsonNode list = entry.getValue();
      if (!list.isArray()) {
        throw new IllegalArgumentException("seed " + seed + ": not a list of 0/1 predictions");
      }
      int[] values = new int[list.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode value = list.get(i);
        // canConvertToInt alone takes 0.7 and 1.5 (asInt truncates them): labels are integers.
        if (!value.isIntegralNumber()
            || !value.canConvertToLong()
            || (value.asLong() != 0 && value.asLong() != 1)) {
          throw new IllegalArgumentException(
              "seed " + seed + ": value " + i + " is " + value + ", not a label (0 or 1)");
        }
        values[i] = value.asInt();
      }
      predictions.put(seed, values);
    }
    return predictions;
  }

  private static long salt(Path log) {
    for (JsonNode entry : lines(log)) {
      if (entry.path("event").asText().equals("dev_cut")) {
        return entry.path("salt").asLong();
      }
    }
    throw LoopwatchException.userInput(
        log + " has no dev_cut entry: no scoring server ran in this run, so nothing can be sealed");
  }

  private static JsonNode readJson(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          "cannot read " + file + " (not a research run folder?): " + e.getMessage());
    }
  }

  private static List<JsonNode> lines(Path file) {
    List<JsonNode> nodes = new ArrayList<>();
    if (!Files.exists(file)) {
      return nodes;
    }
    try {
      int number = 0;
      for (String line : Files.readAllLines(file)) {
        number++;
        if (!line.isBlank()) {
          try {
            nodes.add(MAPPER.readTree(line));
          } catch (IOException e) {
            throw LoopwatchException.userInput(file + ":" + number + ": not JSON");
          }
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    return nodes;
  }

  private static void write(Path target, Outcome outcome) {
    Path temporary = target.resolveSibling(FILE + ".tmp");
    try {
      MAPPER.writeValue(temporary.toFile(), outcome);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
