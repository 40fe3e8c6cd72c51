package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan REPO --sessions PATH} credits the lines a Claude Code session wrote to the commit
 * that added them, in a real repository, and reports both match rates.
 */
class ScanSessionMatchTest {
  @TempDir Path temp;

  @Test
  void scan_repoWithSessions_creditsMatchedLinesAsMedium() throws Exception {
    Path repo = repoWithSession();

    CliRun run =
        CliRun.run(
            "scan",
            repo.toString(),
            "--sessions",
            temp.resolve("projects").toString(),
            "--db",
            temp.resolve("store.duckdb").toString(),
            "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode out = Json.mapper().readTree(run.out());
    JsonNode stats = out.get("sessionMatches").get(0).get("stats");
    assertThat(stats.toString())
        .isEqualTo(
            "{\"sessions\":1,\"writtenLines\":2,\"committedWrittenLines\":2,"
                + "\"windowAddedLines\":3,\"matchedAddedLines\":2}");
    JsonNode totals = out.get("report").get("totals");
    assertThat(totals.get("addedLines").asInt()).isEqualTo(4);
    assertThat(totals.get("aiMedium").asInt()).isEqualTo(2);
  }

  @Test
  void provenance_repoWithSessions_creditsTheSameLinesAsScan() throws Exception {
    Path repo = repoWithSession();
    String sessions = temp.resolve("projects").toString();

    CliRun scan =
        CliRun.run(
            "scan",
            repo.toString(),
            "--sessions",
            sessions,
            "--db",
            temp.resolve("store.duckdb").toString(),
            "--json");
    CliRun provenance = CliRun.run("provenance", repo.toString(), "--sessions", sessions, "--json");
    CliRun text = CliRun.run("provenance", repo.toString(), "--sessions", sessions);

    assertThat(scan.code()).as(scan.err()).isZero();
    assertThat(provenance.code()).as(provenance.err()).isZero();
    JsonNode scanned = Json.mapper().readTree(scan.out()).get("report").get("totals");
    JsonNode mined = Json.mapper().readTree(provenance.out()).get("totals");
    assertThat(mined.get("aiMedium").asInt()).isEqualTo(2);
    assertThat(mined.get("addedLines").asInt()).isEqualTo(4);
    assertThat(mined).isEqualTo(scanned);
    assertThat(text.err())
        .contains(
            "1 sessions wrote here; 2 of 2 written lines reached a mined commit (100.0%);"
                + " 2 of 3 lines added in session windows matched (66.7%)");
  }

  /** A repository whose one commit adds 4 lines, 2 of them written by a Claude Code session. */
  private Path repoWithSession() throws Exception {
    Path repo = Files.createDirectories(temp.resolve("shop")).toRealPath();
    git(repo, "-c", "init.defaultBranch=main", "init", "-q");
    Files.createDirectories(repo.resolve("src"));
    Files.writeString(
        repo.resolve("src/price.js"),
        "// typed by hand\nfunction formatPrice(cents) {\n  return (cents / 100).toFixed(2);\n}\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "price formatter");

    Path transcripts = Files.createDirectories(temp.resolve("projects/-shop"));
    String write =
        "{\"type\":\"assistant\",\"uuid\":\"u2\",\"parentUuid\":\"u1\",\"sessionId\":\"s-9\","
            + "\"cwd\":\""
            + repo
            + "\",\"timestamp\":\"2026-03-20T09:00:10Z\",\"message\":{\"id\":\"m1\","
            + "\"model\":\"claude-sonnet-4-5-20250929\",\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Write\",\"input\":{\"file_path\":\""
            + repo.resolve("src/price.js")
            + "\",\"content\":\"function formatPrice(cents) {\\n  return (cents / 100)"
            + ".toFixed(2);\\n}\\n\"}}]}}";
    String result =
        "{\"type\":\"user\",\"uuid\":\"u3\",\"parentUuid\":\"u2\",\"sessionId\":\"s-9\","
            + "\"cwd\":\""
            + repo
            + "\",\"timestamp\":\"2026-03-20T09:00:11Z\",\"message\":{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"ok\"}]}}";
    String prompt =
        "{\"type\":\"user\",\"uuid\":\"u1\",\"parentUuid\":null,\"sessionId\":\"s-9\",\"cwd\":\""
            + repo
            + "\",\"timestamp\":\"2026-03-20T09:00:00Z\",\"message\":{\"role\":\"user\","
            + "\"content\":\"add a price formatter\"}}";
    Files.writeString(
        transcripts.resolve("s-9.jsonl"),
        prompt + "\n" + write + "\n" + result + "\n",
        StandardCharsets.UTF_8);
    return repo;
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_AUTHOR_NAME", "Dev");
    builder.environment().put("GIT_AUTHOR_EMAIL", "dev@example.com");
    builder.environment().put("GIT_COMMITTER_NAME", "Dev");
    builder.environment().put("GIT_COMMITTER_EMAIL", "dev@example.com");
    builder.environment().put("GIT_AUTHOR_DATE", "2026-03-20T09:30:00Z");
    builder.environment().put("GIT_COMMITTER_DATE", "2026-03-20T09:30:00Z");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
    }
  }
}
