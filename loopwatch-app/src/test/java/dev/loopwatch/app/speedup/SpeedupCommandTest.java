package dev.loopwatch.app.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.SpeedupStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopwatch speedup grade|attempt} on a tiny shell-script task. */
class SpeedupCommandTest {
  @TempDir Path temp;

  private static String program(String sleep) {
    return "#!/bin/sh\nsleep "
        + sleep
        + "\nawk -v s=\"$1\" 'BEGIN { printf \"seed %d\\nloss %.8f\\n\", s, s / 7 }' > \"$2\"\n";
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private Path task() throws IOException {
    Path task = temp.resolve("task");
    write(task.resolve("baseline/src/prog.sh"), program("0.2"));
    write(
        task.resolve("task.toml"),
        """
        name = "tiny-sleep"
        baseline = "baseline"
        run = ["sh", "src/prog.sh", "{seed}", "{output}"]
        editable = ["src/**"]
        outputs = [{ file = "{output}", rule = "numeric", abs_tol = 1e-6, rel_tol = 1e-6 }]
        check_seeds = 2
        practice_seeds = [1]
        limits = { wall_seconds = 30 }
        pairs = 2
        """);
    return task;
  }

  private Path candidate(String program) throws IOException {
    Path candidate = temp.resolve("candidate");
    write(candidate.resolve("src/prog.sh"), program);
    return candidate;
  }

  @Test
  void grade_fasterCandidate_exitZeroAndReport() throws IOException {
    Path db = temp.resolve("store.duckdb");
    CliRun run =
        CliRun.run(
            "speedup",
            "grade",
            "--store",
            db.toString(),
            task().toString(),
            candidate(program("0.02")).toString());

    assertThat(run.code()).as(run.err() + run.out()).isZero();
    try (Store store = Store.open(db, List.of(SpeedupStore.PART));
        Statement statement = store.connection().createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT task, accepted, pairs FROM speedup_gradings")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("tiny-sleep");
      assertThat(rows.getBoolean(2)).isTrue();
      assertThat(rows.getInt(3)).isEqualTo(2);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(run.out())
        .contains("(hidden grading seeds, network isolated)")
        .containsPattern("  seed \\d+ +outputs match")
        .contains("speedup   ")
        .contains("over 2 pairs")
        .contains("  pass    plausible_speedup")
        .endsWith("verdict: ACCEPTED\n");
    assertThat(run.err()).contains("loopwatch: warm-up pair");
  }

  @Test
  void grade_wrongOutputsJson_exitOneAndFailedCheck() throws IOException {
    Path candidate = candidate(program("0.02").replace("s / 7", "s / 8"));
    CliRun run = CliRun.run("speedup", "grade", "--json", task().toString(), candidate.toString());

    assertThat(run.code()).isEqualTo(1);
    JsonNode report = Json.mapper().readTree(run.out());
    assertThat(report.get("accepted").asBoolean()).isFalse();
    assertThat(report.get("speedup").isNull()).isTrue();
    assertThat(report.get("checks").get(1).get("name").asText()).isEqualTo("outputs_match_hidden");
    assertThat(report.get("checks").get(1).get("verdict").asText()).isEqualTo("FAIL");
    assertThat(report.get("seeds").get(0).get("seed").asLong()).isPositive();
  }

  @Test
  void grade_missingTask_exitTwoNamingIt() {
    CliRun run = CliRun.run("speedup", "grade", temp.resolve("nope").toString(), temp.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: "
                + temp.resolve("nope")
                + ": not a task folder and not a built-in task (built-in: tiny-lm, once"
                + " installed)\n");
  }

  @Test
  void grade_badTaskKey_exitTwoNamingFileAndKey() throws IOException {
    Path task = task();
    Files.writeString(task.resolve("task.toml"), "pairs = \"x\"\n", StandardOpenOption.APPEND);

    CliRun run = CliRun.run("speedup", "grade", task.toString(), temp.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(task.toAbsolutePath().resolve("task.toml").toString());
  }

  @Test
  void attempt_agentUsesScoreHelper_scoresLoggedAndFinalGraded() throws IOException {
    CliRun run =
        CliRun.run(
            "speedup",
            "attempt",
            task().toString(),
            "--agent",
            "sed -i 's/sleep 0.2/sleep 0.02/' src/prog.sh && ./score --json > /dev/null; echo rc=$?",
            "--budget",
            "2m",
            "--model",
            "test-model",
            "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode attempt = Json.mapper().readTree(run.out());
    assertThat(attempt.get("model").asText()).isEqualTo("test-model");
    assertThat(attempt.get("agentExitCode").asInt()).isZero();
    assertThat(attempt.get("scores")).hasSize(1);
    JsonNode score = attempt.get("scores").get(0);
    assertThat(score.get("practice").asBoolean()).isTrue();
    assertThat(score.get("seeds").get(0).get("seed").asLong()).isEqualTo(1);
    assertThat(score.get("accepted").asBoolean()).isTrue();
    assertThat(Files.readString(Path.of(attempt.get("transcript").asText())))
        .contains("loopwatch: checking outputs on seed 1\n")
        .endsWith("rc=0\n");
    assertThat(attempt.get("grade").get("practice").asBoolean()).isFalse();
    assertThat(attempt.get("grade").get("accepted").asBoolean()).isTrue();
  }

  @Test
  void parseBudget_forms_durations() {
    assertThat(AttemptCommand.parseBudget("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(AttemptCommand.parseBudget("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(AttemptCommand.parseBudget("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> AttemptCommand.parseBudget("2 hours"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("--budget must be a duration like 90s, 30m, 2h or 1h30m, not '2 hours'");
  }
}
