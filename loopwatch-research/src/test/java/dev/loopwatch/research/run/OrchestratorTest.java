package dev.loopwatch.research.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.speedup.Limits;
import dev.loopwatch.evals.speedup.Sandbox;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.forum.PostKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Research runs of scripted agents ({@code bench/agents/*.sh}) in the real bubblewrap sandbox with
 * real cgroups, a real forum on a Unix-domain socket, a real git code store: each test checks one
 * guarantee by what the agents left in their workspaces and what run.json records.
 */
class OrchestratorTest {
  private static final Path AGENTS = Path.of("../bench/agents").toAbsolutePath().normalize();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path temp;

  @BeforeAll
  static void sandboxWorks() {
    assertThat(Sandbox.unavailableReason()).as("bubblewrap must work here").isEmpty();
  }

  private static Budget wall(double seconds) {
    return new Budget(
        OptionalDouble.of(seconds),
        OptionalDouble.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalDouble.empty());
  }

  private RunSpec spec(String command, int agents, Budget agentBudget, int restarts) {
    return new RunSpec(
        "test-task",
        List.of(command),
        agents,
        Directions.read(Optional.empty(), agents),
        temp.resolve("run"),
        agentBudget,
        wall(50),
        restarts,
        false,
        new Limits(3600, 512, 2));
  }

  private JsonNode run(RunSpec spec) {
    return run(spec, Optional.empty());
  }

  private JsonNode run(RunSpec spec, Optional<ScoringEndpoint> scoring) {
    List<String> lines = new ArrayList<>();
    return new Orchestrator(spec, scoring, Prices.defaults(), lines::add).run();
  }

  private static String agent(String script) {
    return AGENTS.resolve(script).toString();
  }

  private String workspaceFile(String agent, String name) throws IOException {
    return Files.readString(
        temp.resolve("run/agents").resolve(agent).resolve("workspace").resolve(name),
        StandardCharsets.UTF_8);
  }

  private String stderr(String agent, int attempt) {
    try {
      return Files.readString(
          temp.resolve("run/agents").resolve(agent).resolve("attempts/" + attempt + "/stderr.txt"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static JsonNode status(JsonNode record, int index) {
    return record.path("agentStatuses").get(index);
  }

  @Test
  void run_goodAgent_resultAcceptedThreeSeedResultRefusedAndRunJsonFinished() throws Exception {
    JsonNode record = run(spec(agent("good.sh"), 1, wall(40), 0));

    assertThat(status(record, 0).path("status").asText())
        .as(() -> stderr("a1", 1))
        .isEqualTo("finished");
    assertThat(workspaceFile("a1", "statuses.txt")).isEqualTo("201 400 201\n");
    assertThat(workspaceFile("a1", "refused.json"))
        .contains("at least 5 distinct seeds in 'seeds'; this one reports 3");
    List<Post> posts = Forum.read(Orchestrator.forumLog(temp.resolve("run")));
    assertThat(posts).extracting(Post::kind).containsExactly(PostKind.RESULT, PostKind.INSIGHT);
    assertThat(posts.getFirst().snapshot()).isPresent();
    assertThat(posts.getFirst().seeds()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(workspaceFile("a1", "branches.txt")).contains("origin/agents/a1/main");
    JsonNode onDisk = MAPPER.readTree(Orchestrator.runJson(temp.resolve("run")).toFile());
    assertThat(onDisk.path("state").asText()).isEqualTo("ended");
    assertThat(status(onDisk, 0).path("posts").asLong()).isEqualTo(2);
    assertThat(Files.readString(temp.resolve("run/agents/a1/attempts/1/stdout.txt"))).isEmpty();
  }

  @Test
  void run_agentPushesToAnotherAgentsBranch_refusedWith403OwnBranchAccepted() throws Exception {
    run(spec(agent("steal.sh"), 1, wall(40), 0));

    assertThat(workspaceFile("a1", "statuses.txt")).isEqualTo("403 200\n");
    assertThat(workspaceFile("a1", "push-other.json"))
        .contains("agent a1 may push only agents/a1 or agents/a1/*, not agents/a9/stolen");
    assertThat(gitBranches()).containsExactly("agents/a1/try1");
  }

  @Test
  void run_agentReadsOutsideItsWorkspace_hostFilesAndRunFilesUnreadable() throws Exception {
    Path secret = temp.resolve("secret.txt");
    Files.writeString(secret, "label-42\n");

    JsonNode record =
        run(
            spec(
                agent("peek.sh") + " " + secret + " " + temp.resolve("run/forum.jsonl"),
                1,
                wall(40),
                0));

    assertThat(status(record, 0).path("status").asText()).isEqualTo("finished");
    String peek = workspaceFile("a1", "peek.txt");
    assertThat(peek).contains("== " + secret).doesNotContain("label-42");
    assertThat(peek).contains("No such file or directory");
    assertThat(peek).doesNotContain("\"kind\"");
  }

  @Test
  void run_agentBurnsCpu_stoppedByBudgetFromTheCgroupCounter() {
    Budget cpu =
        new Budget(
            OptionalDouble.of(40),
            OptionalDouble.of(1.0),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalDouble.empty());

    JsonNode record = run(spec(agent("spin.sh"), 1, cpu, 2));

    JsonNode a1 = status(record, 0);
    assertThat(a1.path("status").asText()).isEqualTo("stopped_by_budget");
    assertThat(a1.path("stopReason").asText()).startsWith("CPU ");
    assertThat(a1.path("spent").path("cpuSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(a1.path("attempts")).hasSize(1);
  }

  @Test
  void run_agentHangs_wallBudgetKillsItAndNoProcessOfItIsLeft() throws Exception {
    JsonNode record = run(spec(agent("hang.sh") + " 987651", 1, wall(2), 2));

    JsonNode a1 = status(record, 0);
    assertThat(a1.path("status").asText()).isEqualTo("stopped_by_budget");
    assertThat(a1.path("stopReason").asText()).startsWith("wall ");
    assertThat(a1.path("attempts").get(0).path("killed").asBoolean()).isTrue();
    assertThat(hostProcessesWith("987651")).isEmpty();
  }

  @Test
  void run_agentCrashes_restartedUpToTheLimitThenCrashed() throws Exception {
    JsonNode record = run(spec(agent("crash.sh"), 1, wall(40), 2));

    JsonNode a1 = status(record, 0);
    assertThat(a1.path("status").asText()).isEqualTo("crashed");
    assertThat(a1.path("attempts")).hasSize(3);
    assertThat(a1.path("attempts").get(2).path("exitCode").asInt()).isEqualTo(3);
    assertThat(workspaceFile("a1", "attempts.txt")).isEqualTo("attempt\nattempt\nattempt\n");
    assertThat(Files.readString(temp.resolve("run/agents/a1/attempts/2/stderr.txt")))
        .isEqualTo("crashing on attempt 2\n");
  }

  @Test
  void run_transcriptRecordsSpending_stoppedByTheCostBudget() {
    Budget cost =
        new Budget(
            OptionalDouble.of(40),
            OptionalDouble.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalDouble.of(1.0));

    JsonNode record = run(spec(agent("spend.sh"), 1, cost, 0));

    JsonNode a1 = status(record, 0);
    assertThat(a1.path("status").asText()).isEqualTo("stopped_by_budget");
    assertThat(a1.path("stopReason").asText()).startsWith("cost $");
    assertThat(a1.path("spent").path("tokens").asLong()).isEqualTo(1_001_000L);
  }

  @Test
  void run_scoringCountsSubmissions_stoppedBySubmissionsBudget() throws Exception {
    Budget submissions =
        new Budget(
            OptionalDouble.of(40),
            OptionalDouble.empty(),
            OptionalLong.of(3),
            OptionalLong.empty(),
            OptionalDouble.empty());

    JsonNode record =
        run(spec(agent("submit.sh"), 1, submissions, 0), Optional.of(new CountingScorer()));

    JsonNode a1 = status(record, 0);
    assertThat(a1.path("status").asText()).isEqualTo("stopped_by_budget");
    // The supervisor looks every 500 ms, so the agent may get a few more in before it is stopped:
    // the scoring server itself must refuse submissions past a quota; this stop is the backstop.
    assertThat(a1.path("stopReason").asText()).matches("submissions \\d+ > 3");
    assertThat(a1.path("spent").path("submissions").asLong()).isGreaterThan(3);
    assertThat(workspaceFile("a1", "submissions.txt")).startsWith("{\"agent\":\"a1\",\"n\":1}");
  }

  @Test
  void run_threeAgentsTwoDirections_endToEndReuseStatedAndAllResultsKept() throws Exception {
    Path directions = temp.resolve("directions.txt");
    Files.writeString(directions, "# directions\ntry self-training\n\ntry a confidence loss\n");
    RunSpec base = spec(agent("good.sh"), 3, wall(40), 0);
    RunSpec spec =
        new RunSpec(
            base.task(),
            base.agentCommands(),
            3,
            Directions.read(Optional.of(directions), 3),
            base.folder(),
            base.agentBudget(),
            base.runBudget(),
            0,
            false,
            base.limits());
    List<String> lines = new ArrayList<>();

    JsonNode record = new Orchestrator(spec, Optional.empty(), Prices.defaults(), lines::add).run();

    assertThat(record.path("agentStatuses"))
        .extracting(node -> node.path("status").asText())
        .containsExactly("finished", "finished", "finished");
    assertThat(record.path("directions").path("reused").asBoolean()).isTrue();
    assertThat(record.path("directions").path("note").asText())
        .contains("has 2 directions for 3 agents");
    assertThat(lines).anyMatch(line -> line.startsWith("directions: ") && line.contains("2 dir"));
    assertThat(workspaceFile("a1", "direction.txt")).isEqualTo("try self-training\n");
    assertThat(workspaceFile("a2", "direction.txt")).isEqualTo("try a confidence loss\n");
    assertThat(workspaceFile("a3", "direction.txt")).isEqualTo("try self-training\n");
    List<Post> results =
        Forum.read(Orchestrator.forumLog(temp.resolve("run"))).stream()
            .filter(post -> post.kind() == PostKind.RESULT)
            .toList();
    assertThat(results).extracting(Post::agent).containsExactlyInAnyOrder("a1", "a2", "a3");
    assertThat(gitBranches()).containsExactly("agents/a1/main", "agents/a2/main", "agents/a3/main");
  }

  @Test
  void run_commandDoesNotExist_usageErrorBeforeTheRunFolderIsCreated() {
    assertThatThrownBy(() -> run(spec("no-such-agent-binary --go", 1, wall(5), 0)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("agent command 'no-such-agent-binary' is not on the sandbox's PATH");

    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void run_folderNotEmpty_usageError() throws Exception {
    Files.createDirectories(temp.resolve("run"));
    Files.writeString(temp.resolve("run/keep.txt"), "mine");

    assertThatThrownBy(() -> run(spec(agent("good.sh"), 1, wall(5), 0)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("is not empty");
    assertThat(Files.readString(temp.resolve("run/keep.txt"))).isEqualTo("mine");
  }

  private List<String> gitBranches() throws Exception {
    Process process =
        new ProcessBuilder(
                "git",
                "--git-dir=" + temp.resolve("run/store.git"),
                "for-each-ref",
                "--format=%(refname:short)",
                "refs/heads/")
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output.lines().toList();
  }

  private static List<String> hostProcessesWith(String tag) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String command =
              new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          if (command.contains(tag) && !command.contains("surefire")) {
            found.add(entry.getFileName() + " " + command);
          }
        } catch (IOException e) {
          // The process ended while we looked.
        }
      }
    }
    return found;
  }
}
