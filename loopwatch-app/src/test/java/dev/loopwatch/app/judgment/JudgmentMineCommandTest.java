package dev.loopwatch.app.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemsFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch judgment mine} on real-format transcript fixtures. */
class JudgmentMineCommandTest {

  private static final Path CLAUDE = resource("claude/projects");
  private static final Path CODEX = resource("codex/sessions");
  private static final Path GEMINI = resource("gemini/tmp");
  private static final Path COPILOT = resource("copilot/session-state");

  @TempDir Path temp;

  private static Path resource(String relative) {
    try {
      return Path.of(
          JudgmentMineCommandTest.class
              .getResource("/dev/loopwatch/app/sessions/" + relative)
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void mine_fourAgents_writesItemsThatReadBackAndPrintsTheRedactionCount() {
    Path out = temp.resolve("items.jsonl");

    CliRun run =
        CliRun.run(
            "judgment",
            "mine",
            CLAUDE.toString(),
            CODEX.toString(),
            GEMINI.toString(),
            COPILOT.toString(),
            "--out",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    List<Item> items = ItemsFile.read(out);
    assertThat(items).isNotEmpty();
    assertThat(items).extracting(Item::sourceAgent).contains("claude-code", "codex");
    assertThat(run.out()).startsWith("Wrote " + items.size() + " items from ");
    assertThat(run.out()).containsPattern("(?m)^Redacted \\d+ secrets?");
    assertThat(run.out()).contains("By trigger: ");
    assertThat(temp.resolve("items.jsonl.partial")).doesNotExist();
  }

  @Test
  void mine_json_printsTheSummary() throws IOException {
    Path out = temp.resolve("items.jsonl");

    CliRun run =
        CliRun.run("judgment", "mine", CLAUDE.toString(), "--out", out.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode summary = Json.mapper().readTree(run.out());
    assertThat(summary.get("items").intValue()).isEqualTo(ItemsFile.read(out).size());
    assertThat(summary.get("out").textValue()).isEqualTo(out.toString());
    assertThat(summary.get("redactions").intValue()).isNotNegative();
    assertThat(summary.get("itemsByAgent").get("claude-code").intValue()).isPositive();
    assertThat(Files.readAllLines(out)).allMatch(line -> line.startsWith("{\"version\":1,"));
  }

  @Test
  void mine_smallContextBudget_recordsTheTrim() {
    Path out = temp.resolve("items.jsonl");

    CliRun run =
        CliRun.run(
            "judgment",
            "mine",
            CLAUDE.toString(),
            CODEX.toString(),
            "--max-context-tokens",
            "20",
            "--out",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    List<Item> items = ItemsFile.read(out);
    assertThat(items).allMatch(item -> item.context().tokens() <= 20);
    assertThat(items).anyMatch(item -> item.context().droppedSteps() > 0);
  }

  @Test
  void mine_folderWithoutTranscripts_exitsTwoWithOneLine() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));

    CliRun run =
        CliRun.run(
            "judgment", "mine", empty.toString(), "--out", temp.resolve("i.jsonl").toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).isEqualTo("loopwatch: no transcripts found in " + empty + "\n");
    assertThat(temp.resolve("i.jsonl")).doesNotExist();
  }

  @Test
  void mine_windowWithoutSessions_exitsTwoWithNoItems() {
    Path out = temp.resolve("i.jsonl");

    CliRun run =
        CliRun.run(
            "judgment",
            "mine",
            CLAUDE.toString(),
            "--since",
            "2099-01-01",
            "--out",
            out.toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .startsWith("loopwatch: no items: none of the ")
        .endsWith(" is a main session that started in the --since/--until window\n")
        .hasLineCount(1);
    assertThat(out).doesNotExist();
    assertThat(temp.resolve("i.jsonl.partial")).doesNotExist();
  }

  @Test
  void mine_missingFolder_exitsTwo() {
    CliRun run =
        CliRun.run(
            "judgment",
            "mine",
            temp.resolve("nope").toString(),
            "--out",
            temp.resolve("i.jsonl").toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("loopwatch: no such file or directory: ");
  }

  @Test
  void mine_withoutOut_isAUsageError() {
    CliRun run = CliRun.run("judgment", "mine", CLAUDE.toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("--out");
  }

  @Test
  void mine_badDate_exitsTwoNamingTheOption() {
    CliRun run =
        CliRun.run(
            "judgment",
            "mine",
            CLAUDE.toString(),
            "--until",
            "March",
            "--out",
            temp.resolve("i.jsonl").toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).isEqualTo("loopwatch: --until is not a date (YYYY-MM-DD): March\n");
  }

  @Test
  void help_listsExitCodesAndExamples() {
    CliRun run = CliRun.run("judgment", "mine", "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Exit codes:", "Examples:", "--max-context-tokens");
    assertThat(run.out().lines()).allMatch(line -> line.length() < 100);
  }

  @Test
  void mine_secretInATranscript_isRedactedInTheItemsAndCounted() throws IOException {
    Path projects = temp.resolve("projects/-home-dev-api");
    Files.createDirectories(projects);
    String name = "3c4d5e6f-0a1b-4c2d-8e3f-a0b1c2d3e4f5.jsonl";
    String transcript =
        Files.readString(CLAUDE.resolve("-home-dev-api").resolve(name))
            .replace(
                "No, I meant the loader for the YAML config too",
                "No, I meant the loader for the YAML config too, key AKIAIOSFODNN7EXAMPLE");
    Files.writeString(projects.resolve(name), transcript);
    Path out = temp.resolve("items.jsonl");

    CliRun run =
        CliRun.run(
            "judgment", "mine", temp.resolve("projects").toString(), "--out", out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(transcript).contains("AKIAIOSFODNN7EXAMPLE");
    assertThat(Files.readString(out))
        .doesNotContain("AKIAIOSFODNN7EXAMPLE")
        .contains("[REDACTED:aws_access_key]");
    // The prompt is both the trigger's evidence and the human's next step.
    assertThat(run.out()).contains("Redacted 2 secrets: aws_access_key 2");
  }

  @Test
  void mine_sessionsWithoutInterventions_exitsTwoWithNoItems() throws IOException {
    Path projects = temp.resolve("projects/-home-dev-api");
    Files.createDirectories(projects);
    String name = "4d5e6f70-1b2c-4d3e-9f40-b1c2d3e4f5a6.jsonl";
    Files.copy(CLAUDE.resolve("-home-dev-api").resolve(name), projects.resolve(name));
    Path out = temp.resolve("i.jsonl");

    CliRun run =
        CliRun.run(
            "judgment", "mine", temp.resolve("projects").toString(), "--out", out.toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: no items: none of the 1 sessions in "
                + temp.resolve("projects")
                + " has a steer, correction or interrupt followed by a new instruction\n");
    assertThat(out).doesNotExist();
  }
}
