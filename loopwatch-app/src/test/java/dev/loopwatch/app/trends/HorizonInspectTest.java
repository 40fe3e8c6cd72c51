package dev.loopwatch.app.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code loopwatch horizon} on Inspect logs written by the test ({@code .eval} zips laid out
 * as inspect_ai writes them, and a {@code .json} EvalLog) and checks that they fit exactly as the
 * same runs given as a METR CSV.
 */
class HorizonInspectTest {
  @TempDir Path temp;
  private Path csv;
  private Path dates;
  private final List<Path> logs = new ArrayList<>();

  private static final double[] MINUTES = {1, 2, 16, 32};

  /** Successes per task (of two epochs) for each agent, as in TrendCommandsTest. */
  private static final Map<String, String> AGENTS = new LinkedHashMap<>();

  static {
    AGENTS.put("alpha", "2,2,0,0");
    AGENTS.put("beta", "2,2,2,0");
    AGENTS.put("gamma", "0,0,0,0");
    AGENTS.put("delta", "2,2,2,2");
  }

  @BeforeEach
  void files() throws IOException {
    StringBuilder runs =
        new StringBuilder("alias,task_id,task_family,task_source,human_minutes,score_binarized\n");
    for (Map.Entry<String, String> agent : AGENTS.entrySet()) {
      String[] successes = agent.getValue().split(",");
      List<String> samples = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        for (int epoch = 1; epoch <= 2; epoch++) {
          boolean success = epoch <= Integer.parseInt(successes[t]);
          runs.append(agent.getKey())
              .append(",suite/t")
              .append(t)
              .append(",f")
              .append(t)
              .append(",suite,")
              .append(MINUTES[t])
              .append(',')
              .append(success ? 1 : 0)
              .append('\n');
          samples.add(sample("t" + t, epoch, success ? "\"C\"" : "\"I\"", MINUTES[t], "f" + t));
        }
      }
      Path log =
          agent.getKey().equals("alpha")
              ? writeJson(temp.resolve(agent.getKey() + ".json"), agent.getKey(), samples)
              : writeEval(temp.resolve(agent.getKey() + ".eval"), agent.getKey(), samples);
      logs.add(log);
    }
    csv = Files.writeString(temp.resolve("runs.csv"), runs);
    dates =
        Files.writeString(
            temp.resolve("release_dates.yaml"),
            "date:\n  alpha: 2023-01-01\n  beta: 2024-01-01\n  gamma: 2022-06-01\n"
                + "  delta: 2024-06-01\n");
  }

  static String header(String model) {
    return """
    {"version": 2, "status": "success", "eval": {"run_id": "r", "created":
     "2025-01-01T00:00:00+00:00", "task": "suite", "task_id": "s", "task_version": 0,
     "dataset": {"name": "suite", "samples": 4}, "model": "%s", "config": {}},
     "plan": {"name": "plan", "steps": [], "config": {}},
     "results": {"total_samples": 8, "completed_samples": 8, "scores": [{"name": "match",
      "scorer": "match", "params": {}, "metrics": {}}]},
     "stats": {"started_at": "", "completed_at": "", "model_usage": {}}}\
    """
        .formatted(model);
  }

  static String sample(String id, int epoch, String value, double minutes, String family) {
    return """
    {"id": "%s", "epoch": %d, "input": "do it", "target": "", "messages": [],
     "output": {"model": "m", "choices": []}, "scores": {"match": {"value": %s}},
     "metadata": {"human_minutes": %s, "task_family": "%s"}, "store": {}, "events": [],
     "model_usage": {}, "attachments": {}}\
    """
        .formatted(id, epoch, value, minutes, family);
  }

  /** A deflated .eval archive with the entries in inspect_ai's order. */
  static Path writeEval(Path file, String model, List<String> samples) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("_journal/start.json", header(model));
    for (String sample : samples) {
      String id = sample.replaceAll("(?s).*?\"id\": \"([^\"]+)\".*", "$1");
      String epoch = sample.replaceAll("(?s).*?\"epoch\": ([0-9]+).*", "$1");
      entries.put("samples/" + id + "_epoch_" + epoch + ".json", sample);
    }
    entries.put("summaries.json", "[]");
    entries.put("header.json", header(model));
    try (OutputStream stream = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(stream)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  static Path writeJson(Path file, String model, List<String> samples) throws IOException {
    String header = header(model);
    return Files.writeString(
        file,
        header.substring(0, header.lastIndexOf('}'))
            + ", \"samples\": ["
            + String.join(",\n", samples)
            + "]}");
  }

  private List<String> args(List<Path> inputs, String... more) {
    List<String> args = new ArrayList<>(List.of("horizon"));
    inputs.forEach(p -> args.add(p.toString()));
    args.addAll(List.of("--release-dates", dates.toString(), "--bootstrap", "0"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void horizon_inspectLogs_fitAsTheSameRunsInCsv() {
    CliRun fromCsv = CliRun.run(args(List.of(csv)).toArray(String[]::new));
    CliRun fromLogs = CliRun.run(args(logs).toArray(String[]::new));
    assertThat(fromCsv.code()).as(fromCsv.err()).isZero();
    assertThat(fromLogs.code()).as(fromLogs.err()).isZero();
    assertThat(fromLogs.out()).isEqualTo(fromCsv.out());
    assertThat(fromLogs.out().lines())
        .contains(
            "alpha  2023-01-01       8        5.66  -                             2.75  -",
            "beta   2024-01-01       8        23.4  -                             9.97  -");
    assertThat(fromLogs.err()).isEqualTo(fromCsv.err());
  }

  @Test
  void horizon_inspectLogsWithExcludeSource_dropsTheInspectTask() {
    CliRun result =
        CliRun.run(args(logs, "--exclude-source", "suite", "--json").toArray(String[]::new));
    // Every run belongs to the one Inspect task, so nothing is left to fit.
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines()).containsExactly("loopwatch: no runs to fit");
  }

  @Test
  void horizon_sampleWithoutMinutes_exitsTwoNamingFileAndSample() throws IOException {
    Path log =
        writeEval(
            temp.resolve("nominutes.eval"),
            "alpha",
            List.of(sample("t0", 1, "\"C\"", 1, "f0").replace("\"human_minutes\"", "\"hm\"")));
    CliRun result = CliRun.run(args(List.of(log)).toArray(String[]::new));
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: "
                + log
                + ": sample t0 (epoch 1) has no metadata.human_minutes (the task's human time in"
                + " minutes; --minutes-field names another key)");
  }

  @Test
  void horizon_minutesField_readsThatKey() throws IOException {
    List<Path> renamed = new ArrayList<>();
    for (Path log : logs) {
      if (log.toString().endsWith(".json")) {
        Path copy = temp.resolve("renamed-" + log.getFileName());
        Files.writeString(copy, Files.readString(log).replace("human_minutes", "minutes"));
        renamed.add(copy);
      } else {
        renamed.add(log);
      }
    }
    CliRun missing = CliRun.run(args(renamed).toArray(String[]::new));
    assertThat(missing.code()).isEqualTo(2);
    CliRun result =
        CliRun.run(
            args(List.of(renamed.get(0)), "--minutes-field", "minutes").toArray(String[]::new));
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("alpha  2023-01-01       8        5.66");
  }

  @Test
  void horizon_erroredSampleWithoutScore_isSkippedWithAWarning() throws IOException {
    List<String> samples = new ArrayList<>();
    samples.add(sample("t0", 1, "\"C\"", 1, "f0"));
    samples.add(sample("t3", 1, "\"I\"", 32, "f3"));
    samples.add(
        sample("t1", 1, "\"C\"", 2, "f1")
            .replace(
                "\"scores\": {\"match\": {\"value\": \"C\"}}",
                "\"error\": {\"message\": \"sandbox died\", \"traceback\": \"\","
                    + " \"traceback_ansi\": \"\"}"));
    Path log = writeEval(temp.resolve("errored.eval"), "alpha", samples);
    CliRun result = CliRun.run(args(List.of(log)).toArray(String[]::new));
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("warning: " + log + ": skipped 1 sample that ended in an error without a score");
    assertThat(result.out()).contains("alpha  2023-01-01       2");
  }

  @Test
  void horizon_severalScorers_asksForOne() throws IOException {
    Path log =
        writeEval(
            temp.resolve("two.eval"),
            "alpha",
            List.of(
                sample("t0", 1, "\"C\"", 1, "f0")
                    .replace(
                        "{\"match\": {\"value\": \"C\"}}",
                        "{\"match\": {\"value\": \"C\"}, \"judge\": {\"value\": 0.4}}")));
    CliRun result = CliRun.run(args(List.of(log)).toArray(String[]::new));
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .contains(log + " has several scorers (judge, match); choose one with --scorer");
    CliRun judged =
        CliRun.run(
            args(List.of(log), "--scorer", "judge", "--success-threshold", "0.3")
                .toArray(String[]::new));
    assertThat(judged.code()).as(judged.err()).isZero();
    assertThat(judged.err()).contains("every run succeeded for alpha");
  }

  @Test
  void horizon_truncatedEval_exitsTwoNamingTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(logs.get(1));
    Path cut = Files.write(temp.resolve("cut.eval"), java.util.Arrays.copyOf(bytes, 100));
    CliRun result = CliRun.run(args(List.of(cut)).toArray(String[]::new));
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: "
                + cut
                + ": truncated or damaged zip archive: no end of central directory record");
  }
}
