package dev.loopwatch.app.research;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code research run} on the bad inputs: each is one line on stderr, exit 2, and no run
 * folder (the checks run before the folder is created and before the task's data is prepared).
 */
class ResearchBadInputTest {
  private static final String NAIVE =
      Path.of("../bench/agents/naive.sh").toAbsolutePath().normalize().toString();

  @TempDir Path temp;

  private static String builtInTask() throws IOException {
    try (InputStream in =
        ResearchBadInputTest.class
            .getClassLoader()
            .getResourceAsStream("dev/loopwatch/research/tasks/w2s-spam/task.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private CliRun run(String task, String agent) {
    return CliRun.run(
        "research", "run", task, "--agent", agent, "--out", temp.resolve("run").toString());
  }

  private void assertRefused(CliRun run, String message) {
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains(message);
    assertThat(temp.resolve("run")).doesNotExist();
  }

  @Test
  void run_taskWithoutBaselines_exitTwoNoFolder() throws IOException {
    String text = builtInTask();
    Path task =
        Files.writeString(
            temp.resolve("task.toml"), text.substring(0, text.indexOf("[baselines]")));

    assertRefused(run(task.toString(), NAIVE), "'task.baselines' is missing");
  }

  @Test
  void run_gapUnderFivePoints_exitTwoNoFolder() throws IOException {
    Path task =
        Files.writeString(
            temp.resolve("task.toml"),
            builtInTask().replaceAll("(?m)^weak = 0\\.\\d+$", "weak = 0.9300"));

    assertRefused(
        run(task.toString(), NAIVE),
        "'task.baselines' has a ceiling-weak gap of 0.0384 (ceiling 0.9684, weak 0.9300), under"
            + " 0.05");
  }

  @Test
  void run_agentProgramNotOnThePath_exitTwoNoFolder() {
    assertRefused(
        run("w2s-spam", "no-such-agent-binary --flag"),
        "agent command 'no-such-agent-binary' is not on the sandbox's PATH");
  }

  @Test
  void run_agentScriptDoesNotExist_exitTwoNoFolder() {
    assertRefused(
        run("w2s-spam", temp.resolve("missing.sh").toString()),
        "agent command '" + temp.resolve("missing.sh") + "' does not exist");
  }

  @Test
  void run_twoScriptsWithOneName_exitTwoNoFolder() throws IOException {
    Path other = Files.createDirectories(temp.resolve("other"));
    Files.writeString(other.resolve("naive.sh"), "#!/bin/sh\nexit 0\n");

    CliRun run =
        CliRun.run(
            "research",
            "run",
            "w2s-spam",
            "--agent",
            NAIVE,
            "--agent",
            other.resolve("naive.sh").toString(),
            "--out",
            temp.resolve("run").toString());

    assertRefused(run, "have the same file name; rename one");
  }

  @Test
  void run_folderNotEmpty_exitTwoFolderUntouched() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("run"));
    Files.writeString(folder.resolve("notes.txt"), "mine\n");

    CliRun run = run("w2s-spam", NAIVE);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("is not empty; give a new one with --out");
    try (var entries = Files.list(folder)) {
      assertThat(entries).containsExactly(folder.resolve("notes.txt"));
    }
  }
}
