package dev.loopwatch.app.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text summary of {@code scan} (headline with and without the outlier cut, the per-period
 * table) and the {@code [report]} keys that shape it, on a real three-change repository.
 */
class TextSummaryTest {
  @TempDir Path temp;
  private Path repo;
  private Path db;

  @BeforeEach
  void repository() throws Exception {
    repo = temp.resolve("repo");
    Files.createDirectories(repo);
    git(Map.of(), "-c", "init.defaultBranch=main", "init", "-q");
    commit("Alice", "2024-03-01T10:00:00Z", "src/a.py", 10, "add a");
    commit(
        "Alice",
        "2025-03-01T10:00:00Z",
        "src/b.py",
        30,
        "add b\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>");
    commit("Bob", "2025-03-02T10:00:00Z", "src/c.py", 20, "add c");
    db = temp.resolve("store.duckdb");
  }

  private void commit(String name, String date, String path, int lines, String message)
      throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(path).append(' ').append(i).append('\n');
    }
    Files.writeString(file, text);
    git(Map.of(), "add", "-A");
    String email = name.toLowerCase(java.util.Locale.ROOT) + "@example.com";
    git(
        Map.of(
            "GIT_AUTHOR_NAME", name,
            "GIT_AUTHOR_EMAIL", email,
            "GIT_COMMITTER_NAME", name,
            "GIT_COMMITTER_EMAIL", email,
            "GIT_AUTHOR_DATE", date,
            "GIT_COMMITTER_DATE", date),
        "commit",
        "-q",
        "-m",
        message);
  }

  private void git(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).inheritIO();
    builder.environment().putAll(env);
    assertThat(builder.start().waitFor()).isZero();
  }

  @Test
  void scan_defaults_headlineAndPerPeriodTable() {
    CliRun run = CliRun.run("scan", repo.toString(), "--db", db.toString());

    assertThat(run.code()).as(run.err()).isZero();
    // 3 changes: fewer than 200, so no cut. Throughput days are cut to the scanned range
    // (2024-03-01..2025-03-02): 10 lines / 31 days; 50 lines / (2 engineers * 61 days).
    assertThat(run.out())
        .contains("AI share (lower bound)   50.0% all changes (the outlier cut dropped nothing)")
        .contains(
            "period     changes  engineers  lines/eng/day  AI share  coverage (changes, lines)")
        .contains("2024-Q1          1          1            0.3      0.0%      0.0%, 0.0%")
        .contains("2025-Q1          2          2            0.4     60.0%     50.0%, 60.0%")
        .contains("note: repo has 3 counted changes, fewer than 200: no percentile outlier cut.");
  }

  @Test
  void scan_cutApplies_headlineShowsBothSharesAndWhatWasDropped() {
    CliRun run =
        CliRun.run(
            "scan",
            repo.toString(),
            "--db",
            db.toString(),
            "--outlier-percentile",
            "50",
            "--outlier-min-changes",
            "2",
            "--by-repository");

    assertThat(run.code()).as(run.err()).isZero();
    // The median of 10, 20 and 30 lines is 20: the 30-line AI change is cut.
    assertThat(run.out())
        .contains(
            "AI share (lower bound)   50.0% all changes, 0.0% trimmed; the cut dropped 1 change"
                + " = 50.0% of lines")
        .contains(
            "  repo                   3 changes, cut-off 20 lines: dropped 1 changes, 30 lines"
                + " (30 AI)")
        .contains("repository repo          50.0% all changes, 0.0% trimmed; 3 changes");
  }

  @Test
  void scan_badCoverageRule_isUsageError() {
    CliRun run =
        CliRun.run(
            "scan",
            repo.toString(),
            "--db",
            db.toString(),
            "--coverage-window",
            "3",
            "--coverage-min-evidence",
            "5");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("min-evidence");
  }

  @Test
  void report_configKeys_setTheCutAndTheCoverageRule() throws Exception {
    assertThat(CliRun.run("scan", repo.toString(), "--db", db.toString()).code()).isZero();
    Path config = temp.resolve("loopwatch.toml");
    Files.writeString(
        config,
        "[report]\noutlier-percentile = 50\noutlier-min-changes = 2\n"
            + "coverage-window = 2\ncoverage-min-evidence = 1\ncoverage-quiet-changes = 1\n"
            + "baseline-all-repositories = true\n");

    CliRun run =
        CliRun.run(
            "report",
            "--db",
            db.toString(),
            "--config",
            config.toString(),
            "--format",
            "json",
            "--out",
            "-");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/headline/aiShare").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/headline/aiShareTrimmed").asDouble()).isEqualTo(0.0);
    assertThat(json.at("/headline/droppedLines").asLong()).isEqualTo(30);
    assertThat(json.at("/throughput/outliers/minChanges").asInt()).isEqualTo(2);
    // With a window of 2 and one quiet change, the trailer on the middle change starts and stops
    // on the same day (ties sort by direction, STOPS first).
    assertThat(json.at("/coverageBreaks").size()).isEqualTo(2);
    assertThat(json.at("/coverageBreaks/0/direction").asText()).isEqualTo("STOPS");
    assertThat(json.at("/coverageBreaks/1/direction").asText()).isEqualTo("STARTS");
    assertThat(json.at("/coverageBreaks/1/date").asText()).isEqualTo("2025-03-01");
  }
}
