package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Reads METR run files, one run at a time: JSON Lines ({@code .jsonl}, {@code .json}) or CSV with
 * the same column names. Both schemas are accepted: Time Horizon 1.1 ({@code score_binarized},
 * optional {@code score_cont}, {@code task_source} and the weight columns) and the early-2025
 * {@code all_runs.jsonl} ({@code score}). Every bad row fails with a message naming {@code
 * file:line} and the field.
 *
 * <p>The binary score column is chosen once per file, never per row: {@code score_binarized} when
 * the CSV header (or the first JSON run, even with a null value) has that column, otherwise {@code
 * score}. Every run must then have a value in that column; a run whose {@code score_binarized} is
 * null or empty is an error, not a silent fall back to its {@code score}, since a file mixing the
 * two would fit different quantities for different runs.
 */
public final class RunReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BINARIZED = "score_binarized";
  private static final String SCORE = "score";

  private RunReader() {}

  /** All runs of {@code file}, in file order, with the score column chosen per file. */
  public static List<Run> readAll(Path file) {
    return readAll(file, Optional.empty());
  }

  /**
   * All runs of {@code file}, in file order, each {@link Run#score} read from {@code scoreColumn}
   * when given (e.g. {@code score_cont}, or {@code score} in METR's Jan-2025 file), otherwise from
   * the column chosen per file.
   */
  public static List<Run> readAll(Path file, Optional<String> scoreColumn) {
    List<Run> runs = new ArrayList<>();
    read(file, scoreColumn, runs::add);
    return List.copyOf(runs);
  }

  /** Streams the runs of {@code file} to {@code sink}, in file order; CSV when it ends in .csv. */
  public static void read(Path file, Consumer<Run> sink) {
    read(file, Optional.empty(), sink);
  }

  private static void read(Path file, Optional<String> scoreColumn, Consumer<Run> sink) {
    requireNonNull(file, "file is null");
    requireNonNull(scoreColumn, "scoreColumn is null");
    requireNonNull(sink, "sink is null");
    boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (csv) {
        readCsv(reader, file.toString(), scoreColumn, sink);
      } else {
        readJsonLines(reader, file.toString(), scoreColumn, sink);
      }
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput("run file " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read run file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void readJsonLines(
      BufferedReader reader, String file, Optional<String> chosen, Consumer<Run> sink)
      throws IOException {
    int line = 0;
    String scoreColumn = chosen.orElse(null);
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw LoopwatchInput.fault(file, line, "not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw LoopwatchInput.fault(file, line, "not a JSON object");
      }
      JsonNode object = node;
      if (scoreColumn == null) {
        scoreColumn = object.has(BINARIZED) ? BINARIZED : SCORE;
      }
      sink.accept(
          toRun(file, line, scoreColumn, chosen.isPresent(), name -> jsonText(object.get(name))));
    }
  }

  private static Optional<String> jsonText(JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(value.isTextual() ? value.asText() : value.toString());
  }

  private static void readCsv(
      BufferedReader reader, String file, Optional<String> chosen, Consumer<Run> sink)
      throws IOException {
    Csv csv = new Csv(reader, file);
    Optional<Csv.Row> header = csv.next();
    if (header.isEmpty()) {
      return;
    }
    Map<String, Integer> columns = new HashMap<>();
    List<String> names = header.get().fields();
    for (int i = 0; i < names.size(); i++) {
      columns.putIfAbsent(names.get(i).strip(), i);
    }
    String scoreColumn = chosen.orElse(columns.containsKey(BINARIZED) ? BINARIZED : SCORE);
    if (chosen.isEmpty() && !columns.containsKey(scoreColumn)) {
      throw LoopwatchInput.fault(
          file, header.get().line(), "no score_binarized or score column in the header");
    }
    for (Optional<Csv.Row> row = csv.next(); row.isPresent(); row = csv.next()) {
      List<String> fields = row.get().fields();
      int line = row.get().line();
      if (fields.size() != names.size()) {
        throw LoopwatchInput.fault(
            file, line, "expected " + names.size() + " fields, found " + fields.size());
      }
      sink.accept(
          toRun(
              file,
              line,
              scoreColumn,
              chosen.isPresent(),
              name -> {
                Integer index = columns.get(name);
                if (index == null || fields.get(index).isEmpty()) {
                  return Optional.empty();
                }
                return Optional.of(fields.get(index));
              }));
    }
  }

  /** A row's fields by column name; empty when missing or null. */
  private interface Fields {
    Optional<String> text(String name);
  }

  private static Run toRun(
      String file, int line, String scoreColumn, boolean chosen, Fields fields) {
    String alias = required(file, line, fields, "alias");
    String taskId = required(file, line, fields, "task_id");
    String taskFamily = required(file, line, fields, "task_family");
    Optional<String> taskSource = fields.text("task_source");
    double minutes =
        number(file, line, "human_minutes", required(file, line, fields, "human_minutes"));
    if (!(minutes > 0) || Double.isInfinite(minutes)) {
      throw LoopwatchInput.fault(
          file, line, "human_minutes must be a positive number, found " + minutes);
    }
    if (fields.text(scoreColumn).isEmpty()) {
      throw LoopwatchInput.fault(
          file,
          line,
          "missing field "
              + scoreColumn
              + (chosen
                  ? " (choose the column with --score-column)"
                  : scoreColumn.equals(BINARIZED)
                      ? " (the file's score column; a run may not fall back to score)"
                      : ""));
    }
    double score = unitScore(file, line, scoreColumn, fields.text(scoreColumn).orElseThrow());
    OptionalDouble scoreCont = OptionalDouble.empty();
    if (fields.text("score_cont").isPresent()) {
      scoreCont =
          OptionalDouble.of(unitScore(file, line, "score_cont", fields.text("score_cont").get()));
    }
    return new Run(
        alias,
        taskId,
        taskFamily,
        taskSource,
        minutes,
        score,
        scoreCont,
        weight(file, line, fields, "equal_task_weight"),
        weight(file, line, fields, "invsqrt_task_weight"));
  }

  private static String required(String file, int line, Fields fields, String name) {
    return fields
        .text(name)
        .filter(value -> !value.isBlank())
        .orElseThrow(() -> LoopwatchInput.fault(file, line, "missing field " + name));
  }

  private static double number(String file, int line, String name, String text) {
    String value = text.strip();
    switch (value) {
      case "true" -> {
        return 1;
      }
      case "false" -> {
        return 0;
      }
      default -> {
        try {
          return Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw LoopwatchInput.fault(file, line, name + " is not a number: " + value);
        }
      }
    }
  }

  private static double unitScore(String file, int line, String name, String text) {
    double score = number(file, line, name, text);
    if (!(score >= 0 && score <= 1)) {
      throw LoopwatchInput.fault(file, line, name + " must be in [0, 1], found " + score);
    }
    return score;
  }

  private static OptionalDouble weight(String file, int line, Fields fields, String name) {
    Optional<String> text = fields.text(name);
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    double weight = number(file, line, name, text.get());
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw LoopwatchInput.fault(
          file, line, name + " must be a non-negative number, found " + weight);
    }
    return OptionalDouble.of(weight);
  }
}
