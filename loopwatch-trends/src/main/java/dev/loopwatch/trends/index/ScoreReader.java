package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.trends.horizon.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads benchmark scores from CSV ({@code .csv}) or JSON Lines (anything else), one score per row.
 * Epoch's fit input ({@code eci_benchmarks.csv}) is read as it is: the model is the {@code Model}
 * column (else {@code model}, else {@code model_id}), the benchmark {@code benchmark} (else {@code
 * benchmark_id}), the score {@code performance} (else {@code score}), in [0, 1]; optional {@code
 * date} (else {@code release_date}), the model's release date, of which the first ten characters
 * are read as YYYY-MM-DD, and {@code source}. Other columns are ignored. Every bad row fails with a
 * message naming {@code file:line}.
 */
public final class ScoreReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODEL = List.of("Model", "model", "model_id");
  private static final List<String> BENCHMARK = List.of("benchmark", "benchmark_id");
  private static final List<String> PERFORMANCE = List.of("performance", "score");
  private static final List<String> DATE = List.of("date", "release_date");
  private static final List<String> SOURCE = List.of("source");

  private ScoreReader() {}

  /** The scores of {@code file}, in file order. */
  public static List<Score> read(Path file) {
    requireNonNull(file, "file is null");
    boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    List<Score> scores = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (csv) {
        readCsv(reader, file.toString(), scores);
      } else {
        readJsonLines(reader, file.toString(), scores);
      }
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput("score file " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot read score file " + file + ": " + e.getMessage(), e);
    }
    if (scores.isEmpty()) {
      throw LoopwatchException.userInput(file + ": no scores");
    }
    return List.copyOf(scores);
  }

  /** A row's fields by column name; empty when missing or blank. */
  private interface Fields {
    Optional<String> text(String name);

    default Optional<String> first(List<String> names) {
      for (String name : names) {
        Optional<String> value = text(name);
        if (value.isPresent()) {
          return value;
        }
      }
      return Optional.empty();
    }
  }

  private static void readCsv(BufferedReader reader, String file, List<Score> sink)
      throws IOException {
    Csv csv = new Csv(reader, file);
    Optional<Csv.Row> header = csv.next();
    if (header.isEmpty()) {
      return;
    }
    Map<String, Integer> columns = new HashMap<>();
    List<String> names = header.get().fields();
    for (int i = 0; i < names.size(); i++) {
      columns.putIfAbsent(names.get(i).replace("\uFEFF", "").strip(), i);
    }
    for (List<String> required : List.of(MODEL, BENCHMARK, PERFORMANCE)) {
      if (required.stream().noneMatch(columns::containsKey)) {
        throw fault(
            file,
            header.get().line(),
            "no "
                + String.join(" or ", required)
                + " column (header: "
                + String.join(",", names)
                + ")");
      }
    }
    for (Optional<Csv.Row> row = csv.next(); row.isPresent(); row = csv.next()) {
      List<String> fields = row.get().fields();
      int line = row.get().line();
      if (fields.size() != names.size()) {
        throw fault(file, line, "expected " + names.size() + " fields, found " + fields.size());
      }
      sink.add(
          toScore(
              file,
              line,
              name -> {
                Integer index = columns.get(name);
                if (index == null || fields.get(index).isBlank()) {
                  return Optional.empty();
                }
                return Optional.of(fields.get(index).strip());
              }));
    }
  }

  private static void readJsonLines(BufferedReader reader, String file, List<Score> sink)
      throws IOException {
    int line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw fault(file, line, "not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw fault(file, line, "not a JSON object");
      }
      JsonNode object = node;
      sink.add(
          toScore(
              file,
              line,
              name -> {
                JsonNode value = object.get(name);
                if (value == null || value.isNull()) {
                  return Optional.empty();
                }
                String text1 = value.isTextual() ? value.asText().strip() : value.toString();
                return text1.isEmpty() ? Optional.empty() : Optional.of(text1);
              }));
    }
  }

  private static Score toScore(String file, int line, Fields fields) {
    String model =
        fields.first(MODEL).orElseThrow(() -> fault(file, line, "no model (Model/model_id)"));
    String benchmark =
        fields
            .first(BENCHMARK)
            .orElseThrow(() -> fault(file, line, "no benchmark (benchmark/benchmark_id)"));
    String text =
        fields
            .first(PERFORMANCE)
            .orElseThrow(() -> fault(file, line, "no performance (performance/score)"));
    double performance;
    try {
      performance = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw fault(file, line, "performance is not a number: '" + text + "'");
    }
    if (!(performance >= 0 && performance <= 1)) {
      throw fault(file, line, "performance must be in [0, 1]: " + text);
    }
    Optional<LocalDate> date = fields.first(DATE).map(d -> date(file, line, d));
    return new Score(model, benchmark, performance, date, fields.first(SOURCE));
  }

  private static LocalDate date(String file, int line, String text) {
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw fault(file, line, "date is not YYYY-MM-DD: '" + text + "'");
    }
  }

  private static LoopwatchException fault(String file, int line, String problem) {
    return LoopwatchException.userInput(file + ":" + line + ": " + problem);
  }
}
