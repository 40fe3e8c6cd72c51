package dev.loopwatch.trends.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readAll_timeHorizon11Jsonl_readsEveryField() throws IOException {
    Path file =
        write(
            "runs.jsonl",
            """
            {"task_id":"crypto\\/t1","task_family":"crypto","run_id":"r1","alias":"GPT-4","model":"gpt-4","score_cont":0.5,"score_binarized":1,"human_minutes":8.0,"task_source":"HCAST","equal_task_weight":0.25,"invsqrt_task_weight":0.125,"started_at":1.7e12}

            {"task_id":"swaa_1","task_family":"swaa","alias":"GPT-4","score_cont":null,"score_binarized":0,"human_minutes":0.05,"task_source":"SWAA"}
            """);
    List<Run> runs = RunReader.readAll(file);
    assertThat(runs)
        .containsExactly(
            new Run(
                "GPT-4",
                "crypto/t1",
                "crypto",
                Optional.of("HCAST"),
                8.0,
                1,
                OptionalDouble.of(0.5),
                OptionalDouble.of(0.25),
                OptionalDouble.of(0.125)),
            new Run(
                "GPT-4",
                "swaa_1",
                "swaa",
                Optional.of("SWAA"),
                0.05,
                0,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty()));
  }

  @Test
  void readAll_early2025Schema_usesScore() throws IOException {
    Path file =
        write(
            "all_runs.jsonl",
            "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"Claude 3 Opus\",\"score\":1,"
                + "\"human_minutes\":3,\"total_tokens\":10}\n");
    assertThat(RunReader.readAll(file)).containsExactly(Run.of("Claude 3 Opus", "t", "f", 3, 1));
  }

  @Test
  void readAll_csvWithQuotedFields_readsRfc4180() throws IOException {
    Path file =
        write(
            "runs.csv",
            "task_id,task_family,alias,score_binarized,human_minutes,note\r\n"
                + "\"t,1\",f,\"Model \"\"X\"\"\",1,2.5,\"two\nlines\"\r\n"
                + "t2,f,b,0,4,\r\n");
    assertThat(RunReader.readAll(file))
        .containsExactly(Run.of("Model \"X\"", "t,1", "f", 2.5, 1), Run.of("b", "t2", "f", 4, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"task_family\":\"f\",\"alias\":\"a\",\"score\":1,\"human_minutes\":3}|missing field"
            + " task_id",
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":1,\"human_minutes\":\"x\"}"
            + "|human_minutes is not a number: x",
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":1,\"human_minutes\":0}"
            + "|human_minutes must be a positive number",
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":1,\"human_minutes\":-2}"
            + "|human_minutes must be a positive number",
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":1.5,"
            + "\"human_minutes\":2}|score must be in [0, 1]",
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"human_minutes\":2}"
            + "|missing field score",
        "{\"task_id\":\"t\",|not valid JSON"
      })
  void readAll_badSecondLine_namesFileLineAndField(String line, String problem) throws IOException {
    String good =
        "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":1,\"human_minutes\":3}";
    Path file = write("bad.jsonl", good + "\n" + line + "\n");
    assertThatThrownBy(() -> RunReader.readAll(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + ":2: " + problem)
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.USER_INPUT);
  }

  @Test
  void readAll_csvMissingColumn_namesHeaderLine() throws IOException {
    Path file = write("runs.csv", "task_id,task_family,alias,human_minutes\nt,f,a,3\n");
    assertThatThrownBy(() -> RunReader.readAll(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ":1: no score_binarized or score column in the header");
  }

  @Test
  void readAll_nullScoreBinarizedWithScore_failsInsteadOfFallingBack() throws IOException {
    Path file =
        write(
            "mixed.jsonl",
            "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score_binarized\":1,"
                + "\"score\":1,\"human_minutes\":3}\n"
                + "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score_binarized\":null,"
                + "\"score\":0,\"human_minutes\":3}\n");
    assertThatThrownBy(() -> RunReader.readAll(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            file
                + ":2: missing field score_binarized (the file's score column; a run may not fall"
                + " back to score)")
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.USER_INPUT);
  }

  @Test
  void readAll_csvEmptyScoreBinarizedWithScore_failsInsteadOfFallingBack() throws IOException {
    Path file =
        write(
            "mixed.csv",
            "task_id,task_family,alias,human_minutes,score_binarized,score\n"
                + "t,f,a,3,1,1\nt,f,a,3,,0\n");
    assertThatThrownBy(() -> RunReader.readAll(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + ":3: missing field score_binarized");
  }

  @Test
  void readAll_scoreOnlyAfterScoreBinarizedRows_failsAsMixed() throws IOException {
    Path file =
        write(
            "mixed.jsonl",
            "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score_binarized\":1,"
                + "\"human_minutes\":3}\n"
                + "{\"task_id\":\"t\",\"task_family\":\"f\",\"alias\":\"a\",\"score\":0,"
                + "\"human_minutes\":3}\n");
    assertThatThrownBy(() -> RunReader.readAll(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + ":2: missing field score_binarized");
  }

  @Test
  void read_releaseDatesYaml_readsNestedMetrForm() throws IOException {
    Path file =
        write(
            "release_dates.yaml",
            "# METR release dates\ndate:\n  gpt_4: 2023-03-14\n  'o3_inspect': \"2025-04-16\"\n");
    Map<String, LocalDate> dates = ReleaseDates.read(file);
    assertThat(dates)
        .containsExactly(
            Map.entry("gpt_4", LocalDate.of(2023, 3, 14)),
            Map.entry("o3_inspect", LocalDate.of(2025, 4, 16)));
  }

  @Test
  void read_releaseDatesCsv_skipsHeader() throws IOException {
    Path file = write("dates.csv", "alias,date\ngpt_4,2023-03-14\n\"a, b\",2024-01-02\n");
    assertThat(ReleaseDates.read(file))
        .containsExactly(
            Map.entry("gpt_4", LocalDate.of(2023, 3, 14)),
            Map.entry("a, b", LocalDate.of(2024, 1, 2)));
  }

  @Test
  void read_releaseDateNotADate_namesLine() throws IOException {
    Path file = write("dates.yaml", "gpt_4: 2023-03-14\no3: soon\n");
    assertThatThrownBy(() -> ReleaseDates.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ":2: date of o3 is not YYYY-MM-DD: soon");
  }
}
