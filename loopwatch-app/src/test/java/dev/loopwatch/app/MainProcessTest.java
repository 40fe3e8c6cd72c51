package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code loopwatch} as its own process, as users do: the real exit code, the default store
 * under $HOME.
 */
class MainProcessTest {
  @TempDir Path temp;

  /** A finished process. */
  record Outcome(int code, String stdout, String stderr) {}

  private Outcome loopwatch(Path home, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("LOOPWATCH_DB");
    builder.environment().put("HOME", home.toString());
    builder.redirectOutput(temp.resolve("out.txt").toFile());
    builder.redirectError(temp.resolve("err.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Outcome(
        process.exitValue(),
        Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void scan_withoutDb_usesStoreUnderHome() throws Exception {
    Path repo = temp.resolve("repo");
    Files.createDirectories(repo);
    run(repo, "git", "-c", "init.defaultBranch=main", "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "one\ntwo\n");
    run(repo, "git", "add", "-A");
    run(repo, "git", "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qm", "a");
    Path home = temp.resolve("home");
    Files.createDirectories(home);

    Outcome outcome = loopwatch(home, "scan", repo.toString());

    assertThat(outcome.code()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).contains("added lines counted      2");
    assertThat(home.resolve(".loopwatch/loopwatch.duckdb")).exists();
  }

  @Test
  void scan_missingRepository_exitsTwoWithOneLineOnStderr() throws Exception {
    Outcome outcome = loopwatch(temp, "scan", temp.resolve("nowhere").toString());
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.stderr().lines().toList())
        .containsExactly("loopwatch: " + temp.resolve("nowhere") + ": no such file or folder");
    assertThat(outcome.stdout()).isEmpty();
  }

  private static void run(Path dir, String... command) throws Exception {
    assertThat(new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor())
        .isZero();
  }
}
