package dev.loopwatch.app.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch judgment check} on items files. */
class JudgmentCheckCommandTest {

  private static final String CURATED =
      "{\"id\":\"lab-1\",\"session_id\":\"run-4\",\"source_agent\":\"lab\","
          + "\"context\":{\"steps\":[{\"role\":\"user\",\"text\":\"loss plateaus at 2.1\"}]},"
          + "\"human_next_step\":\"halve the learning rate\","
          + "\"outcome\":{\"summary\":\"loss reached 1.7\"},"
          + "\"labels\":[{\"candidate\":\"model-x\",\"preferred\":\"human\"}]}";

  @TempDir Path temp;

  private Path file(String... lines) throws IOException {
    Path file = temp.resolve("items.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void check_validCuratedFile_summarisesItAndExitsZero() throws IOException {
    Path file =
        file(
            CURATED,
            CURATED
                .replace("lab-1", "lab-2")
                .replace(",\"labels\":[{\"candidate\":\"model-x\",\"preferred\":\"human\"}]", ""));

    CliRun run = CliRun.run("judgment", "check", file.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            file + ": 2 items from 1 sessions; context about 18 tokens in all, 9 at most",
            "By agent: lab 2",
            "By trigger: none 2",
            "Labelled: 1 items, 1 labels",
            "Secrets: none found");
  }

  @Test
  void check_secretLeftInAFile_exitsOneNamingTheKind() throws IOException {
    Path file =
        file(
            CURATED.replace(
                "halve the learning rate",
                "export OPENAI_API_KEY=sk-proj-4fGh7Jk2Lm9Np3Qr6St8Uv1Wx5Yz0Ab4Cd7Ef2Gh9Ij"));

    CliRun run = CliRun.run("judgment", "check", file.toString(), "--json");

    assertThat(run.code()).isEqualTo(Main.VIOLATIONS);
    JsonNode summary = Json.mapper().readTree(run.out());
    assertThat(summary.get("secrets").intValue()).isEqualTo(1);
    assertThat(summary.get("secretsByKind").get("openai_key").intValue()).isEqualTo(1);
  }

  @Test
  void check_badLine_exitsTwoNamingFileLineAndField() throws IOException {
    Path file = file(CURATED, CURATED.replace("\"role\":\"user\"", "\"role\":\"bot\""));

    CliRun run = CliRun.run("judgment", "check", file.toString());

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .startsWith("loopwatch: " + file + ":2: field context.steps[0].role: must be user,")
        .hasLineCount(1);
  }

  @Test
  void check_minedItems_findsNoSecretsLeft() throws Exception {
    Path projects = temp.resolve("projects/-home-dev-api");
    Files.createDirectories(projects);
    Files.writeString(
        projects.resolve("3c4d5e6f-0a1b-4c2d-8e3f-a0b1c2d3e4f5.jsonl"),
        Files.readString(
                Path.of(
                    JudgmentCheckCommandTest.class
                        .getResource(
                            "/dev/loopwatch/app/sessions/claude/projects/-home-dev-api/"
                                + "3c4d5e6f-0a1b-4c2d-8e3f-a0b1c2d3e4f5.jsonl")
                        .toURI()))
            .replace(
                "the YAML config too",
                "the YAML config too, token ghp_R4nd0mL00k1ngT0k3nV4lu3xYz0123456789"));
    Path items = temp.resolve("items.jsonl");
    assertThat(
            CliRun.run(
                    "judgment",
                    "mine",
                    temp.resolve("projects").toString(),
                    "--out",
                    items.toString())
                .code())
        .isZero();

    CliRun run = CliRun.run("judgment", "check", items.toString());

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("Secrets: none found");
  }
}
