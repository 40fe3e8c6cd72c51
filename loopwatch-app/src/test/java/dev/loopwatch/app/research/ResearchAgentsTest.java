package dev.loopwatch.app.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with the method agents of {@code bench/agents/}: naive transfer, the reference
 * method and a label prober in one run, then the sealed scoring.
 */
class ResearchAgentsTest {
  private static String agent(String script) {
    return Path.of("../bench/agents", script).toAbsolutePath().normalize().toString();
  }

  @TempDir Path temp;

  @Test
  void runThenFinalize_naiveReferenceAndProbeAgents_statusesFlagsAndSealedPgrs() throws Exception {
    Path folder = temp.resolve("mix");
    Path directions =
        Files.writeString(temp.resolve("directions.txt"), "imitate the teacher\ndistrust it\n");

    CliRun run =
        CliRun.run(
            "research",
            "run",
            "w2s-spam",
            "--agents",
            "3",
            "--agent",
            agent("naive.sh"),
            "--agent",
            agent("reference.sh"),
            "--agent",
            agent("probe.sh"),
            "--directions",
            directions.toString(),
            "--agent-max-wall",
            "120s",
            "--out",
            folder.toString());
    CliRun finalized = CliRun.run("research", "finalize", folder.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("a1    finished")
        .contains("a2    finished")
        .contains("a3    finished")
        .contains("forum: 4 posts (1 insight, 3 result)");
    // Two directions for three agents: the reuse is stated, not silent.
    assertThat(run.err())
        .contains("directions: " + directions + " has 2 directions for 3 agents")
        .contains("so 1 agent repeats a direction another agent has");
    JsonNode record = Json.mapper().readTree(Files.readString(folder.resolve("run.json")));
    assertThat(record.path("directions").path("reused").asBoolean()).isTrue();
    assertThat(record.path("agentCommands")).hasSize(3);
    assertThat(record.path("agentStatuses"))
        .extracting(node -> node.path("spent").path("submissions").asLong())
        .containsExactly(1L, 1L, 7L);

    // The prober: every one-prediction flip is flagged against its base submission, and the
    // burst once, each with evidence; the honest agents raise nothing.
    Map<String, List<JsonNode>> flags = new LinkedHashMap<>();
    for (String line : Files.readAllLines(folder.resolve("scoring.jsonl"))) {
      JsonNode entry = Json.mapper().readTree(line);
      if (entry.path("event").asText().equals("flag")) {
        flags.computeIfAbsent(entry.path("agent").asText(), a -> new ArrayList<>()).add(entry);
      }
    }
    assertThat(flags).containsOnlyKeys("a3");
    assertThat(flags.get("a3"))
        .extracting(flag -> flag.path("kind").asText())
        .containsExactly(
            "few_flips",
            "few_flips",
            "few_flips",
            "near_duplicate_burst",
            "few_flips",
            "few_flips",
            "few_flips");
    JsonNode first = flags.get("a3").get(0).path("evidence");
    assertThat(first.path("flipped").asInt()).isEqualTo(1);
    // The closest earlier submission is the prober's base or the naive agent's identical one,
    // whichever came first.
    assertThat(first.path("earlierAgent").asText()).isIn("a1", "a3");
    assertThat(first.path("positions")).hasSize(1);
    assertThat(Files.readString(folder.resolve("agents/a3/workspace/learned.json")))
        .contains("\"part\": \"dev\"");

    // The sealed scores: the reference method well above naive transfer; probing the dev part
    // buys nothing on the sealed part (the prober's result is naive transfer's there).
    assertThat(finalized.code()).as(finalized.err()).isZero();
    Map<String, JsonNode> scores = new LinkedHashMap<>();
    for (JsonNode score : Json.mapper().readTree(finalized.out()).get("scores")) {
      scores.put(score.path("agent").asText(), score);
    }
    assertThat(scores).containsOnlyKeys("a1", "a2", "a3");
    double naive = scores.get("a1").path("meanPgr").asDouble();
    double reference = scores.get("a2").path("meanPgr").asDouble();
    assertThat(reference).isGreaterThan(naive + 0.2);
    // Each run draws its own sealed cut, so the interval over five seeds moves from run to run:
    // its low end was 0.076 in one run and -0.006 in another. Only its place below the mean is
    // fixed; "well above naive" is the margin asserted above.
    assertThat(scores.get("a2").path("pgrCiLow").asDouble()).isLessThan(reference);
    assertThat(scores.get("a3").path("meanAccuracy").asDouble())
        .isEqualTo(scores.get("a1").path("meanAccuracy").asDouble());
  }

  @Test
  void run_burstPastTheMinuteLimit_429WithRetryAfterOverTheSocket() throws Exception {
    Path task = Files.createDirectories(temp.resolve("task"));
    String builtIn;
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("dev/loopwatch/research/tasks/w2s-spam/task.toml")) {
      builtIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.writeString(
        task.resolve("task.toml"),
        builtIn
            .replaceFirst("(?m)^quota = \\d+", "quota = 3")
            .replaceFirst("(?m)^per_minute = \\d+", "per_minute = 2"));
    Path folder = temp.resolve("burst");

    CliRun run =
        CliRun.run(
            "research",
            "run",
            task.toString(),
            "--agents",
            "1",
            "--agent",
            agent("burst.sh") + " 4",
            "--agent-max-wall",
            "60s",
            "--out",
            folder.toString());

    assertThat(run.code()).as(run.err()).isZero();
    Path workspace = folder.resolve("agents/a1/workspace");
    List<String> answers = Files.readAllLines(workspace.resolve("burst.txt"));
    assertThat(answers).hasSize(4);
    assertThat(answers.subList(0, 2)).containsExactly("200 -", "200 -");
    // Two a minute: the third and fourth wait, with the seconds to wait in Retry-After.
    for (String answer : answers.subList(2, 4)) {
      assertThat(answer).matches("429 ([1-9]|[1-5][0-9]|6[01])");
    }
    assertThat(Files.readString(workspace.resolve("burst-last.txt")))
        .startsWith("rate limit: at most 2 dev submissions per minute; retry in ");
  }
}
